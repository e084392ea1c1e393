"""Issue #9 item 9: the password step of sign-in is one service behind two doors.

The browser page (`/accounts/login/`) and the app API (`/api/v1/accounts/login/`)
both call `services.login_password_step`. Each case below goes through both
doors with the same input and must leave the same outcome: the same refusal
(code and Persian message), the same audit rows and the same axes failures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.db.models import Sum
from django.test import Client, RequestFactory
from django.urls import reverse

from tamin.accounts import services
from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tamin.accounts.models import Role
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory, staff_with_totp

pytestmark = pytest.mark.django_db

CLIENT_ADDRESS = "198.51.100.23"
WRONG_PASSWORD = "not-the-password-1"


@dataclass(frozen=True)
class Outcome:
    """What one password step left behind, in terms both doors can be compared by."""

    status: int  # 200 second step asked, 400 refused, 429 locked out
    message: str  # the Persian refusal ("" when the second step was asked)
    audit: list[tuple[str, str, str, str | None]]  # action, target type, target id, address
    failures_counted: int  # axes failures recorded for this account


def _web_door(*, national_code: str, password: str) -> tuple[int, str]:
    response = Client(REMOTE_ADDR=CLIENT_ADDRESS).post(
        reverse("accounts:login"), {"national_code": national_code, "password": password}
    )
    if response.status_code == 302:
        assert response["Location"] == reverse("accounts:login_verify")
        return 200, ""
    if response.status_code == 429:
        return 429, ""
    # A refusal is shown above the form: the page's form carries it as a non-field error.
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1, response.content.decode()
    return 400, errors[0]


def _api_door(*, national_code: str, password: str) -> tuple[int, str]:
    response = Client(REMOTE_ADDR=CLIENT_ADDRESS).post(
        "/api/v1/accounts/login/",
        {"national_code": national_code, "password": password},
        content_type="application/json",
    )
    body = response.json()
    if response.status_code == 200:
        assert body["method"] in {services.METHOD_SMS, services.METHOD_TOTP}
        return 200, ""
    if response.status_code == 429:
        assert body["code"] == "locked_out"
        return 429, ""
    return response.status_code, body["message"]


def _through(door, *, national_code: str, password: str, failures_before: int = 0) -> Outcome:
    """Sign in through `door` from a clean state (no lockout counters, no send budget spent)."""
    AccessAttempt.objects.all().delete()
    cache.clear()
    for _ in range(failures_before):
        door(national_code=national_code, password=WRONG_PASSWORD)
    failures_before_step = _failures(national_code)
    first_row = (AuditLog.objects.order_by("-pk").values_list("pk", flat=True).first()) or 0
    status, message = door(national_code=national_code, password=password)
    audit = [
        (row.action, row.target_type, row.target_id, row.ip_address or row.detail.get("ip"))
        for row in AuditLog.objects.filter(pk__gt=first_row).order_by("pk")
    ]
    failures = _failures(national_code) - failures_before_step
    return Outcome(status=status, message=message, audit=audit, failures_counted=failures)


def _failures(national_code: str) -> int:
    """Wrong passwords axes holds against this national code (from any address)."""
    attempts = AccessAttempt.objects.filter(username=national_code)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _both_doors(**step) -> Outcome:
    web = _through(_web_door, **step)
    api = _through(_api_door, **step)
    # Then both doors answer the same, audit the same and count the same failures
    assert web == api
    return web


def test_a_wrong_password_is_refused_alike_by_the_page_and_the_app():
    # Given an account
    person = UserFactory(password=DEMO_PASSWORD)
    # When a wrong password is given at each door
    outcome = _both_doors(national_code=person.national_code, password=WRONG_PASSWORD)
    # Then it is refused, audited against the typed national code and counted by axes
    assert outcome.status == 400
    assert outcome.message == "کد ملی یا گذرواژه نادرست است."
    assert outcome.audit == [
        ("login.password_failed", "national_code", person.national_code, CLIENT_ADDRESS)
    ]
    assert outcome.failures_counted == 1


def test_an_inactive_account_answers_like_a_wrong_password_at_both_doors():
    # Given a closed account and its right password
    person = UserFactory(password=DEMO_PASSWORD, is_active=False)
    # When the right password is given at each door
    outcome = _both_doors(national_code=person.national_code, password=DEMO_PASSWORD)
    # Then nothing tells the account apart from a wrong password: same refusal, row and count
    wrong = _both_doors(national_code=person.national_code, password=WRONG_PASSWORD)
    assert outcome == wrong
    assert outcome.status == 400
    assert not AuditLog.objects.filter(action="login.code_sent").exists()


def test_a_locked_out_client_is_refused_alike_by_the_page_and_the_app(settings):
    # Given an account that this client guessed wrong for as often as axes allows
    person = UserFactory(password=DEMO_PASSWORD)
    # When the right password comes next at each door
    outcome = _both_doors(
        national_code=person.national_code,
        password=DEMO_PASSWORD,
        failures_before=settings.AXES_FAILURE_LIMIT,
    )
    # Then both answer 429 and audit the refused attempt, and no code was sent
    assert outcome.status == 429
    assert outcome.audit == [
        ("login.locked_out", "national_code", person.national_code, CLIENT_ADDRESS)
    ]
    assert not AuditLog.objects.filter(action="login.code_sent").exists()


def test_staff_without_an_authenticator_are_refused_alike_by_the_page_and_the_app():
    # Given a staff account with its right password but no authenticator app
    staff = UserFactory(password=DEMO_PASSWORD, is_staff=True, roles=[Role.STAFF])
    # When it signs in at each door
    outcome = _both_doors(national_code=staff.national_code, password=DEMO_PASSWORD)
    # Then both refuse it before any SMS, saying to ask the administrator
    assert outcome.status == 400
    assert "برنامه احراز هویت" in outcome.message
    assert [row[0] for row in outcome.audit] == ["login.no_totp_device"]


def test_a_spent_sign_in_code_budget_is_refused_alike_by_the_page_and_the_app(settings):
    # Given an account whose sign-in code budget allows no send in this window
    settings.OTP_RESEND_COOLDOWN_SECONDS = 0
    settings.OTP_LOGIN_SENDS_PER_WINDOW = 0
    person = UserFactory(password=DEMO_PASSWORD)
    # When the right password is given at each door
    outcome = _both_doors(national_code=person.national_code, password=DEMO_PASSWORD)
    # Then both refuse to send a code, with the same message and audit row
    assert outcome.status == 400
    assert "از حد مجاز گذشته" in outcome.message
    assert [row[0] for row in outcome.audit] == ["otp.send_refused"]


def test_a_right_password_asks_for_the_same_second_step_at_both_doors():
    # Given a citizen and a staff member with an authenticator
    citizen = UserFactory(password=DEMO_PASSWORD)
    staff, _device = staff_with_totp(password=DEMO_PASSWORD)
    # When each gives the right password at each door
    by_sms = _both_doors(national_code=citizen.national_code, password=DEMO_PASSWORD)
    by_app = _both_doors(national_code=staff.national_code, password=DEMO_PASSWORD)
    # Then the citizen is sent a code and the staff member is asked for the authenticator
    assert by_sms.status == by_app.status == 200
    assert [row[0] for row in by_sms.audit] == ["login.code_sent"]
    assert [row[0] for row in by_app.audit] == ["login.totp_requested"]


# --- The service itself ---------------------------------------------------------------


def _request():
    return RequestFactory().post("/accounts/login/", REMOTE_ADDR=CLIENT_ADDRESS)


def test_the_password_step_service_starts_the_second_factor():
    # Given a citizen
    person = UserFactory(password=DEMO_PASSWORD)
    # When the one password-step service is called with the right password
    started = services.login_password_step(
        national_code=person.national_code, password=DEMO_PASSWORD, request=_request()
    )
    # Then it names the person and carries the SMS challenge it started
    assert started.user == person
    assert started.challenge.method == services.METHOD_SMS
    assert AuditLog.objects.get(action="login.code_sent").detail["ip"] == CLIENT_ADDRESS


def test_the_password_step_service_keeps_the_failure_it_refuses(settings):
    # Given a citizen
    person = UserFactory(password=DEMO_PASSWORD)
    # When the service refuses a wrong password
    with pytest.raises(ApplicationError) as refused:
        services.login_password_step(
            national_code=person.national_code, password=WRONG_PASSWORD, request=_request()
        )
    # Then the refusal has its stable code, and the audit row and axes failure are kept
    assert refused.value.code == "invalid_credentials"
    assert AuditLog.objects.filter(action="login.password_failed").get().ip_address == (
        CLIENT_ADDRESS
    )
    assert AccessAttempt.objects.get(username=person.national_code).failures_since_start == 1
    # And once axes locks the client out, the service says so with its own exception
    for _ in range(settings.AXES_FAILURE_LIMIT):
        with pytest.raises(ApplicationError):
            services.login_password_step(
                national_code=person.national_code, password=WRONG_PASSWORD, request=_request()
            )
    with pytest.raises(services.LoginLockedOut) as locked:
        services.login_password_step(
            national_code=person.national_code, password=DEMO_PASSWORD, request=_request()
        )
    assert locked.value.code == "locked_out"
