"""Tokens of the mobile app: one `ApiSignIn` per device sign-in, an access and a refresh token.

Flow: after password + second factor, `api_sign_in_create` returns an `ApiTokenPair` —
an access token (`API_ACCESS_MINUTES`) sent as `Authorization: Bearer …` and a refresh
token (`API_REFRESH_DAYS`). `api_sign_in_refresh` spends the refresh token and returns a
new pair (rotation); a spent refresh token presented again means someone else holds a
copy, so the whole sign-in is revoked and audited. `api_sign_in_revoke` is the app's
sign-out; "sign out everywhere" and a password reset change the user's `session_salt`,
which every sign-in remembers, so all of them die with the web sessions.

Only SHA-256 digests of the tokens are stored. A routine refresh is not audited (an
active app refreshes every few minutes); creation, sign-out and reuse are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from tamin.accounts.models import ApiAccessToken, ApiSignIn, User
from tamin.core.exceptions import ApplicationError
from tamin.core.services import audit_record

REFRESH_INVALID_CODE = "refresh_invalid"
REFRESH_INVALID_MESSAGE = "نشست برنامه تمام شده یا نامعتبر است؛ دوباره وارد شوید."


@dataclass(frozen=True)
class ApiTokenPair:
    """What the app receives: the raw tokens (shown once) and when each expires."""

    access: str
    access_expires_at: dt.datetime
    refresh: str
    refresh_expires_at: dt.datetime
    sign_in: ApiSignIn


def api_token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode(errors="replace")).hexdigest()


def _refresh_expiry(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(days=settings.API_REFRESH_DAYS)


def _new_refresh(handle: str) -> str:
    return f"{handle}.{secrets.token_urlsafe(32)}"


def _access_issue(*, sign_in: ApiSignIn, now: dt.datetime) -> tuple[str, ApiAccessToken]:
    raw = secrets.token_urlsafe(32)
    token = ApiAccessToken.objects.create(
        sign_in=sign_in,
        key_hash=api_token_digest(raw),
        created_at=now,
        expires_at=now + dt.timedelta(minutes=settings.API_ACCESS_MINUTES),
    )
    return raw, token


@transaction.atomic
def api_sign_in_create(*, user: User, device_name: str = "", ip: str | None = None) -> ApiTokenPair:
    """Open a sign-in for a device after a completed sign-in; the raw tokens are returned once."""
    now = timezone.now()
    handle = uuid.uuid4().hex
    refresh = _new_refresh(handle)
    sign_in = ApiSignIn(
        user=user,
        device_name=device_name.strip()[:80],
        session_salt=user.session_salt,
        refresh_handle=handle,
        refresh_hash=api_token_digest(refresh),
        refresh_expires_at=_refresh_expiry(now),
        last_used_at=now,
    )
    sign_in.full_clean()
    sign_in.save()
    access, token = _access_issue(sign_in=sign_in, now=now)
    audit_record(
        action="api_sign_in.created",
        actor=user,
        target=sign_in,
        detail={"ip": ip, "device_name": sign_in.device_name},
    )
    return ApiTokenPair(
        access=access,
        access_expires_at=token.expires_at,
        refresh=refresh,
        refresh_expires_at=sign_in.refresh_expires_at,
        sign_in=sign_in,
    )


def _refresh_invalid() -> ApplicationError:
    return ApplicationError(REFRESH_INVALID_MESSAGE, code=REFRESH_INVALID_CODE)


def _is_alive(sign_in: ApiSignIn, now: dt.datetime) -> bool:
    user = sign_in.user
    return (
        sign_in.revoked_at is None
        and sign_in.refresh_expires_at > now
        and user.is_active
        and sign_in.session_salt == user.session_salt
    )


def api_sign_in_refresh(*, refresh: str, ip: str | None = None) -> ApiTokenPair:
    """Spend a refresh token for a new pair.

    Raises `ApplicationError` (`refresh_invalid`) for an unknown, expired or revoked
    token, or one of a user who signed out everywhere. A token of a known sign-in that
    is not its current one was already spent: the sign-in is revoked (committed before
    the error is raised) and the reuse audited.
    """
    handle, dot, _secret = refresh.partition(".")
    sign_in = None
    if dot and handle:
        sign_in = ApiSignIn.objects.select_related("user").filter(refresh_handle=handle).first()
    if sign_in is None:
        raise _refresh_invalid()
    digest = api_token_digest(refresh)
    if not hmac.compare_digest(digest, sign_in.refresh_hash):
        _api_sign_in_reuse(sign_in=sign_in, ip=ip)
        raise _refresh_invalid()
    now = timezone.now()
    if not _is_alive(sign_in, now):
        raise _refresh_invalid()
    pair = _api_sign_in_rotate(sign_in=sign_in, spent_digest=digest, now=now)
    if pair is None:
        # A parallel refresh spent the same token first: it was presented twice.
        _api_sign_in_reuse(sign_in=sign_in, ip=ip)
        raise _refresh_invalid()
    return pair


@transaction.atomic
def _api_sign_in_rotate(
    *, sign_in: ApiSignIn, spent_digest: str, now: dt.datetime
) -> ApiTokenPair | None:
    refresh = _new_refresh(sign_in.refresh_handle)
    expires = _refresh_expiry(now)
    # Spends the token only if it is still the current one (a conditional UPDATE, so of
    # two parallel refreshes with one token exactly one wins).
    spent = ApiSignIn.objects.filter(
        pk=sign_in.pk, refresh_hash=spent_digest, revoked_at__isnull=True
    ).update(
        refresh_hash=api_token_digest(refresh),
        refresh_expires_at=expires,
        last_used_at=now,
        updated_at=now,
    )
    if not spent:
        return None
    ApiAccessToken.objects.filter(sign_in=sign_in, expires_at__lte=now).delete()
    access, token = _access_issue(sign_in=sign_in, now=now)
    return ApiTokenPair(
        access=access,
        access_expires_at=token.expires_at,
        refresh=refresh,
        refresh_expires_at=expires,
        sign_in=sign_in,
    )


@transaction.atomic
def _api_sign_in_reuse(*, sign_in: ApiSignIn, ip: str | None) -> None:
    revoked = _api_sign_in_end(sign_in=sign_in, reason=ApiSignIn.EndReason.REFRESH_REUSED)
    audit_record(
        action="api_sign_in.refresh_reused",
        target=sign_in,
        detail={"ip": ip, "device_name": sign_in.device_name, "revoked": revoked},
    )


def _api_sign_in_end(*, sign_in: ApiSignIn, reason: str) -> bool:
    """Revoke the sign-in and drop its access tokens; False when it was already revoked."""
    now = timezone.now()
    revoked = ApiSignIn.objects.filter(pk=sign_in.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason=reason, updated_at=now
    )
    ApiAccessToken.objects.filter(sign_in=sign_in).delete()
    return bool(revoked)


@transaction.atomic
def api_sign_in_revoke(*, sign_in: ApiSignIn, ip: str | None = None) -> None:
    """The app's sign-out: this device's access and refresh tokens die at once."""
    revoked = _api_sign_in_end(sign_in=sign_in, reason=ApiSignIn.EndReason.LOGOUT)
    if revoked:
        audit_record(
            action="api_sign_in.revoked",
            actor=sign_in.user,
            target=sign_in,
            detail={"ip": ip, "device_name": sign_in.device_name},
        )


# How often a sign-in's last use is written at most.
TOUCH_SECONDS = 60


def api_sign_in_touch(*, sign_in: ApiSignIn) -> None:
    """Record use at most once a minute: a busy app must not write on every call. The
    minute is a cache entry shared by every worker (the sign-in read from the cache carries
    its `last_used_at` of up to a few minutes ago)."""
    if cache.add(f"accounts:api-touch:{sign_in.pk}", 1, TOUCH_SECONDS):
        ApiSignIn.objects.filter(pk=sign_in.pk).update(last_used_at=timezone.now())


def api_sign_ins_prune() -> int:
    """Delete expired access tokens and the sign-ins whose refresh token has expired.

    Nothing deleted could still be used: a sign-in past its refresh expiry can never
    be refreshed, and its access tokens expired before it. The audit log keeps the history.
    """
    now = timezone.now()
    tokens, _ = ApiAccessToken.objects.filter(expires_at__lte=now).delete()
    sign_ins, _ = ApiSignIn.objects.filter(refresh_expires_at__lte=now).delete()
    return tokens + sign_ins
