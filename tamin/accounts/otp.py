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


def send_allowed(*, keys: list[str], purpose: str) -> SendLimit:
    """Rate-limit code sends for every key (per account, per mobile number).

    A short cooldown between two sends for the same purpose (a sign-in right
    after registering is not a resend), and at most OTP_SENDS_PER_WINDOW sends
    of any purpose per OTP_SEND_WINDOW_SECONDS. Counters live in the shared cache (Redis in
    production) so every web node sees the same numbers.
    """
    window = settings.OTP_SEND_WINDOW_SECONDS
    for key in keys:
        if cache.get(f"otp:cool:{purpose}:{key}"):
            return SendLimit.COOLDOWN
        if (cache.get(f"otp:count:{key}") or 0) >= settings.OTP_SENDS_PER_WINDOW:
            return SendLimit.WINDOW_EXCEEDED
    for key in keys:
        if settings.OTP_RESEND_COOLDOWN_SECONDS:
            cache.set(f"otp:cool:{purpose}:{key}", 1, settings.OTP_RESEND_COOLDOWN_SECONDS)
        if not cache.add(f"otp:count:{key}", 1, window):
            try:
                cache.incr(f"otp:count:{key}")
            except ValueError:  # expired between add and incr
                cache.set(f"otp:count:{key}", 1, window)
    return SendLimit.ALLOWED
