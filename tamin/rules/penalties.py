"""Penalties of a workshop (DOMAIN.md §3), as pure integer functions, plus the rate lookup.

Two penalties, rates per mille in `PenaltyParameters` ([to confirm]: 20 = 2 % a
month late, 100 = 10 % of a month's premium when its list was not sent in time):

* Late payment: `late_payment_accruals` is THE computation. Every Jalali month that
  starts after a list's deadline adds one accrual on the amount the list still
  owed at that month's first instant (00:00 Tehran of its first day). A list sent
  after some months had already started owed its premium from the deadline all
  the same; its amount is only known from the charge, so those months accrue on
  what was owed right after the charge. Paying stops the accruals of later months
  and never touches those already accrued: each one stays a debt until it is paid
  (no waiver is built).
* No list: `no_list_penalty` on the premium of the missing month (the employers
  app decides which month is missing and what its premium was; docs/payments.md).

Rounding, one rule for every penalty: each accrual (one month, one missing list) is
rounded half up to the whole rial on its own base, with the premium's own rounding
(`premium_share`). A ledger row is one accrual, so the rows posted and the total
shown are the same sum by construction, whenever either is computed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jdatetime

from tamin.rules.premiums import premium_share


@dataclass(frozen=True)
class PenaltyRates:
    effective_from: int | None
    late_payment_permille_per_month: int
    no_list_permille: int


@dataclass(frozen=True)
class MonthAccrual:
    """One month's late-payment penalty: one ledger row once posted."""

    number: int  # 1 = the first month after the deadline
    starts_on: datetime.date  # the first day of that Jalali month
    base: int  # what the list owed when the month started
    amount: int  # base × rate, rounded half up


def months_late(*, deadline: datetime.date, today: datetime.date) -> int:
    """Jalali months started after the deadline's month, up to today (0 until it passes).

    The deadline is the last day of a month, so on the first day of the next month
    a list is 1 month late, on the first of the month after 2, …
    """
    if today <= deadline:
        return 0
    due = jdatetime.date.fromgregorian(date=deadline)
    now = jdatetime.date.fromgregorian(date=today)
    return (now.year * 12 + now.month) - (due.year * 12 + due.month)


def late_month_start(*, deadline: datetime.date, number: int) -> datetime.date:
    """The first day of the `number`-th Jalali month after the deadline's month."""
    due = jdatetime.date.fromgregorian(date=deadline)
    index = due.year * 12 + (due.month - 1) + number
    return jdatetime.date(index // 12, index % 12 + 1, 1).togregorian()


def late_payment_accruals(
    *,
    owed: Sequence[tuple[datetime.datetime, int]],
    deadline: datetime.date,
    today: datetime.date,
    permille_per_month: int,
    zone: datetime.tzinfo,
) -> list[MonthAccrual]:
    """Every month's late-payment accrual of one list up to today (only those above 0).

    `owed` is what the list owed over time: (instant, amount owed from then on),
    oldest first; the first step is its charge. `zone` is the calendar's time zone
    (a month starts at 00:00 there).
    """
    if permille_per_month < 0:
        raise ValueError("permille_per_month must not be negative")
    if not owed:
        return []  # no list, nothing charged: the no-list penalty covers that month
    accruals = []
    for number in range(1, months_late(deadline=deadline, today=today) + 1):
        starts_on = late_month_start(deadline=deadline, number=number)
        starts_at = datetime.datetime.combine(starts_on, datetime.time.min, tzinfo=zone)
        # Before the charge the amount was owed but not yet known: the charge's amount.
        base = owed[0][1]
        for at, amount in owed:
            if at > starts_at:
                break
            base = amount
        if base < 0:
            raise ValueError("an amount owed must not be negative")
        amount = premium_share(amount=base, permille=permille_per_month)
        if amount > 0:
            accruals.append(MonthAccrual(number, starts_on, base, amount))
    return accruals


def no_list_penalty(*, premium: int, permille: int) -> int:
    """The penalty for a month whose list was not sent in time: premium × rate, half up."""
    return premium_share(amount=premium, permille=permille)


def _rates_of(row) -> PenaltyRates | None:
    if row is None:
        return None
    return PenaltyRates(
        row.effective_from, row.late_payment_permille_per_month, row.no_list_permille
    )


def penalty_rates(*, year: int) -> PenaltyRates | None:
    """The rates in force in a Jalali year: the row with the latest effective_from ≤ year.

    None when no row covers the year: the code has no rate of its own, so no penalty of
    that year can be computed until staff enter one (the dashboard and /healthz say so).
    """
    from tamin.rules.models import PenaltyParameters

    row = (
        PenaltyParameters.objects.filter(effective_from__lte=year)
        .order_by("-effective_from")
        .first()
    )
    return _rates_of(row)


def penalty_rates_for_years(*, years: Iterable[int]) -> dict[int, PenaltyRates | None]:
    """`penalty_rates` of several years in one query (the table has a row per change)."""
    from tamin.rules.models import PenaltyParameters

    wanted = sorted(set(years))
    if not wanted:
        return {}
    rows = list(
        PenaltyParameters.objects.filter(effective_from__lte=wanted[-1]).order_by("-effective_from")
    )
    return {
        year: _rates_of(next((row for row in rows if row.effective_from <= year), None))
        for year in wanted
    }
