"""Reads of serving in bulk: a branch's batches, one batch, and which workshops a batch may serve.

Branch staff see the batches of the branches they work at; a batch of another branch,
or any batch for someone who is not staff, is a 404. A batch's list of workshop ids
(up to SERVING_BATCH_MAX_WORKSHOPS) is never read by a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from branches.selectors.staff import staff_membership_get, staff_memberships_for_user
from employers.models import (
    LedgerEntry,
    Notice,
    NoticeDelivery,
    ServingBatch,
    ServingBatchStatus,
    Workshop,
)

BATCH_PAGE_SIZE = 25
# Ids or codes per IN (…) list: SQLite takes at most 32,766 parameters in one statement.
IN_LIST_SIZE = 10_000
# What a page reads of a batch: everything but its list of workshop ids.
_PAGE_FIELDS_DEFERRED = ("workshop_ids",)
FINISHED_STATUSES = (ServingBatchStatus.DONE, ServingBatchStatus.FAILED)


def serving_branches_for_staff(*, user) -> list:
    """The branches the person works at (the branches they may serve from), by name."""
    return sorted(
        (membership.branch for membership in staff_memberships_for_user(user=user)),
        key=lambda branch: (branch.name, branch.pk),
    )


def serving_batches_for_staff(*, user) -> QuerySet[ServingBatch]:
    """Batches of every branch the person works at, newest first."""
    branch_ids = staff_memberships_for_user(user=user).values_list("branch_id", flat=True)
    return (
        ServingBatch.objects.filter(branch_id__in=branch_ids)
        .defer(*_PAGE_FIELDS_DEFERRED)
        .select_related("branch", "created_by")
        .order_by("-created_at", "-id")
    )


def serving_batches_page(*, user, page: object = 1) -> Page:
    """One page of the person's branches' batches (BATCH_PAGE_SIZE a page)."""
    return Paginator(serving_batches_for_staff(user=user), BATCH_PAGE_SIZE).get_page(page)


def serving_batch_get_for_staff(*, user, batch_id: int) -> ServingBatch:
    """A batch of a branch `user` works at; 404 otherwise (and for anyone not staff)."""
    batch = (
        ServingBatch.objects.filter(pk=batch_id)
        .defer(*_PAGE_FIELDS_DEFERRED)
        .select_related("branch", "created_by")
        .first()
    )
    if batch is None or batch.branch_id is None:
        raise Http404
    staff_membership_get(user=user, branch_id=batch.branch_id)
    return batch


@dataclass(frozen=True)
class BatchOutcome:
    """What became of the workshops a batch has gone through so far."""

    electronic: int  # served to the workshop's inbox
    paper: int  # waiting for (or given) paper service
    processed: int  # workshops gone through (the batch's `served` counter)

    @property
    def not_served(self) -> int:
        """Gone through without a notice: a debt notice to a workshop owing nothing then."""
        return max(self.processed - self.electronic - self.paper, 0)


def serving_batch_outcome(*, batch: ServingBatch) -> BatchOutcome:
    """The batch's notices by delivery (one query)."""
    counts = Notice.objects.filter(batch_id=batch.pk).aggregate(
        electronic=Count("id", filter=Q(delivery=NoticeDelivery.ELECTRONIC)),
        paper=Count("id", filter=Q(delivery=NoticeDelivery.PAPER)),
    )
    return BatchOutcome(
        electronic=counts["electronic"], paper=counts["paper"], processed=batch.served
    )


def workshops_with_debt_ids(*, branch_id: int) -> list[int]:
    """The branch's workshops whose account shows a debt, by id (one query).

    A debt here is a ledger balance above zero: list premiums, penalties or rulings
    charged and not paid (what the debt page splits into estimated and final debt).
    """
    return list(
        LedgerEntry.objects.filter(workshop__branch_id=branch_id)
        .values("workshop_id")
        .annotate(balance=Sum("amount"))
        .filter(balance__gt=0)
        .order_by("workshop_id")
        .values_list("workshop_id", flat=True)
    )


@dataclass(frozen=True)
class CodesResolved:
    """Workshop codes typed by staff, resolved against their branch."""

    workshop_ids: list[int]  # the branch's workshops, in the order typed
    unknown: list[str]  # no workshop has this code
    other_branch: list[str]  # a workshop of another branch


def workshop_codes_resolve(*, branch_id: int, codes: Sequence[str]) -> CodesResolved:
    """Which typed codes are workshops of `branch_id` (one query per IN_LIST_SIZE codes);
    repeats count once."""
    wanted = list(dict.fromkeys(codes))
    found = {
        code: (workshop_id, workshop_branch)
        for part in _parts(wanted)
        for code, workshop_id, workshop_branch in Workshop.objects.filter(
            code__in=part
        ).values_list("code", "id", "branch_id")
    }
    ids, unknown, other = [], [], []
    for code in wanted:
        if code not in found:
            unknown.append(code)
        elif found[code][1] != branch_id:
            other.append(code)
        else:
            ids.append(found[code][0])
    return CodesResolved(workshop_ids=ids, unknown=unknown, other_branch=other)


def workshops_not_of_branch(*, branch_id: int, workshop_ids: Sequence[int]) -> list[int]:
    """The ids among `workshop_ids` that are not workshops of `branch_id` (one query per
    IN_LIST_SIZE ids)."""
    wanted = sorted(set(workshop_ids))
    of_branch = {
        pk
        for part in _parts(wanted)
        for pk in Workshop.objects.filter(pk__in=part, branch_id=branch_id).values_list(
            "pk", flat=True
        )
    }
    return [pk for pk in wanted if pk not in of_branch]


def _parts(values: list) -> list[list]:
    return [values[start : start + IN_LIST_SIZE] for start in range(0, len(values), IN_LIST_SIZE)]


def workshops_electronic_count(*, workshop_ids: Sequence[int]) -> int:
    """How many of the workshops have their e-notification opt-in recorded (served to the
    inbox; the others wait for paper service), one query per IN_LIST_SIZE ids."""
    return sum(
        Workshop.objects.filter(pk__in=part, e_notification_opt_in=True).count()
        for part in _parts(sorted(set(workshop_ids)))
    )
