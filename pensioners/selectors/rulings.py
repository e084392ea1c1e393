"""Reads of the rulings area: a pension's rulings (حکم), one ruling, its history of
amounts, and "how my pension was computed".

Every read that takes an id starts from the signed-in person (`pensions_for_user`):
another person's pension or ruling is a 404, exactly like a missing one.

The grant's `computation` holds the rule's inputs in the file format the command
`manage.py pension compute` reads (`COMPUTATION_FILE_KEYS`):

    {"sex": "male", "birth_date": "1340/01/01", "on": "1403/07/01", "added_days": 0,
     "records": [{"year": 1401, "month": 7, "days": 30, "wage": 120000000}, …]}

(Jalali dates, ASCII digits), plus `figures`, what the ruling wrote. A survivor's grant
holds instead `deceased` (the pension whose amount was shared) and the share.
`pension_computation_for_user` re-runs `tamin.rules.pensions.pension_compute` on the
stored file with the conditions and minimum pension of that year — the same function
and the same figures as the command — so the page, the API and the command agree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import jdatetime
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from pensioners.models import Pension, PensionRuling
from pensioners.selectors.pensions import pensions_for_user
from tamin.core.jalali import format_period
from tamin.rules.pension_figures import minimum_pension, retirement_conditions
from tamin.rules.pensions import PensionComputation, ServiceMonth, pension_compute, share_of

COMPUTATION_FILE_KEYS = ("sex", "birth_date", "on", "added_days", "records")


# --- lists and one ruling -------------------------------------------------------------


def pensions_with_amount_for_user(*, user) -> QuerySet[Pension]:
    """The person's pensions, each with `amount` (the latest ruling's) in one query."""
    latest = PensionRuling.objects.filter(pension=OuterRef("pk")).order_by("-effective_from", "-id")
    return pensions_for_user(user=user).annotate(amount=Subquery(latest.values("amount_after")[:1]))


def rulings_for_pension(*, pension: Pension) -> QuerySet[PensionRuling]:
    """A pension's rulings, oldest first (the grant, then each yearly increase)."""
    return PensionRuling.objects.filter(pension=pension).order_by("effective_from", "id")


def rulings_for_user(*, user) -> QuerySet[PensionRuling]:
    """Every ruling of the person's pensions, newest first; empty for anyone else."""
    return (
        PensionRuling.objects.filter(pension__in=pensions_for_user(user=user).values("pk"))
        .select_related("pension")
        .order_by("-effective_from", "-id")
    )


def ruling_get_for_user(*, user, ruling_id: int) -> PensionRuling:
    """One ruling of the person's own pensions, or 404 (never another person's)."""
    ruling = rulings_for_user(user=user).select_related("pension__pensioner").filter(pk=ruling_id)
    found = ruling.first()
    if found is None:
        raise Http404
    return found


def pension_grant_ruling(*, pension: Pension) -> PensionRuling | None:
    return PensionRuling.objects.filter(pension=pension, kind=PensionRuling.Kind.GRANT).first()


@dataclass(frozen=True)
class HistoryRow:
    """One ruling as the history shows it: the amount before and after it."""

    ruling: PensionRuling
    is_grant: bool
    amount_before: int | None  # None for the grant (there was no pension before it)
    amount_after: int
    change: int | None  # after − before; None for the grant
    increase_permille: int
    increase_fixed: int
    minimum_applied: bool

    @property
    def increase_percent(self) -> Decimal:
        """200‰ → 20 (a Decimal: 12.5 % stays 12.5)."""
        return Decimal(self.increase_permille) / 10


def ruling_history(*, pension: Pension, until: PensionRuling | None = None) -> list[HistoryRow]:
    """The pension's rulings oldest first with before/after, up to `until` (inclusive)."""
    rows: list[HistoryRow] = []
    for ruling in rulings_for_pension(pension=pension):
        is_grant = ruling.kind == PensionRuling.Kind.GRANT
        rows.append(
            HistoryRow(
                ruling=ruling,
                is_grant=is_grant,
                amount_before=None if is_grant else ruling.amount_before,
                amount_after=ruling.amount_after,
                change=None if is_grant else ruling.amount_after - ruling.amount_before,
                increase_permille=ruling.increase_permille,
                increase_fixed=ruling.increase_fixed,
                minimum_applied=ruling.minimum_applied,
            )
        )
        if until is not None and ruling.pk == until.pk:
            break
    return rows


# --- the computation file -------------------------------------------------------------


def jalali_text(value: datetime.date) -> str:
    """A Gregorian date as the file writes it: «1340/01/01» (Jalali, ASCII digits)."""
    j = jdatetime.date.fromgregorian(date=value)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"


def jalali_from_text(text: str) -> jdatetime.date:
    year, month, day = (int(part) for part in str(text).split("/"))
    return jdatetime.date(year, month, day)


def computation_file(ruling: PensionRuling | None) -> dict[str, Any] | None:
    """The grant's inputs exactly as `manage.py pension compute` reads them, or None when
    the ruling holds none (a survivor's grant, a ruling written before they were kept)."""
    if ruling is None:
        return None
    stored = ruling.computation or {}
    if not all(key in stored for key in COMPUTATION_FILE_KEYS):
        return None
    return {key: stored[key] for key in COMPUTATION_FILE_KEYS}


