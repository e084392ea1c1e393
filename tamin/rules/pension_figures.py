"""Reads of the pension figures (database only): what `tamin.rules.pensions` is given.

`pension_parameters(year=)` is the row of exactly that year (the minimum pension and the
increase are that year's decision; None until staff publish it); `pension_parameters_in_force`
is the latest row not after the year (allowances and the treatment share carry over until
a new row); `retirement_conditions(year=)` the latest set of Art. 76 rows per sex;
`survivor_share_permille(relation=, year=)`; `pension_figures_missing_year()` — the current
year when its row is missing (an advisory /healthz check and a staff dashboard warning).
"""

from __future__ import annotations

from tamin.core.jalali import today_jalali
from tamin.rules.models import PensionParameters, RetirementCondition, SurvivorShare
from tamin.rules.pensions import PATHS
from tamin.rules.pensions import RetirementCondition as Condition


def pension_parameters(*, year: int) -> PensionParameters | None:
    return PensionParameters.objects.filter(year=year).first()


def pension_parameters_in_force(*, year: int) -> PensionParameters | None:
    return PensionParameters.objects.filter(year__lte=year).order_by("-year").first()


def minimum_pension(*, year: int) -> int | None:
    row = pension_parameters(year=year)
    return None if row is None else row.minimum_pension


def retirement_conditions(*, year: int) -> tuple[Condition, ...]:
    """The Art. 76 conditions in force in `year`: per sex, the rows of its latest set."""
    rows = list(
        RetirementCondition.objects.filter(effective_from__lte=year).order_by("-effective_from")
    )
    latest: dict[str, int] = {}
    for row in rows:
        latest.setdefault(row.sex, row.effective_from)
    return tuple(
        Condition(
            sex=row.sex,
            path=row.path,
            min_years=row.min_years,
            min_age=row.min_age,
            label=row.label,
        )
        for row in sorted(
            rows, key=lambda r: (r.sex, PATHS.index(r.path), r.min_years, r.min_age or 0)
        )
        if row.effective_from == latest[row.sex]
    )


def survivor_share_permille(*, relation: str, year: int) -> int | None:
    row = (
        SurvivorShare.objects.filter(relation=relation, effective_from__lte=year)
        .order_by("-effective_from")
        .first()
    )
    return None if row is None else row.share_permille


def pension_figures_missing_year(*, year: int | None = None) -> int | None:
    """The current Jalali year (Tehran), or `year`, when its `PensionParameters` row is not
    published, else None.

    The minimum pension and the yearly increase are each year's own decision (no row carries
    over): until staff enter the row, pensions computed for the year have no floor and no
    increase of the year is applied, so /healthz and the staff dashboard say so.
    """
    if year is None:
        year = today_jalali().year
    return year if pension_parameters(year=year) is None else None
