"""Account reads."""

from __future__ import annotations

from django.utils import timezone

from tamin.accounts.models import ApiToken, Role, User


def user_roles(*, user: User) -> tuple[str, ...]:
    """The roles a person holds, in the order of `Role` (cached on the user object)."""
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        held = set(user.roles.values_list("role", flat=True))
        cached = tuple(role for role in Role.values if role in held)
        user._role_cache = cached
    return cached


def api_token_authenticate(*, digest: str) -> ApiToken | None:
    """The live token with this digest (not expired, not revoked, user's sessions not reset)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            key_hash=digest,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )
    if token is None or token.session_salt != token.user.session_salt:
        return None
    return token
