"""Who works where: the access checks every staff page starts with."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from branches.models import Branch, StaffMembership


def staff_memberships_for_user(*, user) -> QuerySet[StaffMembership]:
    if not getattr(user, "is_authenticated", False):
        return StaffMembership.objects.none()
    return StaffMembership.objects.filter(
        user=user, is_active=True, branch__is_active=True
    ).select_related("branch")


def staff_branches_for_user(*, user) -> QuerySet[Branch]:
    return Branch.objects.filter(staff__user=user, staff__is_active=True, is_active=True)


def staff_membership_get(*, user, branch_id: int) -> StaffMembership:
    """The person's membership at `branch_id`; 404 when they do not work there."""
    membership = staff_memberships_for_user(user=user).filter(branch_id=branch_id).first()
    if membership is None:
        raise Http404
    return membership
