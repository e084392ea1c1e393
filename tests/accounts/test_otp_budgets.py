"""Issue #8 item 3: code limits that strangers cannot turn against the owner.

Each purpose spends its own budget (sign-in per account; registration per
mobile and national code; reset per national code + mobile), registration and
reset starts are counted per client address, and the pages answer alike
whether or not the national code has an account.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tamin.accounts.models import PasswordResetRequest, PendingRegistration
from tamin.core.identifiers import national_code_with_check_digit
from tests.accounts.conftest import last_code_sent_to
from tests.accounts.factories import UserFactory, staff_with_totp

pytestmark = pytest.mark.django_db

BIRTH_DATE = "۱۳۶۴/۰۱/۱۰"


def _national_code(n: int) -> str:
    """A valid national code nobody in these tests has an account for."""
    return national_code_with_check_digit(f"{400000000 + n * 7907:09d}")


def _register(browser: Client, *, national_code: str, mobile: str):
    return browser.post(
        reverse("accounts:register"),
        {"national_code": national_code, "birth_date": BIRTH_DATE, "mobile": mobile},
    )


def _reset(browser: Client, *, national_code: str, mobile: str):
    return browser.post(
        reverse("accounts:password_reset"), {"national_code": national_code, "mobile": mobile}
    )


def _sign_in_password(browser: Client, user):
    return browser.post(
        reverse("accounts:login"), {"national_code": user.national_code, "password": DEMO_PASSWORD}
    )


def _api_sign_in_password(browser: Client, user):
    return browser.post(
        "/api/v1/accounts/login/",
        {"national_code": user.national_code, "password": DEMO_PASSWORD},
        content_type="application/json",
    )


def _page_as_seen(response) -> str:
    """The page without what differs on every request by design (CSRF token, CSP nonce)."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]*"', "", text)
    return re.sub(r'nonce="[^"]*"', "", text)


def _templates(response) -> list[str]:
    # Nameless templates are message texts rendered from the database (the SMS), not the page.
    return [template.name for template in response.templates if template.name]


# --- Registrations by strangers never stop the owner's sign-in ------------------------


def test_registrations_with_random_national_codes_do_not_stop_the_owners_sign_in(citizen, settings):
    # Given strangers who start more registrations with the owner's mobile than its
    # registration budget allows, each with a random national code (no wait between sends)
    settings.OTP_RESEND_COOLDOWN_SECONDS = 0
    budget = settings.OTP_REGISTER_SENDS_PER_WINDOW = 5
    for n in range(budget):
        stranger = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")
        response = _register(stranger, national_code=_national_code(n), mobile=citizen.mobile)
        assert response["Location"] == reverse("accounts:register_verify")
    refused = _register(Client(), national_code=_national_code(budget), mobile=citizen.mobile)
    assert "از حد مجاز گذشته" in refused.content.decode()  # the registration budget is spent
    # When the owner signs in on the web with the password
    owner = Client()
    response = _sign_in_password(owner, citizen)
    # Then the sign-in code is sent and works
    assert response.get("Location") == reverse("accounts:login_verify")
    response = owner.post(
        reverse("accounts:login_verify"), {"code": last_code_sent_to(citizen.mobile)}
    )
    assert response.status_code == 302
    assert int(owner.session["_auth_user_id"]) == citizen.pk
    # And the mobile app's sign-in sends its code too
    response = _api_sign_in_password(Client(), citizen)
    assert response.status_code == 200, response.content
    assert response.json()["method"] == "sms"


def test_login_budget_is_still_enforced_for_the_account(citizen, settings):
    # Given an account whose sign-in budget is 3 codes per window (no wait between sends)
    settings.OTP_RESEND_COOLDOWN_SECONDS = 0
    settings.OTP_LOGIN_SENDS_PER_WINDOW = 3
    for _ in range(3):
        assert _sign_in_password(Client(), citizen)["Location"] == reverse("accounts:login_verify")
    # When a fourth code is asked, on the web and in the app
    web = _sign_in_password(Client(), citizen)
    app = _api_sign_in_password(Client(), citizen)
    # Then both are refused with the Persian limit message
    assert "از حد مجاز گذشته" in web.content.decode()
    assert app.status_code == 400
    assert app.json()["code"] == "otp_too_many_sends"
    assert Notification.objects.filter(template_key="otp_login").count() == 3


def test_the_owner_hears_of_registrations_with_their_national_code_once_per_window(
    citizen, settings
):
    # Given strangers who start registrations with the owner's national code and their own mobiles
    settings.OTP_RESEND_COOLDOWN_SECONDS = 0
    for n in range(3):
        response = _register(
            Client(), national_code=citizen.national_code, mobile=f"0935000{n:04d}"
        )
        assert response["Location"] == reverse("accounts:register_verify")
    # Then no code went anywhere, and the owner's mobile got a single notice
    assert not Notification.objects.filter(template_key="otp_register").exists()
    notices = Notification.objects.filter(template_key="registration_account_exists")
    assert [notice.to_address for notice in notices] == [citizen.mobile]


