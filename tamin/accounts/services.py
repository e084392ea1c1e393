"""Account writes: registration, sign-in codes, password reset, sessions and roles.

Flows (views keep only ids and attempt ids in the session):

- Registration: `registration_start` (identity check, SMS code) →
  `registration_confirm_mobile` → `registration_complete` (the user is created
  only here, so nothing exists half-way).
- Sign-in: the password is checked by `django.contrib.auth.authenticate`
  (django-axes counts failures) → `login_challenge_start` (SMS code for
  citizens, authenticator app for staff) → `login_challenge_verify`.
- Password reset: `password_reset_start` → `password_reset_confirm_code` →
  `password_reset_complete` (signs the person out everywhere).

Registration and reset starts answer alike whether or not an account exists:
where no code may be sent, the attempt is a decoy (`otp.decoy_issue`) that the
code page treats like any other, so neither page tells who has an account.
Each purpose spends its own send budget (`otp.send_allowed`), and starts are
also counted per client address (`otp.client_start_allowed`).

Every security event writes an audit row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from notifications.services import Recipient, notify
from tamin.accounts import otp
from tamin.accounts.identity import identity_adapter
from tamin.accounts.models import (
    ApiToken,
    PasswordResetRequest,
    PendingRegistration,
    Role,
    SMSDevice,
    User,
    UserRole,
)
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import (
    normalize_mobile,
    normalize_national_code,
    validate_mobile,
    validate_national_code,
)
from tamin.core.jalali import persian_digits
from tamin.core.services import audit_record

METHOD_SMS = "sms"
METHOD_TOTP = "totp"


@dataclass(frozen=True)
class CodeSent:
    """What a view keeps in the session after a code was sent."""

    pk: int
    attempt_id: str
    mobile_masked: str


@dataclass(frozen=True)
class LoginChallenge:
    method: str
    device_id: int
    attempt_id: str
    mobile_masked: str = ""


def mask_mobile(mobile: str) -> str:
    return persian_digits(f"{mobile[:4]}***{mobile[-4:]}") if len(mobile) == 11 else "***"


_CODE_MESSAGES = {
    otp.CodeCheck.EXPIRED: _("مهلت این کد تمام شده است. کد تازه درخواست کنید."),
    otp.CodeCheck.USED: _("این کد قبلاً به کار رفته است. کد تازه درخواست کنید."),
    otp.CodeCheck.LOCKED: _("به دلیل تلاش‌های نادرست پیاپی این کد باطل شد. کد تازه درخواست کنید."),
    otp.CodeCheck.THROTTLED: _("چند ثانیه صبر کنید و دوباره تلاش کنید."),
    otp.CodeCheck.NOT_THIS_ATTEMPT: _("این کد برای این درخواست صادر نشده است. از ابتدا شروع کنید."),
}


def _raise_for_code(result: otp.CodeCheck, *, tries_left: int) -> None:
    if result is otp.CodeCheck.OK:
        return
    if result is otp.CodeCheck.WRONG:
        if tries_left:
            message = _("کد واردشده نادرست است. %(n)s بار دیگر می‌توانید تلاش کنید.") % {
                "n": persian_digits(tries_left)
            }
        else:
            message = _CODE_MESSAGES[otp.CodeCheck.LOCKED]
        raise ApplicationError(message, code="otp_wrong")
    raise ApplicationError(_CODE_MESSAGES[result], code=f"otp_{result.value}")


def _check_send_allowed(
    *, keys: list[str], purpose: str, ip: str | None, action_target: str
) -> None:
    limit = otp.send_allowed(keys=keys, purpose=purpose)
    if limit is otp.SendLimit.ALLOWED:
        return
    audit_record(
        action="otp.send_refused",
        target_type="mobile",
        target_id=action_target,
        detail={"reason": limit.value, "purpose": purpose, "ip": ip},
    )
    if limit is otp.SendLimit.COOLDOWN:
        raise ApplicationError(
            _("کد پیش از این فرستاده شده است. یک دقیقه صبر کنید و دوباره درخواست کنید."),
            code="otp_cooldown",
        )
    raise ApplicationError(
        _("تعداد درخواست کد برای این اطلاعات از حد مجاز گذشته است. یک ساعت دیگر دوباره تلاش کنید."),
        code="otp_too_many_sends",
    )


def _check_client_allowed(*, purpose: str, ip: str | None, action_target: str) -> None:
    """Registration and reset starts per client address: probing for accounts is slowed down."""
    if otp.client_start_allowed(ip=ip, purpose=purpose):
        return
    audit_record(
        action="otp.client_refused",
        target_type="national_code",
        target_id=action_target,
        detail={"purpose": purpose, "ip": ip},
    )
    raise ApplicationError(
        _("از این نشانی اینترنتی درخواست‌های زیادی رسیده است. یک ساعت دیگر دوباره تلاش کنید."),
        code="too_many_starts",
    )


# --- Registration -------------------------------------------------------------


def registration_start(
    *, national_code: str, birth_date: dt.date, mobile: str, ip: str | None = None
) -> CodeSent:
    """Check the identity and send a code to `mobile`; alike for a national code with an account.

    For a national code that already has an account no code is sent: the
    attempt is a decoy, and the account's own mobile is told (once per window)
    that someone tried to register with it, so a person who forgot they had
    registered learns to sign in, and a stranger learns nothing.
    """
    national_code = normalize_national_code(national_code)
    mobile = normalize_mobile(mobile)
    validate_national_code(national_code)
    validate_mobile(mobile)
    if birth_date >= timezone.localdate():
        raise ApplicationError(_("تاریخ تولد باید پیش از امروز باشد."), code="birth_date")
    _check_client_allowed(purpose="register", ip=ip, action_target=national_code)
    identity = identity_adapter().check(
        national_code=national_code, birth_date=birth_date, mobile=mobile
    )
    if not identity.ok:
        # "Registry down" is not "wrong data": its own code, so callers say "try later".
        outcome = "identity_unavailable" if identity.unavailable else "identity_rejected"
        audit_record(
            action=f"registration.{outcome}",
            target_type="national_code",
            target_id=national_code,
            detail={"source": identity.source, "reason": identity.reason, "ip": ip},
        )
        raise ApplicationError(identity.reason or _("اطلاعات هویتی تأیید نشد."), code=outcome)
    # Keyed by what was typed, never by whether an account exists: the limits tell nothing.
    _check_send_allowed(
        keys=[f"nc:{national_code}", f"mobile:{mobile}"],
        purpose="register",
        ip=ip,
        action_target=mobile,
    )
    owner = User.objects.filter(national_code=national_code).first()
    with transaction.atomic():
        pending = PendingRegistration(
            national_code=national_code,
            birth_date=birth_date,
            mobile=mobile,
            identity_checked_by=identity.source,
        )
        if owner is None:
            code = otp.code_issue(pending)
        else:
            otp.decoy_issue(pending)
        pending.full_clean()
        pending.save()
        if owner is None:
            notify(
                recipient=Recipient(mobile=mobile),
                template_key="otp_register",
                context={"code": code},
                channels=["sms"],
                idempotency_key=f"register:{pending.pk}:{pending.attempt_id}",
                priority="high",
                expires_at=pending.valid_until,  # a code past its validity is never sent
            )
            audit_record(
                action="registration.started",
                target=pending,
                detail={"identity_source": identity.source, "mobile": mobile, "ip": ip},
            )
        else:
            _registration_tell_owner(owner=owner, pending=pending)
            audit_record(
                action="registration.duplicate",
                target=pending,
                detail={"user": owner.pk, "mobile": mobile, "ip": ip},
            )
    return CodeSent(
        pk=pending.pk, attempt_id=str(pending.attempt_id), mobile_masked=mask_mobile(mobile)
    )


def _registration_tell_owner(*, owner: User, pending: PendingRegistration) -> None:
    # Once per window: a stranger repeating the attempt cannot flood the owner's phone.
    if not otp.notice_allowed(key=f"register-exists:{owner.pk}"):
        return
    notify(
        recipient=Recipient(user=owner, mobile=owner.mobile),
        template_key="registration_account_exists",
        context={"at": timezone.now()},
        channels=["sms"],
        idempotency_key=f"register-exists:{owner.pk}:{pending.pk}",
    )


def _code_confirm(*, model, flow: str, pk: int, attempt_id: str, code: str, ip: str | None) -> None:
    """Check a code of a registration or reset and mark the row verified; audit a failure."""
    result = otp.code_check(model=model, pk=pk, attempt_id=attempt_id, code=code)
    if result is not otp.CodeCheck.OK:
        audit_record(
            action=f"{flow}.code_{result.value}",
            target_type=model._meta.label_lower,
            target_id=pk,
            detail={"ip": ip},
        )
        _raise_for_code(result, tries_left=otp.tries_left(model=model, pk=pk))
    model.objects.filter(pk=pk).update(verified_at=timezone.now())
    audit_record(
        action=f"{flow}.code_confirmed",
        target_type=model._meta.label_lower,
        target_id=pk,
        detail={"ip": ip},
    )


def registration_confirm_mobile(
    *, pk: int, attempt_id: str, code: str, ip: str | None = None
) -> None:
    _code_confirm(
        model=PendingRegistration,
        flow="registration",
        pk=pk,
        attempt_id=attempt_id,
        code=code,
        ip=ip,
    )


@transaction.atomic
def registration_complete(
    *, registration_id: int, attempt_id: str, password: str, ip: str | None = None
) -> User:
    pending = (
        PendingRegistration.objects.select_for_update()
        .filter(
            pk=registration_id,
            attempt_id=attempt_id,
            verified_at__isnull=False,
            completed_at__isnull=True,
        )
        .first()
    )
    if pending is None:
        raise ApplicationError(
            _("این ثبت‌نام معتبر نیست یا پیش‌تر کامل شده است. از ابتدا شروع کنید."),
            code="registration_invalid",
        )
    if pending.verified_at < timezone.now() - dt.timedelta(minutes=30):
        raise ApplicationError(
            _("مهلت تکمیل ثبت‌نام تمام شده است. از ابتدا شروع کنید."), code="registration_expired"
        )
    if User.objects.filter(national_code=pending.national_code).exists():
        raise ApplicationError(
            _("برای این کد ملی پیش‌تر حساب ساخته شده است."), code="already_registered"
        )
    user = User(
        national_code=pending.national_code,
        birth_date=pending.birth_date,
        mobile=pending.mobile,
        mobile_verified_at=pending.verified_at,
        identity_checked_by=pending.identity_checked_by,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), code="weak_password") from exc
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    UserRole.objects.create(user=user, role=Role.INSURED)
    SMSDevice.objects.create(user=user, name="sms", mobile=user.mobile, confirmed=True)
    pending.completed_at = timezone.now()
    pending.save(update_fields=["completed_at", "updated_at"])
    audit_record(action="registration.completed", actor=user, target=user, detail={"ip": ip})
    notify(
        recipient=user,
        template_key="welcome",
        context={"name": user.get_full_name()},
        channels=["inbox", "sms"],
        idempotency_key=f"welcome:{user.pk}",
    )
    return user


# --- Sign-in --------------------------------------------------------------------


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
    _check_send_allowed(
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
            _CODE_MESSAGES[otp.CodeCheck.NOT_THIS_ATTEMPT], code="otp_not_this_attempt"
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
        audit_record(
            action="login.succeeded",
            actor=user,
            target=user,
            detail={"method": METHOD_SMS, "ip": ip},
        )
        return device
    if result is otp.CodeCheck.WRONG:
        SMSDevice.objects.filter(pk=device.pk).update(
            throttling_failure_count=F("throttling_failure_count") + 1,
            throttling_failure_timestamp=timezone.now(),
        )
    audit_record(action=f"login.code_{result.value}", target=user, detail={"ip": ip})
    _raise_for_code(result, tries_left=otp.tries_left(model=SMSDevice, pk=device.pk))
    raise AssertionError("unreachable")


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
            _CODE_MESSAGES[otp.CodeCheck.NOT_THIS_ATTEMPT], code="otp_not_this_attempt"
        )
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        audit_record(action="login.totp_throttled", target=user, detail={"ip": ip})
        raise ApplicationError(_CODE_MESSAGES[otp.CodeCheck.THROTTLED], code="otp_throttled")
    if device.verify_token(otp.normalize_digits(code)):
        audit_record(
            action="login.succeeded",
            actor=user,
            target=user,
            detail={"method": METHOD_TOTP, "ip": ip},
        )
        return device
    audit_record(action="login.totp_wrong", target=user, detail={"ip": ip})
    raise ApplicationError(_("کد برنامه احراز هویت نادرست است."), code="otp_wrong")


# --- Password reset -----------------------------------------------------------


def password_reset_start(*, national_code: str, mobile: str, ip: str | None = None) -> CodeSent:
    """Send a reset code when the national code and mobile match an account; alike otherwise.

    An unknown national code, another mobile, a staff account (reset by an
    administrator) or an inactive one all get a decoy attempt and the same
    answer, so the page does not tell who has an account or what its mobile is.
    """
    national_code = normalize_national_code(national_code)
    mobile = normalize_mobile(mobile)
    validate_national_code(national_code)
    validate_mobile(mobile)
    _check_client_allowed(purpose="reset", ip=ip, action_target=national_code)
    _check_send_allowed(
        keys=[f"nc:{national_code}:mobile:{mobile}"], purpose="reset", ip=ip, action_target=mobile
    )
    user = User.objects.filter(national_code=national_code, is_active=True).first()
    refusal = None
    if user is None or user.mobile != mobile:
        refusal = "password_reset.mismatch"
    elif user.must_use_totp:
        refusal = "password_reset.staff_refused"  # staff passwords are reset by an administrator
    with transaction.atomic():
        if refusal:
            reset = PasswordResetRequest(user=None)
            otp.decoy_issue(reset)
            reset.save()
            audit_record(
                action=refusal,
                target_type="national_code",
                target_id=national_code,
                detail={"ip": ip, "attempt": reset.pk},
            )
        else:
            reset = PasswordResetRequest(user=user)
            code = otp.code_issue(reset)
            reset.save()
            notify(
                recipient=Recipient(user=user, mobile=mobile),
                template_key="otp_password_reset",
                context={"code": code},
                channels=["sms"],
                idempotency_key=f"reset:{reset.pk}:{reset.attempt_id}",
                priority="high",
                expires_at=reset.valid_until,  # a code past its validity is never sent
            )
            audit_record(action="password_reset.code_sent", target=user, detail={"ip": ip})
    return CodeSent(
        pk=reset.pk, attempt_id=str(reset.attempt_id), mobile_masked=mask_mobile(mobile)
    )


def password_reset_confirm_code(
    *, pk: int, attempt_id: str, code: str, ip: str | None = None
) -> None:
    _code_confirm(
        model=PasswordResetRequest,
        flow="password_reset",
        pk=pk,
        attempt_id=attempt_id,
        code=code,
        ip=ip,
    )


@transaction.atomic
def password_reset_complete(
    *, reset_id: int, attempt_id: str, password: str, ip: str | None = None
) -> User:
    reset = (
        PasswordResetRequest.objects.select_for_update()
        .select_related("user")
        .filter(pk=reset_id, attempt_id=attempt_id, verified_at__isnull=False, user__isnull=False)
        .first()
    )
    if reset is None or reset.verified_at < timezone.now() - dt.timedelta(minutes=15):
        raise ApplicationError(
            _("این درخواست بازیابی معتبر نیست یا مهلت آن تمام شده است. از ابتدا شروع کنید."),
            code="reset_invalid",
        )
    user = reset.user
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), code="weak_password") from exc
    user.set_password(password)
    user.session_salt = secrets.token_hex(16)  # every open session ends
    user.save(update_fields=["password", "session_salt"])
    # One use: a second submission of the same reset finds no row.
    reset.delete()
    audit_record(action="password_reset.completed", actor=user, target=user, detail={"ip": ip})
    notify(
        recipient=user,
        template_key="password_changed",
        context={"at": timezone.now()},
        channels=["sms", "inbox"],
        idempotency_key=f"password-changed:{user.pk}:{user.session_salt}",
    )
    return user


# --- Sessions and roles -------------------------------------------------------


@transaction.atomic
def user_sign_out_everywhere(*, user: User, ip: str | None = None) -> None:
    user.session_salt = secrets.token_hex(16)
    user.save(update_fields=["session_salt"])
    audit_record(action="session.signed_out_everywhere", actor=user, target=user, detail={"ip": ip})
    notify(
        recipient=user,
        template_key="signed_out_everywhere",
        context={"at": timezone.now()},
        channels=["inbox"],
        idempotency_key=f"signout-all:{user.pk}:{user.session_salt}",
    )


@transaction.atomic
def user_email_update(*, user: User, email: str, ip: str | None = None) -> User:
    """Set the address e-mail notices go to (empty removes it)."""
    before = user.email
    user.email = email.strip().lower()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email"])
    audit_record(
        action="profile.email_changed",
        actor=user,
        target=user,
        before={"email": before},
        after={"email": user.email},
        detail={"ip": ip},
    )
    return user


def user_role_grant(*, user: User, role: str) -> UserRole:
    if role not in Role.values:
        raise ApplicationError(_("نقش ناشناخته است."), code="unknown_role")
    grant, created = UserRole.objects.get_or_create(user=user, role=role)
    if created:
        audit_record(action="role.granted", target=user, after={"role": role})
    user.__dict__.pop("_role_cache", None)
    return grant


# --- Mobile app tokens ----------------------------------------------------------


def api_token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, user: User, name: str = "", ip: str | None = None) -> tuple[str, ApiToken]:
    """Issue a bearer token after a completed sign-in; the raw value is returned once."""
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=api_token_digest(raw),
        name=name.strip()[:80],
        session_salt=user.session_salt,
        expires_at=timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS),
    )
    audit_record(
        action="api_token.issued", actor=user, target=token, detail={"ip": ip, "name": token.name}
    )
    return raw, token


@transaction.atomic
def api_token_revoke(*, token: ApiToken, ip: str | None = None) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_record(action="api_token.revoked", actor=token.user, target=token, detail={"ip": ip})


def api_token_touch(*, token: ApiToken) -> None:
    """Record use at most once a minute: a busy app must not write on every call."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
