"""Abroad pages: any signed-in account sees the packages with its premium and the working,
files a request with its documents, reads it (passport number isolated); strangers get 404;
bad input changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from insured.models.abroad import AbroadRequest
from tamin.core.jalali import format_code, today_jalali
from tests.branches.factories import BranchFactory, CityFactory
from tests.branches.factories_cases import pdf_upload
from tests.insured.factories_abroad import applicant, jalali, packages_for_year

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _packages_and_branch():
    packages_for_year()
    BranchFactory(code="1001", city=CityFactory(name="تهران"))


def _form(**kwargs):
    return {
        "package_code": "double",
        "country": "کانادا",
        "passport_number": "P87654321",
        "sex": "male",
        "father_name": "",
        "branch_code": "1001",
    } | kwargs


def test_the_packages_page_shows_each_premium_for_someone_not_insured(client):
    client.force_login(applicant())
    page = client.get(reverse("insured:abroad")).content.decode()
    assert "۱۸٬۷۰۳٬۷۴۲ ریال" in page
    assert "۳۷٬۴۰۷٬۴۸۵ ریال" in page
    assert reverse("insured:abroad_quote", args=["basic"]) in page
    assert "table-stack" in page


def test_the_quote_page_shows_the_working(client):
    client.force_login(applicant())
    page = client.get(reverse("insured:abroad_quote", args=["double"])).content.decode()
    assert "۲۰۷٬۸۱۹٬۳۶۰ ریال" in page
    assert "۱۸٪" in page
    assert "۳۷٬۴۰۷٬۴۸۵ ریال" in page
    assert client.get(reverse("insured:abroad_quote", args=["gold"])).status_code == 404


def test_too_old_today_sees_why_and_cannot_file(client):
    today = today_jalali()
    user = applicant(birth_date=jalali(today.year - 51, 1, 1))
    client.force_login(user)
    page = client.get(reverse("insured:abroad_request_new")).content.decode()
    assert "۱۸ تا ۵۰ سال" in page
    response = client.post(reverse("insured:abroad_request_new"), _form())
    assert response.status_code == 400
    assert not AbroadRequest.objects.exists()


def test_filing_with_documents_then_reading_the_request(client):
    user = applicant()
    client.force_login(user)
    response = client.post(
        reverse("insured:abroad_request_new"),
        _form(passport=[pdf_upload("p.pdf")], residence_proof=[pdf_upload("r.pdf")]),
    )
    request = AbroadRequest.objects.get(applicant=user)
    assert response.status_code == 302
    assert response["Location"] == reverse("insured:abroad_detail", args=[request.pk])
    assert request.case.status == "forwarded"
    page = client.get(response["Location"]).content.decode()
    assert '<bdi dir="ltr" class="code">P87654321</bdi>' in page
    assert "۳۷٬۴۰۷٬۴۸۵ ریال" in page
    assert "کانادا" in page


def test_a_bad_passport_number_is_refused_on_its_field_and_nothing_is_made(client):
    user = applicant()
    client.force_login(user)
    response = client.post(reverse("insured:abroad_request_new"), _form(passport_number="12"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "شماره گذرنامه باید" in text
    # the example in the Persian message and help stays Latin, in its own LTR element
    assert '<bdi dir="ltr" class="code">K12345678</bdi>' in text
    assert not AbroadRequest.objects.exists()


def test_a_strangers_request_is_404(client):
    owner = applicant()
    client.force_login(owner)
    client.post(reverse("insured:abroad_request_new"), _form())
    request = AbroadRequest.objects.get(applicant=owner)
    client.force_login(applicant())
    assert client.get(reverse("insured:abroad_detail", args=[request.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("insured:abroad_detail", args=[request.pk]))
    assert response.status_code == 302  # to sign-in


def test_the_packages_page_reads_in_a_few_queries(client, django_assert_max_num_queries):
    user = applicant()
    client.force_login(user)
    client.post(reverse("insured:abroad_request_new"), _form())
    with django_assert_max_num_queries(5):
        page = client.get(reverse("insured:abroad"))
    assert page.status_code == 200


def test_an_empty_post_answers_the_missing_fields(client):
    client.force_login(applicant())
    response = client.post(reverse("insured:abroad_request_new"), {})
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert not AbroadRequest.objects.exists()


def test_no_latin_digit_outside_codes_on_the_abroad_pages(client):
    from tests.persian_text import LATIN_DIGITS, text_outside_codes

    user = applicant()
    client.force_login(user)
    client.post(reverse("insured:abroad_request_new"), _form())
    request = AbroadRequest.objects.get(applicant=user)
    request.case.branch.name = "شعبه یک تهران"
    request.case.branch.save(update_fields=["name"])
    for url in (
        reverse("insured:abroad"),
        reverse("insured:abroad_quote", args=["basic"]),
        reverse("insured:abroad_detail", args=[request.pk]),
    ):
        text = text_outside_codes(client.get(url).content.decode())
        assert not LATIN_DIGITS.search(text), (url, LATIN_DIGITS.findall(text))


def test_the_branch_reads_the_request_in_persian_and_accepting_it_registers_the_person(client):
    from branches.models import Branch
    from insured.models import InsuredPerson
    from notifications.models import Notification
    from tests.branches.factories_cases import staff_member

    # given a request filed with both documents through the page
    user = applicant()
    client.force_login(user)
    client.post(
        reverse("insured:abroad_request_new"),
        _form(passport=[pdf_upload("p.pdf")], residence_proof=[pdf_upload("r.pdf")]),
    )
    case = AbroadRequest.objects.get(applicant=user).case
    # when a reviewer of the branch opens it
    client.force_login(staff_member(branch=Branch.objects.get(code="1001")))
    page = client.get(reverse("branches:case_detail_staff", args=[case.pk])).content.decode()
    # then the payload reads under Persian labels, the passport number isolated, the premium in rial
    assert "شماره گذرنامه" in page
    assert '<bdi dir="ltr" class="code">P87654321</bdi>' in page
    assert "۳۷٬۴۰۷٬۴۸۵ ریال" in page
    assert "monthly_premium" not in page
    # and accepting it registers the applicant and texts them the number
    client.post(reverse("branches:case_start_review", args=[case.pk]))
    client.post(
        reverse("branches:case_decide", args=[case.pk]),
        {"status": "accepted", "reason": "گذرنامه و اقامت بررسی شد."},
    )
    person = InsuredPerson.objects.get(national_code=user.national_code)
    assert Notification.objects.filter(
        user=user, channel="sms", template_key="insured_abroad_accepted"
    ).exists()
    client.force_login(user)
    request = AbroadRequest.objects.get(case=case)
    detail = client.get(reverse("insured:abroad_detail", args=[request.pk])).content.decode()
    assert format_code(person.insurance_number) in detail
