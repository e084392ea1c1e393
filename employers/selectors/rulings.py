"""Reads of claim rulings: a workshop's rulings, one ruling, and what a new one may claim.

Who sees what: a representative of the workshop sees its rulings once served (a ruling
waiting for paper service is not theirs to see yet); staff of the workshop's branch see
every ruling, drafts and cancelled ones included. Anything else is a 404, never a 403.

What a ruling may claim (for the issue forms): the workshop's months with no list
(`missing_list_months`: no submitted list, the deadline passed, not already claimed by
another ruling) and its inspections that found workers on no list
(`inspections_for_ruling`, not already claimed).

What is still owed of a ruling is the money allocation's (`employers.selectors.money`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from branches.selectors.inspections import inspections_for_workshops
from branches.selectors.staff import staff_membership_get
from employers.models import (
    ClaimRuling,
    ClaimRulingLine,
    ListStatus,
    MonthlyList,
    RulingSource,
    RulingStatus,
    Workshop,
)
from employers.selectors.lists import monthly_lists_overview
from employers.selectors.money import rulings_outstanding
from employers.selectors.workshops import workshop_get_for_user
from tamin.core.jalali import format_period
from tamin.rules.claims import ruling_totals

# A ruling handed to the notice for paper service but not yet served: still a draft in
# its status (serving makes it `served`), but no longer editable or cancellable.
AWAITING_PAPER_LABEL = _("در انتظار ابلاغ کاغذی")


def _rulings() -> QuerySet[ClaimRuling]:
    return ClaimRuling.objects.select_related("workshop", "workshop__branch", "notice")


def ruling_is_draft(ruling: ClaimRuling) -> bool:
    """Still the branch's to edit, cancel or serve: a draft with no notice yet."""
    return ruling.status == RulingStatus.DRAFT and ruling.notice_id is None


def ruling_status_label(ruling: ClaimRuling) -> str:
    """The status a person reads (never the internal key)."""
    if ruling.status == RulingStatus.DRAFT and ruling.notice_id is not None:
        return str(AWAITING_PAPER_LABEL)
    return str(RulingStatus(ruling.status).label)


def ruling_get_for_user(*, user, ruling_id: int) -> ClaimRuling:
    """A served ruling of a workshop `user` acts for; 404 otherwise (drafts included)."""
    ruling = _rulings().filter(pk=ruling_id, notice__served_at__isnull=False).first()
    if ruling is None:
        raise Http404
    workshop_get_for_user(user=user, workshop_id=ruling.workshop_id)
    return ruling


def ruling_get_for_staff(*, user, ruling_id: int) -> ClaimRuling:
    """Any ruling of a workshop of the staff member's branch; 404 otherwise."""
    ruling = _rulings().filter(pk=ruling_id).first()
    if ruling is None:
        raise Http404
    staff_membership_get(user=user, branch_id=ruling.workshop.branch_id)
    return ruling


@dataclass(frozen=True)
class RulingLineRow:
    """One period of a ruling as pages and the PDF show it."""

    year: int
    month: int
    principal: int
    penalty: int
    description: str

    @property
    def label(self) -> str:
        return format_period(self.year, self.month)

    @property
    def total(self) -> int:
        return ruling_totals(lines=[(self.principal, self.penalty)]).total


def ruling_lines(*, ruling: ClaimRuling) -> list[RulingLineRow]:
    """The ruling's periods, oldest first (one query)."""
    return [
        RulingLineRow(*values)
        for values in ruling.lines.order_by("year", "month", "id").values_list(
            "year", "month", "principal", "penalty", "description"
        )
    ]


@dataclass(frozen=True)
class RulingRow:
    """A ruling as a list shows it: with what is still owed of it and its status label."""

    ruling: ClaimRuling
    owed: int
    status_label: str

    @property
    def served_at(self) -> datetime.datetime | None:
        notice = self.ruling.notice
        return notice.served_at if notice else None

    @property
    def respond_until(self) -> datetime.date | None:
        notice = self.ruling.notice
        return notice.respond_until if notice else None


