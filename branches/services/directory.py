"""Directory writes: who works at which branch or agency (demo data; the admin edits memberships
too)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Agency, Branch, StaffMembership, StaffRole
from tamin.core.exceptions import ApplicationError
from tamin.core.services import audit_record


@transaction.atomic
def staff_membership_grant(
    *, user, branch: Branch, role: str = StaffRole.REVIEWER, actor=None
) -> StaffMembership:
    """Make `user` a staff member of `branch` with `role` (creates, reactivates or changes role)."""
    if role not in StaffRole.values:
        raise ApplicationError(_("سمت انتخاب‌شده معتبر نیست."), code="staff_role")
    if not getattr(user, "is_staff", False):
        raise ApplicationError(
            _("فقط کارکنان سازمان می‌توانند عضو شعبه شوند."), code="staff_not_staff"
        )
    if not branch.is_active:
        raise ApplicationError(_("این شعبه غیرفعال است."), code="branch_inactive")
    membership = (
        StaffMembership.objects.select_for_update().filter(user=user, branch=branch).first()
    )
    if membership is None:
        membership = StaffMembership(user=user, branch=branch, role=role, is_active=True)
        membership.full_clean()
        membership.save()
        audit_record(
            action="staff_membership.granted",
            actor=actor,
            target=membership,
            after={"role": role, "branch": branch.code},
        )
        return membership
    if membership.role == role and membership.is_active:
        return membership
    before = {"role": membership.role, "is_active": membership.is_active}
    membership.role = role
    membership.is_active = True
    membership.full_clean()
    membership.save(update_fields=["role", "is_active", "updated_at"])
    audit_record(
        action="staff_membership.changed",
        actor=actor,
        target=membership,
        before=before,
        after={"role": role, "is_active": True},
    )
    return membership


@transaction.atomic
def agency_staff_membership_grant(
    *, user, agency: Agency, role: str = StaffRole.REVIEWER, actor=None
) -> StaffMembership:
    """Make `user` a staff member of `agency` (they review the cases routed to it, nothing of a
    branch); creates, reactivates or changes the role."""
    if role not in StaffRole.values:
        raise ApplicationError(_("سمت انتخاب‌شده معتبر نیست."), code="staff_role")
    if not getattr(user, "is_staff", False):
        raise ApplicationError(
            _("فقط کارکنان سازمان می‌توانند عضو کارگزاری شوند."), code="staff_not_staff"
        )
    if not agency.is_active:
        raise ApplicationError(_("این کارگزاری غیرفعال است."), code="agency_inactive")
    membership = (
        StaffMembership.objects.select_for_update().filter(user=user, agency=agency).first()
    )
    if membership is None:
        membership = StaffMembership(user=user, agency=agency, role=role, is_active=True)
        membership.full_clean()
        membership.save()
        audit_record(
            action="staff_membership.granted",
            actor=actor,
            target=membership,
            after={"role": role, "agency": agency.code},
        )
        return membership
    if membership.role == role and membership.is_active:
        return membership
    before = {"role": membership.role, "is_active": membership.is_active}
    membership.role = role
    membership.is_active = True
    membership.full_clean()
    membership.save(update_fields=["role", "is_active", "updated_at"])
    audit_record(
        action="staff_membership.changed",
        actor=actor,
        target=membership,
        before=before,
        after={"role": role, "is_active": True},
    )
    return membership
