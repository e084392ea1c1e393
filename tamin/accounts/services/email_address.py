"""The e-mail address notices go to (set by the person on the security page)."""

from __future__ import annotations

from django.db import transaction

from tamin.accounts.models import User
from tamin.core.services import audit_record


@transaction.atomic
def user_email_update(*, user: User, email: str, ip: str | None = None) -> User:
    """Set the address e-mail notices go to (empty removes it)."""
    before = user.email
    user.email = email.strip().lower()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email"])
    audit_record(
        action="profile.email_changed",
        actor=user,
        target=user,
        before={"email": before},
        after={"email": user.email},
        detail={"ip": ip},
    )
    return user
