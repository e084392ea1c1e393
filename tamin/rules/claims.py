"""What a claim ruling (حکم مطالباتی) charges, as pure integer functions (DOMAIN.md §3, §5).

The employers app decides which periods a ruling claims and looks up each year's
rates; these functions only do the money, with the premium law of `premiums`:

* `unlisted_workers_premium`: workers an inspector found at work and on no list.
  Each worker's month is priced like a list row: the daily wage brought within the
  year's bounds (at least the minimum daily wage, at most the daily cap), times the
  days, capped at the days' cap (`insurable_month`); then the insured, employer and
  unemployment shares of each worker, each rounded half up on its own
  (`premium_charge`), summed. Every worker is taken as covered by unemployment
  insurance: an exemption is the employer's to show in an objection.
* `minimum_wage_premium`: a month with no list and no earlier list to estimate from
  (علی‌الرأس): `workers` full months at the year's minimum monthly wage, priced the
  same way.
* `ruling_totals`: the principal and penalty totals of a ruling's lines.

Integers only: every amount is integer rial, and a float is refused, never rounded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tamin.rules.premiums import PremiumRates, insurable_daily_wage, insurable_month, premium_charge

# The most days one worker's month may carry (a Jalali month has 29 to 31 days).
MAX_MONTH_DAYS = 31


def _whole(value: object, *, name: str) -> int:
    """`value` as an int; a float, a Decimal or a bool is refused (money is never rounded here)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return value


@dataclass(frozen=True)
class UnlistedWorker:
    """One worker's month as an inspector recorded it."""

    days: int
    daily_wage: int  # rial, as found (before the year's bounds)


@dataclass(frozen=True)
class _PricedRow:
    insurable_total: int
    unemployment_covered: bool = True


def unlisted_workers_premium(*, workers: Iterable[UnlistedWorker], rates: PremiumRates) -> int:
    """The premium the workshop owes for these workers' month (one year's rates)."""
    rows = []
    for worker in workers:
        days = _whole(worker.days, name="days")
        daily_wage = _whole(worker.daily_wage, name="daily_wage")
        if not 1 <= days <= MAX_MONTH_DAYS:
            raise ValueError(f"days must be 1..{MAX_MONTH_DAYS}, not {days}")
        if daily_wage <= 0:
            raise ValueError("daily_wage must be positive")
        month = insurable_month(
            daily_wage=insurable_daily_wage(daily_wage=daily_wage, rates=rates),
            days=days,
            benefits=0,
            rates=rates,
        )
        rows.append(_PricedRow(month.insurable_total))
    return premium_charge(rows=rows, rates=rates).total


def minimum_wage_premium(*, workers: int, rates: PremiumRates) -> int:
    """The premium of `workers` full months at the year's minimum monthly wage."""
    workers = _whole(workers, name="workers")
    if workers <= 0:
        raise ValueError("workers must be positive")
    rows = [_PricedRow(rates.min_monthly_wage)] * workers
    return premium_charge(rows=rows, rates=rates).total


@dataclass(frozen=True)
class RulingTotals:
    principal: int
    penalty: int

    @property
    def total(self) -> int:
        return self.principal + self.penalty


def ruling_totals(*, lines: Iterable[tuple[int, int]]) -> RulingTotals:
    """Σ principal and Σ penalty of a ruling's lines, given as (principal, penalty) pairs."""
    principal = penalty = 0
    for line_principal, line_penalty in lines:
        line_principal = _whole(line_principal, name="principal")
        line_penalty = _whole(line_penalty, name="penalty")
        if line_principal < 0 or line_penalty < 0:
            raise ValueError("a ruling's amounts must not be negative")
        principal += line_principal
        penalty += line_penalty
    return RulingTotals(principal=principal, penalty=penalty)
