"""The demo insured person in Chromium, on a phone-sized screen: opens «اعتراض به سوابق» from
the dashboard, objects to the month with missing days, is held for documents, uploads the
payslip and sees the request forwarded to the workshop's branch."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect

from branches.demo import directory as demo_directory
from branches.models import Case, CaseStatus
from insured.demo import records as demo
from tamin.accounts.demo import accounts as accounts_demo
from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tests.branches.factories_cases import pdf_bytes
from tests.e2e.conftest import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.django_db(transaction=True),
]


def test_demo_person_objects_to_missing_days(page: Page, outbox, settings, tmp_path):
    # given the demo data
    settings.MEDIA_ROOT = tmp_path / "media"
    accounts_demo.seed(io.StringIO())
    demo_directory.seed(io.StringIO())
    demo.seed(io.StringIO())
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, outbox, national_code="0013542419", password=DEMO_PASSWORD, mobile="09121110001")
    # when she opens the objections page from the dashboard
    page.get_by_role("link", name=re.compile("اعتراض به سوابق")).click()
    expect(page.get_by_role("heading", name="اعتراض به سوابق")).to_be_visible()
    page.screenshot(path=str(tmp_path / "objections.png"), full_page=True)
    # and follows the short month's link (1403/03: 20 of 31 days)
    row = page.get_by_role("row").filter(has_text="خرداد ۱۴۰۳")
    row.get_by_role("link", name="اعتراض").click()
    expect(page.get_by_label("ماه")).to_have_value("3")
    page.screenshot(path=str(tmp_path / "form.png"), full_page=True)
    page.get_by_label("روزهای کارکرد واقعی").fill("۳۱")
    page.get_by_role("button", name=re.compile("ثبت اعتراض")).click()
    # then she is on the branches case page; submitting without the payslip holds it
    expect(page.get_by_text("کسری کارکرد خرداد ۱۴۰۳").first).to_be_visible()
    page.get_by_role("button", name="ارسال درخواست به شعبه").click()
    expect(page.get_by_test_id("case-status")).to_contain_text("در انتظار مدارک")
    # and uploading the payslip forwards it
    upload = tmp_path / "fish.pdf"
    upload.write_bytes(pdf_bytes())
    page.get_by_label("نوع مدرک").select_option("payslip_or_letter")
    page.locator('input[type="file"][name="file"]').first.set_input_files(str(upload))
    page.get_by_role("button", name="بارگذاری").click()
    expect(page.get_by_test_id("case-status")).to_contain_text("ارسال‌شده به شعبه")
    page.screenshot(path=str(tmp_path / "case.png"), full_page=True)
    case = Case.objects.get(applicant__national_code="0013542419")
    assert case.status == CaseStatus.FORWARDED
    assert case.branch.code == "1001"
