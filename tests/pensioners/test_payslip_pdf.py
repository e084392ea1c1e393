"""The printed payslip: what its PDF says (issue #15 made the render cheaper: fixed table
layouts, amounts in left-to-right cells, the kernel's kept stylesheet; the words, the
figures and the code must come out as before)."""

from __future__ import annotations

import re

import pytest

from pensioners.services.payslip_pdf import payslip_pdf_issue
from pensioners.services.payslips import payslip_issue_month
from tamin.core import pdf
from tests.core.test_pdf import pdf_text
from tests.pensioners.factories import pensioner_with_account
from tests.pensioners.factories_payslips import PensionLoanFactory, figures

pytestmark = pytest.mark.django_db


def test_the_payslip_pdf_prints_the_name_every_amount_the_net_and_its_code(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    # given a pension of 120,000,000 with a loan of 5,000,000 a month and 2 % for treatment
    figures(1404)
    user, _pensioner, pension = pensioner_with_account(first_name="مریم", last_name="صادقی")
    PensionLoanFactory(pension=pension, installment_amount=5_000_000)
    payslip = payslip_issue_month(pension=pension, year=1404, month=1)
    # when its PDF is issued
    document = payslip_pdf_issue(payslip=payslip, user=user)
    text = pdf_text(pdf.document_open(document=document), tmp_path)
    # then it is one page in Persian: the name (words in visual order), each amount in
    # Persian digits, the net, the period, the verification code and where to check it
    assert "مریم" in text
    assert "صادقی" in text
    assert "۱۲۰٬۰۰۰٬۰۰۰" in text  # the pension
    assert "۲٬۴۰۰٬۰۰۰" in text  # 2 % for treatment
    assert "۵٬۰۰۰٬۰۰۰" in text  # the installment
    assert "۱۱۲٬۶۰۰٬۰۰۰" in text  # 120,000,000 − 2,400,000 − 5,000,000
    assert "۱۴۰۴" in text
    assert "فروردین" in text
    assert document.verification_code in text
    assert f"/verify/{document.verification_code}" in text
    assert re.search(r"۱\s*از\s*۱", text)


def test_a_payslip_too_long_for_one_page_has_the_header_code_and_page_number_on_each(
    settings, tmp_path
):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    # given a pension with so many loans that its payslip runs onto a second page
    figures(1404)
    user, _pensioner, pension = pensioner_with_account()
    for number in range(45):
        PensionLoanFactory(pension=pension, installment_amount=1_000_000 + number)
    payslip = payslip_issue_month(pension=pension, year=1404, month=1)
    # when its PDF is issued
    document = payslip_pdf_issue(payslip=payslip, user=user)
    content = pdf.document_open(document=document)
    # then every page carries the organization, the verification code and "page n of 2"
    # (the one-page frame's header and footer are fixed boxes, repeated on each page)
    text = pdf_text(content, tmp_path)
    assert "۱٬۰۰۰٬۰۴۴" in text  # the last loan's installment
    for page, number in ((1, "۱"), (2, "۲")):
        page_text = pdf_text(content, tmp_path, page=page)
        assert {"سازمان", "تأمین", "اجتماعی"} <= set(page_text.split())  # visual word order
        assert document.verification_code in page_text
        assert re.search(r"۲\s*از\s*" + number, page_text)  # «صفحهٔ n از ۲», visual order
