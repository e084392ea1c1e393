"""Who may see which workshop: the access rule every employer page starts with.

A person acts for a workshop through an active `Representative` row (owner or
accountant) of an active workshop; branch staff see the workshops of the branches
they work at. Anything else is a 404, never a 403, so strangers learn nothing.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from branches.selectors.staff import staff_membership_get, staff_memberships_for_user
from employers.models import Representative, RepresentativeRole, Workshop
from tamin.core.identifiers import is_ascii_digits


def _active_rows(*, user) -> QuerySet[Representative]:
    if not getattr(user, "is_authenticated", False):
        return Representative.objects.none()
    return Representative.objects.filter(user=user, is_active=True, workshop__is_active=True)


def workshops_for_user(*, user) -> QuerySet[Representative]:
    """The person's active representative rows, each with its workshop and branch."""
    return (
        _active_rows(user=user)
        .select_related("workshop", "workshop__branch")
        .order_by("workshop__name", "workshop__code")
    )


def workshop_get_for_user(*, user, workshop_id: int) -> Workshop:
    """The workshop if `user` acts for it; 404 when missing or someone else's."""
    row = (
        _active_rows(user=user)
        .filter(workshop_id=workshop_id)
        .select_related("workshop", "workshop__branch")
        .first()
    )
    if row is None:
        raise Http404
    return row.workshop


def representative_role_for(*, user, workshop: Workshop) -> str | None:
    """`owner`, `accountant`, or None when the person does not act for the workshop."""
    return _active_rows(user=user).filter(workshop=workshop).values_list("role", flat=True).first()


def workshop_owner_get_for_user(*, user, workshop_id: int) -> Workshop:
    """Like `workshop_get_for_user`, but only for the owner (owner-only pages)."""
    workshop = workshop_get_for_user(user=user, workshop_id=workshop_id)
    if representative_role_for(user=user, workshop=workshop) != RepresentativeRole.OWNER:
        raise Http404
    return workshop


def representatives_of(*, workshop: Workshop) -> QuerySet[Representative]:
    return (
        Representative.objects.filter(workshop=workshop, is_active=True)
        .select_related("user")
        .order_by("role", "user__last_name")
    )


# --- branch staff ------------------------------------------------------------------


def workshops_for_branch_staff(*, user, query: str = "") -> QuerySet[Workshop]:
    """Workshops of every branch the person works at, optionally filtered by code or name."""
    branch_ids = staff_memberships_for_user(user=user).values_list("branch_id", flat=True)
    workshops = Workshop.objects.filter(branch_id__in=branch_ids).select_related("branch")
    query = (query or "").strip()
    if query:
        if is_ascii_digits(query):
            workshops = workshops.filter(code__startswith=query)
        else:
            workshops = workshops.filter(name__icontains=query) | workshops.filter(
                employer_name__icontains=query
            )
    return workshops.order_by("code")


def workshop_get_for_staff(*, user, workshop_id: int) -> Workshop:
    """The workshop if `user` works at its branch; 404 otherwise."""
    workshop = Workshop.objects.select_related("branch").filter(pk=workshop_id).first()
    if workshop is None:
        raise Http404
    staff_membership_get(user=user, branch_id=workshop.branch_id)
    return workshop
