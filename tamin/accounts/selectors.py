"""Account reads."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from tamin.accounts.models import ApiAccessToken, ApiSignIn, Role, User
from tamin.core.identifiers import normalize_mobile


def user_roles(*, user: User) -> tuple[str, ...]:
    """The roles a person holds, in the order of `Role` (cached on the user object)."""
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        held = set(user.roles.values_list("role", flat=True))
        cached = tuple(role for role in Role.values if role in held)
        user._role_cache = cached
    return cached


def user_for_mobile(*, mobile: str) -> User | None:
    """The one active account whose registered mobile is `mobile` (any usual form:
    0912…, 912…, 98912…, +98912…), or None — also when two active accounts share the
    number, so a number never speaks for someone it may not be (the USSD menu's rule)."""
    number = normalize_mobile(mobile or "")
    if not re.fullmatch(r"09[0-9]{9}", number, flags=re.ASCII):
        return None
    found = list(User.objects.filter(mobile=number, is_active=True).order_by("pk")[:2])
    return found[0] if len(found) == 1 else None


# The sign-in's fields an authenticated call carries; the refresh token's digest is not
# put in the cache (nothing of a request needs it).
_SIGN_IN_CACHED_FIELDS = tuple(
    field.attname for field in ApiSignIn._meta.concrete_fields if field.name != "refresh_hash"
)


# What a forgotten token's key holds instead of an entry (api_access_forget).
_FORGOTTEN = "forgotten"


def _api_access_key(digest: str) -> str:
    return f"accounts:api-access:v1:{digest}"


def api_access_authenticate(*, digest: str) -> ApiSignIn | None:
    """The live sign-in an access token with this digest belongs to, its user loaded.

    The token has not expired, its sign-in is not revoked, the user is active and has not
    signed out everywhere since (the sign-in's `session_salt` is still the user's).

    Read from the cache when the token was seen in the last API_ACCESS_CACHE_SECONDS: the
    entry holds the sign-in (without the refresh digest) and the token's expiry, and the
    user comes from the principal cache (`tamin.accounts.principal`), so an app's call
    costs no query here. Revoking a sign-in deletes its access tokens, and deleting a token
    drops its entry (signals, and again on commit); an expired token, a deactivated account
    or a sign-out everywhere is checked on every call. On a miss, one indexed query (the
    token's unique digest, joined to its sign-in and user).
    """
    from tamin.accounts.principal import principal_user

    now = timezone.now()
    key = _api_access_key(digest)
    entry = cache.get(key)
    if entry is None or entry == _FORGOTTEN:
        forgotten = entry == _FORGOTTEN
        token = (
            ApiAccessToken.objects.select_related("sign_in__user")
            .filter(
                key_hash=digest,
                expires_at__gt=now,
                sign_in__revoked_at__isnull=True,
                sign_in__user__is_active=True,
            )
            .first()
        )
        if token is None or token.sign_in.session_salt != token.sign_in.user.session_salt:
            return None
        sign_in = token.sign_in
        entry = {
            "values": [getattr(sign_in, name) for name in _SIGN_IN_CACHED_FIELDS],
            "expires_at": token.expires_at,
        }
        seconds = min(settings.API_ACCESS_CACHE_SECONDS, (token.expires_at - now).total_seconds())
        # `add`, never `set`: a token forgotten while this request read its row leaves a
        # marker that this (possibly stale) entry must not replace.
        if seconds >= 1 and not forgotten:
            cache.add(key, entry, int(seconds))
    if entry["expires_at"] <= now:
        return None
    sign_in = ApiSignIn.from_db(DEFAULT_DB_ALIAS, list(_SIGN_IN_CACHED_FIELDS), entry["values"])
    if sign_in.revoked_at is not None:
        return None
    user = principal_user(user_id=sign_in.user_id)
    if user is None or not user.is_active or user.session_salt != sign_in.session_salt:
        return None
    sign_in.user = user
    return sign_in


def api_access_forget(*, digests: list[str]) -> None:
    """These access tokens were deleted or changed: their entries are replaced by a marker,
    now and once the transaction commits, for API_ACCESS_CACHE_SECONDS. While it stands they
    are read from the database on every call and never cached again, so a call that read a
    token's row just before its revocation committed cannot store it afterwards."""
    keys = [_api_access_key(digest) for digest in digests]
    if not keys:
        return

    def mark() -> None:
        cache.set_many(dict.fromkeys(keys, _FORGOTTEN), timeout=settings.API_ACCESS_CACHE_SECONDS)

    mark()
    transaction.on_commit(mark)
