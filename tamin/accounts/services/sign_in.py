"""Sign-in: the password step (`login_password_step`), then the second factor.

`login_password_step` is the one password step of the web pages and the app
API alike: `django.contrib.auth.authenticate` behind django-axes (lockout per
account + client address and per client), an audit row for each refusal, and
for a correct password `login_challenge_start`, which asks staff for their
authenticator code and sends everyone else an SMS code from the account's own
send budget. `login_challenge_verify` then checks that second factor.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from notifications.services import Recipient, notify
from tamin.accounts import otp
from tamin.accounts.models import SMSDevice, User
from tamin.accounts.services.code_budgets import check_send_allowed
from tamin.accounts.services.codes import CODE_MESSAGES, mask_mobile, raise_for_code
from tamin.core.exceptions import ApplicationError
from tamin.core.net import client_ip
from tamin.core.services import audit_record

METHOD_SMS = "sms"
METHOD_TOTP = "totp"
LOCKED_OUT_MESSAGE = gettext_lazy("به دلیل چند تلاش نادرست پیاپی، ورود برای ۱۵ دقیقه بسته شد.")


@dataclass(frozen=True)
class LoginChallenge:
    method: str
    device_id: int
    attempt_id: str
    mobile_masked: str = ""


@dataclass(frozen=True)
class LoginStarted:
    """A correct password: whose it is, and the second factor now asked of them."""

    user: User
    challenge: LoginChallenge


class LoginLockedOut(ApplicationError):
    """django-axes refused the attempt; callers answer with axes' lockout response (429)."""


# Not atomic on purpose: a refusal must keep the axes failure row and its audit row.
def login_password_step(*, national_code: str, password: str, request: HttpRequest) -> LoginStarted:
    """Check the password and start the second factor; the pages and the API both call this.

    Raises `LoginLockedOut` while axes locks this account + address (or this
    client) out, and `ApplicationError("invalid_credentials")` for a wrong
    password. An inactive account answers exactly like a wrong password
    (Django's ModelBackend refuses it and axes counts the failure), so the
    step never tells which accounts exist or are closed. A correct password
    may still be refused by `login_challenge_start` (staff without an
    authenticator, a spent code budget).
    """
    user = authenticate(request, national_code=national_code, password=password)
    if getattr(request, "axes_locked_out", False):
        audit_record(
            action="login.locked_out",
            target_type="national_code",
            target_id=national_code,
            request=request,
        )
        raise LoginLockedOut(str(LOCKED_OUT_MESSAGE), code="locked_out")
    if user is None:
        audit_record(
            action="login.password_failed",
            target_type="national_code",
            target_id=national_code,
            request=request,
        )
        raise ApplicationError(_("کد ملی یا گذرواژه نادرست است."), code="invalid_credentials")
    challenge = login_challenge_start(user=user, ip=client_ip(request))
    return LoginStarted(user=user, challenge=challenge)


