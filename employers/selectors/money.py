"""The workshop's money: balance, estimated and final debt, penalties, account turnover.

Everything is derived from the append-only ledger (employers.services.ledger):
charges and adjustments carry the list period (year, month), payments either a
period (paid for a list) or none (a general payment).

Allocation (how a payment reduces a list's debt), documented in docs/payments.md:
1. a payment made for a list pays that list period first;
2. what is left of it, and every payment made without a list, pays the
   OLDEST outstanding period first (by year, month), then posted penalties,
   oldest first.
So the estimated debt of a period = its charges + adjustments − payments
allocated to it; the sum over periods never differs from the ledger balance
except by penalties, rulings and any credit.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from employers.models import EntryKind, LedgerEntry, ListStatus, MonthlyList, Payment, Workshop
from employers.selectors.lists import list_deadline
from employers.selectors.workshops import workshops_for_user
from tamin.core.jalali import format_period, to_jalali_date
from tamin.rules.penalties import late_payment_penalty, penalty_rates

TURNOVER_PAGE_SIZE = 50


def workshop_balance(*, workshop: Workshop) -> int:
    """Σ of the ledger: positive = the workshop owes, negative = credit."""
    return LedgerEntry.objects.filter(workshop=workshop).aggregate(
        total=Coalesce(Sum("amount"), 0)
    )["total"]


@dataclass
class ListDebt:
    year: int
    month: int
    monthly_list: MonthlyList | None  # the in-force (submitted) list of the period
    charged: int = 0
    paid: int = 0
    penalties_posted: int = 0
    penalty_months_posted: int = 0

    @property
    def outstanding(self) -> int:
        return max(self.charged - self.paid, 0)

    @property
    def label(self) -> str:
        return format_period(self.year, self.month)

    @property
    def deadline(self) -> datetime.date:
        return list_deadline(self.year, self.month)


@dataclass
class EstimatedDebt:
    total: int
    lists: list[ListDebt]  # periods still owing, oldest first
    penalties_outstanding: int
    credit: int  # payments beyond every charge and penalty


def _periods(*, workshop: Workshop) -> tuple[list[ListDebt], int, int]:
    """(periods oldest first, penalties outstanding, credit) — one ledger query + one list query."""
    rows = list(
        LedgerEntry.objects.filter(workshop=workshop)
        .exclude(kind=EntryKind.RULING)
        .values("kind", "amount", "year", "month", "monthly_list__year", "monthly_list__month")
        .order_by("created_at", "id")
    )
    periods: dict[tuple[int, int], ListDebt] = {}
    pool = 0  # payments not (or no longer) tied to a period
    directed: dict[tuple[int, int], int] = defaultdict(int)
    penalties: list[list] = []  # [period, amount]

    def period_of(row) -> tuple[int, int] | None:
        year = row["year"] or row["monthly_list__year"]
        month = row["month"] or row["monthly_list__month"]
        return (year, month) if year and month else None

    for row in rows:
        key = period_of(row)
        if row["kind"] in (EntryKind.CHARGE, EntryKind.ADJUSTMENT):
            if key is None:
                pool -= row["amount"]  # an adjustment without a period acts like a payment/charge
                continue
            periods.setdefault(key, ListDebt(*key, monthly_list=None)).charged += row["amount"]
        elif row["kind"] == EntryKind.PAYMENT:
            if key is None:
                pool += -row["amount"]
            else:
                directed[key] += -row["amount"]
        elif row["kind"] == EntryKind.PENALTY:
            if key is not None:
                debt = periods.setdefault(key, ListDebt(*key, monthly_list=None))
                debt.penalties_posted += row["amount"]
                debt.penalty_months_posted += 1
            penalties.append([key, row["amount"]])

    ordered = [periods[key] for key in sorted(periods)]
    # 1. payments made for a period; the excess joins the pool
    for key, amount in directed.items():
        debt = periods.get(key)
        used = min(amount, debt.charged) if debt else 0
        if debt:
            debt.paid += used
        pool += amount - used
    # 2. the pool pays the oldest periods first, then penalties oldest first
    for debt in ordered:
        if pool <= 0:
            break
        used = min(pool, debt.outstanding)
        debt.paid += used
        pool -= used
    penalties_outstanding = 0
    for _key, amount in penalties:
        used = min(max(pool, 0), amount)
        pool -= used
        penalties_outstanding += amount - used
    if ordered:
        in_force = {
            (item.year, item.month): item
            for item in MonthlyList.objects.filter(
                workshop=workshop, status=ListStatus.SUBMITTED
            ).only("id", "year", "month", "version", "workshop_id")
        }
        for debt in ordered:
            debt.monthly_list = in_force.get((debt.year, debt.month))
    return ordered, penalties_outstanding, max(pool, 0)


def list_debts(*, workshop: Workshop) -> list[ListDebt]:
    """Every period with a charge, oldest first, with what was charged, paid and is owed."""
    return _periods(workshop=workshop)[0]


def estimated_debt(*, workshop: Workshop) -> EstimatedDebt:
    """Debt from submitted lists not yet paid (premium only; penalties reported beside it)."""
    periods, penalties_outstanding, credit = _periods(workshop=workshop)
    owing = [debt for debt in periods if debt.outstanding > 0]
    return EstimatedDebt(
        total=sum(debt.outstanding for debt in owing),
        lists=owing,
        penalties_outstanding=penalties_outstanding,
        credit=credit,
    )


def list_outstanding(*, workshop: Workshop, year: int, month: int) -> int:
    """What is still owed for one list period (0 when paid or unknown)."""
    for debt in list_debts(workshop=workshop):
        if (debt.year, debt.month) == (year, month):
            return debt.outstanding
    return 0


def final_debt(*, workshop: Workshop) -> int:
    """Debt fixed by rulings (حکم مطالباتی, kind `ruling`); a later issue adds rulings, so 0 now."""
    return LedgerEntry.objects.filter(workshop=workshop, kind=EntryKind.RULING).aggregate(
        total=Coalesce(Sum("amount"), 0)
    )["total"]


# --- penalties -------------------------------------------------------------------


def months_late(*, year: int, month: int, today: datetime.date) -> int:
    """Whole or started Jalali months after the list's deadline (0 until the deadline passes).

    The deadline is the last day of the following month, so on the first day of
    the month after it the list is 1 month late, on the first of the next 2, …
    """
    deadline = list_deadline(year, month)
    if today <= deadline:
        return 0
    due = to_jalali_date(deadline)
    now = to_jalali_date(today)
    return (now.year * 12 + now.month) - (due.year * 12 + due.month)


@dataclass
class PenaltyDue:
    debt: ListDebt
    months_late: int
    permille_per_month: int
    computed: int  # on today's outstanding, for every month late
    months_to_post: int = field(default=0)

    @property
    def label(self) -> str:
        return self.debt.label


def penalties_due(*, workshop: Workshop, today: datetime.date) -> list[PenaltyDue]:
    """One line per unpaid list past its deadline: months late and the penalty at today's rate."""
    due = []
    for debt in list_debts(workshop=workshop):
        late = months_late(year=debt.year, month=debt.month, today=today)
        if debt.outstanding <= 0 or late <= 0:
            continue
        rate = penalty_rates(year=debt.year).late_payment_permille_per_month
        due.append(
            PenaltyDue(
                debt=debt,
                months_late=late,
                permille_per_month=rate,
                computed=late_payment_penalty(
                    amount=debt.outstanding, months_late=late, permille_per_month=rate
                ),
                months_to_post=max(late - debt.penalty_months_posted, 0),
            )
        )
    return due


