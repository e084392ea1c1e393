"""Payroll software keys: the owner's view of them, and what a key reaches.

* The owner's pages: `workshops_owned_by` (the landing page), `payroll_keys_of` and
  `payroll_key_get_for_owner` — the workshop comes from `workshop_owner_get_for_user`, so an
  accountant or a stranger gets 404.
* The API: `payroll_key_find` (by the key's digest, revoked or not, so a refused call
  with a revoked key is still audited against it), `payroll_key_is_usable`, and the lists
  of the key's workshop only — `monthly_list_get_for_payroll_key` answers 404 for another
  workshop's list exactly as for a missing one.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from employers.models import (
    MonthlyList,
    PayrollApiKey,
    Representative,
    RepresentativeRole,
    Workshop,
)
from employers.selectors.money import monthly_lists_for_workshop
from employers.selectors.workshops import workshop_owner_get_for_user


def workshops_owned_by(*, user) -> QuerySet[Workshop]:
    """Active workshops the person is the active owner of."""
    if not getattr(user, "is_authenticated", False):
        return Workshop.objects.none()
    return Workshop.objects.filter(
        is_active=True,
        representatives__user=user,
        representatives__is_active=True,
        representatives__role=RepresentativeRole.OWNER,
    ).order_by("name", "code")


def owns_a_workshop(user) -> bool:
    """For the dashboard link: the key pages are the owner's alone."""
    return workshops_owned_by(user=user).exists()


def payroll_keys_of(*, workshop: Workshop) -> QuerySet[PayrollApiKey]:
    """Every key of the workshop, live and revoked, newest first."""
    return PayrollApiKey.objects.filter(workshop=workshop).order_by("-created_at", "-id")


def payroll_key_get_for_owner(*, user, workshop_id: int, key_id: int) -> PayrollApiKey:
    """A key of a workshop `user` owns; 404 for anyone else and for another workshop's key."""
    workshop = workshop_owner_get_for_user(user=user, workshop_id=workshop_id)
    key = PayrollApiKey.objects.filter(pk=key_id, workshop=workshop).first()
    if key is None:
        raise Http404
    key.workshop = workshop
    return key


def payroll_key_find(*, digest: str) -> PayrollApiKey | None:
    """The key with this digest, revoked or not, with whether its issuer still owns the
    workshop (`issuer_is_owner`). One query."""
    issuer_is_owner = Representative.objects.filter(
        workshop=OuterRef("workshop"),
        user=OuterRef("created_by"),
        role=RepresentativeRole.OWNER,
        is_active=True,
    )
    return (
        PayrollApiKey.objects.filter(key_hash=digest)
        .select_related("workshop", "created_by")
        .annotate(issuer_is_owner=Exists(issuer_is_owner))
        .first()
    )


def payroll_key_is_usable(key: PayrollApiKey) -> bool:
    """Not revoked, its workshop active, and the owner who issued it still its owner with
    an active account (a key dies with its issuer's ownership)."""
    return (
        key.revoked_at is None
        and key.workshop.is_active
        and key.created_by.is_active
        and bool(getattr(key, "issuer_is_owner", False))
    )


def monthly_lists_for_payroll_key(*, key: PayrollApiKey) -> list[MonthlyList]:
    """The key's workshop's lists, as the portal's API gives them."""
    return monthly_lists_for_workshop(workshop=key.workshop)


def monthly_list_get_for_payroll_key(*, key: PayrollApiKey, list_id: int) -> MonthlyList:
    """A list of the key's workshop; 404 for a missing list and another workshop's alike."""
    monthly_list = (
        MonthlyList.objects.filter(pk=list_id, workshop_id=key.workshop_id)
        .select_related("workshop")
        .first()
    )
    if monthly_list is None:
        raise Http404
    return monthly_list
