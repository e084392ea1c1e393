"""Roles a person acts in (insured, employer, pensioner, staff)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tamin.accounts.models import Role, User, UserRole
from tamin.core.exceptions import ApplicationError
from tamin.core.services import audit_record


def user_role_grant(*, user: User, role: str) -> UserRole:
    if role not in Role.values:
        raise ApplicationError(_("نقش ناشناخته است."), code="unknown_role")
    grant, created = UserRole.objects.get_or_create(user=user, role=role)
    if created:
        audit_record(action="role.granted", target=user, after={"role": role})
    user.__dict__.pop("_role_cache", None)
    return grant
