"""Signing out of every device at once (web sessions and app sign-ins alike).

Each web session (through `User.get_session_auth_hash`) and each `ApiSignIn` remembers
the user's `session_salt`; a new salt makes all of them stale on their next request —
the app's access tokens and its refresh token too. A password reset changes it as well.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from notifications.services import notify
from tamin.accounts.models import User
from tamin.core.services import audit_record


@transaction.atomic
def user_sign_out_everywhere(*, user: User, ip: str | None = None) -> None:
    user.session_salt = secrets.token_hex(16)
    user.save(update_fields=["session_salt"])
    audit_record(action="session.signed_out_everywhere", actor=user, target=user, detail={"ip": ip})
    notify(
        recipient=user,
        template_key="signed_out_everywhere",
        context={"at": timezone.now()},
        channels=["inbox"],
        idempotency_key=f"signout-all:{user.pk}:{user.session_salt}",
    )
