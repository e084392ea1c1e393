"""Reads of the calculators area: what the rules would give the signed-in person today.

Calculators change nothing: each one reads the person's own current records (never a
person named by the request: the views start from `insured_person_get_for_user`), runs
a pure rule of `tamin.rules` with the portal's figures, and returns the rule's answer
with its working (`steps`).

The pension calculator runs exactly what `manage.py pension compute` runs
(`tamin.rules.pensions.pension_compute` with the retirement conditions and minimum
pension of the year of `on`, `tamin.rules.pension_figures`) on the months before the
month of `on` — the months a pension granted that day would rest on (pensioners'
`pension_grant`) — and offers them as the command's input file (the shape of the
pensioners' computation file), so anyone can check the figure. When the person is not
eligible that day, `tamin.rules.pensions.pension_eligibility_date` says from when they
would be if they keep working as in their last month (only when that month is recent:
`insured.selectors.inquiries.ACTIVE_WITHIN_MONTHS`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import jdatetime

from insured.models import InsuredPerson
from insured.selectors.inquiries import ACTIVE_WITHIN_MONTHS
from insured.selectors.lookup import service_months_by_national_code
from tamin.core.jalali import format_period, to_jalali_date, today_jalali
from tamin.rules.pension_figures import minimum_pension, retirement_conditions
from tamin.rules.pensions import (
    PensionComputation,
    PensionInputError,
    ServiceMonth,
    pension_compute,
    pension_eligibility_date,
    service_months_validate,
)

HORIZON_YEARS = 45


def _jalali_text(day: jdatetime.date) -> str:
    """«1405/09/12»: a Jalali date as the `pension compute` file writes it (ASCII digits)."""
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


def _month_before(day: jdatetime.date) -> tuple[int, int]:
    return (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)


def _months_between(earlier: tuple[int, int], later: tuple[int, int]) -> int:
    return (later[0] - earlier[0]) * 12 + later[1] - earlier[1]


@dataclass(frozen=True)
class PensionEstimate:
    """The pension calculator's answer for one person on one day."""

    on: jdatetime.date
    sex: str
    birth_date: jdatetime.date
    added_days: int
    records: tuple[ServiceMonth, ...]  # one per month, oldest first, before the month of `on`
    result: PensionComputation | None  # None when there is no record at all
    error: str  # the rule's refusal of the stored history (Persian), or ""
    continuing: ServiceMonth | None  # the last month, when recent enough to carry on
    eligible_from: jdatetime.date | None  # the first day Art. 76 holds (None: not in sight)
    horizon_years: int = HORIZON_YEARS

    @property
    def eligible(self) -> bool:
        return self.result is not None and self.result.eligible

    @property
    def last_period_label(self) -> str:
        if not self.records:
            return ""
        return format_period(self.records[-1].year, self.records[-1].month)

    @property
    def eligible_from_gregorian(self) -> datetime.date | None:
        return None if self.eligible_from is None else self.eligible_from.togregorian()

    @property
    def eligible_once_recorded(self) -> bool:
        """Not eligible on `on` with what is on record, but already with the months worked
        since the last record (carried on as it): eligible once those months are recorded."""
        return (
            not self.eligible and self.eligible_from is not None and self.eligible_from <= self.on
        )

    @property
    def file(self) -> dict[str, Any]:
        """The input of `manage.py pension compute FILE` (tamin.rules.pension_file)."""
        return {
            "sex": self.sex,
            "birth_date": _jalali_text(self.birth_date),
            "on": _jalali_text(self.on),
            "added_days": self.added_days,
            "records": [
                {"year": r.year, "month": r.month, "days": r.days, "wage": r.wage}
                for r in self.records
            ],
        }


def pension_estimate_for_person(
    *, person: InsuredPerson, added_days: int = 0, on: jdatetime.date | None = None
) -> PensionEstimate:
    """The pension `person` would be granted on `on` (today), its working, and from when
    they would be eligible if they keep working as in their last month. One query for the
    records and a few for the figures."""
    on = on or today_jalali()
    birth = to_jalali_date(person.birth_date)
    until_year, until_month = _month_before(on)
    records = tuple(
        service_months_by_national_code(
            national_code=person.national_code, until_year=until_year, until_month=until_month
        )
    )
    estimate = {
        "on": on,
        "sex": person.sex,
        "birth_date": birth,
        "added_days": added_days,
        "records": records,
    }
    if not records:
        return PensionEstimate(
            **estimate, result=None, error="", continuing=None, eligible_from=None
        )
    last = records[-1]
    recent = _months_between((last.year, last.month), (on.year, on.month)) <= ACTIVE_WITHIN_MONTHS
    continuing = last if recent else None
    conditions = retirement_conditions(year=on.year)
    try:
        service_months_validate(records, on=on)
        result = pension_compute(
            sex=person.sex,
            birth_date=birth,
            on=on,
            records=records,
            conditions=conditions,
            minimum_pension=minimum_pension(year=on.year),
            added_days=added_days,
        )
        eligible_from = pension_eligibility_date(
            sex=person.sex,
            birth_date=birth,
            records=records,
            conditions=conditions,
            added_days=added_days,
            continuing=continuing,
            horizon_years=HORIZON_YEARS,
        )
    except PensionInputError as error:
        return PensionEstimate(
            **estimate, result=None, error=error.message, continuing=None, eligible_from=None
        )
    return PensionEstimate(
        **estimate, result=result, error="", continuing=continuing, eligible_from=eligible_from
    )