def rulings_for_workshop(*, workshop: Workshop, include_unserved: bool = False) -> list[RulingRow]:
    """The workshop's rulings, newest first, each with what is still owed (three queries).

    Representatives see the served ones only; staff pages pass `include_unserved`.
    """
    rulings = _rulings().filter(workshop=workshop)
    if not include_unserved:
        rulings = rulings.filter(notice__served_at__isnull=False)
    rulings = list(rulings.order_by("-created_at", "-id"))
    owed = rulings_outstanding(workshop=workshop) if rulings else {}
    return [
        RulingRow(
            ruling=ruling, owed=owed.get(ruling.pk, 0), status_label=ruling_status_label(ruling)
        )
        for ruling in rulings
    ]


def ruling_owed(*, ruling: ClaimRuling) -> int:
    """What is still owed of this ruling (0 before it is served, and once paid)."""
    return rulings_outstanding(workshop=ruling.workshop).get(ruling.pk, 0)


def rulings_owed(*, workshop: Workshop, unpaid: dict) -> list[RulingRow]:
    """The served rulings with something still owed, oldest first, from the debt's
    allocation (`WorkshopDebt.rulings_unpaid`: ruling id → still owed). One query."""
    ids = [ruling_id for ruling_id, amount in unpaid.items() if ruling_id and amount > 0]
    if not ids:
        return []
    rulings = _rulings().filter(workshop=workshop, pk__in=ids, notice__served_at__isnull=False)
    return [
        RulingRow(ruling=ruling, owed=unpaid[ruling.pk], status_label=ruling_status_label(ruling))
        for ruling in rulings.order_by("notice__served_at", "id")
    ]


# --- what a new ruling may claim -------------------------------------------------------


def _claimed_periods(*, workshop: Workshop, source: str) -> set[tuple[int, int]]:
    """Periods already claimed by a ruling of `source` that is not cancelled."""
    return set(
        ClaimRulingLine.objects.filter(ruling__workshop=workshop, ruling__source=source)
        .exclude(ruling__status=RulingStatus.CANCELLED)
        .values_list("year", "month")
    )


@dataclass(frozen=True)
class MissingMonth:
    """A month whose list was due and never sent, and what its estimate would rest on."""

    year: int
    month: int
    deadline: datetime.date
    # The latest submitted list before it (its premium is the estimate), or None: then
    # staff give a worker count and the year's minimum wage is used.
    basis: MonthlyList | None

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return format_period(self.year, self.month)

    @property
    def basis_label(self) -> str:
        return format_period(self.basis.year, self.basis.month) if self.basis else ""


def missing_list_months(*, workshop: Workshop, today: datetime.date) -> list[MissingMonth]:
    """Months since the workshop started with no submitted list and the deadline passed,
    not claimed by another no-list ruling, oldest first (four queries)."""
    claimed = _claimed_periods(workshop=workshop, source=RulingSource.NO_LIST)
    missing = [
        month
        for month in monthly_lists_overview(workshop=workshop, today=today)
        if month.in_force is None
        and month.first_sent_on is None
        and month.deadline < today
        and (month.year, month.month) not in claimed
    ]
    if not missing:
        return []
    submitted = list(
        MonthlyList.objects.filter(workshop=workshop, status=ListStatus.SUBMITTED).order_by(
            "year", "month"
        )
    )
    result = []
    for month in sorted(missing, key=lambda item: (item.year, item.month)):
        earlier = [
            item for item in submitted if (item.year, item.month) < (month.year, month.month)
        ]
        result.append(
            MissingMonth(
                year=month.year,
                month=month.month,
                deadline=month.deadline,
                basis=earlier[-1] if earlier else None,
            )
        )
    return result


def inspections_for_ruling(*, workshop: Workshop) -> list:
    """The workshop's inspections that found workers on no list and no ruling claims yet
    (a cancelled ruling frees its inspection), newest first. Two queries."""
    used = set(
        ClaimRuling.objects.filter(workshop=workshop, inspection__isnull=False)
        .exclude(status=RulingStatus.CANCELLED)
        .values_list("inspection_id", flat=True)
    )
    found = inspections_for_workshops(workshop_codes=[workshop.code]).exclude(workers_not_listed=[])
    return [inspection for inspection in found if inspection.pk not in used]


def inspection_get_for_ruling(*, workshop: Workshop, inspection_id: int):
    """An inspection of this workshop's code; 404 for another workshop's or a missing one."""
    inspection = (
        inspections_for_workshops(workshop_codes=[workshop.code]).filter(pk=inspection_id).first()
    )
    if inspection is None:
        raise Http404
    return inspection
