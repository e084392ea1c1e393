"""Registration: `registration_start` (identity check, SMS code) →
`registration_confirm_mobile` → `registration_complete`.

The user is created only by the last step, so nothing exists half-way. A start
with a national code that already has an account answers like any other: the
attempt is a decoy (`otp.decoy_issue`) and no code is sent, so the page does
not tell who has an account.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import Recipient, notify
from tamin.accounts import otp
from tamin.accounts.identity import identity_adapter
from tamin.accounts.models import PendingRegistration, Role, SMSDevice, User, UserRole
from tamin.accounts.services.code_budgets import check_client_allowed, check_send_allowed
from tamin.accounts.services.codes import CodeSent, code_confirm, mask_mobile
from tamin.accounts.services.passwords import password_set_checked
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import (
    normalize_mobile,
    normalize_national_code,
    validate_mobile,
    validate_national_code,
)
from tamin.core.services import audit_record


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
    check_client_allowed(purpose="register", ip=ip, action_target=national_code)
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
    check_send_allowed(
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


def registration_confirm_mobile(
    *, pk: int, attempt_id: str, code: str, ip: str | None = None
) -> None:
    code_confirm(
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
    password_set_checked(user=user, password=password)
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