def login_challenge_start(*, user: User, ip: str | None = None) -> LoginChallenge:
    """After a correct password: send an SMS code, or ask staff for their authenticator code."""
    if user.must_use_totp:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            audit_record(action="login.no_totp_device", target=user, detail={"ip": ip})
            raise ApplicationError(
                _(
                    "برای کارکنان ورود فقط با برنامه احراز هویت (Authenticator) ممکن است و برای شما هنوز ثبت نشده است. با مدیر سامانه تماس بگیرید."
                ),
                code="totp_missing",
            )
        audit_record(action="login.totp_requested", actor=user, target=user, detail={"ip": ip})
        return LoginChallenge(
            method=METHOD_TOTP, device_id=device.pk, attempt_id=secrets.token_hex(16)
        )
    device, _created = SMSDevice.objects.get_or_create(
        user=user, name="sms", defaults={"mobile": user.mobile, "confirmed": True}
    )
    if device.mobile != user.mobile:
        device.mobile = user.mobile
    # Keyed by the account only: nothing but a correct password spends this budget.
    check_send_allowed(
        keys=[f"user:{user.pk}"],
        purpose="login",
        ip=ip,
        action_target=user.mobile,
    )
    with transaction.atomic():
        code = otp.code_issue(device)
        device.save(
            update_fields=["token", "valid_until", "attempt_id", "wrong_tries", "used_at", "mobile"]
        )
        notify(
            recipient=Recipient(user=user, mobile=user.mobile),
            template_key="otp_login",
            context={"code": code},
            channels=["sms"],
            idempotency_key=f"login:{device.pk}:{device.attempt_id}",
            priority="high",
            expires_at=device.valid_until,  # a code past its validity is never sent
        )
        audit_record(action="login.code_sent", actor=user, target=user, detail={"ip": ip})
    return LoginChallenge(
        method=METHOD_SMS,
        device_id=device.pk,
        attempt_id=str(device.attempt_id),
        mobile_masked=mask_mobile(user.mobile),
    )


def login_challenge_verify(
    *, user: User, method: str, device_id: int, attempt_id: str, code: str, ip: str | None = None
) -> Device:
    """Check the second factor; returns the device to record with django_otp.login."""
    if method == METHOD_TOTP:
        return _login_totp_verify(user=user, device_id=device_id, code=code, ip=ip)
    if user.must_use_totp:
        raise ApplicationError(_("کارکنان نمی‌توانند با پیامک وارد شوند."), code="sms_not_allowed")
    device = SMSDevice.objects.filter(pk=device_id, user=user).first()
    if device is None:
        raise ApplicationError(
            CODE_MESSAGES[otp.CodeCheck.NOT_THIS_ATTEMPT], code="otp_not_this_attempt"
        )
    allowed, _info = device.verify_is_allowed()
    result = (
        otp.code_check(model=SMSDevice, pk=device.pk, attempt_id=attempt_id, code=code)
        if allowed
        else otp.CodeCheck.THROTTLED
    )
    if result is otp.CodeCheck.OK:
        SMSDevice.objects.filter(pk=device.pk).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )
        _login_succeeded(user=user, method=METHOD_SMS, ip=ip)
        return device
    if result is otp.CodeCheck.WRONG:
        SMSDevice.objects.filter(pk=device.pk).update(
            throttling_failure_count=F("throttling_failure_count") + 1,
            throttling_failure_timestamp=timezone.now(),
        )
    audit_record(action=f"login.code_{result.value}", target=user, detail={"ip": ip})
    raise_for_code(result, tries_left=otp.tries_left(model=SMSDevice, pk=device.pk))
    raise AssertionError("unreachable")


def _login_succeeded(*, user: User, method: str, ip: str | None) -> None:
    audit_record(
        action="login.succeeded", actor=user, target=user, detail={"method": method, "ip": ip}
    )


@transaction.atomic
def _login_totp_verify(*, user: User, device_id: int, code: str, ip: str | None) -> Device:
    # The row lock serializes parallel guesses so django-otp's throttling and
    # its "each time step once" rule see each other's updates.
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(pk=device_id, user=user, confirmed=True)
        .first()
    )
    if device is None:
        raise ApplicationError(
            CODE_MESSAGES[otp.CodeCheck.NOT_THIS_ATTEMPT], code="otp_not_this_attempt"
        )
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        audit_record(action="login.totp_throttled", target=user, detail={"ip": ip})
        raise ApplicationError(CODE_MESSAGES[otp.CodeCheck.THROTTLED], code="otp_throttled")
    if device.verify_token(otp.normalize_digits(code)):
        _login_succeeded(user=user, method=METHOD_TOTP, ip=ip)
        return device
    audit_record(action="login.totp_wrong", target=user, detail={"ip": ip})
    raise ApplicationError(_("کد برنامه احراز هویت نادرست است."), code="otp_wrong")
