"""Password reset: `password_reset_start` → `password_reset_confirm_code` →
`password_reset_complete` (which signs the person out everywhere).

The start answers alike whether or not the national code and mobile match an
account: where no code may be sent the attempt is a decoy, so the page does not
tell who has an account or what its mobile is.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import Recipient, notify
from tamin.accounts import otp
from tamin.accounts.models import PasswordResetRequest, User
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
    check_client_allowed(purpose="reset", ip=ip, action_target=national_code)
    check_send_allowed(
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
    code_confirm(
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
    password_set_checked(user=user, password=password)
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