def computation_records(file: dict[str, Any]) -> list[ServiceMonth]:
    return [
        ServiceMonth(
            year=int(item["year"]),
            month=int(item["month"]),
            days=int(item["days"]),
            wage=int(item["wage"]),
            hard_job=bool(item.get("hard_job", False)),
        )
        for item in file["records"]
    ]


def computation_run(file: dict[str, Any], *, with_conditions: bool = True) -> PensionComputation:
    """`pension_compute` on a stored file with the figures of the year of its `on` (what
    the command does with the same file)."""
    on = jalali_from_text(file["on"])
    return pension_compute(
        sex=file["sex"],
        birth_date=jalali_from_text(file["birth_date"]),
        on=on,
        records=computation_records(file),
        conditions=retirement_conditions(year=on.year) if with_conditions else (),
        minimum_pension=minimum_pension(year=on.year),
        added_days=int(file["added_days"]),
    )


# --- how my pension was computed ------------------------------------------------------


@dataclass(frozen=True)
class ComputationMonth:
    """One month of the stored history; `days_used` > 0 when the 730-day walk counted it."""

    year: int
    month: int
    label: str
    days: int
    wage: int
    days_used: int
    wage_used: int

    @property
    def used(self) -> bool:
        return self.days_used > 0

    @property
    def partial(self) -> bool:
        return 0 < self.days_used < self.days


@dataclass(frozen=True)
class PensionComputationView:
    """What "how my pension was computed" shows (the page and the API)."""

    pension: Pension
    grant: PensionRuling | None
    # The pension whose grant was computed from a history: the pension itself, or for a
    # survivor the deceased's pension (`share_permille` of its amount).
    source_pension: Pension | None
    source_grant: PensionRuling | None
    file: dict[str, Any] | None
    result: PensionComputation | None
    steps: tuple[str, ...]
    walked: tuple[ComputationMonth, ...]  # the months of the average, newest first
    months: tuple[ComputationMonth, ...]  # every month of the history, newest first
    matches_ruling: bool  # the re-run gives the figures the grant wrote
    is_survivor: bool
    share_permille: int
    base_amount: int | None  # the deceased's amount that was shared
    share_amount: int | None

    @property
    def available(self) -> bool:
        return self.result is not None


def _figures_match(ruling: PensionRuling, result: PensionComputation) -> bool:
    return (
        ruling.original_days == result.days
        and ruling.added_days == result.added_days
        and ruling.years_hundredths == result.years_hundredths
        and ruling.average_wage == result.average_wage
        and ruling.amount_after == result.pension
        and ruling.minimum_applied == result.minimum_applied
    )


def _months(file: dict[str, Any], result: PensionComputation) -> list[ComputationMonth]:
    used = {(m.year, m.month): m for m in result.average.months}
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for record in computation_records(file):
        days, wage = merged.get((record.year, record.month), (0, 0))
        merged[(record.year, record.month)] = (days + record.days, wage + record.wage)
    rows = []
    for (year, month), (days, wage) in sorted(merged.items(), reverse=True):
        walked = used.get((year, month))
        rows.append(
            ComputationMonth(
                year=year,
                month=month,
                label=format_period(year, month),
                days=walked.days if walked else days,
                wage=wage,
                days_used=walked.days_used if walked else 0,
                wage_used=walked.wage_used if walked else 0,
            )
        )
    return rows


def pension_computation(*, pension: Pension) -> PensionComputationView:
    """The computation behind `pension` (the caller has checked whose it is)."""
    grant = pension_grant_ruling(pension=pension)
    is_survivor = pension.kind == Pension.Kind.SURVIVORS
    source_pension: Pension | None = pension
    source_grant = grant
    base_amount = share_amount = None
    if is_survivor:
        deceased = (grant.computation or {}).get("deceased", {}) if grant else {}
        source_pension = Pension.objects.filter(pk=deceased.get("pension_id")).first()
        source_grant = (
            None if source_pension is None else pension_grant_ruling(pension=source_pension)
        )
        base_amount = deceased.get("amount")
        share_amount = grant.amount_after if grant else None
    file = computation_file(source_grant)
    result = None
    steps: tuple[str, ...] = ()
    walked: list[ComputationMonth] = []
    months: list[ComputationMonth] = []
    matches = False
    if file is not None and source_pension is not None and source_grant is not None:
        retirement = source_pension.kind == Pension.Kind.RETIREMENT
        result = computation_run(file, with_conditions=retirement)
        # Disability rests on no Art. 76 condition: its working ends before eligibility.
        steps = result.steps if retirement else result.steps[:-1]
        months = _months(file, result)
        walked = [row for row in months if row.used]
        matches = _figures_match(source_grant, result)
        if is_survivor and base_amount is not None and grant is not None:
            matches = matches and share_amount == share_of(
                amount=int(base_amount), share_permille=pension.share_permille
            )
    return PensionComputationView(
        pension=pension,
        grant=grant,
        source_pension=source_pension,
        source_grant=source_grant,
        file=file,
        result=result,
        steps=steps,
        walked=tuple(walked),
        months=tuple(months),
        matches_ruling=matches,
        is_survivor=is_survivor,
        share_permille=pension.share_permille,
        base_amount=None if base_amount is None else int(base_amount),
        share_amount=share_amount,
    )


def pension_computation_for_user(*, user, pension_id: int) -> PensionComputationView:
    """How one of the person's pensions was computed; 404 for anyone else's."""
    pension = pensions_for_user(user=user).filter(pk=pension_id).first()
    if pension is None:
        raise Http404
    return pension_computation(pension=pension)
