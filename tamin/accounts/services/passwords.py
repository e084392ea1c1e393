"""The rule every new password meets, whether set at registration or by a reset."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tamin.accounts.models import User
from tamin.core.exceptions import ApplicationError


def password_set_checked(*, user: User, password: str) -> None:
    """Hash `password` into `user` (unsaved) after Django's validators accept it."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), code="weak_password") from exc
    user.set_password(password)
