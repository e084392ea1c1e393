"""Issue #13's "done when" in Chromium, as a new user would try it, through the pages only.

مریم احمدی (the demo of `seed_demo`) signs in with her password and the SMS code from the dev
outbox, opens «استعلام کمک‌هزینه ازدواج» from her dashboard, types the day of her marriage
(20 Ordibehesht 1384, while she worked at «شرکت صنایع غذایی مهرگان»), sees the amount and
its working, and requests it with the two documents and her bank account; the request is in
«درخواست‌های من» with its promised answer date. The head of her branch (0084575948, an
authenticator code) accepts it on the case pages; the decision's SMS reaches her mobile in
the dev outbox. The pension calculator's figure equals `pension compute --json` run on the
file the page offers, and «افراد تبعی» warns that her son's coverage ends, naming the Jalali
dates. On a phone (390×844) none of these pages scrolls sideways.

Expectations are worked by hand from the demo's history (insured/demo/records.py) or read
from what the demo wrote, never from the rule under test. Celery is eager here
(tests/e2e/conftest.py): the SMS is sent inside the request that decides.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from pathlib import Path

import jdatetime
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfWriter

from branches.models import Case, CaseDocument, CaseStatus
from insured.demo import benefits as demo
from insured.models.benefits import BenefitRequest
from insured.models.dependents import InsuredDependent
from notifications.models import Notification
from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tamin.accounts.models import Role
from tamin.core.jalali import format_code, format_jalali_date, format_rial
from tests.e2e.conftest import Outbox, RootRecorder, sign_in
from tests.e2e.test_claims_journey import go_to_dashboard_link, sms_bodies_to, url_is
from tests.e2e.test_pensioner_journey import (
    no_sideways_scroll,
    pension_compute_json,
    rial_from_text,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.django_db(transaction=True),
]

MARYAM = "0013542419"
MARYAM_MOBILE = "09121110001"
STAFF = "0084575948"  # head of branch 1001, her residence branch
MARRIAGE_TYPED = "۱۳۸۴/۰۲/۲۰"
# 730 days before Ordibehesht 1384, at 130 % of the demo's minimum daily wage, 15 % insurable
# benefits only from 1386 (none here):
#   Farvardin 1384          31 × 72,800 =  2,256,800
#   1383 (a leap year)     366 × 58,500 = 21,411,000
#   Khordad–Esfand 1382    303 × 45,500 = 13,786,500
#   30 of Ordibehesht 1382's 31 days: 30 × 45,500 =  1,365,000
#                                        730 days   38,819,300
# ÷ 24 = 1,617,470.83 → rounded up 1,617,471 (no minimum monthly wage of 1384 on file).
WAGE_730_DAYS = 2_256_800 + 21_411_000 + 13_786_500 + 1_365_000
MARRIAGE_AMOUNT = 1_617_471
SLA_WORKING_DAYS = 15
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
JOURNEY_BUDGET_SECONDS = 60


def pdf_file(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as out:
        writer.write(out)
    return path


def png_file(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (320, 200), (240, 240, 235)).save(path, format="PNG")
    return path


def staff_signs_in(browser: Browser, context_args: dict, roots: RootRecorder) -> Page:
    """The demo head of branch signs in with the authenticator, in a browser of her own."""
    device = TOTPDevice.objects.get(user__national_code=STAFF, confirmed=True)
    context = browser.new_context(**context_args)
    context.set_default_timeout(5_000)
    roots.watch(context)
    page = context.new_page()
    page.goto(reverse("accounts:login"))
    page.get_by_label("کد ملی").fill(STAFF)
    page.get_by_label("گذرواژه", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ادامه").click()
    token = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    page.get_by_label("کد برنامه احراز هویت").fill(token)
    page.get_by_role("button", name="تأیید", exact=True).click()
    expect(page).to_have_url(url_is("accounts:dashboard", Role.STAFF))
    return page


def son_last_day(birth_date: dt.date) -> dt.date:
    """The day before his 20th Jalali birthday (Esfand 30 falls on Farvardin 1 of a common
    year; the demo never gives him that birthday, see insured/demo/benefits.py)."""
    born = jdatetime.date.fromgregorian(date=birth_date)
    return jdatetime.date(born.year + 20, born.month, born.day).togregorian() - dt.timedelta(days=1)


def test_the_demo_insured_person_requests_her_marriage_allowance_and_the_branch_accepts_it(
    page: Page,
    outbox: Outbox,
    browser: Browser,
    browser_context_args: dict,
    html_roots: RootRecorder,
    settings,
    tmp_path: Path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    # Given the demo, as `make demo` seeds it
    call_command("seed_demo", stdout=io.StringIO())
    started = time.monotonic()
    assert not BenefitRequest.objects.exists()  # left for the visitor
    page.set_viewport_size(DESKTOP)

    # When Maryam signs in with her password and the code texted to her
    sign_in(page, outbox, national_code=MARYAM, password=DEMO_PASSWORD, mobile=MARYAM_MOBILE)
    expect(page).to_have_url(url_is("accounts:dashboard", Role.INSURED))

    # and opens the marriage-allowance inquiry from her dashboard, with her marriage's day
    go_to_dashboard_link(page, "استعلام کمک‌هزینه ازدواج")
    expect(page).to_have_url(url_is("insured:benefit_marriage"))
    expect(page.get_by_role("heading", level=1)).to_have_text("استعلام کمک‌هزینه ازدواج")
    page.get_by_label("تاریخ ثبت ازدواج").fill(MARRIAGE_TYPED)
    page.get_by_label("این نخستین ازدواج دائم و ثبت‌شده من است").check()
    page.get_by_role("button", name="بررسی شرایط").click()

    # Then she is eligible: the amount and its working
    assessment = page.get_by_test_id("assessment")
    expect(assessment.get_by_role("status").first).to_contain_text(
        "شرایط دریافت این کمک‌هزینه را دارید."
    )
    assert rial_from_text(page.get_by_test_id("amount").inner_text()) == MARRIAGE_AMOUNT
    steps = page.get_by_test_id("steps").locator("li")
    expect(steps.first).to_contain_text("اردیبهشت ۱۳۷۹ تا فروردین ۱۳۸۴")
    expect(page.get_by_test_id("steps")).to_contain_text(format_rial(WAGE_730_DAYS))
    expect(steps.last).to_have_text(f"کمک‌هزینه ازدواج: {format_rial(MARRIAGE_AMOUNT)}.")
    # and on a phone the result and its request form do not scroll sideways
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    page.set_viewport_size(DESKTOP)

    # When she requests it with the two documents and her bank account
    request_form = page.locator("form", has=page.get_by_role("heading", name="ثبت درخواست"))
    request_form.get_by_label(re.compile("بانک ملی ایران")).check()
    request_form.get_by_label("تصویر سند ازدواج").set_input_files(pdf_file(tmp_path / "sanad.pdf"))
    request_form.get_by_label("تصویر کارت ملی همسر").set_input_files(
        png_file(tmp_path / "kart-melli.png")
    )
    request_form.get_by_role("button", name="ثبت درخواست").click()

    # Then it is at her branch with its documents and a promised answer date
    row = BenefitRequest.objects.get(person__national_code=MARYAM)
    expect(page).to_have_url(url_is("insured:benefit_request", row.pk))
    expect(page.get_by_role("alert").first).to_contain_text(
        "درخواست شما با مدارک آن به شعبه ارسال شد."
    )
    case = Case.objects.get(pk=row.case_id)
    assert case.status == CaseStatus.FORWARDED
    assert case.branch.code == "1001"
    assert row.amount == MARRIAGE_AMOUNT
    assert sorted(
        CaseDocument.objects.filter(case=case).values_list("document_type", flat=True)
    ) == ["marriage_certificate", "spouse_id"]
    today = timezone.localdate()
    # 15 working days: at least three weeks of calendar days, Fridays and holidays skipped
    assert today + dt.timedelta(days=SLA_WORKING_DAYS) < case.due_date
    assert case.due_date <= today + dt.timedelta(days=2 * SLA_WORKING_DAYS + 10)
    expect(page.get_by_test_id("status")).to_have_text("ارسال‌شده به شعبه")
    expect(page.get_by_test_id("amount")).to_have_text(format_rial(MARRIAGE_AMOUNT))

    # and «درخواست‌های من» lists it with its status and promised answer date
    # (the dashboard has two cards of that title: branches' «پیگیری درخواست‌های ارسال‌شده به
    # شعبه» too; this one is told by its description)
    page.get_by_role("link", name="پیشخوان", exact=True).click()
    page.get_by_test_id("dashboard-links").get_by_role(
        "link", name="درخواست‌های من وضعیت و موعد پاسخ همه درخواست‌ها"
    ).click()
    expect(page).to_have_url(url_is("insured:my_requests"))
    listed = (
        page.get_by_test_id("my-requests")
        .locator("tbody tr")
        .filter(has_text=format_code(case.tracking_code))
    )
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("کمک‌هزینه ازدواج")
    expect(listed).to_contain_text(format_rial(MARRIAGE_AMOUNT))
    expect(listed.locator('td[data-label="وضعیت"]')).to_have_text("ارسال‌شده به شعبه")
    expect(listed.locator('td[data-label="موعد پاسخ"]')).to_have_text(
        format_jalali_date(case.due_date)
    )

    # When the head of her branch opens it from the queue and accepts it
    staff = staff_signs_in(browser, browser_context_args, html_roots)
    staff.goto(reverse("branches:case_queue"))
    staff.get_by_role("link", name=format_code(case.tracking_code), exact=True).click()
    expect(staff).to_have_url(url_is("branches:case_detail_staff", case.pk))
    expect(staff.locator(".case-payload")).to_contain_text(format_rial(MARRIAGE_AMOUNT))
    staff.get_by_role("button", name="آغاز بررسی").click()
    expect(staff.get_by_test_id("case-status")).to_contain_text("در حال بررسی")
    staff.get_by_label("پذیرفته شد").check()
    staff.get_by_label("دلیل تصمیم").fill("سند ازدواج و سوابق پیش از ازدواج تطبیق داده شد.")
    staff.get_by_role("button", name="ثبت تصمیم").click()
    expect(staff.get_by_role("alert").first).to_contain_text("تصمیم ثبت شد")
    expect(staff.get_by_test_id("case-status")).to_contain_text("پذیرفته شد")
    staff.context.close()

    # Then the SMS about the decision reaches her mobile (the dev outbox) and her inbox
    texts = [
        text
        for text in sms_bodies_to(page, MARYAM_MOBILE)
        if format_code(case.tracking_code) in text
    ]
    assert any("پذیرفته شد" in text for text in texts), texts
    decided = Notification.objects.filter(user__national_code=MARYAM, template_key="case_decided")
    assert set(
        decided.filter(idempotency_key__startswith=f"case:{case.pk}:").values_list(
            "channel", flat=True
        )
    ) == {"sms", "inbox"}
    # and her request reads accepted
    page.goto(reverse("insured:benefit_request", args=[row.pk]))
    expect(page.get_by_test_id("status")).to_have_text("پذیرفته شد")

    # When she opens the pension calculator
    go_to_dashboard_link(page, "ماشین‌حساب‌ها")
    page.locator("a", has_text="مستمری").first.click()
    expect(page).to_have_url(url_is("insured:calculator_pension"))
    shown_pension = rial_from_text(page.get_by_test_id("pension").inner_text())
    # Then the file it offers, read by `pension compute --json`, gives the same figure
    with page.expect_download() as download:
        page.get_by_role("link", name="دریافت فایل محاسبه").click()
    history = tmp_path / "pension.json"
    download.value.save_as(history)
    answer = pension_compute_json(history)
    assert answer["pension"] == shown_pension > 0
    assert answer["average_wage"] == rial_from_text(page.get_by_test_id("average").inner_text())

    # When she opens «افراد تبعی»: her son's coverage ends, the dates named
    go_to_dashboard_link(page, "افراد تبعی")
    expect(page).to_have_url(url_is("insured:dependents"))
    son = InsuredDependent.objects.get(national_code=demo.SON.national_code)
    last = son_last_day(son.birth_date)
    assert 0 <= (last - timezone.localdate()).days <= 30
    expect(page.get_by_test_id("coverage-warning")).to_have_count(1)
    expect(page.get_by_test_id("coverage-warning")).to_contain_text(
        f"پوشش امیر رضایی در {format_jalali_date(last, long=True)} (آخرین روز) پایان می‌یابد "
        f"و از {format_jalali_date(last + dt.timedelta(days=1), long=True)} در دفترچه نیست."
    )
    expect(page.get_by_test_id("dependent")).to_have_count(3)

    # On a phone none of these pages scrolls sideways
    page.set_viewport_size(PHONE)
    for url in (
        reverse("insured:benefit_request", args=[row.pk]),
        reverse("insured:my_requests"),
        reverse("insured:dependents"),
        reverse("insured:calculator_pension"),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        no_sideways_scroll(page)

    elapsed = time.monotonic() - started
    assert elapsed < JOURNEY_BUDGET_SECONDS, f"the journey took {elapsed:.1f} s"