# --- Probing per client address ------------------------------------------------------


def test_registration_probing_from_one_address_is_refused_after_its_budget(settings):
    # Given a client address allowed 3 registration starts per window
    settings.OTP_REGISTER_STARTS_PER_CLIENT = 3
    prober = Client(REMOTE_ADDR="203.0.113.50")
    for n in range(3):
        response = _register(prober, national_code=_national_code(n), mobile=f"0912000{n:04d}")
        assert response.status_code == 302
    # When it starts a fourth with yet another national code and mobile
    response = _register(prober, national_code=_national_code(3), mobile="09120009999")
    # Then it is refused, and nothing was started or sent for it
    assert response.status_code == 429
    assert "درخواست‌های زیادی" in response.content.decode()
    assert not PendingRegistration.objects.filter(national_code=_national_code(3)).exists()
    # And another address is not affected
    other = _register(
        Client(REMOTE_ADDR="203.0.113.51"), national_code=_national_code(3), mobile="09120009999"
    )
    assert other.status_code == 302


def test_reset_probing_from_one_address_is_refused_after_its_budget(citizen, settings):
    # Given a client address allowed 3 reset starts per window
    settings.OTP_RESET_STARTS_PER_CLIENT = 3
    prober = Client(REMOTE_ADDR="203.0.113.60")
    for n in range(3):
        response = _reset(prober, national_code=_national_code(n), mobile=citizen.mobile)
        assert response.status_code == 302
    # When it tries a fourth national code, this time one that has an account
    response = _reset(prober, national_code=citizen.national_code, mobile=citizen.mobile)
    # Then it is refused before anything is looked up or sent
    assert response.status_code == 429
    assert "درخواست‌های زیادی" in response.content.decode()
    assert not Notification.objects.exists()
    # And the owner, from their own address, still gets a reset code
    owner = _reset(
        Client(REMOTE_ADDR="198.51.100.61"),
        national_code=citizen.national_code,
        mobile=citizen.mobile,
    )
    assert owner["Location"] == reverse("accounts:password_reset_verify")
    assert last_code_sent_to(citizen.mobile)


# --- One answer, registered or not ------------------------------------------------------


def _same_answers(first: list, second: list) -> None:
    for one, other in zip(first, second, strict=True):
        assert one.status_code == other.status_code
        assert one.get("Location") == other.get("Location")
        assert _templates(one) == _templates(other)
        assert _page_as_seen(one) == _page_as_seen(other)


def _journey(browser: Client, start, verify_url: str, **data) -> list:
    """Start, open the code page, and type a wrong code: every answer a prober sees."""
    return [
        start(browser, **data),
        browser.get(verify_url),
        browser.post(verify_url, {"code": "000000"}),
    ]


def test_registration_answers_alike_for_registered_and_unregistered_national_codes():
    # Given a national code with an account and one without (mobiles masked alike)
    owner = UserFactory(password=DEMO_PASSWORD)
    verify_url = reverse("accounts:register_verify")
    # When each is used to start a registration and a wrong code is typed
    registered = _journey(
        Client(),
        _register,
        verify_url,
        national_code=owner.national_code,
        mobile="09121110000",
    )
    unregistered = _journey(
        Client(), _register, verify_url, national_code=_national_code(1), mobile="09122220000"
    )
    # Then status, redirect, templates and page text are the same at every step
    _same_answers(registered, unregistered)
    assert registered[0]["Location"] == verify_url


def test_password_reset_answers_alike_whoever_the_national_code_belongs_to():
    # Given an account, a staff account, an account asked with another mobile, and no account
    citizen = UserFactory(password=DEMO_PASSWORD, mobile="09121110000")
    staff, _device = staff_with_totp(mobile="09122220000")
    verify_url = reverse("accounts:password_reset_verify")
    asked = [
        {"national_code": citizen.national_code, "mobile": citizen.mobile},
        {"national_code": staff.national_code, "mobile": staff.mobile},
        {"national_code": citizen.national_code, "mobile": "09123330000"},
        {"national_code": _national_code(2), "mobile": "09124440000"},
    ]
    # When each starts a reset and types a wrong code
    journeys = [_journey(Client(), _reset, verify_url, **data) for data in asked]
    # Then every prober sees the same answers
    for journey in journeys[1:]:
        _same_answers(journeys[0], journey)
    assert journeys[0][0]["Location"] == verify_url
    # While only the real owner's phone received a code
    assert list(Notification.objects.values_list("to_address", flat=True)) == [citizen.mobile]
    assert PasswordResetRequest.objects.filter(user__isnull=False).count() == 1
