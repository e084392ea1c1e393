"""Benefit pages as a person uses them: check, see the amount and its working, request with
documents (or without: held), a refusal with its reasons and no form, «درخواست‌های من»."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from branches.models import Case, CaseDocument, CaseStatus
from insured.models.benefits import BenefitRequest
from insured.services.objections import objection_missing_record_file
from tamin.core.jalali import format_jalali_date
from tests.accounts.factories import UserFactory
from tests.branches.factories_cases import pdf_upload, upload
from tests.insured.factories_benefits import LAST_MONTHS, full_years, person_with_account

pytestmark = pytest.mark.django_db

MARRIAGE_WAGES = full_years(1401, 1402, 3_000_000) | {(1403, 1): 3_000_000}
MARRIAGE_CHECK = {"marriage_date": "۱۴۰۳/۰۱/۱۵", "first_marriage": "on"}
REQUEST_FORM = 'enctype="multipart/form-data"'


def test_the_marriage_inquiry_shows_the_amount_its_working_and_the_request_form(client):
    user, _person, _branch = person_with_account(wages=MARRIAGE_WAGES)
    client.force_login(user)
    # the inquiry page before a check: its title and the facts form, no result
    empty = client.get(reverse("insured:benefit_marriage")).content.decode()
    assert "استعلام کمک‌هزینه ازدواج" in empty
    assert 'data-testid="assessment"' not in empty
    # when the person checks with the marriage date
    response = client.get(reverse("insured:benefit_marriage"), MARRIAGE_CHECK)
    body = response.content.decode()
    # then the amount, in digits and words, with the numbered working and the request form
    assert response.status_code == 200
    assert "۹۱٬۲۵۰٬۰۰۰ ریال" in body
    assert "نود و یک میلیون" in body
    assert 'class="list-fa" data-testid="steps"' in body
    assert "۷۳۰ روز" in body
    assert REQUEST_FORM in body
    assert "تصویر سند ازدواج" in body
    assert _latin_digits_outside_codes(body) == []
    # the facts go back with the request, exactly as typed
    assert 'type="hidden" name="marriage_date" value="۱۴۰۳/۰۱/۱۵"' in body
    assert 'type="hidden" name="first_marriage" value="on"' in body


def test_a_person_not_eligible_sees_the_reasons_and_no_request_form(client):
    user, _person, _branch = person_with_account(wages=full_years(1402, 1402, 3_000_000))
    client.force_login(user)
    body = client.get(reverse("insured:benefit_marriage"), MARRIAGE_CHECK).content.decode()
    assert "شرایط دریافت این کمک‌هزینه را ندارید" in body
    assert "۳۶۵ روز" in body
    assert REQUEST_FORM not in body


def test_a_bad_date_answers_in_persian_and_shows_no_result(client):
    user, _person, _branch = person_with_account(wages=MARRIAGE_WAGES)
    client.force_login(user)
    response = client.get(reverse("insured:benefit_marriage"), {"marriage_date": "1403/13/40"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "این تاریخ در تقویم شمسی وجود ندارد" in body
    assert 'data-testid="assessment"' not in body


def test_requesting_with_all_documents_forwards_it(client):
    user, _person, branch = person_with_account(wages=MARRIAGE_WAGES)
    client.force_login(user)
    response = client.post(
        reverse("insured:benefit_marriage"),
        {
            **MARRIAGE_CHECK,
            "bank_account": str(user.insured_person.bank_accounts.get().pk),
            "doc_marriage_certificate": pdf_upload("sanad.pdf"),
            "doc_spouse_id": pdf_upload("kart.pdf"),
        },
    )
    row = BenefitRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("insured:benefit_request", args=[row.pk])
    case = Case.objects.get(pk=row.case_id)
    assert case.status == CaseStatus.FORWARDED
    assert case.branch == branch
    assert case.documents.count() == 2
    # and its page shows the promised answer date, the amount and the working
    body = client.get(response.url).content.decode()
    assert "۹۱٬۲۵۰٬۰۰۰ ریال" in body
    assert "ارسال‌شده به شعبه" in body
    assert "بارگذاری مدارک" not in body


def test_requesting_without_documents_is_held_and_says_what_is_missing(client):
    user, _person, _branch = person_with_account(wages=LAST_MONTHS)
    client.force_login(user)
    response = client.post(
        reverse("insured:benefit_sickness"),
        {"start_date": "1403/01/10", "days_off": "۱۰", "bank_account": ""},
    )
    # an empty account choice is refused first: nothing filed
    assert response.status_code == 400
    assert not Case.objects.exists()
    account = str(user.insured_person.bank_accounts.get().pk)
    response = client.post(
        reverse("insured:benefit_sickness"),
        {"start_date": "1403/01/10", "days_off": "۱۰", "bank_account": account},
    )
    assert response.status_code == 302
    body = client.get(response.url).content.decode()
    assert "تا بارگذاری مدارک زیر به شعبه ارسال نمی‌شود" in body
    assert "گواهی استراحت پزشک معالج" in body
    assert Case.objects.get().status == CaseStatus.SUBMITTED


def test_a_bad_file_is_refused_and_nothing_is_stored(client):
    user, _person, _branch = person_with_account(wages=LAST_MONTHS)
    client.force_login(user)
    response = client.post(
        reverse("insured:benefit_sickness"),
        {
            "start_date": "1403/01/10",
            "days_off": "10",
            "bank_account": str(user.insured_person.bank_accounts.get().pk),
            "doc_medical_certificate": upload("nameh.pdf", b"%PDF- nothing"),
        },
    )
    assert response.status_code == 400
    assert "گواهی استراحت پزشک معالج" in response.content.decode()
    assert not Case.objects.exists()
    assert not CaseDocument.objects.exists()
    assert not BenefitRequest.objects.exists()


def test_a_request_that_is_no_longer_eligible_shows_the_reasons(client):
    # given a forged post with 2 days off (the check would have refused it)
    user, _person, _branch = person_with_account(wages=LAST_MONTHS)
    client.force_login(user)
    response = client.post(
        reverse("insured:benefit_sickness"),
        {
            "start_date": "1403/01/10",
            "days_off": "2",
            "bank_account": str(user.insured_person.bank_accounts.get().pk),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "از روز ۴ استراحت" in body
    assert REQUEST_FORM not in body
    assert not Case.objects.exists()


def test_without_a_bank_account_the_page_sends_the_person_to_register_one(client):
    user, person, _branch = person_with_account(wages=LAST_MONTHS)
    person.bank_accounts.all().delete()
    client.force_login(user)
    body = client.get(
        reverse("insured:benefit_sickness"), {"start_date": "1403/01/10", "days_off": "10"}
    ).content.decode()
    assert "۱۰٬۷۸۵٬۱۹۴ ریال" in body
    assert REQUEST_FORM not in body
    assert reverse("insured:bank_accounts") in body


@pytest.mark.parametrize(
    "name",
    [
        "insured:benefits",
        "insured:benefit_marriage",
        "insured:benefit_sickness",
        "insured:benefit_maternity",
        "insured:benefit_orthotics",
        "insured:benefit_funeral",
        "insured:benefit_unemployment",
        "insured:my_requests",
    ],
)
def test_pages_open_for_the_person_and_kindly_for_an_account_without_a_record(client, name):
    user, _person, _branch = person_with_account()
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 200
    client.force_login(UserFactory())
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "پرونده بیمه‌ای پیدا نشد" in response.content.decode()
    client.logout()
    assert client.get(reverse(name)).status_code == 302


def _latin_digits_outside_codes(html: str) -> list[str]:
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    text = re.sub(r'<bdi dir="ltr" class="code">.*?</bdi>', "", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.findall(r"[0-9]", text)


def test_my_requests_lists_every_insured_request_newest_first_with_the_answer_date(client):
    user, person, _branch = person_with_account(wages=LAST_MONTHS | MARRIAGE_WAGES)
    client.force_login(user)
    # given an objection (a draft), then a held sickness request, then a forwarded one
    objection_missing_record_file(
        user=user,
        person=person,
        workshop_code="2000000002",
        workshop_name="کارگاه دیگر",
        from_year=1400,
        from_month=1,
        to_year=1400,
        to_month=2,
        daily_wage=0,
    )
    account = str(person.bank_accounts.get().pk)
    client.post(
        reverse("insured:benefit_sickness"),
        {"start_date": "1403/01/10", "days_off": "10", "bank_account": account},
    )
    client.post(
        reverse("insured:benefit_marriage"),
        {
            **MARRIAGE_CHECK,
            "bank_account": account,
            "doc_marriage_certificate": pdf_upload(),
            "doc_spouse_id": pdf_upload(),
        },
    )
    marriage = Case.objects.get(kind="insured_benefit_marriage")
    # when the person opens «درخواست‌های من»
    body = client.get(reverse("insured:my_requests")).content.decode()
    # then all three, newest first, with status, the held badge and the answer date
    order = [body.index(label) for label in ("کمک‌هزینه ازدواج", "غرامت دستمزد", "سابقه ناموجود")]
    assert order == sorted(order)
    assert "در انتظار مدارک" in body
    assert "ارسال‌شده به شعبه" in body
    assert "پیش‌نویس" in body
    assert format_jalali_date(marriage.due_date) in body
    assert "۹۱٬۲۵۰٬۰۰۰ ریال" in body
    assert _latin_digits_outside_codes(body) == []
    # and a stranger sees none of them
    client.force_login(person_with_account()[0])
    assert "کمک‌هزینه ازدواج" not in client.get(reverse("insured:my_requests")).content.decode()


def test_my_requests_reads_in_the_same_queries_for_3_or_30_requests(
    client, django_assert_max_num_queries
):
    user, person, _branch = person_with_account(wages=LAST_MONTHS)
    client.force_login(user)

    def file(first: int, count: int) -> None:
        for day in range(first, first + count):
            client.post(
                reverse("insured:benefit_sickness"),
                {
                    "start_date": f"1403/02/{day + 1:02d}",
                    "days_off": "10",
                    "bank_account": str(person.bank_accounts.get().pk),
                },
            )

    file(0, 3)
    assert BenefitRequest.objects.count() == 3
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("insured:my_requests"))
    queries = len(few)
    file(3, 27)
    assert BenefitRequest.objects.count() == 30
    with django_assert_max_num_queries(queries):
        page = client.get(reverse("insured:my_requests"))
    assert page.content.decode().count("در انتظار مدارک") == 30


CHECKS = {
    "sickness": ({"start_date": "1403/01/10", "days_off": "10"}, "۱۰٬۷۸۵٬۱۹۴ ریال"),
    "maternity": ({"leave_start": "1403/01/05", "leave_days": "90"}, "۱۳۸٬۶۶۶٬۷۸۰ ریال"),
    "orthotics": (
        {"device": "ویلچر", "invoice_date": "1403/01/20", "invoice_amount": "۲۵۰٬۰۰۰٬۰۰۰"},
        "۲۰۰٬۰۰۰٬۰۰۰ ریال",
    ),
    "unemployment": (
        {"unemployed_on": "1403/01/15", "involuntary": "on", "dependents": "2"},
        None,  # four months: refused, see test_benefits_eligibility for the amount
    ),
}


@pytest.mark.parametrize("kind", sorted(CHECKS))
def test_each_check_page_answers_in_persian(client, kind):
    user, _person, _branch = person_with_account(wages=LAST_MONTHS, sex="female")
    client.force_login(user)
    facts, amount = CHECKS[kind]
    response = client.get(reverse(f"insured:benefit_{kind}"), facts)
    body = response.content.decode()
    assert response.status_code == 200
    if amount:
        assert amount in body
        assert REQUEST_FORM in body
    else:
        assert "۶ ماه لازم است" in body
        assert REQUEST_FORM not in body
    assert _latin_digits_outside_codes(body) == []


def test_the_funeral_page_does_not_name_the_deceased(client):
    # a national code typed by anyone must not tell them whose it is (staff see the name)
    user, _person, _branch = person_with_account()
    _u, deceased, _b = person_with_account(wages=LAST_MONTHS, first_name="رضا")
    client.force_login(user)
    body = client.get(
        reverse("insured:benefit_funeral"),
        {
            "deceased_national_code": deceased.national_code,
            "death_date": "1403/02/05",
            "relation": "child",
        },
    ).content.decode()
    assert "رضا رضایی" not in body
    assert "۷۱٬۶۶۱٬۸۴۰ ریال" in body
    assert "گواهی فوت" in body
    assert _latin_digits_outside_codes(body) == []
