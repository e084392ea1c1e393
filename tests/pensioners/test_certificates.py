"""Certificates: the salary certificate and the certificate of overdue-installment deduction.

Issued at once to a named institution, their figures fixed in the content (checked by
hand below), the PDF rendered by the worker (eager in tests, after commit) and verified
by anyone at /verify/<code>; another person's certificate is a 404 everywhere; a bad
addressee, nothing overdue and the daily limit are refused with nothing created.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pensioners.models import Pension, PensionCertificate, PensionLoan
from pensioners.selectors.certificates import (
    certificate_get_for_user,
    certificates_for_user,
    overdue_loans_for_pension,
)
from pensioners.services.certificates import (
    CERTIFICATES_PER_DAY,
    DOCUMENT_KIND,
    certificate_issue,
    certificate_pdf_issue,
)
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import persian_digits
from tamin.core.models import AuditLog, DocumentRequest, IssuedDocument
from tests.pensioners.factories import PensionFactory, PensionRulingFactory
from tests.pensioners.factories_certificates import PensionLoanFactory, payslip, raised_pensioner

NO_PENSION = "برای کد ملی این حساب، مستمری‌ای در سازمان ثبت نشده است."

pytestmark = pytest.mark.django_db

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
BANK = "بانک ملت شعبهٔ میدان انقلاب"


@pytest.fixture(autouse=True)
def private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    return settings.PRIVATE_STORAGE_DIR


def pdf_text(content: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed")
    source = tmp_path / "certificate.pdf"
    source.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-raw", str(source), "-"], capture_output=True, check=True, text=True
    )
    return BIDI_CONTROLS.sub("", result.stdout)


def has_words(text: str, phrase: str) -> bool:
    """pdftotext writes RTL lines in visual order, so compare word by word."""
    return all(word in text for word in phrase.split())


def with_payslips_and_loans():
    """A pensioner of 150,000,000 a month with two payslips and four loans.

    Loans: A (بانک رفاه, 5,000,000 × 2 overdue), B (nothing overdue), C (settled, with a
    stale overdue count), D (صندوق قرض‌الحسنه, 4,000,000 × 1 overdue, started earlier).
    The last payslip (Ordibehesht 1404): payments 150,000,000 + 9,000,000 = 159,000,000;
    deductions 3,000,000 (2 % treatment share); loans 15,000,000 (A: the current
    installment and two overdue); net 159,000,000 − 3,000,000 − 15,000,000 = 141,000,000.
    """
    user, pensioner, pension = raised_pensioner(father_name="علی")
    loan_a = PensionLoanFactory(
        pension=pension,
        reference="1403-778",
        overdue_installments=2,
        started_on=dt.date(2024, 5, 1),
    )
    PensionLoanFactory(pension=pension, lender="بانک ملی", installment_amount=2_500_000)
    PensionLoanFactory(
        pension=pension,
        lender="بانک سپه",
        overdue_installments=3,
        installments_deducted=36,
        status=PensionLoan.Status.SETTLED,
    )
    PensionLoanFactory(
        pension=pension,
        lender="صندوق قرض‌الحسنه",
        reference="Q-55",
        installment_amount=4_000_000,
        installments_total=12,
        installments_deducted=4,
        overdue_installments=1,
        started_on=dt.date(2023, 12, 1),
    )
    payslip(
        pension,
        year=1404,
        month=1,
        rows=[
            ("payment", "مستمری", 150_000_000, None),
            ("deduction", "سهم درمان", 3_000_000, None),
        ],
    )
    payslip(
        pension,
        year=1404,
        month=2,
        rows=[
            ("payment", "مستمری", 150_000_000, None),
            ("payment", "کمک‌هزینه عائله‌مندی", 9_000_000, None),
            ("deduction", "سهم درمان", 3_000_000, None),
            ("loan", "قسط وام بانک رفاه", 15_000_000, loan_a),
        ],
    )
    return user, pensioner, pension


def issue(client, capture, data: dict):
    with capture(execute=True):
        return client.post(reverse("pensioners:certificate_new"), data)


# --- the content, fixed at issue --------------------------------------------------------


def test_a_salary_certificate_states_the_pension_in_force_and_the_last_payslip():
    user, pensioner, pension = with_payslips_and_loans()
    certificate = certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    assert certificate.kind == PensionCertificate.Kind.SALARY
    assert certificate.addressee == BANK
    assert certificate.content == {
        "pensioner_name": pensioner.full_name,
        "father_name": "علی",
        "national_code": pensioner.national_code,
        "pension_number": pension.number,
        "pension_kind": "retirement",
        "pension_kind_label": "بازنشستگی",
        "relation": "self",
        "insured_name": pension.insured_name,
        "start_date": "2023-09-23",
        "branch_name": pensioner.branch.name,
        "monthly_amount": 150_000_000,
        "payslip": {
            "year": 1404,
            "month": 2,
            "total_payments": 159_000_000,
            "total_deductions": 3_000_000,
            "total_loans": 15_000_000,
            "net": 141_000_000,
        },
    }
    # and an audit row names who issued what
    row = AuditLog.objects.get(action="pensioners.certificate_issued")
    assert row.actor_id == user.pk
    assert row.after["kind"] == "salary"
    assert row.after["addressee"] == BANK


def test_a_salary_certificate_without_a_payslip_says_none():
    user, _pensioner, pension = raised_pensioner()
    certificate = certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    assert certificate.content["monthly_amount"] == 150_000_000
    assert certificate.content["payslip"] is None


def test_the_content_does_not_follow_later_figures():
    # given a certificate issued on a pension of 150,000,000
    user, _pensioner, pension = raised_pensioner()
    certificate = certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    # when next year's increase raises it
    PensionRulingFactory(
        pension=pension,
        kind="yearly_increase",
        year=1404,
        effective_from=dt.date(2025, 3, 21),
        amount_before=150_000_000,
        amount_after=180_000_000,
    )
    # then the certificate still says what was true the day it was issued
    certificate.refresh_from_db()
    assert certificate.content["monthly_amount"] == 150_000_000


def test_an_overdue_installment_certificate_lists_each_active_loan_with_overdue_installments():
    user, _pensioner, pension = with_payslips_and_loans()
    certificate = certificate_issue(
        user=user, pension=pension, kind="overdue_installments", addressee="دادگاه خانواده"
    )
    content = certificate.content
    # D started first, then A; B has nothing overdue and C is settled: neither is certified
    assert content["loans"] == [
        {
            "lender": "صندوق قرض‌الحسنه",
            "reference": "Q-55",
            "installment_amount": 4_000_000,
            "overdue_installments": 1,
            "overdue_total": 4_000_000,
            "remaining_installments": 8,
            "last_deducted": None,
        },
        {
            "lender": "بانک رفاه کارگران",
            "reference": "1403-778",
            "installment_amount": 5_000_000,
            "overdue_installments": 2,
            "overdue_total": 10_000_000,
            "remaining_installments": 26,
            "last_deducted": 15_000_000,
        },
    ]
    assert content["overdue_total"] == 14_000_000
    assert content["deducted_monthly"] is True
    assert content["last_payslip"] == {"year": 1404, "month": 2}


def test_no_overdue_installment_is_refused_in_persian_and_nothing_is_created():
    # given a pensioner whose only loan is paid on time (and a settled one with a stale count)
    user, _pensioner, pension = raised_pensioner()
    PensionLoanFactory(pension=pension)
    PensionLoanFactory(pension=pension, overdue_installments=2, status=PensionLoan.Status.SETTLED)
    with pytest.raises(ApplicationError) as refused:
        certificate_issue(user=user, pension=pension, kind="overdue_installments", addressee=BANK)
    assert refused.value.code == "certificate_nothing_overdue"
    assert "قسط معوقی ندارد" in refused.value.message
    assert not PensionCertificate.objects.exists()
    assert not DocumentRequest.objects.exists()


@pytest.mark.parametrize(
    ("addressee", "code"),
    [
        ("", "addressee_required"),
        ("   \u3000 ", "addressee_required"),
        ("ب", "addressee_too_short"),
        ("ب" * 121, "addressee_too_long"),
        ("بانک\x00ملت", "control_characters"),
        ("بانک\nملت", "control_characters"),
        ("بانک \u202eتلم", "control_characters"),
    ],
)
def test_a_bad_addressee_is_refused_with_nothing_created(addressee, code):
    user, _pensioner, pension = raised_pensioner()
    with pytest.raises(ApplicationError) as refused:
        certificate_issue(user=user, pension=pension, kind="salary", addressee=addressee)
    assert refused.value.code == code
    assert refused.value.extra == {"field": "addressee"}
    assert not PensionCertificate.objects.exists()
    assert not DocumentRequest.objects.exists()


def test_the_addressee_is_trimmed_and_its_spaces_collapsed_and_120_characters_pass():
    user, _pensioner, pension = raised_pensioner()
    certificate = certificate_issue(
        user=user, pension=pension, kind="salary", addressee="  بانک   ملت\u00a0 شعبهٔ ۲ "
    )
    assert certificate.addressee == "بانک ملت شعبهٔ ۲"
    longest = certificate_issue(user=user, pension=pension, kind="salary", addressee="ب" * 120)
    assert longest.addressee == "ب" * 120


def test_someone_elses_pension_an_unknown_kind_and_an_ended_pension_are_refused():
    user, _pensioner, pension = raised_pensioner()
    _other_user, _other, other_pension = raised_pensioner()
    with pytest.raises(ApplicationError) as refused:
        certificate_issue(user=user, pension=other_pension, kind="salary", addressee=BANK)
    assert refused.value.code == "certificate_not_owner"
    with pytest.raises(ApplicationError) as refused:
        certificate_issue(user=user, pension=pension, kind="pension_slip", addressee=BANK)
    assert refused.value.code == "certificate_kind"
    Pension.objects.filter(pk=pension.pk).update(status=Pension.Status.ENDED)
    with pytest.raises(ApplicationError) as refused:
        certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    assert refused.value.code == "certificate_pension_not_active"
    assert "قطع‌شده" in refused.value.message
    assert not PensionCertificate.objects.exists()


def test_a_pension_without_a_ruling_has_no_salary_to_certify():
    user, pensioner, _pension = raised_pensioner()
    bare = PensionFactory(pensioner=pensioner)
    with pytest.raises(ApplicationError) as refused:
        certificate_issue(user=user, pension=bare, kind="salary", addressee=BANK)
    assert refused.value.code == "certificate_no_amount"
    assert not PensionCertificate.objects.exists()


def test_the_daily_limit_refuses_the_eleventh_certificate_until_tomorrow():
    # given a pensioner with two pensions who took the day's ten certificates on both
    user, pensioner, pension = raised_pensioner()
    second = PensionFactory(pensioner=pensioner, kind=Pension.Kind.SURVIVORS, relation="spouse")
    PensionRulingFactory(pension=second, amount_after=60_000_000)
    # 23:50 in Tehran (20:20 UTC): the day is Tehran's, not UTC's
    with time_machine.travel(dt.datetime(2025, 6, 1, 20, 20, tzinfo=dt.UTC), tick=False):
        for index in range(CERTIFICATES_PER_DAY):
            target = pension if index % 2 else second
            certificate_issue(user=user, pension=target, kind="salary", addressee=BANK)
        # when they ask for an eleventh the same day
        with pytest.raises(ApplicationError) as refused:
            certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    # then it is refused with a clear message, and nothing is created
    assert refused.value.code == "certificate_daily_limit"
    assert "۱۰ گواهی" in refused.value.message
    assert "فردا" in refused.value.message
    assert PensionCertificate.objects.count() == CERTIFICATES_PER_DAY
    assert DocumentRequest.objects.count() == CERTIFICATES_PER_DAY
    # and 15 minutes later it is tomorrow in Tehran: allowed again
    with time_machine.travel(dt.datetime(2025, 6, 1, 20, 35, tzinfo=dt.UTC), tick=False):
        certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    assert PensionCertificate.objects.count() == CERTIFICATES_PER_DAY + 1


def test_another_pensioners_certificates_do_not_count_toward_the_limit():
    user, _pensioner, pension = raised_pensioner()
    other_user, _other, other_pension = raised_pensioner()
    for _index in range(CERTIFICATES_PER_DAY):
        certificate_issue(user=other_user, pension=other_pension, kind="salary", addressee=BANK)
    certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    assert certificates_for_user(user=user).count() == 1


# --- selectors ----------------------------------------------------------------------------


def test_selectors_answer_only_for_the_owner():
    user, _pensioner, pension = with_payslips_and_loans()
    stranger, _other, _other_pension = raised_pensioner()
    certificate = certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    assert certificate_get_for_user(user=user, certificate_id=certificate.pk) == certificate
    from django.http import Http404

    with pytest.raises(Http404):
        certificate_get_for_user(user=stranger, certificate_id=certificate.pk)
    with pytest.raises(Http404):
        certificate_get_for_user(user=user, certificate_id=certificate.pk + 1000)
    assert list(certificates_for_user(user=stranger)) == []
    assert [loan.reference for loan in overdue_loans_for_pension(pension=pension)] == [
        "Q-55",
        "1403-778",
    ]


# --- pages, the worker, /verify -----------------------------------------------------------


def test_a_salary_certificate_from_the_page_renders_downloads_and_verifies(
    client, django_capture_on_commit_callbacks, tmp_path
):
    # given a pensioner with payslips, signed in
    user, pensioner, pension = with_payslips_and_loans()
    client.force_login(user)
    # when they ask for a salary certificate addressed to their bank (the worker renders
    # after commit: eager in tests)
    response = issue(
        client,
        django_capture_on_commit_callbacks,
        {"kind": "salary", "pension": pension.pk, "addressee": f"  {BANK} "},
    )
    certificate = PensionCertificate.objects.get()
    # then they are sent to the kernel's document page, which offers the file
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "document_request", args=[certificate.document_request_id]
    )
    page = client.get(response["Location"])
    assert "«گواهی حقوق» شمارهٔ" in page.text
    download_url = reverse("document_request_download", args=[certificate.document_request_id])
    assert download_url in page.text
    download = client.get(download_url)
    assert download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    document = IssuedDocument.objects.get(kind=DOCUMENT_KIND)
    assert document.owner == user
    assert document.title == "گواهی حقوق"
    # and the PDF says it: the addressee, the amounts in digits and words, the code
    printed = pdf_text(content, tmp_path)
    assert document.verification_code in printed
    assert has_words(printed, "بانک ملت میدان")  # pdftotext splits «هٔ» and «لا»
    assert has_words(printed, "۱۵۰٬۰۰۰٬۰۰۰ ریال")
    assert has_words(printed, "یکصد و پنجاه میلیون ریال")
    assert has_words(printed, "اردیبهشت ۱۴۰۴")
    assert has_words(printed, "۱۵۹٬۰۰۰٬۰۰۰")
    assert has_words(printed, "۱۴۱٬۰۰۰٬۰۰۰")
    assert has_words(printed, "یکصد و چهل و یک میلیون")
    # and anyone holding the code (signed out) sees what it certifies
    client.logout()
    verify = client.get(reverse("verify", args=[document.verification_code]))
    shown = verify.text
    assert verify.status_code == 200
    assert "این سند معتبر است" in shown
    assert "گواهی مستمری‌بگیر" in shown
    assert "گواهی حقوق" in shown
    assert persian_digits(pensioner.full_name) in shown
    assert BANK in shown
    assert "۱۵۰٬۰۰۰٬۰۰۰ ریال" in shown
    assert "۱۴۱٬۰۰۰٬۰۰۰ ریال" in shown
    # the national code by its last four digits only
    assert persian_digits(pensioner.national_code[-4:]) in shown
    assert persian_digits(pensioner.national_code) not in shown
    assert pensioner.national_code not in shown


def test_an_overdue_certificate_from_the_page_renders_and_verifies(
    client, django_capture_on_commit_callbacks, tmp_path
):
    user, pensioner, pension = with_payslips_and_loans()
    client.force_login(user)
    response = issue(
        client,
        django_capture_on_commit_callbacks,
        {"kind": "overdue_installments", "pension": pension.pk, "addressee": "دادگاه خانواده"},
    )
    certificate = PensionCertificate.objects.get()
    assert response["Location"] == reverse(
        "document_request", args=[certificate.document_request_id]
    )
    document_request = DocumentRequest.objects.get(pk=certificate.document_request_id)
    assert document_request.status == DocumentRequest.Status.READY
    document = document_request.document
    assert document.title == "گواهی کسر اقساط معوق"
    download = client.get(reverse("document_request_download", args=[document_request.pk]))
    printed = pdf_text(b"".join(download.streaming_content), tmp_path)
    assert has_words(printed, "دادگاه خانواده")
    assert has_words(printed, "صندوق")
    assert "Q-55" in printed
    assert has_words(printed, "۱۰٬۰۰۰٬۰۰۰")
    assert has_words(printed, "۱۴٬۰۰۰٬۰۰۰ ریال")
    assert has_words(printed, "چهارده میلیون ریال")
    assert has_words(printed, "ماهانه از مستمری او کسر")
    assert "بانک سپه" not in printed
    client.logout()
    shown = client.get(reverse("verify", args=[document.verification_code])).text
    assert "گواهی کسر اقساط معوق" in shown
    assert persian_digits(pensioner.full_name) in shown
    assert "دادگاه خانواده" in shown
    assert "بانک رفاه کارگران" in shown
    assert "۱۴٬۰۰۰٬۰۰۰ ریال" in shown
    assert "۲ قسط معوق به مبلغ ۱۰٬۰۰۰٬۰۰۰ ریال" in shown


def test_the_detail_page_shows_the_figures_and_links_the_document(
    client, django_capture_on_commit_callbacks
):
    user, _pensioner, pension = with_payslips_and_loans()
    client.force_login(user)
    issue(
        client,
        django_capture_on_commit_callbacks,
        {"kind": "salary", "pension": pension.pk, "addressee": BANK},
    )
    certificate = PensionCertificate.objects.get()
    page = client.get(reverse("pensioners:certificate_detail", args=[certificate.pk]))
    assert page.status_code == 200
    assert "۱۵۰٬۰۰۰٬۰۰۰ ریال" in page.text
    assert "یکصد و پنجاه میلیون" in page.text
    assert "۱۴۱٬۰۰۰٬۰۰۰ ریال" in page.text
    assert reverse("document_request", args=[certificate.document_request_id]) in page.text
    document = IssuedDocument.objects.get()
    assert document.verification_code in page.text


def test_the_list_shows_each_certificate_in_a_few_queries(client, django_assert_max_num_queries):
    # given one certificate, and the queries its list page takes
    user, _pensioner, pension = with_payslips_and_loans()
    certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    client.force_login(user)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("pensioners:certificates"))
    # when three more are issued
    for _index in range(2):
        certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    certificate_issue(user=user, pension=pension, kind="overdue_installments", addressee="دادگاه")
    # then the page takes no more queries: session, user, roles, pensioner, count, the page
    # of certificates, their document requests (one query for all)
    with django_assert_max_num_queries(len(one)):
        page = client.get(reverse("pensioners:certificates"))
    assert len(one) <= 10
    assert page.status_code == 200
    assert len(page.context["rows"]) == 4
    assert page.text.count('data-label="نوع گواهی">گواهی کسر اقساط معوق<') == 1
    assert 'class="table table-stack' in page.text
    assert 'data-label="خطاب به"' in page.text


def test_the_form_offers_the_overdue_certificate_only_when_something_is_overdue(client):
    user, _pensioner, pension = raised_pensioner()
    client.force_login(user)
    page = client.get(reverse("pensioners:certificate_new"))
    assert 'value="overdue_installments"' not in page.text
    assert "هیچ‌یک از مستمری‌های شما وامی با قسط معوق ندارد" in page.text
    # one pension: nothing to choose, it is a hidden field
    assert f'type="hidden" name="pension" value="{pension.pk}"' in page.text
    PensionLoanFactory(pension=pension, overdue_installments=1)
    page = client.get(reverse("pensioners:certificate_new"))
    assert 'value="overdue_installments"' in page.text
    assert "وامی با قسط معوق ندارد" not in page.text


def test_with_two_pensions_the_form_asks_which_and_refuses_the_overdue_kind_on_the_other(
    client,
):
    user, pensioner, pension = raised_pensioner()
    second = PensionFactory(pensioner=pensioner, kind=Pension.Kind.SURVIVORS, relation="spouse")
    PensionRulingFactory(pension=second, amount_after=60_000_000)
    PensionLoanFactory(pension=pension, overdue_installments=1)
    client.force_login(user)
    page = client.get(reverse("pensioners:certificate_new"))
    assert '<select name="pension"' in page.text
    response = client.post(
        reverse("pensioners:certificate_new"),
        {"kind": "overdue_installments", "pension": second.pk, "addressee": BANK},
    )
    assert response.status_code == 200
    assert "قسط معوقی ندارد" in response.text
    assert not PensionCertificate.objects.exists()


@pytest.mark.parametrize(
    ("addressee", "message"),
    [
        ("", "نام مؤسسه یا سازمانی را که گواهی خطاب به آن است وارد کنید."),
        ("ب", "نام مؤسسه دست‌کم ۲ نویسه است."),
        ("ب" * 121, "نام مؤسسه حداکثر ۱۲۰ نویسه می‌تواند باشد."),
        ("بانک\x1bملت", "این متن نویسه‌های نامعتبر دارد."),
        ("بانک \u202eتلم", "این متن نویسه‌های نامعتبر دارد."),
    ],
)
def test_the_page_refuses_a_bad_addressee_in_persian_with_nothing_created(
    client, addressee, message
):
    user, _pensioner, pension = raised_pensioner()
    client.force_login(user)
    response = client.post(
        reverse("pensioners:certificate_new"),
        {"kind": "salary", "pension": pension.pk, "addressee": addressee},
    )
    assert response.status_code == 200
    assert message in response.text
    assert not PensionCertificate.objects.exists()
    assert not DocumentRequest.objects.exists()


def test_the_page_refuses_another_persons_pension_and_the_daily_limit(client):
    user, _pensioner, pension = raised_pensioner()
    _other_user, _other, other_pension = raised_pensioner()
    client.force_login(user)
    response = client.post(
        reverse("pensioners:certificate_new"),
        {"kind": "salary", "pension": other_pension.pk, "addressee": BANK},
    )
    assert response.status_code == 200
    assert "مستمری را از فهرست انتخاب کنید." in response.text
    for _index in range(CERTIFICATES_PER_DAY):
        certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    response = client.post(
        reverse("pensioners:certificate_new"),
        {"kind": "salary", "pension": pension.pk, "addressee": BANK},
    )
    assert response.status_code == 200
    assert "بیشترین تعداد مجاز در یک روز" in response.text
    assert PensionCertificate.objects.count() == CERTIFICATES_PER_DAY


def test_a_get_issues_nothing_and_the_form_needs_csrf(client):
    user, _pensioner, pension = raised_pensioner()
    client.force_login(user)
    client.get(reverse("pensioners:certificate_new"), {"kind": "salary", "addressee": BANK})
    assert not PensionCertificate.objects.exists()
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    response = strict.post(
        reverse("pensioners:certificate_new"),
        {"kind": "salary", "pension": pension.pk, "addressee": BANK},
    )
    assert response.status_code == 403
    assert not PensionCertificate.objects.exists()


def test_another_persons_certificate_is_404_on_the_page_and_its_document(
    client, django_capture_on_commit_callbacks
):
    # given someone's certificate, rendered
    owner, _pensioner, pension = with_payslips_and_loans()
    client.force_login(owner)
    issue(
        client,
        django_capture_on_commit_callbacks,
        {"kind": "salary", "pension": pension.pk, "addressee": BANK},
    )
    certificate = PensionCertificate.objects.get()
    request_id = certificate.document_request_id
    # when another pensioner tries its URLs
    stranger, _other, _other_pension = raised_pensioner()
    client.force_login(stranger)
    # then each is a 404, like a missing one
    assert (
        client.get(reverse("pensioners:certificate_detail", args=[certificate.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("pensioners:certificate_detail", args=[certificate.pk + 99])).status_code
        == 404
    )
    for name in ("document_request", "document_request_status", "document_request_download"):
        assert client.get(reverse(name, args=[request_id])).status_code == 404
    assert client.post(reverse("document_request_retry", args=[request_id])).status_code == 404
    assert certificate.pk not in [
        row["certificate"].pk
        for row in client.get(reverse("pensioners:certificates")).context["rows"]
    ]


def test_the_pages_are_for_pensioners_only(client):
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory())
    for name in ("pensioners:certificates", "pensioners:certificate_new"):
        # a service page says no pension is on file, and offers nothing to issue
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert NO_PENSION in response.content.decode()
        assert b"<form" not in response.content.split(b"<main")[-1]
    assert (
        client.post(
            reverse("pensioners:certificate_new"), {"kind": "salary", "addressee": BANK}
        ).status_code
        == 404
    )
    client.logout()
    response = client.get(reverse("pensioners:certificates"))
    assert response.status_code == 302


def test_the_worker_refuses_a_certificate_for_someone_else():
    # given a certificate, and a worker asked to render it for another account
    user, _pensioner, pension = raised_pensioner()
    stranger, _other, _other_pension = raised_pensioner()
    certificate = certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    with pytest.raises(ApplicationError) as refused:
        certificate_pdf_issue(certificate=certificate, user=stranger)
    assert refused.value.code == "certificate_not_owner"
    assert not IssuedDocument.objects.exists()


def test_a_rendered_certificate_is_one_document_however_often_the_worker_runs(
    django_capture_on_commit_callbacks,
):
    user, _pensioner, pension = raised_pensioner()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    first = certificate_pdf_issue(certificate=certificate, user=user)
    again = certificate_pdf_issue(certificate=certificate, user=user)
    assert first == again
    assert IssuedDocument.objects.count() == 1
    assert first.created_at <= timezone.now()


def test_a_failed_render_retried_from_the_kernels_page_is_what_the_certificate_shows(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    # given a private store that cannot be written (its directory is a file)
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    settings.PRIVATE_STORAGE_DIR = blocked
    user, _pensioner, pension = raised_pensioner()
    client.force_login(user)
    issue(
        client,
        django_capture_on_commit_callbacks,
        {"kind": "salary", "pension": pension.pk, "addressee": BANK},
    )
    certificate = PensionCertificate.objects.get()
    detail_url = reverse("pensioners:certificate_detail", args=[certificate.pk])
    # then the render failed, and the certificate's page says so and leads to the retry
    first = DocumentRequest.objects.get()
    assert first.status == DocumentRequest.Status.FAILED
    page = client.get(detail_url)
    assert "فایل گواهی آماده نشد" in page.text
    assert reverse("document_request", args=[first.pk]) in page.text
    # when the store works again and the person retries on the kernel's page
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("document_request_retry", args=[first.pk]))
    again = DocumentRequest.objects.exclude(pk=first.pk).get()
    assert again.status == DocumentRequest.Status.READY
    # then the certificate's page and the list follow the new request
    page = client.get(detail_url)
    assert again.document.verification_code in page.text
    assert reverse("document_request", args=[again.pk]) in page.text
    listing = client.get(reverse("pensioners:certificates"))
    assert listing.context["rows"][0]["document"].request_id == again.pk
    assert listing.context["rows"][0]["document"].ready is True


def test_the_pensioner_home_and_dashboard_link_the_certificates(client):
    user, _pensioner, _pension = raised_pensioner()
    client.force_login(user)
    home = client.get(reverse("pensioners:home"))
    assert reverse("pensioners:certificates") in home.text
    from tamin.accounts.dashboard import dashboard_links_for_role

    assert "pensioners:certificates" in [
        link.url_name for link in dashboard_links_for_role("pensioner")
    ]


def test_without_an_active_pension_the_page_explains_and_a_post_issues_nothing(client):
    user, _pensioner, pension = raised_pensioner()
    Pension.objects.filter(pk=pension.pk).update(status=Pension.Status.SUSPENDED)
    client.force_login(user)
    page = client.get(reverse("pensioners:certificate_new"))
    assert "مستمری برقراری به نام شما نیست" in page.text
    assert "<form" not in page.text.split("<main", 1)[1]
    response = client.post(
        reverse("pensioners:certificate_new"),
        {"kind": "salary", "pension": pension.pk, "addressee": BANK},
    )
    assert response.status_code == 200
    assert not PensionCertificate.objects.exists()
