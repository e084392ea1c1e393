"""Who works where: the access checks every staff page starts with.

A membership is at a branch or at an agency (کارگزاری). Branch pages read only branch
memberships (`staff_memberships_for_user`); the case pages also take agency staff, who review
the cases routed to their agency (`case_desk_memberships_for_user`).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from branches.models import Branch, StaffMembership


def staff_memberships_for_user(*, user) -> QuerySet[StaffMembership]:
    """The person's active branch memberships (agency memberships are not branch work)."""
    if not getattr(user, "is_authenticated", False):
        return StaffMembership.objects.none()
    return StaffMembership.objects.filter(
        user=user, is_active=True, branch__is_active=True
    ).select_related("branch")


def agency_memberships_for_user(*, user) -> QuerySet[StaffMembership]:
    """The person's active agency memberships (an agency under an active branch)."""
    if not getattr(user, "is_authenticated", False):
        return StaffMembership.objects.none()
    return StaffMembership.objects.filter(
        user=user, is_active=True, agency__is_active=True, agency__branch__is_active=True
    ).select_related("agency")


def person_name_or_code(
    first_name: str | None, last_name: str | None, national_code: str | None
) -> str:
    """How the case pages name a person read as plain values: `User.get_full_name()`, else
    the national code (the queue's applicants and assignees, the assignee choices)."""
    return f"{first_name or ''} {last_name or ''}".strip() or (national_code or "")


_STAFF_VERSION_KEY = "branches-staff-version"


def staff_version() -> str:
    """A token renewed whenever a membership, a branch, an agency or any other directory
    place is saved or deleted (`staff_version_renew`): what the cached memberships and
    member lists are keyed by. One cache read."""
    version = cache.get(_STAFF_VERSION_KEY)
    if version is None:
        cache.add(_STAFF_VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(_STAFF_VERSION_KEY)
    return version or ""


def staff_version_renew() -> None:
    """Who works where changed: a new token now and again once the transaction commits, so
    an entry built from the old rows in between is never read."""

    def renew() -> None:
        cache.set(_STAFF_VERSION_KEY, secrets.token_hex(8), timeout=None)

    renew()
    transaction.on_commit(renew)


def _case_desk_memberships_read(*, user) -> list[StaffMembership]:
    memberships = (
        StaffMembership.objects.filter(user=user, is_active=True)
        .filter(
            Q(branch__is_active=True) | Q(agency__is_active=True, agency__branch__is_active=True)
        )
        .select_related("branch", "agency")
        .order_by("id")
    )
    return sorted(memberships, key=lambda membership: membership.agency_id is not None)


def case_desk_memberships_for_user(*, user) -> list[StaffMembership]:
    """Every place whose case queue the person works: branches first, then agencies.

    Kept in the cache under the person and `staff_version()` (one query on a miss), so the
    staff pages each read it from there; any change to a membership or a place renews the
    version, and a deactivated account never reaches here (the principal is dropped)."""
    if not getattr(user, "is_authenticated", False):
        return []
    key = f"branches-case-desk:{int(user.pk)}:{staff_version()}"
    memberships = cache.get(key)
    if memberships is None:
        memberships = _case_desk_memberships_read(user=user)
        cache.set(key, memberships, settings.STAFF_CACHE_SECONDS)
    return memberships


def place_member_names(
    *, branch_id: int | None = None, agency_id: int | None = None
) -> list[tuple[int, str]]:
    """(user id, name or national code) of the active members of the branch (or agency), by
    last name: the queue's "assigned to" choices. Cached under the place and
    `staff_version()` for at most STAFF_CACHE_SECONDS (a renamed person shows by then)."""
    if agency_id is not None:
        key, where = f"branches-members:agency:{int(agency_id)}", {"agency_id": agency_id}
    else:
        key, where = f"branches-members:branch:{int(branch_id)}", {"branch_id": branch_id}
    key = f"{key}:{staff_version()}"
    names = cache.get(key)
    if names is None:
        rows = (
            StaffMembership.objects.filter(is_active=True, **where)
            .order_by("user__last_name", "user_id")
            .values_list("user_id", "user__first_name", "user__last_name", "user__national_code")
        )
        names = [(row[0], person_name_or_code(*row[1:])) for row in rows]
        cache.set(key, names, settings.STAFF_CACHE_SECONDS)
    return names


# Where the person works, read once per user object (a request's user): the dashboard asks
# for each of its staff links.
_STAFF_PLACES_CACHE = "_branches_staff_places"


def _staff_places(user) -> tuple[bool, bool]:
    """(works at an active branch, works at an active agency), in one query per user object."""
    if not getattr(user, "is_authenticated", False):
        return (False, False)
    places = getattr(user, _STAFF_PLACES_CACHE, None)
    if places is None:
        memberships = case_desk_memberships_for_user(user=user)
        places = (
            any(membership.branch_id is not None for membership in memberships),
            any(membership.agency_id is not None for membership in memberships),
        )
        setattr(user, _STAFF_PLACES_CACHE, places)
    return places


def staff_works_at_branch(user) -> bool:
    """Whether the branch staff pages (`staff_required`) open for the person: the dashboard's
    `visible` of every branch-only staff link (check-in, 1420 desk, surveys, workshops…)."""
    return _staff_places(user)[0]


def staff_works_at_case_desk(user) -> bool:
    """Whether the case pages (`case_staff_required`) open for the person: a branch's or an
    agency's staff member."""
    at_branch, at_agency = _staff_places(user)
    return at_branch or at_agency


def staff_branches_for_user(*, user) -> QuerySet[Branch]:
    return Branch.objects.filter(staff__user=user, staff__is_active=True, is_active=True)


def staff_membership_get(*, user, branch_id: int) -> StaffMembership:
    """The person's membership at `branch_id`; 404 when they do not work there."""
    membership = staff_memberships_for_user(user=user).filter(branch_id=branch_id).first()
    if membership is None:
        raise Http404
    return membership


def agency_membership_get(*, user, agency_id: int) -> StaffMembership:
    """The person's membership at agency `agency_id`; 404 when they do not work there."""
    membership = agency_memberships_for_user(user=user).filter(agency_id=agency_id).first()
    if membership is None:
        raise Http404
    return membership


def case_place_staff_q(*, user, prefix: str = "") -> Q:
    """Cases (reached through `prefix`, e.g. "case__") whose place `user` works at: the
    agency of a case routed to one, else the branch. A case routed to an agency is never its
    supervising branch's."""
    at_branch = StaffMembership.objects.filter(
        user=user,
        is_active=True,
        branch_id=OuterRef(f"{prefix}branch_id"),
        branch__is_active=True,
    )
    at_agency = StaffMembership.objects.filter(
        user=user,
        is_active=True,
        agency_id=OuterRef(f"{prefix}agency_id"),
        agency__is_active=True,
    )
    return (Q(**{f"{prefix}agency__isnull": True}) & Q(Exists(at_branch))) | (
        Q(**{f"{prefix}agency__isnull": False}) & Q(Exists(at_agency))
    )
