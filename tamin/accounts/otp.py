"""One-time SMS codes: issue, hash, and race-safe verification.

A code is stored only as a keyed hash. Each guess first *reserves* a try with a
conditional UPDATE (`wrong_tries < limit`), and only then is compared: however
many guesses arrive at once, the database lets at most `OTP_MAX_WRONG_TRIES`
of them be evaluated per code. A code is bound to the `attempt_id` kept in the
browser session it was sent to, expires after `OTP_CODE_VALID_SECONDS`, and is
consumed by a second conditional UPDATE so it works once.
"""

from __future__ import annotations

import enum
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from tamin.core.cache import cache_count_in_window
from tamin.core.identifiers import normalize_digits


class CodeCheck(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    USED = "used"
    LOCKED = "locked"  # no tries left for this code
    THROTTLED = "throttled"  # too soon after a wrong guess
    NOT_THIS_ATTEMPT = "not_this_attempt"


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def code_digest(code: str) -> str:
    # Keyed with SECRET_KEY: a leaked table does not give the codes away by a
    # million-entry lookup. Sixteen hex characters fit django-otp's token field.
    return salted_hmac(
        "tamin.accounts.otp", normalize_digits(code), algorithm="sha256"
    ).hexdigest()[:16]


def code_issue(instance: models.Model) -> str:
    """Give `instance` (a OneTimeCodeFields row) a fresh code; returns the plain code to send.

    Any earlier code of the row stops working: new hash, new attempt id, tries reset.
    """
    code = new_code()
    instance.token = code_digest(code)
    instance.valid_until = timezone.now() + timedelta(seconds=settings.OTP_CODE_VALID_SECONDS)
    instance.attempt_id = uuid.uuid4()
    instance.wrong_tries = 0
    instance.used_at = None
    return code


def code_check(
    *, model: type[models.Model], pk: int, attempt_id: str | uuid.UUID, code: str
) -> CodeCheck:
    """Evaluate one guess against row `pk` of `model`; safe under concurrency."""
    now = timezone.now()
    try:
        attempt_uuid = uuid.UUID(str(attempt_id))
    except ValueError:
        return CodeCheck.NOT_THIS_ATTEMPT
    reserved = model.objects.filter(
        pk=pk,
        attempt_id=attempt_uuid,
        used_at__isnull=True,
        valid_until__gt=now,
        wrong_tries__lt=settings.OTP_MAX_WRONG_TRIES,
    ).update(wrong_tries=F("wrong_tries") + 1)
    row = model.objects.filter(pk=pk).first()
    if not reserved:
        if row is None or row.attempt_id != attempt_uuid:
            return CodeCheck.NOT_THIS_ATTEMPT
        if row.used_at is not None:
            return CodeCheck.USED
        if row.valid_until is None or row.valid_until <= now:
            return CodeCheck.EXPIRED
        return CodeCheck.LOCKED
    if not constant_time_compare(row.token or "", code_digest(code)):
        return CodeCheck.WRONG
    consumed = model.objects.filter(pk=pk, attempt_id=attempt_uuid, used_at__isnull=True).update(
        used_at=now, wrong_tries=F("wrong_tries") - 1
    )
    return CodeCheck.OK if consumed else CodeCheck.USED


def tries_left(*, model: type[models.Model], pk: int) -> int:
    row = model.objects.filter(pk=pk).values("wrong_tries").first()
    used = row["wrong_tries"] if row else settings.OTP_MAX_WRONG_TRIES
    return max(settings.OTP_MAX_WRONG_TRIES - used, 0)


class SendLimit(enum.Enum):
    ALLOWED = "allowed"
    COOLDOWN = "cooldown"
    WINDOW_EXCEEDED = "window_exceeded"


# Each purpose spends only its own budget, so registrations started by strangers
# with someone's mobile never touch that person's sign-in counter.
SEND_BUDGET_SETTINGS = {
    "login": "OTP_LOGIN_SENDS_PER_WINDOW",
    "register": "OTP_REGISTER_SENDS_PER_WINDOW",
    "reset": "OTP_RESET_SENDS_PER_WINDOW",
}
CLIENT_BUDGET_SETTINGS = {
    "register": "OTP_REGISTER_STARTS_PER_CLIENT",
    "reset": "OTP_RESET_STARTS_PER_CLIENT",
}


def _count_up(key: str) -> int:
    """Add one to a counter that lives for OTP_SEND_WINDOW_SECONDS from its first use."""
    return cache_count_in_window(key, seconds=settings.OTP_SEND_WINDOW_SECONDS)


def send_allowed(*, keys: list[str], purpose: str) -> SendLimit:
    """Rate-limit code sends of one purpose for every key (an account, a mobile, …).

    A short cooldown between two sends for the same purpose and key, and at most
    the purpose's budget (`SEND_BUDGET_SETTINGS`) per OTP_SEND_WINDOW_SECONDS.
    Counters live in the shared cache (Redis in production) so every web node
    sees the same numbers; `add` and `incr` keep them exact under concurrency.
    """
    if settings.OTP_RESEND_COOLDOWN_SECONDS:
        for key in keys:
            if not cache.add(f"otp:cool:{purpose}:{key}", 1, settings.OTP_RESEND_COOLDOWN_SECONDS):
                return SendLimit.COOLDOWN
    budget = getattr(settings, SEND_BUDGET_SETTINGS[purpose])
    spent = [_count_up(f"otp:count:{purpose}:{key}") for key in keys]
    return SendLimit.WINDOW_EXCEEDED if max(spent, default=0) > budget else SendLimit.ALLOWED


def client_start_allowed(*, ip: str | None, purpose: str) -> bool:
    """Count one registration or reset start from a client address; False past its budget."""
    if not ip:  # no request behind the call (a command, a demo): no client to count
        return True
    budget = getattr(settings, CLIENT_BUDGET_SETTINGS[purpose])
    return _count_up(f"otp:client:{purpose}:{ip}") <= budget


def decoy_issue(instance: models.Model) -> None:
    """Make `instance` look like a sent code to whoever holds its attempt, yet match no code.

    Used where "no such account" must look exactly like "code sent": wrong
    guesses, the tries left, expiry and the final lock behave as for a real code.
    """
    code_issue(instance)
    instance.token = ""  # no digest is empty, so every guess is wrong


def notice_allowed(*, key: str) -> bool:
    """True at most once per OTP_SEND_WINDOW_SECONDS for `key` (a security notice, not a code)."""
    return cache.add(f"otp:notice:{key}", 1, settings.OTP_SEND_WINDOW_SECONDS)
