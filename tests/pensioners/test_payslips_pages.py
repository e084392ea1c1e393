"""Payslip pages: a year's list (one query for the payslips), a payslip grouped by kind, its
PDF through document requests (the second download is the stored copy), the home card, and
404 for another person's payslip everywhere."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pensioners.models import Pension, PensionLoan
from pensioners.services.payslip_pdf import PAYSLIP_KIND
from pensioners.services.payslips import payslip_issue_month
from tamin.core.document_requests import document_request_render
from tamin.core.models import DocumentRequest, IssuedDocument
from tests.pensioners.factories import PensionFactory, PensionRulingFactory
from tests.pensioners.factories_payslips import (
    PensionLoanFactory,
    figures,
    not_a_pensioner,
    raise_ruling,
    signed_in_pensioner,
    stranger,
)

NO_PENSION = "برای کد ملی این حساب، مستمری‌ای در سازمان ثبت نشده است."

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    return settings.PRIVATE_STORAGE_DIR


def _issue(pension, months):
    return [payslip_issue_month(pension=pension, year=y, month=m) for y, m in months]


def test_the_list_shows_a_years_months_with_their_net(client):
    # given payslips of Esfand 1403 and of Farvardin-Khordad 1404
    figures(1403)
    figures(1404)
    _user, _pensioner, pension = signed_in_pensioner(client)
    _issue(pension, [(1403, 12), (1404, 1), (1404, 2), (1404, 3)])
    # when the list opens (no year asked: the latest)
    response = client.get(reverse("pensioners:payslips"))
    # then the year tabs, and each month of 1404 with its net: 120,000,000 − 2,400,000
    body = response.content.decode()
    assert response.status_code == 200
    assert "?year=1403" in body
    assert "?year=1404" in body
    for month in ("فروردین ۱۴۰۴", "اردیبهشت ۱۴۰۴", "خرداد ۱۴۰۴"):
        assert month in body
    assert "اسفند ۱۴۰۳" not in body
    assert body.count("۱۱۷٬۶۰۰٬۰۰۰ ریال") == 3
    assert 'class="table table-stack' in body
    assert 'data-label="خالص پرداختی"' in body
    # and the other year is one click away
    older = client.get(reverse("pensioners:payslips"), {"year": "۱۴۰۳"}).content.decode()
    assert "اسفند ۱۴۰۳" in older
    assert "فروردین ۱۴۰۴" not in older


def test_the_list_reads_its_payslips_in_one_query_however_many(
    client, django_assert_max_num_queries
):
    figures(1404)
    _user, _pensioner, pension = signed_in_pensioner(client)
    _issue(pension, [(1404, 1)])
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("pensioners:payslips"))
    _issue(pension, [(1404, m) for m in range(2, 13)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("pensioners:payslips"))
    assert response.content.decode().count("مشاهده فیش") == 12


def test_the_payslip_groups_its_rows_and_masks_the_account(client):
    # given a payslip with a loan and a late increase's difference
    figures(1404)
    _user, pensioner, pension = signed_in_pensioner(client)
    _issue(pension, [(1404, 1)])
    PensionLoanFactory(pension=pension, overdue_installments=1)
    raise_ruling(pension, year=1404, amount_after=144_000_000)
    (payslip,) = _issue(pension, [(1404, 2)])
    # when it opens
    response = client.get(reverse("pensioners:payslip_detail", args=[payslip.pk]))
    body = response.content.decode()
    # then payments, deductions and loans each with their total, and the net
    assert response.status_code == 200
    for text in ("پرداخت‌ها", "کسور", "اقساط وام", "مابه‌التفاوت افزایش مستمری فروردین ۱۴۰۴"):
        assert text in body
    # 144,000,000 + 24,000,000 = 168,000,000 paid; 2 % = 3,360,000; loans 2 × 5,000,000
    assert "۱۶۸٬۰۰۰٬۰۰۰ ریال" in body
    assert "۳٬۳۶۰٬۰۰۰ ریال" in body
    assert "۱۰٬۰۰۰٬۰۰۰ ریال" in body
    assert "۱۵۴٬۶۴۰٬۰۰۰ ریال" in body  # 168,000,000 − 3,360,000 − 10,000,000
    assert "دوره تعدیل" in body
    # and the account only masked, as a code
    masked = f"{pensioner.sheba[:4]}…{pensioner.sheba[-4:]}"
    assert f'<bdi dir="ltr" class="code">{masked}</bdi>' in body
    assert pensioner.sheba not in body


def test_another_persons_payslip_is_404_on_the_page_and_the_pdf(client, private_store):
    # given someone else's payslip
    figures(1404)
    _other_user, _other, other_pension = stranger()
    (theirs,) = _issue(other_pension, [(1404, 1)])
    signed_in_pensioner(client)
    # then neither its page nor its PDF open, and no document is asked for
    assert client.get(reverse("pensioners:payslip_detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("pensioners:payslip_pdf", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("pensioners:payslip_detail", args=[999_999])).status_code == 404
    assert not DocumentRequest.objects.exists()


def test_someone_who_is_no_pensioner_gets_404(client):
    client.force_login(not_a_pensioner())
    for name in ("pensioners:payslips", "pensioners:bank_account"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert NO_PENSION in response.content.decode()


def test_the_pdf_is_rendered_once_and_a_redownload_is_the_stored_copy(client, private_store):
    # given a payslip
    figures(1404)
    user, _pensioner, pension = signed_in_pensioner(client)
    (payslip,) = _issue(pension, [(1404, 1)])
    url = reverse("pensioners:payslip_pdf", args=[payslip.pk])
    # a GET changes nothing
    assert client.get(url).status_code == 405
    # when the PDF is asked for, the request waits for the worker
    first = client.post(url)
    document_request = DocumentRequest.objects.get()
    assert document_request.kind == PAYSLIP_KIND
    assert first["Location"] == reverse("document_request", args=[document_request.pk])
    assert document_request_render(request_id=document_request.pk) == "ready"
    document = IssuedDocument.objects.get()
    assert document.owner == user
    download = client.get(reverse("document_request_download", args=[document_request.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # when it is asked for again, it is ready at once: the same stored document, no render
    again = client.post(url)
    assert again["Location"] == reverse("document_request_download", args=[document_request.pk])
    assert IssuedDocument.objects.count() == 1


def test_the_pdf_of_a_stranger_is_never_issued_by_the_worker(client, private_store):
    # given a request whose parameters name another person's payslip (a forged row)
    figures(1404)
    _other_user, _other, other_pension = stranger()
    (theirs,) = _issue(other_pension, [(1404, 1)])
    user, _pensioner, _pension = signed_in_pensioner(client)
    forged = DocumentRequest.objects.create(
        owner=user,
        kind=PAYSLIP_KIND,
        content_key="x",
        parameters={"payslip_id": theirs.pk},
        filename="x.pdf",
    )
    assert document_request_render(request_id=forged.pk) == "failed"
    assert not IssuedDocument.objects.exists()


def test_home_shows_the_last_payslip(client):
    figures(1404)
    _user, _pensioner, pension = signed_in_pensioner(client)
    _issue(pension, [(1404, 1), (1404, 2)])
    body = client.get(reverse("pensioners:home")).content.decode()
    assert "آخرین فیش حقوقی" in body
    assert "اردیبهشت ۱۴۰۴" in body
    assert "۱۱۷٬۶۰۰٬۰۰۰ ریال" in body


def test_several_pensions_show_their_numbers_in_the_list(client):
    figures(1404)
    _user, pensioner, pension = signed_in_pensioner(client)
    survivor = PensionFactory(
        pensioner=pensioner, kind=Pension.Kind.SURVIVORS, relation=Pension.Relation.SPOUSE
    )
    PensionRulingFactory(pension=survivor, amount_after=60_000_000)
    _issue(pension, [(1404, 1)])
    _issue(survivor, [(1404, 1)])
    body = client.get(reverse("pensioners:payslips")).content.decode()
    assert body.count("مشاهده فیش") == 2
    assert 'data-label="شماره مستمری"' in body


def test_a_loan_reference_in_a_row_title_reads_left_to_right(client):
    # A reference like 4012-778812 inside Persian text would be reordered by the bidi
    # algorithm («۷۷۸۸۱۲-۴۰۱۲»); the title keeps it ASCII and the page isolates it.
    figures(1404)
    _user, _pensioner, pension = signed_in_pensioner(client)
    PensionLoan.objects.create(
        pension=pension,
        lender="بانک رفاه کارگران",
        reference="4012-778812",
        principal=100_000_000,
        installment_amount=5_000_000,
        installments_total=20,
        started_on=pension.start_date,
    )
    (payslip,) = _issue(pension, [(1404, 1)])
    body = client.get(reverse("pensioners:payslip_detail", args=[payslip.pk])).content.decode()
    assert '<bdi dir="ltr" class="code">۴۰۱۲-۷۷۸۸۱۲</bdi>' in body
