"""Account reads."""

from __future__ import annotations

import re

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


def api_access_authenticate(*, digest: str) -> ApiSignIn | None:
    """The live sign-in an access token with this digest belongs to, its user loaded.

    One indexed query (the token's unique digest, joined to its sign-in and user): the
    token has not expired, its sign-in is not revoked, the user is active and has not
    signed out everywhere since (the sign-in's `session_salt` is still the user's).
    """
    token = (
        ApiAccessToken.objects.select_related("sign_in__user")
        .filter(
            key_hash=digest,
            expires_at__gt=timezone.now(),
            sign_in__revoked_at__isnull=True,
            sign_in__user__is_active=True,
        )
        .first()
    )
    if token is None or token.sign_in.session_salt != token.sign_in.user.session_salt:
        return None
    return token.sign_in
