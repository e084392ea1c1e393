"""Payroll software keys: the owner issues and revokes them; the API records each call.

A key reads `tpk_<prefix>_<secret>`: `prefix` is 8 random characters that name the key
on the owner's page, `secret` 32 random bytes. Only the SHA-256 of the whole key is
stored; the key itself is returned once, by `payroll_key_issue`, and never again.
Issue and revoke are audited (`payroll_key.issued`, `payroll_key.revoked`); every API call
made with a known key, answered or refused, is an audit row (`payroll_api.call`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import string
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import PayrollApiKey, Workshop
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import persian_digits
from tamin.core.services import audit_record

KEY_SCHEME = "tpk"
PREFIX_LENGTH = 8
_PREFIX_ALPHABET = string.ascii_lowercase + string.digits
NAME_MAX_LENGTH = 80
# A workshop rarely has more than one or two vendors; a bound keeps the page short.
LIVE_KEYS_PER_WORKSHOP = 10


def payroll_key_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_raw_key() -> tuple[str, str]:
    prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(PREFIX_LENGTH))
    return prefix, f"{KEY_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def payroll_key_issue(
    *, actor: Any, workshop: Workshop, name: str, may_submit: bool, ip: str | None = None
) -> tuple[str, PayrollApiKey]:
    """A new key for `workshop` (the caller has checked that `actor` is its owner).
    Returns the key itself — shown once — and its stored row."""
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError(_("نام نرم‌افزار یا شرکت را بنویسید."), code="payroll_key_name")
    live = PayrollApiKey.objects.filter(workshop=workshop, revoked_at__isnull=True).count()
    if live >= LIVE_KEYS_PER_WORKSHOP:
        raise ApplicationError(
            _("این کارگاه %(n)s کلید فعال دارد؛ پیش از صدور کلید تازه، یکی را باطل کنید.")
            % {"n": persian_digits(LIVE_KEYS_PER_WORKSHOP)},
            code="payroll_key_limit",
        )
    prefix, raw = _new_raw_key()
    key = PayrollApiKey(
        workshop=workshop,
        name=name[:NAME_MAX_LENGTH],
        prefix=prefix,
        key_hash=payroll_key_digest(raw),
        may_submit=bool(may_submit),
        created_by=actor,
    )
    key.full_clean()
    key.save()
    audit_record(
        action="payroll_key.issued",
        actor=actor,
        target=key,
        after={
            "workshop": workshop.pk,
            "name": key.name,
            "prefix": key.prefix,
            "may_submit": key.may_submit,
        },
        detail={"ip": ip},
    )
    return raw, key


@transaction.atomic
def payroll_key_revoke(
    *, actor: Any, workshop: Workshop, key_id: int, ip: str | None = None
) -> PayrollApiKey:
    """Revoke a key of `workshop` (404 for another workshop's); revoking twice changes
    nothing and is not audited again."""
    key = PayrollApiKey.objects.select_for_update().filter(pk=key_id, workshop=workshop).first()
    if key is None:
        raise Http404
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.revoked_by = actor
        key.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            action="payroll_key.revoked",
            actor=actor,
            target=key,
            before={"revoked": False},
            after={"revoked": True, "prefix": key.prefix},
            detail={"ip": ip},
        )
    return key


def payroll_key_touch(*, key: PayrollApiKey) -> None:
    """Record use at most once a minute: a busy vendor must not write on every call."""
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > dt.timedelta(minutes=1):
        PayrollApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now


def payroll_api_call_record(
    *, key: PayrollApiKey, method: str, path: str, status_code: int, request: Any = None
) -> None:
    """One audit row per API call made with a known key, whatever the answer."""
    audit_record(
        action="payroll_api.call",
        target=key,
        request=request,
        detail={
            "key_id": key.pk,
            "workshop": key.workshop_id,
            "method": method,
            "path": path,
            "status": status_code,
        },
    )
