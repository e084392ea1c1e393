"""Issue #11's journey in Chromium, as new people would try it, through the pages only.

Branch staff issue a claim ruling to a workshop with e-notification and serve it; the
employer is told by SMS and e-mail, opens the notice (the receipt is recorded), objects
with a document within the term; staff take it to the board, set the hearing (served to
the employer) and record the board's vote, which lowers the debt on the debt page and in
the turnover; the employer agrees installments and pays the down payment at the sandbox
bank. A second workshop that owes nothing gets its clearance certificate at once, and the
code printed in its PDF verifies at /verify/<code>.

Factories make only what exists before anyone acts (the branch, the people, the
workshops and, for the clearance, the months already listed and paid). Celery is eager
here (tests/e2e/conftest.py): messages and PDFs are made inside the request that asks.
"""

from __future__ import annotations

import datetime
import io
import re
import time
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from employers.models import (
    ClaimRuling,
    ClearanceRequest,
    ClearanceStatus,
    InstallmentPlan,
    InstallmentStatus,
    Notice,
    NoticeKind,
    Objection,
    ObjectionStatus,
    Payment,
    PaymentStatus,
    RulingStatus,
)
from employers.selectors.money import workshop_debt
from notifications.models import Notification
from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tamin.accounts.models import Role
from tamin.core.identifiers import normalize_digits
from tamin.core.jalali import format_jalali_date, format_rial, persian_digits
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory, StaffMembershipFactory
from tests.branches.factories_cases import pdf_bytes
from tests.e2e.conftest import Outbox, RootRecorder, sign_in
from tests.employers.factories import RepresentativeFactory
from tests.employers.factories_clearance import first_day, month_back, sent_and_paid_in_time

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.django_db(transaction=True),
]

EMPLOYER_MOBILE = "09351114466"
EMPLOYER_EMAIL = "karimi@parsnemoone.example"
PRINCIPAL = 13_500_000  # per period
PENALTY = 1_500_000
RULING_TOTAL = 2 * (PRINCIPAL + PENALTY)  # 30,000,000
VOTE_AMOUNT = 18_000_000
HEARING_TIME = "23:59"  # today: the vote may be dated from the hearing's day to today


def url_is(name: str, *args) -> re.Pattern:
    return re.compile(re.escape(reverse(name, args=args)) + r"(\?.*)?$")


def jalali(date: datetime.date | None = None) -> str:
    """A Jalali date as a person types it (today by default)."""
    return format_jalali_date(date or timezone.localdate())


def _not_about_to_turn_midnight() -> None:
    """The hearing is set for today at 23:59 and the vote dated today: a run that starts in
    Tehran's last minutes of a day waits for the next one (the only wait in this file)."""
    now = timezone.localtime()
    if now.hour == 23 and now.minute >= 55:
        tomorrow = timezone.localtime().replace(hour=0, minute=0, second=5) + datetime.timedelta(
            days=1
        )
        time.sleep(max(0.0, (tomorrow - timezone.localtime()).total_seconds()))


def go_to_dashboard_link(page: Page, title: str) -> None:
    page.get_by_role("link", name="پیشخوان", exact=True).click()
    links = page.get_by_test_id("dashboard-links")
    links.locator("a", has=page.get_by_role("heading", name=title, exact=True)).click()


