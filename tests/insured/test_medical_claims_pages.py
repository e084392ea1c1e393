"""Medical-claim pages through the browser's eyes: choosing an agency, filing with documents,
my claims (a stranger's 404), and the agency staff's decision page (another agency's or a
branch's staff: 404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import Case, CaseStatus, StaffRole
from insured.models.medical_claims import MedicalClaim
from notifications.models import Notification
from tamin.core.jalali import format_jalali_date, persian_digits
from tests.accounts.factories import UserFactory
from tests.branches.factories import AgencyFactory, CityFactory
from tests.branches.factories_cases import pdf_upload, png_upload, staff_member
from tests.insured.factories_medical_claims import (
    agency_staff,
    file_claim,
    insured_user,
    medical_agency,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"


def _claim_form(agency, **changes) -> dict:
    expense = timezone.localdate() - dt.timedelta(days=3)
    return {
        "agency": agency.code,
        "service_kind": "paraclinic",
        "expense_date": format_jalali_date(expense),  # Persian digits, as a person types
        "amount_claimed": "۸٬۵۰۰٬۰۰۰",
        "description": "آزمایش تیروئید",
        "invoice": pdf_upload("factor.pdf"),
        "prescription": png_upload("noskhe.png"),
    } | changes


# --- choosing the agency --------------------------------------------------------------------


def test_the_agency_list_shows_only_agencies_accepting_medical_documents_filtered_by_city(client):
    user, _person = insured_user()
    city = CityFactory(name="کاشان")
    here = medical_agency(name="کارگزاری پذیرنده کاشان", city=city, province=city.province)
    elsewhere = medical_agency(name="کارگزاری پذیرنده دیگر")
    AgencyFactory(name="کارگزاری بی‌اسناد", city=city, province=city.province)
    client.force_login(user)

    everything = client.get(reverse("insured:medical_claim_agencies")).content.decode()
    in_city = client.get(
        reverse("insured:medical_claim_agencies"),
        {"province": city.province.slug, "city": str(city.pk)},
    ).content.decode()
    by_name = client.get(reverse("insured:medical_claim_agencies"), {"q": "دیگر"}).content.decode()

    assert here.name in everything
    assert elsewhere.name in everything
    assert "کارگزاری بی‌اسناد" not in everything
    assert here.name in in_city
    assert elsewhere.name not in in_city
    assert elsewhere.name in by_name
    assert here.name not in by_name
    assert f"{reverse('insured:medical_claim_new')}?agency={here.code}" in everything


def test_the_agency_list_costs_a_few_queries_whatever_the_number(
    client, django_assert_max_num_queries
):
    user, _person = insured_user()
    for _ in range(15):
        medical_agency()
    client.force_login(user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("insured:medical_claim_agencies"))
    assert response.content.decode().count("انتخاب این کارگزاری") == 15


def test_the_form_of_an_agency_not_accepting_documents_sends_back_to_the_list(client):
    user, _person = insured_user()
    other = AgencyFactory(accepts_medical_documents=False)
    client.force_login(user)

    response = client.get(reverse("insured:medical_claim_new"), {"agency": other.code})

    assert response.status_code == 302
    assert response.url == reverse("insured:medical_claim_agencies")
    page = client.get(response.url).content.decode()
    assert "اسناد پزشکی نمی‌پذیرد" in page


# --- filing ---------------------------------------------------------------------------------


def test_filing_with_both_documents_forwards_the_claim_to_the_agency(client):
    user, _person = insured_user()
    agency = medical_agency()
    client.force_login(user)
    form = client.get(reverse("insured:medical_claim_new"), {"agency": agency.code})
    assert form.status_code == 200
    assert agency.name in form.content.decode()

    response = client.post(reverse("insured:medical_claim_new"), _claim_form(agency))

    claim = MedicalClaim.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("insured:medical_claim_detail", args=[claim.pk])
    assert claim.amount_claimed == 8_500_000
    assert claim.expense_date == timezone.localdate() - dt.timedelta(days=3)
    assert claim.case.status == CaseStatus.FORWARDED
    assert claim.case.agency_id == agency.pk
    detail = client.get(response.url).content.decode()
    assert "۸٬۵۰۰٬۰۰۰ ریال" in detail
    assert agency.name in detail
    assert "factor.pdf" in detail


def test_filing_without_documents_is_saved_held_and_says_what_is_missing(client):
    user, _person = insured_user()
    agency = medical_agency()
    client.force_login(user)

    response = client.post(
        reverse("insured:medical_claim_new"),
        _claim_form(agency, invoice="", prescription=""),
    )

    claim = MedicalClaim.objects.get()
    assert claim.case.status == CaseStatus.SUBMITTED
    detail = client.get(response.url).content.decode()
    assert "تا بارگذاری مدارک لازم" in detail
    assert "صورتحساب یا فاکتور پرداخت" in detail
    assert reverse("branches:my_case_detail", args=[claim.case_id]) in detail
    # and the case page offers to send it to the agency, not to a branch
    case_page = client.get(reverse("branches:my_case_detail", args=[claim.case_id]))
    assert "ارسال درخواست به کارگزاری" in case_page.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount_claimed": "۰"}, "مبلغ باید بیش از صفر ریال باشد."),
        ({"amount_claimed": "12a"}, "مبلغ را فقط با رقم و به ریال بنویسید."),
        ({"amount_claimed": "۱۰۰۰۰۰۰۰۰۰۰۰۱"}, "این مبلغ بیش از اندازه است"),
        ({"expense_date": "۱۴۵۰/۰۱/۰۱"}, "این تاریخ نمی‌تواند در آینده باشد."),
        ({"expense_date": "۱۴۰۳/۱۳/۰۱"}, "این تاریخ در تقویم شمسی وجود ندارد."),
        ({"expense_date": "۱۳۸۰/۰۱/۰۱"}, "سال باید میان ۱۳۹۰ و ۱۵۰۰ باشد."),
        ({"service_kind": "massage"}, "نوع خدمت درمانی را از فهرست برگزینید."),
    ],
)
def test_bad_input_answers_400_and_creates_nothing(client, changes, message):
    user, _person = insured_user()
    agency = medical_agency()
    client.force_login(user)

    response = client.post(reverse("insured:medical_claim_new"), _claim_form(agency, **changes))

    assert response.status_code == 400
    body = response.content.decode()
    assert "is-invalid" in body
    assert message in body
    assert not Case.objects.exists()
    assert not MedicalClaim.objects.exists()


def test_a_tampered_agency_not_accepting_documents_is_refused_in_persian(client):
    user, _person = insured_user()
    other = AgencyFactory(accepts_medical_documents=False, name="کارگزاری ثبت نام")
    client.force_login(user)

    response = client.post(reverse("insured:medical_claim_new"), _claim_form(other))

    assert response.status_code == 400
    assert "«کارگزاری ثبت نام» اسناد پزشکی نمی‌پذیرد" in response.content.decode()
    assert not Case.objects.exists()
    assert not MedicalClaim.objects.exists()


def test_the_form_is_post_only_for_writes_and_needs_sign_in(client):
    agency = medical_agency()
    response = client.post(reverse("insured:medical_claim_new"), _claim_form(agency))
    assert response.status_code == 302
    assert "/accounts/" in response.url
    assert not Case.objects.exists()
    user, _person = insured_user()
    client.force_login(user)
    assert client.put(reverse("insured:medical_claim_new")).status_code == 405


def test_an_account_without_an_insured_record_gets_the_kind_page(client):
    client.force_login(UserFactory())
    for name in ("insured:medical_claims", "insured:medical_claim_agencies"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "پرونده بیمه‌ای پیدا نشد" in response.content.decode()


# --- my claims ------------------------------------------------------------------------------


def test_my_claims_list_only_mine_in_few_queries(client, django_assert_max_num_queries):
    user, person = insured_user()
    agency = medical_agency()
    for day in range(1, 8):
        file_claim(
            user=user,
            person=person,
            agency=agency,
            expense_date=timezone.localdate() - dt.timedelta(days=day),
        )
    stranger, stranger_person = insured_user()
    file_claim(user=stranger, person=stranger_person, agency=agency, amount=777_000)
    client.force_login(user)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("insured:medical_claims"))

    body = response.content.decode()
    assert body.count("insured/medical-claims/") >= 7
    assert "۷۷۷٬۰۰۰" not in body
    assert body.count("ارسال‌شده به کارگزاری") == 7
    assert "table-stack" in body
    assert 'data-label="مبلغ درخواستی"' in body


def test_a_strangers_claim_is_404(client):
    user, person = insured_user()
    claim = file_claim(user=user, person=person, agency=medical_agency())
    stranger, _other = insured_user()
    client.force_login(stranger)

    assert client.get(reverse("insured:medical_claim_detail", args=[claim.pk])).status_code == 404
    assert client.get(reverse("insured:medical_claim_detail", args=[10**9])).status_code == 404


# --- the agency's staff ---------------------------------------------------------------------


def test_agency_staff_accept_on_the_decision_page_and_the_person_reads_the_working(client):
    user, person = insured_user()
    agency = medical_agency()
    reviewer = agency_staff(agency=agency)
    claim = file_claim(user=user, person=person, agency=agency, amount=15_000_000)
    client.force_login(reviewer)
    # The staff case page links to the claim's decision page once under review
    client.post(reverse("branches:case_start_review", args=[claim.case_id]))
    case_page = client.get(reverse("branches:case_detail_staff", args=[claim.case_id]))
    decide_url = reverse("insured:medical_claim_decide", args=[claim.case_id])
    assert decide_url in case_page.content.decode()
    assert reverse("branches:case_decide", args=[claim.case_id]) not in case_page.content.decode()
    page = client.get(decide_url)
    assert page.status_code == 200
    # the person's national code is an isolated left-to-right code, in Persian digits
    assert f'<bdi dir="ltr" class="code">{persian_digits(person.national_code)}</bdi>' in (
        page.content.decode()
    )

    response = client.post(
        decide_url,
        {"decision": "accept", "amount_approved": "۱۲,۰۰۰,۰۰۰", "note": "طبق تعرفه"},
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.amount_approved == 12_000_000
    assert Notification.objects.filter(
        user=user, template_key="case_decided", channel="sms", body__contains="۱۲٬۰۰۰٬۰۰۰"
    ).exists()
    client.force_login(user)
    detail = client.get(reverse("insured:medical_claim_detail", args=[claim.pk]))
    body = detail.content.decode()
    assert "پذیرفته شد" in body
    assert "کسر شده: ۱۵٬۰۰۰٬۰۰۰ ریال − ۱۲٬۰۰۰٬۰۰۰ ریال = ۳٬۰۰۰٬۰۰۰ ریال" in body


def test_the_decision_page_refuses_an_amount_above_the_claim_and_changes_nothing(client):
    user, person = insured_user()
    agency = medical_agency()
    reviewer = agency_staff(agency=agency)
    claim = file_claim(user=user, person=person, agency=agency, amount=1_000_000)
    client.force_login(reviewer)

    response = client.post(
        reverse("insured:medical_claim_decide", args=[claim.case_id]),
        {"decision": "accept", "amount_approved": "2000000"},
    )

    assert response.status_code == 400
    assert "حداکثر ۱٬۰۰۰٬۰۰۰ ریال" in response.content.decode()
    claim.refresh_from_db()
    assert claim.amount_approved is None
    assert claim.case.status == CaseStatus.FORWARDED


def test_accept_without_an_amount_is_a_form_error(client):
    user, person = insured_user()
    agency = medical_agency()
    reviewer = agency_staff(agency=agency)
    claim = file_claim(user=user, person=person, agency=agency)
    client.force_login(reviewer)

    response = client.post(
        reverse("insured:medical_claim_decide", args=[claim.case_id]), {"decision": "accept"}
    )

    assert response.status_code == 400
    assert "مبلغ تأییدشده را بنویسید" in response.content.decode()


def test_the_decision_page_is_404_for_another_agency_a_branch_and_the_applicant(client):
    user, person = insured_user()
    agency = medical_agency()
    claim = file_claim(user=user, person=person, agency=agency)
    url = reverse("insured:medical_claim_decide", args=[claim.case_id])
    for stranger in (
        agency_staff(agency=medical_agency()),
        staff_member(branch=agency.branch, role=StaffRole.HEAD),
        user,
    ):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"decision": "accept", "amount_approved": "1000"}).status_code == 404
        )
    claim.refresh_from_db()
    assert claim.amount_approved is None


def test_my_requests_and_the_api_say_a_claim_went_to_the_agency(client):
    # a claim forwarded to an agency
    user, _person = insured_user()
    agency = medical_agency()
    client.force_login(user)
    client.post(reverse("insured:medical_claim_new"), _claim_form(agency))
    assert MedicalClaim.objects.get().case.status == CaseStatus.FORWARDED
    # «my requests» (page and API) says where it went, never «sent to the branch»
    page = client.get(reverse("insured:my_requests")).content.decode()
    assert "ارسال‌شده به کارگزاری" in page
    assert "ارسال‌شده به شعبه" not in page
    api = client.get("/api/v1/insured/benefits/requests/").json()
    assert [row["status_label"] for row in api] == ["ارسال‌شده به کارگزاری"]
