"""The average wage of the last two years for one person (rules in tamin.rules.average_wage)."""

from __future__ import annotations

from insured.models import InsuredPerson
from insured.selectors import contribution_records_current
from tamin.rules.average_wage import AverageWage, MonthWage, average_wage_last_two_years


def average_wage_for_person(*, person: InsuredPerson) -> AverageWage:
    """One query: the person's current records as (year, month, days, insurable total)."""
    rows = contribution_records_current(person=person).values_list(
        "year", "month", "days", "insurable_total"
    )
    return average_wage_last_two_years(
        months=[MonthWage(year=y, month=m, days=d, wage=w) for y, m, d, w in rows]
    )
