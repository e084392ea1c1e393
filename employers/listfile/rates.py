"""Built-in yearly rates so the command line needs no database rows.

Mirrors tamin/rules/migrations/0002_seed_year_parameters.py (DOMAIN.md §3). The
portal passes rates built from tamin.rules' YearParameters instead, so values
corrected in the admin win there; keep this table in step with the seed.
"""

from __future__ import annotations

from employers.listfile.types import YearRates

_TABLE: dict[int, YearRates] = {
    1404: YearRates(year=1404, min_daily_wage=3_463_656, insurable_cap_monthly=727_367_760),
    1403: YearRates(year=1403, min_daily_wage=2_388_728, insurable_cap_monthly=501_632_880),
    1402: YearRates(year=1402, min_daily_wage=1_767_767, insurable_cap_monthly=371_231_070),
}


def rates_for_year(year: int) -> YearRates | None:
    """The built-in rates of a Jalali year, or None when the year is unknown."""
    return _TABLE.get(year)


def known_years() -> tuple[int, ...]:
    return tuple(sorted(_TABLE))