def staff_signs_in(browser: Browser, context_args: dict, roots: RootRecorder, *, branch):
    """A staff member of `branch` signs in with the authenticator, in a browser of their own."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = UserFactory(is_staff=True, roles=[Role.STAFF], password=DEMO_PASSWORD, first_name="زهرا")
    StaffMembershipFactory(user=user, branch=branch)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    context = browser.new_context(**context_args)
    context.set_default_timeout(5_000)
    roots.watch(context)
    page = context.new_page()
    page.goto(reverse("accounts:login"))
    page.get_by_label("کد ملی").fill(user.national_code)
    page.get_by_label("گذرواژه", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ادامه").click()
    token = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    page.get_by_label("کد برنامه احراز هویت").fill(token)
    page.get_by_role("button", name="تأیید", exact=True).click()
    expect(page).to_have_url(url_is("accounts:dashboard", Role.STAFF))
    return user, page


def employer_signs_in(page: Page, outbox: Outbox):
    employer = UserFactory(
        password=DEMO_PASSWORD,
        mobile=EMPLOYER_MOBILE,
        email=EMPLOYER_EMAIL,
        first_name="رضا",
        last_name="کریمی",
        roles=[Role.EMPLOYER],
    )
    sign_in(
        page,
        outbox,
        national_code=employer.national_code,
        password=DEMO_PASSWORD,
        mobile=EMPLOYER_MOBILE,
    )
    expect(page).to_have_url(url_is("accounts:dashboard", Role.EMPLOYER))
    return employer


def sms_bodies_to(page: Page, mobile: str) -> list[str]:
    """The texts the dev SMS outbox shows for `mobile` (read in a tab, as a developer would)."""
    tab = page.context.new_page()
    try:
        tab.goto(reverse("notifications:dev_outbox"))
        texts = []
        for message in tab.locator(".outbox-message").all():
            to = re.sub(r"[^0-9]", "", normalize_digits(message.locator(".outbox-to").inner_text()))
            if to.endswith(mobile[-10:]):
                texts.append(message.locator(".outbox-body").inner_text())
        return texts
    finally:
        tab.close()


@pytest.fixture
def staff_browser(browser: Browser, browser_context_args: dict, html_roots: RootRecorder):
    contexts = []

    def open_for(branch):
        user, page = staff_signs_in(browser, browser_context_args, html_roots, branch=branch)
        contexts.append(page.context)
        return user, page

    yield open_for
    for context in contexts:
        context.close()


def test_a_ruling_is_served_objected_to_decided_by_the_board_and_paid_in_installments(
    page: Page, outbox: Outbox, staff_browser, tmp_path: Path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    _not_about_to_turn_midnight()
    # Given a branch, a workshop with e-notification and its owner, signed in
    branch = BranchFactory(name="شعبه ۱ تهران")
    employer = employer_signs_in(page, outbox)
    representative = RepresentativeFactory(
        user=employer,
        workshop__branch=branch,
        workshop__name="شرکت نمونه پارس",
        workshop__employer_name="رضا کریمی",
        workshop__e_notification_opt_in=True,
        workshop__e_notification_form_signed_on=datetime.date(2024, 10, 6),
    )
    workshop = representative.workshop
    # and a staff member of the branch in a browser of their own
    _staff, staff = staff_browser(branch)
    first, second = month_back(4), month_back(3)

    # When staff find the workshop and issue a ruling by hand for two periods
    go_to_dashboard_link(staff, "کارگاه‌های شعبه")
    staff.get_by_label("کد یا نام کارگاه").fill(workshop.code)
    staff.get_by_role("button", name="جستجو").click()
    staff.get_by_role("link", name="احکام مطالباتی").click()
    expect(staff).to_have_url(url_is("employers:staff_rulings", workshop.pk))
    staff.get_by_role("link", name="صدور دستی").click()
    for index, (year, month) in enumerate((first, second)):
        row = staff.locator(".ruling-line").nth(index)
        row.get_by_label("سال").fill(persian_digits(year))
        row.get_by_label("ماه").select_option(str(month))
        row.get_by_label("اصل بدهی (ریال)").fill(str(PRINCIPAL))
        row.get_by_label("جریمه (ریال)").fill(str(PENALTY))
    staff.get_by_label("شرح حکم").fill("حق بیمه کارکنان قراردادی که در لیست نیامده‌اند.")
    staff.get_by_role("button", name="ثبت پیش‌نویس").click()
    expect(staff).to_have_url(re.compile(r"/employers/rulings/staff/ruling/\d+/$"))
    expect(staff.get_by_text("پیش‌نویس است.", exact=False)).to_be_visible()
    # and serve it
    staff.get_by_role("button", name="ابلاغ حکم").click()
    expect(staff.get_by_role("alert").first).to_have_text(
        "حکم ابلاغ الکترونیک شد و در کارپوشهٔ کارگاه قرار گرفت."
    )
    ruling = ClaimRuling.objects.get(workshop=workshop)
    assert ruling.status == RulingStatus.SERVED
    assert ruling.current_amount == RULING_TOTAL
    notice = ruling.notice
    assert notice.served_at is not None
    assert notice.first_opened_at is None

    # Then the employer is told by SMS (the dev outbox) and by e-mail
    number = persian_digits(notice.number)
    assert any(number in text for text in sms_bodies_to(page, EMPLOYER_MOBILE))
    sent = Notification.objects.filter(user=employer, template_key="employer_notice_served")
    assert set(sent.values_list("channel", flat=True)) >= {"sms", "email"}
    assert any(
        EMPLOYER_EMAIL in message.to and number in message.subject for message in mail.outbox
    )

    # When the employer opens the notice from the inbox
    go_to_dashboard_link(page, "ابلاغیه‌ها و مکاتبات")
    page.get_by_role("link", name="صندوق ابلاغیه").click()
    expect(page).to_have_url(url_is("employers:notice_inbox", workshop.pk))
    expect(page.get_by_text("خوانده نشده")).to_be_visible()
    page.get_by_role("link", name=re.compile("حکم مطالباتی")).click()
    expect(page).to_have_url(url_is("employers:notice_detail", notice.pk))
    expect(page.locator(".notice-hash")).to_have_text(notice.content_sha256)
    expect(page.get_by_text("نخستین بار رضا کریمی")).to_be_visible()
    # Then the receipt is recorded: who and when
    notice.refresh_from_db()
    assert notice.first_opened_by == employer
    assert notice.first_opened_at is not None

    # When they object within the term with a document
    document = tmp_path / "contracts.pdf"
    document.write_bytes(pdf_bytes())
    go_to_dashboard_link(page, "اعتراض به احکام مطالباتی")
    objectable = page.get_by_test_id("objectable")
    expect(objectable).to_contain_text(persian_digits(ruling.number))
    expect(objectable).to_contain_text(jalali(notice.respond_until))
    objectable.get_by_role("link", name="ثبت اعتراض").click()
    page.get_by_label("شرح اعتراض").fill(
        "این کارکنان کارکنان پیمانکار بوده‌اند و پیمانکار حق بیمه آنان را پرداخته است."
    )
    page.get_by_label("مدارک", exact=True).set_input_files(document)
    page.get_by_role("button", name="ثبت اعتراض").click()
    # Then it is registered with a tracking code and goes to the branch
    expect(page).to_have_url(re.compile(r"/employers/objections/\d+/$"))
    objection = Objection.objects.get(ruling=ruling)
    expect(page.get_by_role("alert").first).to_contain_text(persian_digits(objection.tracking_code))
    expect(page.get_by_test_id("objection-status")).to_have_text("ثبت شد")
    assert objection.case_id is not None
    from branches.models import CaseDocument

    assert CaseDocument.objects.filter(case_id=objection.case_id).count() == 1

    # When staff take it to the board and set the hearing
    go_to_dashboard_link(staff, "اعتراض‌های کارگاه‌ها")
    staff.get_by_role("link", name=persian_digits(objection.tracking_code)).click()
    status_form = staff.get_by_test_id("status-form")
    status_form.get_by_label("وضعیت جدید").select_option(label="طرح در هیأت")
    status_form.get_by_role("button", name="ثبت وضعیت و پیامک به کارفرما").click()
    expect(staff.get_by_test_id("objection-status")).to_have_text("طرح در هیأت")
    hearing_form = staff.get_by_test_id("hearing-form")
    hearing_form.get_by_label("تاریخ جلسه").fill(jalali())
    hearing_form.get_by_label("ساعت (مثلاً ۰۹:۳۰)").fill(HEARING_TIME)
    hearing_form.get_by_label("محل جلسه").fill("شعبه ۱ تهران، اتاق هیأت بدوی")
    hearing_form.get_by_role("button", name="تعیین و ابلاغ به کارگاه").click()
    expect(staff.get_by_test_id("objection-status")).to_have_text("تعیین وقت رسیدگی")
    objection.refresh_from_db()
    hearing = objection.hearing_notice
    assert hearing.kind == NoticeKind.HEARING
    assert hearing.served_at is not None

    # Then the employer is served the hearing: it is in their inbox and on the objection
    assert any(
        persian_digits(hearing.number) in text for text in sms_bodies_to(page, EMPLOYER_MOBILE)
    )
    go_to_dashboard_link(page, "ابلاغیه‌ها و مکاتبات")
    page.get_by_role("link", name="صندوق ابلاغیه").click()
    page.get_by_role("link", name=re.compile("دعوت به جلسه")).click()
    expect(page).to_have_url(url_is("employers:notice_detail", hearing.pk))
    expect(page.get_by_text("اتاق هیأت بدوی")).to_be_visible()
    go_to_dashboard_link(page, "اعتراض به احکام مطالباتی")
    page.get_by_role("link", name=persian_digits(objection.tracking_code)).click()
    expect(page.get_by_test_id("hearing")).to_contain_text("اتاق هیأت بدوی")
    expect(page.get_by_test_id("objection-status")).to_have_text("تعیین وقت رسیدگی")

    # When staff record the board's vote lowering the ruling
    vote_form = staff.get_by_test_id("vote-form")
    vote_form.get_by_label("مبلغ رأی (ریال)").fill(str(VOTE_AMOUNT))
    vote_form.get_by_label("تاریخ رأی").fill(jalali())
    vote_form.get_by_label("متن و استدلال رأی").fill(
        "با قراردادهای پیمانکاری ارائه‌شده، حق بیمه دو نفر از مبلغ حکم کسر شد."
    )
    vote_form.get_by_role("button", name="ثبت رأی و ابلاغ به کارگاه").click()
    expect(staff.get_by_test_id("vote-amount")).to_have_text(format_rial(VOTE_AMOUNT))

    # Then the employer's debt page and turnover show the lower debt
    go_to_dashboard_link(page, "کارگاه‌های من")
    page.get_by_role("link", name=workshop.name).click()
    page.get_by_role("link", name="بدهی کارگاه", exact=True).click()
    expect(page).to_have_url(url_is("employers:debt", workshop.pk))
    expect(page.get_by_test_id("final")).to_have_text(format_rial(VOTE_AMOUNT))
    expect(page.get_by_test_id("rulings-owed")).to_contain_text(format_rial(VOTE_AMOUNT))
    page.get_by_role("link", name="گردش حساب").click()
    vote_row = page.locator("tr", has_text=persian_digits(objection.tracking_code))
    expect(vote_row).to_contain_text(format_rial(RULING_TOTAL - VOTE_AMOUNT, with_unit=False))
    ruling.refresh_from_db()
    assert ruling.current_amount == VOTE_AMOUNT
    assert ruling.status == RulingStatus.DECIDED
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.VOTE_CONFIRMED

    # When the employer agrees installments (the penalties waived within the term)
    page.get_by_role("link", name="بدهی کارگاه").click()
    page.get_by_test_id("installments-link").click()
    page.get_by_role("link", name="درخواست تقسیط").click()
    plan_total = VOTE_AMOUNT - 2 * PENALTY
    expect(page.get_by_test_id("total")).to_have_text(format_rial(plan_total))
    page.get_by_label("۲۰٪ پیش‌پرداخت و ۶ قسط").check()
    page.get_by_role("button", name="پیش‌نمایش اقساط").click()
    expect(page.get_by_test_id("schedule")).to_contain_text(format_rial(plan_total))
    page.get_by_role("button", name="با این اقساط موافقم؛ توافق ثبت شود").click()
    expect(page).to_have_url(re.compile(r"/employers/installments/plans/\d+/$"))
    plan = InstallmentPlan.objects.get(workshop=workshop)
    assert plan.total == plan_total
    assert plan.installment_count == 6
    down_payment = plan.installments.get(number=0)

    # and pays the down payment at the (sandbox) bank
    page.get_by_test_id("installment-0").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/employers/money/sandbox-bank/"))
    expect(page.get_by_test_id("amount")).to_have_text(format_rial(down_payment.amount))
    page.get_by_role("button", name="پرداخت", exact=True).click()
    expect(page.get_by_text("پرداخت با موفقیت انجام و در حساب کارگاه ثبت شد.")).to_be_visible()
    # Then the installment is paid and the debt is what the plan still owes
    down_payment.refresh_from_db()
    assert down_payment.status == InstallmentStatus.PAID
    assert Payment.objects.get(installment=down_payment).status == PaymentStatus.PAID
    page.get_by_role("link", name="بازگشت به بدهی کارگاه").click()
    expect(page.get_by_test_id("final")).to_have_text(format_rial(plan_total - down_payment.amount))
    page.get_by_test_id("installments-link").click()
    page.get_by_role("link", name="اقساط و پرداخت قسط").click()
    expect(page.get_by_test_id("installment-0")).to_contain_text("پرداخت شد")
    expect(page.get_by_test_id("paid")).to_have_text(format_rial(down_payment.amount))
    assert workshop_debt(workshop=workshop, today=timezone.localdate()).final == (
        plan_total - down_payment.amount
    )


def test_a_workshop_owing_nothing_gets_its_clearance_at_once_and_it_verifies(
    page: Page, outbox: Outbox, tmp_path: Path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Given a workshop started three months ago whose every month due is listed and paid
    employer = employer_signs_in(page, outbox)
    representative = RepresentativeFactory(
        user=employer,
        workshop__name="کارگاه بی‌بدهی البرز",
        workshop__started_on=first_day(month_back(3)),
        workshop__e_notification_opt_in=True,
    )
    workshop = representative.workshop
    for count in (3, 2):
        sent_and_paid_in_time(workshop, month_back(count))

    # When the employer asks for a clearance certificate for a transfer
    go_to_dashboard_link(page, "مفاصا حساب")
    page.get_by_role("listitem").filter(has_text=workshop.name).get_by_role(
        "link", name="درخواست جدید"
    ).click()
    page.get_by_label("نوع مفاصا حساب").select_option(label="انتقال کارگاه (ماده ۳۷)")
    page.get_by_role("button", name="ثبت درخواست").click()

    # Then it is issued at once, served to the inbox, and its PDF downloads
    expect(page).to_have_url(re.compile(r"/employers/clearance/request/\d+/$"))
    expect(page.get_by_test_id("status")).to_have_text("صادر شد")
    download_link = page.get_by_role("link", name="دریافت فایل PDF گواهی")
    expect(download_link).to_be_visible(timeout=30_000)
    with page.expect_download() as download:
        download_link.click()
    saved = tmp_path / "clearance.pdf"
    download.value.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"%PDF")
    clearance = ClearanceRequest.objects.get(workshop=workshop)
    assert clearance.status == ClearanceStatus.ISSUED
    assert Notice.objects.get(workshop=workshop, kind=NoticeKind.CERTIFICATE).served_at

    # When anyone types the code printed on the PDF into /verify/<code>
    printed = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    code = clearance.document.verification_code
    assert code in printed
    assert f"/verify/{code}" in printed
    page.get_by_role("button", name="خروج", exact=True).click()
    page.goto(reverse("verify_form"))
    page.get_by_label("کد رهگیری سند").fill(code)
    page.get_by_role("button", name="استعلام").click()
    # Then the certificate is valid, with the workshop's code
    expect(page).to_have_url(url_is("verify", code))
    expect(page.get_by_role("alert")).to_have_text(
        "این سند معتبر است و توسط سازمان تأمین اجتماعی صادر شده است."
    )
    expect(page.get_by_role("table")).to_contain_text("مفاصا حساب")
    expect(page.get_by_role("table")).to_contain_text(persian_digits(workshop.code))
