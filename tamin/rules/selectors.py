"""Reads of the yearly figures: what is published, and whether this year's row is missing."""

from __future__ import annotations

from django.db.models import QuerySet

from tamin.core.jalali import today_jalali
from tamin.rules.models import YearParameters
from tamin.rules.penalties import penalty_rates
from tamin.rules.premiums import premium_rates


def year_parameters_published() -> QuerySet[YearParameters]:
    """Every year's row, newest first (what the API and `year_parameters export` publish)."""
    return YearParameters.objects.order_by("-year")


def year_figures_missing_year() -> int | None:
    """The current Jalali year (Tehran) when its figures are not published yet, else None.

    From the year's first day (1 Farvardin, Nowruz) every list of the year is refused
    until staff enter its row, so the staff dashboard and /healthz say so.
    """
    year = today_jalali().year
    return year if premium_rates(year=year) is None else None


def penalty_figures_missing_year() -> int | None:
    """The current Jalali year (Tehran) when no `PenaltyParameters` row covers it, else None.

    A row stays in force until a later one, so this happens only when the table has no row
    from this year or earlier; then no penalty is computed or posted (the task logs it).
    """
    year = today_jalali().year
    return year if penalty_rates(year=year) is None else None
