"""Account reads."""

from __future__ import annotations

from tamin.accounts.models import Role, User


def user_roles(*, user: User) -> tuple[str, ...]:
    """The roles a person holds, in the order of `Role` (cached on the user object)."""
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        held = set(user.roles.values_list("role", flat=True))
        cached = tuple(role for role in Role.values if role in held)
        user._role_cache = cached
    return cached
