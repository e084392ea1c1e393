"""Who the signed-in person is as a pensioner, and their pensions (404 for anyone else's)."""

from __future__ import annotations

from collections.abc import Collection

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404

from pensioners.models import Pension, Pensioner, PensionRuling


def pensioner_for_user(*, user) -> Pensioner | None:
    """The pensioner whose national code is the account's, or None."""
    if not getattr(user, "is_authenticated", False) or not user.national_code:
        return None
    return (
        Pensioner.objects.filter(national_code=user.national_code).select_related("branch").first()
    )


def pensioner_account_ids(*, national_codes: Collection[str]) -> dict[str, int]:
    """National code -> id of the active account that reads that pensioner's papers.

    The same match as `pensioner_for_user` (the account's national code), for many at
    once: one query. A pensioner who never registered has no entry.
    """
    return dict(
        get_user_model()
        .objects.filter(national_code__in=set(national_codes), is_active=True)
        .values_list("national_code", "pk")
    )


def pensions_for_user(*, user) -> QuerySet[Pension]:
    """The signed-in person's pensions (every kind), newest first; empty for anyone else."""
    if not getattr(user, "is_authenticated", False) or not user.national_code:
        return Pension.objects.none()
    return (
        Pension.objects.filter(pensioner__national_code=user.national_code)
        .select_related("pensioner")
        .order_by("-start_date", "-id")
    )


def pension_get_for_user(*, user, pension_id: int) -> Pension:
    """One of the person's pensions, or 404 (never another person's)."""
    pension = pensions_for_user(user=user).filter(pk=pension_id).first()
    if pension is None:
        raise Http404
    return pension


def pension_latest_ruling(*, pension: Pension) -> PensionRuling | None:
    return pension.rulings.order_by("-effective_from", "-id").first()


def pension_amount(*, pension: Pension) -> int:
    """The monthly amount in force: the `amount_after` of the latest ruling (0 before any)."""
    ruling = pension_latest_ruling(pension=pension)
    return 0 if ruling is None else ruling.amount_after
