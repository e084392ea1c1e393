"""What every code flow shares: the answer after a code was sent, and checking a typed code.

Registration and password reset send a code to a mobile and then confirm it
(`code_confirm`); sign-in checks its own devices but words its refusals the
same way (`raise_for_code`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from tamin.accounts import otp
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import persian_digits
from tamin.core.services import audit_record


@dataclass(frozen=True)
class CodeSent:
    """What a view keeps in the session after a code was sent."""

    pk: int
    attempt_id: str
    mobile_masked: str


def mask_mobile(mobile: str) -> str:
    return persian_digits(f"{mobile[:4]}***{mobile[-4:]}") if len(mobile) == 11 else "***"


CODE_MESSAGES = {
    otp.CodeCheck.EXPIRED: _("مهلت این کد تمام شده است. کد تازه درخواست کنید."),
    otp.CodeCheck.USED: _("این کد قبلاً به کار رفته است. کد تازه درخواست کنید."),
    otp.CodeCheck.LOCKED: _("به دلیل تلاش‌های نادرست پیاپی این کد باطل شد. کد تازه درخواست کنید."),
    otp.CodeCheck.THROTTLED: _("چند ثانیه صبر کنید و دوباره تلاش کنید."),
    otp.CodeCheck.NOT_THIS_ATTEMPT: _("این کد برای این درخواست صادر نشده است. از ابتدا شروع کنید."),
}


def raise_for_code(result: otp.CodeCheck, *, tries_left: int) -> None:
    """Raise the Persian refusal for a code check that did not pass (nothing for OK)."""
    if result is otp.CodeCheck.OK:
        return
    if result is otp.CodeCheck.WRONG:
        if tries_left:
            message = _("کد واردشده نادرست است. %(n)s بار دیگر می‌توانید تلاش کنید.") % {
                "n": persian_digits(tries_left)
            }
        else:
            message = CODE_MESSAGES[otp.CodeCheck.LOCKED]
        raise ApplicationError(message, code="otp_wrong")
    raise ApplicationError(CODE_MESSAGES[result], code=f"otp_{result.value}")


def code_confirm(
    *, model: type[models.Model], flow: str, pk: int, attempt_id: str, code: str, ip: str | None
) -> None:
    """Check a code of a registration or reset and mark the row verified; audit a failure."""
    result = otp.code_check(model=model, pk=pk, attempt_id=attempt_id, code=code)
    if result is not otp.CodeCheck.OK:
        audit_record(
            action=f"{flow}.code_{result.value}",
            target_type=model._meta.label_lower,
            target_id=pk,
            detail={"ip": ip},
        )
        raise_for_code(result, tries_left=otp.tries_left(model=model, pk=pk))
    model.objects.filter(pk=pk).update(verified_at=timezone.now())
    audit_record(
        action=f"{flow}.code_confirmed",
        target_type=model._meta.label_lower,
        target_id=pk,
        detail={"ip": ip},
    )
