"""Bearer tokens of the mobile app, issued after a completed sign-in.

Only a SHA-256 digest is stored; a token dies when revoked, when it expires
(`API_TOKEN_DAYS`) or when the user signs out everywhere (its `session_salt`
no longer matches).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tamin.accounts.models import ApiToken, User
from tamin.core.services import audit_record


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
