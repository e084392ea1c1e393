"""The built-in table of yearly figures: the offline checker's LAST resort, never the portal's.

The portal reads a year's figures from the database only
(`tamin.rules.premiums.premium_rates`), where staff publish each year's row. The
command `monthly_list check` reads, in order: the file given with `--parameters`
(published by the portal: `/api/v1/rules/years/` or `year_parameters export`),
the database when it runs inside a deployment, and only then this table, saying
so in its report (docs/operations.md, "Yearly figures"). It carries the years
known when this release was made; a year it lacks is refused like any year
without figures. Never add a year here that has not been published.
"""

from __future__ import annotations

from tamin.rules.premiums import PremiumRates


def _year(year: int, min_daily_wage: int, min_monthly_wage: int, cap: int) -> PremiumRates:
    # Shares of DOMAIN.md §3: insured 7 %, employer 20 %, government 3 %, unemployment 3 %.
    return PremiumRates(year, min_daily_wage, min_monthly_wage, cap, 70, 200, 30, 30)


_TABLE: dict[int, PremiumRates] = {
    rates.year: rates
    for rates in (
        _year(1404, 3_463_656, 103_909_680, 727_367_760),
        _year(1403, 2_388_728, 71_661_840, 501_632_880),
        _year(1402, 1_769_428, 53_082_840, 371_579_880),
    )
}


def builtin_rates(year: int) -> PremiumRates | None:
    """The built-in figures of a Jalali year, or None when the table lacks the year."""
    return _TABLE.get(year)
