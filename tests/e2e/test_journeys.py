"""Whole journeys through the account pages, in Chromium, against the live server."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tamin.accounts.models import Role, User
from tamin.core.identifiers import national_code_with_check_digit
from tamin.core.jalali import persian_digits
from tests.accounts.factories import UserFactory, staff_with_totp
from tests.e2e.conftest import Outbox, sign_in

pytestmark = [
    pytest.mark.e2e,
    # One live server and one Chromium per xdist worker is plenty: keep browser tests together.
    pytest.mark.xdist_group("e2e"),
    # The live server thread only sees committed rows.
    pytest.mark.django_db(transaction=True),
]


def url_is(name: str, *args) -> re.Pattern:
    return re.compile(re.escape(reverse(name, args=args)) + r"(\?.*)?$")


def test_newcomer_registers_signs_out_and_signs_back_in(page: Page, outbox: Outbox, settings):
    national_code = national_code_with_check_digit("246813579")
    mobile = "09351112233"
    password = "kavir-e-lut-1403"

    # Given a newcomer on the home page
    page.goto("/")
    expect(page.get_by_role("heading", name="میز خدمات غیرحضوری تأمین اجتماعی")).to_be_visible()

    # When they follow «ثبت‌نام» and give their identity; the national code in Persian digits
    page.get_by_role("link", name="ثبت‌نام", exact=True).click()
    expect(page).to_have_url(url_is("accounts:register"))
    page.get_by_label("کد ملی").fill(persian_digits(national_code))
    page.get_by_label("تاریخ تولد (شمسی)").fill("1369/05/21")
    page.get_by_label("شماره تلفن همراه").fill(mobile)
    page.get_by_role("button", name="دریافت کد تأیید").click()

    # Then a code is texted to their (masked) number
    expect(page).to_have_url(url_is("accounts:register_verify"))
    expect(page.get_by_role("heading", name="تأیید شماره همراه")).to_be_visible()
    expect(page.get_by_text("۰۹۳۵***۲۲۳۳")).to_be_visible()

    # When they type the code from the SMS and choose a password
    page.get_by_label("کد پیامک‌شده").fill(outbox.newest_code(mobile))
    page.get_by_role("button", name="تأیید", exact=True).click()
    expect(page).to_have_url(url_is("accounts:register_password"))
    page.get_by_label("گذرواژه", exact=True).fill(password)
    page.get_by_label("تکرار گذرواژه").fill(password)
    page.get_by_role("button", name="ثبت گذرواژه").click()

    # Then they are signed in on the insured dashboard; the Persian digits were normalized
    expect(page).to_have_url(url_is("accounts:dashboard", Role.INSURED))
    expect(page.get_by_role("alert")).to_have_text("ثبت‌نام شما کامل شد. خوش آمدید.")
    expect(page.get_by_role("heading", level=1)).to_have_text("پیشخوان بیمه‌شده")
    assert User.objects.filter(national_code=national_code, mobile=mobile).exists()

    # When they sign out from the header
    page.get_by_role("button", name="خروج", exact=True).click()
    expect(page).to_have_url(url_is("home"))
    expect(page.get_by_role("alert")).to_have_text("از درگاه خارج شدید.")
    expect(page.get_by_role("button", name="خروج", exact=True)).to_have_count(0)

    # And sign in again with national code, password and a new SMS code
    page.get_by_role("link", name="ورود", exact=True).first.click()
    expect(page).to_have_url(url_is("accounts:login"))
    expect(page.get_by_role("heading", name="ورود به درگاه")).to_be_visible()
    page.get_by_label("کد ملی").fill(national_code)
    page.get_by_label("گذرواژه", exact=True).fill(password)
    page.get_by_role("button", name="ادامه").click()
    expect(page).to_have_url(url_is("accounts:login_verify"))
    expect(page.get_by_role("heading", name="ورود: مرحله دوم")).to_be_visible()
    page.get_by_label("کد پیامک‌شده").fill(outbox.newest_code(mobile))
    page.get_by_role("button", name="تأیید", exact=True).click()

    # Then the dashboard shows again
    expect(page).to_have_url(url_is("accounts:dashboard", Role.INSURED))
    expect(page.get_by_role("heading", level=1)).to_have_text("پیشخوان بیمه‌شده")
    expect(page.get_by_role("button", name="خروج", exact=True)).to_be_visible()


def test_wrong_code_shows_tries_left_then_the_right_code_signs_in(
    page: Page, outbox: Outbox, settings
):
    # The device waits 1 s after a wrong guess; the live server shares these settings.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = UserFactory(password=DEMO_PASSWORD, mobile="09351112244")

    # Given the password step is done
    page.goto(reverse("accounts:login"))
    page.get_by_label("کد ملی").fill(user.national_code)
    page.get_by_label("گذرواژه", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ادامه").click()
    expect(page).to_have_url(url_is("accounts:login_verify"))
    code = outbox.newest_code(user.mobile)
    wrong = "000000" if code != "000000" else "111111"

    # When a wrong code is entered
    page.get_by_label("کد پیامک‌شده").fill(wrong)
    page.get_by_role("button", name="تأیید", exact=True).click()

    # Then a Persian error tells how many tries are left, tied to the field
    error = page.locator("#id_code-error")
    expect(error).to_have_text("کد واردشده نادرست است. ۴ بار دیگر می‌توانید تلاش کنید.")
    code_field = page.get_by_label("کد پیامک‌شده")
    expect(code_field).to_have_attribute("aria-invalid", "true")
    expect(code_field).to_have_attribute("aria-describedby", re.compile(r"\bid_code-error\b"))
    expect(page).to_have_url(url_is("accounts:login_verify"))

    # When the right code follows (Persian digits, as a phone keyboard may type them)
    code_field.fill(persian_digits(code))
    page.get_by_role("button", name="تأیید", exact=True).click()

    # Then the person is in
    expect(page).to_have_url(url_is("accounts:dashboard", Role.INSURED))
    expect(page.get_by_role("heading", level=1)).to_have_text("پیشخوان بیمه‌شده")


def test_staff_signs_in_with_the_authenticator_app(page: Page):
    staff, device = staff_with_totp(password=DEMO_PASSWORD)

    page.goto(reverse("accounts:login"))
    page.get_by_label("کد ملی").fill(staff.national_code)
    page.get_by_label("گذرواژه", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ادامه").click()

    # The second step asks for the authenticator, not an SMS
    expect(page).to_have_url(url_is("accounts:login_verify"))
    expect(
        page.get_by_text("کد شش‌رقمی برنامه احراز هویت (Authenticator) خود را وارد کنید.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="کد را دریافت نکردم؛ دوباره بفرست")).to_have_count(0)
    token = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    page.get_by_label("کد برنامه احراز هویت").fill(token)
    page.get_by_role("button", name="تأیید", exact=True).click()

    expect(page).to_have_url(url_is("accounts:dashboard", Role.STAFF))
    expect(page.get_by_role("heading", level=1)).to_have_text("پیشخوان کارمند شعبه")


def test_role_switcher_moves_to_the_employer_dashboard(page: Page, outbox: Outbox):
    user = UserFactory(
        password=DEMO_PASSWORD, mobile="09351112255", roles=[Role.INSURED, Role.EMPLOYER]
    )
    sign_in(
        page, outbox, national_code=user.national_code, password=DEMO_PASSWORD, mobile=user.mobile
    )
    # Roles are offered in the order of Role: insured first, so that is where one starts
    expect(page).to_have_url(url_is("accounts:dashboard", Role.INSURED))
    switcher = page.get_by_label("نقش", exact=True)
    expect(switcher).to_have_value(Role.INSURED)

    # When the header select changes to employer (it submits itself)
    switcher.select_option(label="کارفرما")

    # Then the employer dashboard shows, and the select keeps the new role
    expect(page).to_have_url(url_is("accounts:dashboard", Role.EMPLOYER))
    expect(page.get_by_role("heading", level=1)).to_have_text("پیشخوان کارفرما")
    expect(page.get_by_label("نقش", exact=True)).to_have_value(Role.EMPLOYER)
    # And the choice sticks: «پیشخوان» in the header leads back to the employer dashboard
    page.get_by_role("link", name="پیشخوان", exact=True).click()
    expect(page).to_have_url(url_is("accounts:dashboard", Role.EMPLOYER))
