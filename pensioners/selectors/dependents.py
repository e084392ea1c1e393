"""Reads of the dependents area: a pension's dependents and the papers they owe.

    dependents_for_user ──▶ dependent_obligations_for_user(user=, on=)
        each active dependent of the person's pensions (not ended), each paper the rule
        (`tamin.rules.dependents.papers_owed`, terms from the database) says is owed on `on`,
        with its period, due date and state: missing, submitted, accepted or rejected.
    dependent_obligation_warnings ──▶ the papers not in (missing, or rejected and owed again).

Every read starts from the signed-in person's national code: another person's dependent or
filing is a 404 (`dependent_get_for_user`, `filing_get_for_user`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from branches.selectors.cases import case_get_for_applicant, case_list_for_applicant
from pensioners.models import DependentObligationFiling, Pension, PensionDependent
from pensioners.selectors.pensions import pensions_for_user
from tamin.rules.dependents import (
    DependentFacts,
    OwedPaper,
    dependent_obligation_terms,
    papers_owed,
    period_label,
)

Filing = DependentObligationFiling

MISSING = "missing"
SUBMITTED = Filing.Status.SUBMITTED.value
ACCEPTED = Filing.Status.ACCEPTED.value
REJECTED = Filing.Status.REJECTED.value
STATE_LABELS = {
    MISSING: "ثبت نشده",
    SUBMITTED: "در انتظار بررسی شعبه",
    ACCEPTED: "پذیرفته شد",
    REJECTED: "رد شد؛ دوباره ثبت کنید",
}
# A branches case held for its required documents is «submitted» there (not forwarded).
_CASE_HELD = "submitted"


def dependents_for_user(*, user) -> QuerySet[PensionDependent]:
    """The active dependents of the person's pensions that have not ended; empty for anyone
    else."""
    return (
        PensionDependent.objects.filter(
            pension__in=pensions_for_user(user=user).values("pk"), is_active=True
        )
        .exclude(pension__status=Pension.Status.ENDED)
        .select_related("pension")
        .order_by("pension__start_date", "pension_id", "birth_date", "id")
    )


def dependent_get_for_user(*, user, dependent_id: int) -> PensionDependent:
    """One of the person's active dependents, or 404 (never another person's)."""
    dependent = dependents_for_user(user=user).filter(pk=dependent_id).first()
    if dependent is None:
        raise Http404
    return dependent


def filing_get_for_user(*, user, filing_id: int) -> DependentObligationFiling:
    """A filing of one of the person's dependents, or 404."""
    filing = (
        Filing.objects.filter(
            pk=filing_id, dependent__pension__in=pensions_for_user(user=user).values("pk")
        )
        .select_related("dependent", "dependent__pension")
        .first()
    )
    if filing is None:
        raise Http404
    return filing


def dependent_facts(dependent: PensionDependent) -> DependentFacts:
    return DependentFacts(
        relation=dependent.relation,
        birth_date=dependent.birth_date,
        is_disabled=dependent.is_disabled,
    )


@dataclass(frozen=True)
class PaperState:
    """One paper a dependent owes now, and where it stands."""

    dependent: PensionDependent
    paper: OwedPaper
    state: str  # MISSING, SUBMITTED, ACCEPTED or REJECTED
    filing: DependentObligationFiling | None
    held: bool  # filed, but its case waits for the required document (not at the branch yet)
    overdue: bool  # the due date has passed and the paper is not in

    @property
    def kind(self) -> str:
        return self.paper.kind

    @property
    def kind_label(self) -> str:
        return str(Filing.Kind(self.paper.kind).label)

    @property
    def period_key(self) -> str:
        return self.paper.period_key

    @property
    def period_label(self) -> str:
        return period_label(kind=self.paper.kind, period_key=self.paper.period_key)

    @property
    def due_on(self) -> datetime.date:
        return self.paper.due_on

    @property
    def state_label(self) -> str:
        if self.held:
            return "ثبت شده؛ تا بارگذاری مدرک به شعبه نمی‌رود"
        return STATE_LABELS[self.state]

    @property
    def is_warning(self) -> bool:
        """Not in: never filed, or rejected (owed again)."""
        return self.state in (MISSING, REJECTED)

    @property
    def may_file(self) -> bool:
        return self.state in (MISSING, REJECTED)


@dataclass(frozen=True)
class DependentPapers:
    dependent: PensionDependent
    papers: tuple[PaperState, ...]


def _latest_filings(
    dependents: list[PensionDependent], owed: dict[int, tuple[OwedPaper, ...]]
) -> dict[tuple[int, str, str], DependentObligationFiling]:
    """Per (dependent, kind, period) the filing that says where it stands: the live one
    (submitted or accepted), else the latest rejected one. One query."""
    periods = {paper.period_key for papers in owed.values() for paper in papers}
    if not periods:
        return {}
    filings = Filing.objects.filter(
        dependent_id__in=[dependent.pk for dependent in dependents], period_key__in=periods
    ).order_by("created_at", "id")
    latest: dict[tuple[int, str, str], DependentObligationFiling] = {}
    for filing in filings:
        key = (filing.dependent_id, filing.kind, filing.period_key)
        current = latest.get(key)
        if current is None or current.status == REJECTED:
            latest[key] = filing
    return latest


def _held_case_ids(*, user, filings: list[DependentObligationFiling]) -> set[int]:
    case_ids = [f.case_id for f in filings if f.status == SUBMITTED and f.case_id is not None]
    if not case_ids:
        return set()
    return set(
        case_list_for_applicant(user=user)
        .filter(pk__in=case_ids, status=_CASE_HELD)
        .values_list("pk", flat=True)
    )


def dependent_obligations_for_user(*, user, on: datetime.date) -> list[DependentPapers]:
    """Each active dependent with the papers owed on `on` and their state (a few queries:
    the dependents, the terms, the filings, and held cases when any is submitted)."""
    dependents = list(dependents_for_user(user=user))
    if not dependents:
        return []
    terms = dependent_obligation_terms(on=on)
    owed = {
        dependent.pk: papers_owed(dependent=dependent_facts(dependent), on=on, terms=terms)
        if terms is not None
        else ()
        for dependent in dependents
    }
    filings = _latest_filings(dependents, owed)
    held = _held_case_ids(user=user, filings=list(filings.values()))
    result = []
    for dependent in dependents:
        rows = []
        for paper in owed[dependent.pk]:
            filing = filings.get((dependent.pk, paper.kind, paper.period_key))
            state = MISSING if filing is None else filing.status
            rows.append(
                PaperState(
                    dependent=dependent,
                    paper=paper,
                    state=state,
                    filing=filing,
                    held=filing is not None and filing.case_id in held,
                    overdue=state in (MISSING, REJECTED) and paper.is_overdue(on=on),
                )
            )
        result.append(DependentPapers(dependent=dependent, papers=tuple(rows)))
    return result


def dependent_obligation_warnings(*, user, on: datetime.date) -> list[PaperState]:
    """The papers owed on `on` that are not in (missing or rejected), earliest due first:
    what the pensioner's home warns about."""
    rows = [
        paper
        for entry in dependent_obligations_for_user(user=user, on=on)
        for paper in entry.papers
        if paper.is_warning
    ]
    return sorted(rows, key=lambda row: (row.due_on, row.dependent.pk, row.kind))


def filing_case(*, user, filing: DependentObligationFiling):
    """The branches case of the person's filing (tracking code, status, documents), or 404."""
    if filing.case_id is None:
        raise Http404
    return case_get_for_applicant(user=user, case_id=filing.case_id)
