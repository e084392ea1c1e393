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

The benefit calculators (marriage allowance, military service purchase, sickness
compensation) call `tamin.rules.benefits` on the person's months (merged per month, as
`service_months_by_national_code` gives them) with the terms in force in the year of the
date that matters (`tamin.rules.benefit_figures`); when a figure of that year is not
recorded they compute nothing and say which (`BenefitEstimate.missing`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import jdatetime
from django.utils import timezone

from insured.models import InsuredPerson
from insured.selectors.inquiries import ACTIVE_WITHIN_MONTHS
from insured.selectors.lookup import service_months_by_national_code
from tamin.core.jalali import (
    format_number,
    format_period,
    persian_digits,
    to_jalali_date,
    today_jalali,
)
from tamin.rules.average_wage import MonthWage
from tamin.rules.benefit_figures import benefit_terms, contribution_rate_permille, min_monthly_wage
from tamin.rules.benefits import (
    BenefitResult,
    MilitaryPurchase,
    marriage_allowance,
    military_service_purchase,
    sickness_compensation,
)
from tamin.rules.pension_figures import minimum_pension, retirement_conditions
from tamin.rules.pensions import (
    PensionComputation,
    PensionInputError,
    ServiceMonth,
    pension_compute,
    pension_eligibility_date,
    service_months_validate,
)
from tamin.rules.premiums import year_figures_unpublished_message

HORIZON_YEARS = 45
MAX_MONTHS_SERVED = 60  # military service was at most 24 months, longer only in wartime
MAX_DAYS_OFF = 365  # one certificate of sick leave, at most a year


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


# --- the benefit calculators -----------------------------------------------------------


@dataclass(frozen=True)
class BenefitEstimate:
    """A benefit calculator's answer: the rule's result, or why nothing was computed."""

    result: BenefitResult | MilitaryPurchase | None
    missing: str = ""  # Persian: a figure of the year is not recorded (then result is None)
    year: int | None = None  # the Jalali year whose terms were used
    note: str = ""  # Persian: what the records say, shown next to the answer


def benefit_months_for_person(*, person: InsuredPerson) -> list[MonthWage]:
    """The person's current history, one `MonthWage` per month (workshops merged, days at
    most the month's length), oldest first. One query."""
    return [
        MonthWage(year=m.year, month=m.month, days=m.days, wage=m.wage)
        for m in service_months_by_national_code(national_code=person.national_code)
    ]


def _terms_missing(year: int) -> str:
    return (
        f"ارقام مزایای کوتاه‌مدت برای سال {persian_digits(year)} ثبت نشده است؛ "
        "پس از ثبت آن‌ها محاسبه ممکن می‌شود."
    )


def month_days_for_person(*, person: InsuredPerson, day: datetime.date) -> int | None:
    """Days on record in the Jalali month of `day` (workshops merged), None when the month
    has no record. One query."""
    return _month_days(benefit_months_for_person(person=person), day)


def _month_days(months: list[MonthWage], day: datetime.date) -> int | None:
    wanted = _jalali_month(day)
    return next((m.days for m in months if (m.year, m.month) == wanted), None)


def marriage_estimate_for_person(
    *,
    person: InsuredPerson,
    marriage_date: datetime.date,
    employed_on_marriage: bool,
    first_permanent_marriage: bool,
) -> BenefitEstimate:
    """Art. 85 for a marriage on `marriage_date`, with the terms and minimum monthly wage of
    its year (the floor is left out, and a step says so, while that wage is unpublished)."""
    year = to_jalali_date(marriage_date).year
    terms = benefit_terms(year=year)
    if terms is None:
        return BenefitEstimate(result=None, missing=_terms_missing(year), year=year)
    months = benefit_months_for_person(person=person)
    days = _month_days(months, marriage_date)
    period = format_period(*_jalali_month(marriage_date))
    note = (
        f"سوابق شما در {period} کارکردی ندارد (یا هنوز ثبت نشده است)."
        if days is None
        else f"سوابق شما در {period} {format_number(days)} روز کارکرد دارد."
    )
    result = marriage_allowance(
        months=months,
        marriage_date=marriage_date,
        employed_on_marriage=employed_on_marriage,
        first_permanent_marriage=first_permanent_marriage,
        min_monthly_wage=min_monthly_wage(year=year),
        terms=terms,
    )
    return BenefitEstimate(result=result, year=year, note=note)


def military_estimate_for_person(
    *, person: InsuredPerson, months_served: int, on: datetime.date | None = None
) -> BenefitEstimate:
    """The cost of buying `months_served` months of military service on `on` (today) and
    the insured's and the government's shares, at the contribution rate of that year."""
    on = on or timezone.localdate()
    year = to_jalali_date(on).year
    terms = benefit_terms(year=year)
    if terms is None:
        return BenefitEstimate(result=None, missing=_terms_missing(year), year=year)
    rate = contribution_rate_permille(year=year)
    if rate is None:
        return BenefitEstimate(
            result=None, missing=year_figures_unpublished_message(year), year=year
        )
    result = military_service_purchase(
        months=benefit_months_for_person(person=person),
        months_served=months_served,
        contribution_rate_permille=rate,
        on=on,
        terms=terms,
    )
    return BenefitEstimate(result=result, year=year)


def sickness_estimate_for_person(
    *,
    person: InsuredPerson,
    start: datetime.date,
    days_off: int,
    hospitalized: bool,
    work_accident: bool,
    has_dependents: bool,
) -> BenefitEstimate:
    """Wage compensation for `days_off` days of sick leave from `start`, with the terms of
    its year."""
    year = to_jalali_date(start).year
    terms = benefit_terms(year=year)
    if terms is None:
        return BenefitEstimate(result=None, missing=_terms_missing(year), year=year)
    result = sickness_compensation(
        months=benefit_months_for_person(person=person),
        start=start,
        days_off=days_off,
        hospitalized=hospitalized,
        work_accident=work_accident,
        has_dependents=has_dependents,
        terms=terms,
    )
    return BenefitEstimate(result=result, year=year)


def _jalali_month(day: datetime.date) -> tuple[int, int]:
    j = to_jalali_date(day)
    return (j.year, j.month)
