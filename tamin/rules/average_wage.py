"""Average wage of the last two years (DOMAIN.md §3), as the organization's app computes it.

The rule, step by step:

1. Entries of the same Jalali month (several workshops) are merged first: their
   wages are added and their days are added but capped at the length of that
   month, because a person cannot be covered for more days than the month has.
   Months with no days are skipped: they cover nothing.
2. Months are walked newest → oldest, adding each month's days and wage, until
   730 days (two years) are covered.
3. The month that crosses 730 is taken in part: only the days still missing
   (`days_used` of its `days`), and its wage pro rata by days, rounded down to
   the whole rial: `wage_used = wage × days_used // days`.
4. average = ceil(Σ wage_used / 24). The divisor is always 24 (months in two
   years), even when the history has fewer than 730 days: then every month is
   used and `complete` is False, so the page can say so.

Pure functions: no database, no Django settings; input order does not matter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tamin.core.jalali import jalali_month_days

REQUIRED_DAYS = 730
DIVISOR_MONTHS = 24


@dataclass(frozen=True)
class MonthWage:
    """One month of one workshop (or already merged): days worked and insurable wage in rial."""

    year: int
    month: int
    days: int
    wage: int


@dataclass(frozen=True)
class UsedMonth:
    year: int
    month: int
    days: int  # days recorded in that month (after merging workshops)
    wage: int  # wage recorded in that month
    days_used: int  # days that count toward the 730
    wage_used: int  # wage that counts toward the sum

    @property
    def is_partial(self) -> bool:
        return self.days_used < self.days


@dataclass(frozen=True)
class AverageWage:
    days_covered: int
    months: tuple[UsedMonth, ...]  # newest first, as they were walked
    wage_sum: int
    average: int
    required_days: int = REQUIRED_DAYS
    divisor: int = DIVISOR_MONTHS

    @property
    def complete(self) -> bool:
        """True when the history reached the full 730 days."""
        return self.days_covered >= self.required_days

    @property
    def missing_days(self) -> int:
        return max(self.required_days - self.days_covered, 0)


def months_merge(months: Sequence[MonthWage]) -> list[MonthWage]:
    """One entry per (year, month), newest first; same-month entries are added (days capped)."""
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for item in months:
        if not 1 <= item.month <= 12:
            raise ValueError(f"month out of range: {item.month}")
        if item.days < 0 or item.wage < 0:
            raise ValueError("days and wage cannot be negative")
        days, wage = merged.get((item.year, item.month), (0, 0))
        merged[(item.year, item.month)] = (days + item.days, wage + item.wage)
    result = []
    for (year, month), (days, wage) in sorted(merged.items(), reverse=True):
        capped = min(days, jalali_month_days(year, month))
        if capped > 0:
            result.append(MonthWage(year=year, month=month, days=capped, wage=wage))
    return result


def average_wage_last_two_years(*, months: Sequence[MonthWage]) -> AverageWage:
    """The average monthly wage over the newest 730 covered days (see the module docstring)."""
    used: list[UsedMonth] = []
    covered = 0
    total = 0
    for item in months_merge(months):
        if covered >= REQUIRED_DAYS:
            break
        days_used = min(item.days, REQUIRED_DAYS - covered)
        # Pro rata by days, rounded down: the part month never adds more than its share.
        wage_used = item.wage if days_used == item.days else item.wage * days_used // item.days
        used.append(
            UsedMonth(
                year=item.year,
                month=item.month,
                days=item.days,
                wage=item.wage,
                days_used=days_used,
                wage_used=wage_used,
            )
        )
        covered += days_used
        total += wage_used
    average = -(-total // DIVISOR_MONTHS)  # ceil with integers only
    return AverageWage(days_covered=covered, months=tuple(used), wage_sum=total, average=average)
