"""How many codes may be sent, and how many flows a client address may start.

The counters live in `tamin.accounts.otp` (shared cache); this module turns a
spent budget into an audit row and the Persian refusal. Each purpose has its
own budget (sign-in per account, registration per national code and mobile,
reset per national code + mobile), so a stranger's registrations never spend
the owner's sign-in codes.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from tamin.accounts import otp
from tamin.core.exceptions import ApplicationError
from tamin.core.services import audit_record


def check_send_allowed(
    *, keys: list[str], purpose: str, ip: str | None, action_target: str
) -> None:
    """Refuse (and audit) a code `purpose` may not send now for any of `keys`."""
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


def check_client_allowed(*, purpose: str, ip: str | None, action_target: str) -> None:
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