# --- turnover --------------------------------------------------------------------


@dataclass(frozen=True)
class TurnoverRow:
    entry: LedgerEntry
    balance: int  # running balance after this row

    @property
    def debit(self) -> int:
        return self.entry.amount if self.entry.amount > 0 else 0

    @property
    def credit(self) -> int:
        return -self.entry.amount if self.entry.amount < 0 else 0


@dataclass(frozen=True)
class TurnoverPage:
    rows: list[TurnoverRow]  # newest first
    page: int
    num_pages: int
    count: int
    balance: int

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def turnover(
    *, workshop: Workshop, page: int = 1, page_size: int = TURNOVER_PAGE_SIZE
) -> TurnoverPage:
    """Every ledger row with the running balance, newest first, one page of it.

    One query reads the whole account (rows are small and a workshop has a few
    per month), the running sum is done in Python oldest→newest, then the page is
    cut, so each row's balance is exact whatever page is shown.
    """
    entries = list(
        LedgerEntry.objects.filter(workshop=workshop)
        .only(
            "id",
            "kind",
            "amount",
            "description",
            "year",
            "month",
            "created_at",
            "monthly_list_id",
            "payment_id",
            "workshop_id",
        )
        .order_by("created_at", "id")
    )
    running = 0
    rows = []
    for entry in entries:
        running += entry.amount
        rows.append(TurnoverRow(entry=entry, balance=running))
    rows.reverse()
    count = len(rows)
    num_pages = max(math.ceil(count / page_size), 1)
    page = min(max(int(page), 1), num_pages)
    start = (page - 1) * page_size
    return TurnoverPage(
        rows=rows[start : start + page_size],
        page=page,
        num_pages=num_pages,
        count=count,
        balance=running,
    )


# --- payments --------------------------------------------------------------------


def payment_get_for_user(*, user, order_id: str) -> Payment:
    """A payment of a workshop the person acts for; 404 for missing or someone else's."""
    workshop_ids = workshops_for_user(user=user).values_list("workshop_id", flat=True)
    payment = (
        Payment.objects.select_related("workshop", "monthly_list")
        .filter(order_id=str(order_id), workshop_id__in=workshop_ids)
        .first()
    )
    if payment is None:
        raise Http404
    return payment


def payment_get_for_initiator(*, user, order_id: str) -> Payment:
    """The sandbox bank page is only for the person who started the payment."""
    payment = payment_get_for_user(user=user, order_id=order_id)
    if payment.initiated_by_id != user.pk:
        raise Http404
    return payment


def monthly_list_get_for_workshop(*, workshop: Workshop, list_id: int) -> MonthlyList:
    """A submitted list of this workshop (the one a payment may be for); 404 otherwise."""
    item = MonthlyList.objects.filter(
        pk=list_id, workshop=workshop, status=ListStatus.SUBMITTED
    ).first()
    if item is None:
        raise Http404
    return item


# --- API reads ---------------------------------------------------------------------


def monthly_lists_for_workshop(*, workshop: Workshop) -> list[MonthlyList]:
    """Every list of the workshop (all versions and states), newest first; one query."""
    return list(
        MonthlyList.objects.filter(workshop=workshop)
        .defer("stored_files")
        .order_by("-year", "-month", "-version", "-id")
    )
