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

Penalties (`penalty_accruals`): what a list owed over time is the allocation
replayed on the ledger as it stood at each instant that matters (its charge, and
00:00 Tehran of each month after its deadline); `tamin.rules.penalties` turns
that into one accrual per month. An accrual is a debt from the moment it is
computed: the debt page shows the posted rows plus the accruals not yet posted,
and `penalties_post` posts exactly those, so both show one number.
"""

from __future__ import annotations

import bisect
import datetime
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from employers.models import EntryKind, LedgerEntry, ListStatus, MonthlyList, Payment, Workshop
from employers.selectors.lists import list_deadline
from employers.selectors.workshops import workshops_for_user
from tamin.core.jalali import format_period
from tamin.rules.penalties import (
    late_month_start,
    late_payment_accruals,
    months_late,
    no_list_penalty,
    penalty_rates_for_years,
)

TURNOVER_PAGE_SIZE = 50

LATE_PAYMENT = "late_payment"
NO_LIST = "no_list"


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
    penalties_outstanding: int  # posted penalty rows not yet paid
    credit: int  # payments beyond every charge and penalty


_LEDGER_FIELDS = (
    "id",
    "kind",
    "amount",
    "year",
    "month",
    "monthly_list__year",
    "monthly_list__month",
    "penalty_key",
    "ruling_id",
    "payment__installment_id",
    "created_at",
)


def _ledger_rows(*, workshop: Workshop) -> list[dict]:
    """The whole account in posting order, as plain values (one query)."""
    return list(
        LedgerEntry.objects.filter(workshop=workshop)
        .values(*_LEDGER_FIELDS)
        .order_by("created_at", "id")
    )


def _period_of(row: dict) -> tuple[int, int] | None:
    year = row["year"] or row["monthly_list__year"]
    month = row["month"] or row["monthly_list__month"]
    return (year, month) if year and month else None


@dataclass
class _Allocation:
    periods: dict[tuple[int, int], ListDebt]
    penalty_unpaid: dict[int, int]  # ledger row id → what is still owed of that penalty row
    credit: int
    # ruling id (None: a ruling row without one) → what is still owed of it (final debt)
    ruling_unpaid: dict[int | None, int] = field(default_factory=dict)


def _allocate(rows: list[dict]) -> _Allocation:
    """The allocation rules above applied to `rows`.

    Rulings are final debt, kept apart: a payment made for a ruling (or for an
    installment of a plan over rulings) pays rulings only — that ruling first, then
    the oldest — and what a general payment leaves after lists and penalties pays
    the oldest ruling.
    """
    periods: dict[tuple[int, int], ListDebt] = {}
    pool = 0  # payments not (or no longer) tied to a period
    directed: dict[tuple[int, int], int] = defaultdict(int)
    penalties: list[dict] = []
    rulings: dict[int | None, int] = {}  # in order of first posting
    to_ruling: dict[int | None, int] = defaultdict(int)
    to_rulings = 0  # installment payments: the oldest ruling first

    for row in rows:
        key = _period_of(row)
        if row["kind"] == EntryKind.RULING:
            ruling = row.get("ruling_id")
            rulings[ruling] = rulings.get(ruling, 0) + row["amount"]
        elif row["kind"] == EntryKind.PAYMENT and (
            row.get("ruling_id") or row.get("payment__installment_id")
        ):
            if row.get("ruling_id"):
                to_ruling[row["ruling_id"]] += -row["amount"]
            else:
                to_rulings += -row["amount"]
        elif row["kind"] in (EntryKind.CHARGE, EntryKind.ADJUSTMENT):
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
            penalties.append(row)

    # 1. payments made for a period; the excess joins the pool
    for key, amount in directed.items():
        debt = periods.get(key)
        used = min(amount, debt.charged) if debt else 0
        if debt:
            debt.paid += used
        pool += amount - used
    # 2. the pool pays the oldest periods first, then penalties oldest first
    for key in sorted(periods):
        if pool <= 0:
            break
        debt = periods[key]
        used = min(pool, debt.outstanding)
        debt.paid += used
        pool -= used
    penalty_unpaid = {}
    for row in penalties:
        used = min(max(pool, 0), row["amount"])
        pool -= used
        penalty_unpaid[row["id"]] = row["amount"] - used
    # 3. rulings: payments made for one ruling, then installment payments and what is left
    #    of the pool, oldest ruling first
    ruling_unpaid = {ruling: max(amount, 0) for ruling, amount in rulings.items()}
    spare = max(pool, 0) + to_rulings
    for ruling, amount in to_ruling.items():
        used = min(amount, ruling_unpaid.get(ruling, 0))
        if ruling in ruling_unpaid:
            ruling_unpaid[ruling] -= used
        spare += amount - used
    for ruling in ruling_unpaid:
        used = min(spare, ruling_unpaid[ruling])
        ruling_unpaid[ruling] -= used
        spare -= used
    return _Allocation(
        periods=periods,
        penalty_unpaid=penalty_unpaid,
        credit=max(spare, 0),
        ruling_unpaid=ruling_unpaid,
    )


def _with_lists(*, workshop: Workshop, periods: list[ListDebt]) -> list[ListDebt]:
    """Attach each period's in-force list (one query, only when there are periods)."""
    if periods:
        in_force = {
            (item.year, item.month): item
            for item in MonthlyList.objects.filter(
                workshop=workshop, status=ListStatus.SUBMITTED
            ).only("id", "year", "month", "version", "workshop_id")
        }
        for debt in periods:
            debt.monthly_list = in_force.get((debt.year, debt.month))
    return periods


def _estimated(*, workshop: Workshop, allocation: _Allocation) -> EstimatedDebt:
    periods = _with_lists(
        workshop=workshop, periods=[allocation.periods[key] for key in sorted(allocation.periods)]
    )
    owing = [debt for debt in periods if debt.outstanding > 0]
    return EstimatedDebt(
        total=sum(debt.outstanding for debt in owing),
        lists=owing,
        penalties_outstanding=sum(allocation.penalty_unpaid.values()),
        credit=allocation.credit,
    )


def periods_paid(*, workshop: Workshop) -> set[tuple[int, int]]:
    """The list periods whose premium is charged and fully paid (one query)."""
    periods = _allocate(_ledger_rows(workshop=workshop)).periods
    return {key for key, debt in periods.items() if debt.charged > 0 and debt.outstanding == 0}


def rulings_outstanding(*, workshop: Workshop) -> dict[int | None, int]:
    """What is still owed of each ruling (final debt), by ruling id (one query)."""
    return _allocate(_ledger_rows(workshop=workshop)).ruling_unpaid


def list_outstanding(*, workshop: Workshop, year: int, month: int) -> int:
    """What is still owed for one list period (0 when paid or unknown)."""
    debt = _allocate(_ledger_rows(workshop=workshop)).periods.get((year, month))
    return debt.outstanding if debt else 0


# --- penalties -------------------------------------------------------------------


@dataclass(frozen=True)
class PenaltyAccrual:
    """One penalty owed: one `penalty` ledger row, keyed so it is posted once."""

    kind: str  # LATE_PAYMENT or NO_LIST
    year: int  # the list period it concerns
    month: int
    number: int  # the month late it accrued for (0 for a missing list)
    base: int  # what it was computed on (the amount owed, or the month's premium)
    amount: int

    @property
    def key(self) -> str:
        period = f"{self.year:04d}-{self.month:02d}"
        return f"late:{period}:{self.number}" if self.kind == LATE_PAYMENT else f"no_list:{period}"

    @property
    def label(self) -> str:
        return format_period(self.year, self.month)


class _LedgerHistory:
    """The allocation as the ledger stood after its first n rows, computed once per n."""

    def __init__(self, rows: list[dict]):
        self.rows = rows
        self.instants = [row["created_at"] for row in rows]
        self._states: dict[int, _Allocation] = {}

    def after(self, count: int) -> _Allocation:
        if count not in self._states:
            self._states[count] = _allocate(self.rows[:count])
        return self._states[count]

    def at(self, instant: datetime.datetime) -> _Allocation:
        """The allocation over every row posted at or before `instant`."""
        return self.after(bisect.bisect_right(self.instants, instant))


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=_zone())


def _zone() -> datetime.tzinfo:
    return timezone.get_default_timezone()


def _next_period(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _late_payment(
    *, history: _LedgerHistory, first_charge: dict[tuple[int, int], int], today, rates
) -> list[PenaltyAccrual]:
    accruals = []
    for period, index in sorted(first_charge.items()):
        if rates[period[0]] is None:
            continue  # no penalty row covers the year: nothing can be computed
        deadline = list_deadline(*period)
        late = months_late(deadline=deadline, today=today)
        if late <= 0:
            continue
        charged_at = history.instants[index]

        def owed_after(state: _Allocation, period=period) -> int:
            debt = state.periods.get(period)
            return debt.outstanding if debt else 0

        # What the list owed: right after its charge, then at each month's first instant.
        owed = [(charged_at, owed_after(history.after(index + 1)))]
        for number in range(1, late + 1):
            starts_at = _day_start(late_month_start(deadline=deadline, number=number))
            if starts_at > charged_at:
                owed.append((starts_at, owed_after(history.at(starts_at))))
        accruals.extend(
            PenaltyAccrual(LATE_PAYMENT, *period, accrual.number, accrual.base, accrual.amount)
            for accrual in late_payment_accruals(
                owed=owed,
                deadline=deadline,
                today=today,
                permille_per_month=rates[period[0]].late_payment_permille_per_month,
                zone=_zone(),
            )
        )
    return accruals


def _missing_months(
    *, first_charge: dict[tuple[int, int], int], rows: list[dict], today: datetime.date
) -> Iterator[tuple[tuple[int, int], datetime.datetime]]:
    """Months from the first reported one, past their deadline, without a list sent by it
    (with the instant the deadline ended: 00:00 of the day after)."""
    if not first_charge:
        return
    period = min(first_charge)
    while list_deadline(*period) < today:
        sent_by = _day_start(list_deadline(*period) + datetime.timedelta(days=1))
        index = first_charge.get(period)
        if index is None or rows[index]["created_at"] >= sent_by:
            yield period, sent_by
        period = _next_period(*period)


def _no_list(*, history: _LedgerHistory, missing, rates) -> list[PenaltyAccrual]:
    """10 % [to confirm] of the premium of each month whose list was not sent by its deadline.

    The premium of a missing month is the premium charged for the workshop's latest
    earlier month, as the ledger stood when the deadline passed (docs/payments.md).
    """
    accruals = []
    for period, sent_by in missing:
        if rates[period[0]] is None:
            continue  # no penalty row covers the year
        state = history.at(sent_by)
        earlier = [key for key, debt in state.periods.items() if key < period and debt.charged > 0]
        if not earlier:
            continue
        premium = state.periods[max(earlier)].charged
        amount = no_list_penalty(premium=premium, permille=rates[period[0]].no_list_permille)
        if amount > 0:
            accruals.append(PenaltyAccrual(NO_LIST, *period, 0, premium, amount))
    return accruals


def _first_charges(rows: list[dict]) -> dict[tuple[int, int], int]:
    """The index of each period's first charge (when its list was sent)."""
    first_charge: dict[tuple[int, int], int] = {}
    for index, row in enumerate(rows):
        period = _period_of(row)
        if row["kind"] == EntryKind.CHARGE and period is not None:
            first_charge.setdefault(period, index)
    return first_charge


def _posted_period(key: str) -> tuple[str, int, int]:
    """("late_payment" | "no_list", year, month) of a posted penalty key."""
    kind, period = key.split(":")[:2]
    year, month = (int(part) for part in period.split("-"))
    return (LATE_PAYMENT if kind == "late" else NO_LIST), year, month


def _accruals(
    *, workshop: Workshop, rows: list[dict], today: datetime.date
) -> tuple[list[PenaltyAccrual], dict]:
    """Every penalty accrued up to `today`, posted or not, oldest period first, and the
    rates of every year involved (one query)."""
    history = _LedgerHistory(rows)
    first_charge = _first_charges(rows)
    missing = (
        list(_missing_months(first_charge=first_charge, rows=rows, today=today))
        if workshop.is_active  # a closed workshop sends no lists
        else []
    )
    posted_years = [
        _posted_period(row["penalty_key"])[1]
        for row in rows
        if row["kind"] == EntryKind.PENALTY and row["penalty_key"]
    ]
    years = [year for year, _month in first_charge] + [year for (year, _m), _at in missing]
    if not years + posted_years:
        return [], {}
    rates = penalty_rates_for_years(years=years + posted_years)
    accruals = _late_payment(history=history, first_charge=first_charge, today=today, rates=rates)
    if missing:
        accruals += _no_list(history=history, missing=missing, rates=rates)
    accruals.sort(key=lambda item: (item.year, item.month, item.kind, item.number))
    return accruals, rates


@dataclass(frozen=True)
class PenaltiesToPost:
    accruals: list[PenaltyAccrual]
    years_without_rates: list[int]  # years no PenaltyParameters row covers: not computed


def penalties_to_post(*, workshop: Workshop, today: datetime.date) -> PenaltiesToPost:
    """The accruals up to `today` that have no ledger row yet (what `penalties_post` writes),
    and the years whose penalties could not be computed for want of a rate."""
    rows = _ledger_rows(workshop=workshop)
    posted = {row["penalty_key"] for row in rows if row["penalty_key"]}
    accruals, rates = _accruals(workshop=workshop, rows=rows, today=today)
    return PenaltiesToPost(
        accruals=[item for item in accruals if item.key not in posted],
        years_without_rates=sorted(year for year, found in rates.items() if found is None),
    )


@dataclass
class PenaltyLine:
    """A list period's penalty of one kind, as the debt page and the API show it."""

    kind: str
    year: int
    month: int
    permille: int | None
    months_late: int = 0  # late payment: the months accrued so far
    posted: int = 0  # in the ledger
    pending: int = 0  # accrued, posted by the next run of the penalty task
    paid: int = 0  # of the posted rows, paid by the allocation

    @property
    def accrued(self) -> int:
        return self.posted + self.pending

    @property
    def outstanding(self) -> int:
        return self.accrued - self.paid

    @property
    def label(self) -> str:
        return format_period(self.year, self.month)


def _penalty_lines(
    *, rows: list[dict], accruals: list[PenaltyAccrual], unpaid: dict[int, int], rates: dict
) -> list[PenaltyLine]:
    """Posted rows and pending accruals summed per (period, kind)."""
    lines: dict[tuple[int, int, str], PenaltyLine] = {}

    def line_for(kind: str, year: int, month: int) -> PenaltyLine:
        if (year, month, kind) not in lines:
            year_rates = rates[year]
            permille = (
                None  # posted, but the year's penalty row has since been removed
                if year_rates is None
                else year_rates.late_payment_permille_per_month
                if kind == LATE_PAYMENT
                else year_rates.no_list_permille
            )
            lines[(year, month, kind)] = PenaltyLine(kind, year, month, permille)
        return lines[(year, month, kind)]

    posted_keys = set()
    for row in rows:
        key = row["penalty_key"]
        if row["kind"] != EntryKind.PENALTY or not key:
            continue
        posted_keys.add(key)
        line = line_for(*_posted_period(key))
        line.posted += row["amount"]
        line.paid += row["amount"] - unpaid.get(row["id"], 0)
        if line.kind == LATE_PAYMENT:
            line.months_late = max(line.months_late, int(key.split(":")[2]))
    for item in accruals:
        line = line_for(item.kind, item.year, item.month)
        line.months_late = max(line.months_late, item.number)
        if item.key not in posted_keys:
            line.pending += item.amount
    return [lines[key] for key in sorted(lines)]


@dataclass(frozen=True)
class WorkshopDebt:
    """Everything the debt page and the debt API show, from one read of the account."""

    estimated: EstimatedDebt
    final: int
    balance: int
    penalties: list[PenaltyLine]  # periods whose penalty is not fully paid, oldest first
    penalties_pending: int  # accrued, not yet in the ledger
    # ruling id → what is still owed of it (its share of `final`)
    rulings_unpaid: dict = field(default_factory=dict)

    @property
    def penalties_owed(self) -> int:
        """Posted penalties not yet paid + those accrued and not yet posted."""
        return self.estimated.penalties_outstanding + self.penalties_pending


def workshop_debt(*, workshop: Workshop, today: datetime.date) -> WorkshopDebt:
    """The workshop's debt on `today`: lists, rulings, balance and every penalty owed.

    One read of the ledger, one of the in-force lists, one of the penalty rates.
    """
    rows = _ledger_rows(workshop=workshop)
    allocation = _allocate(rows)
    accruals, rates = _accruals(workshop=workshop, rows=rows, today=today)
    lines = _penalty_lines(
        rows=rows, accruals=accruals, unpaid=allocation.penalty_unpaid, rates=rates
    )
    return WorkshopDebt(
        estimated=_estimated(workshop=workshop, allocation=allocation),
        final=sum(allocation.ruling_unpaid.values()),
        rulings_unpaid=allocation.ruling_unpaid,
        balance=sum(row["amount"] for row in rows),
        penalties=[line for line in lines if line.outstanding > 0],
        penalties_pending=sum(line.pending for line in lines),
    )


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


# --- every workshop of a person (the app, USSD) -------------------------------------


@dataclass(frozen=True)
class WorkshopDebtOverview:
    """One workshop's line of «my debts»: the figures of `workshop_debt`, nothing recomputed.

    `estimated` = unpaid lists (بدهی برآوردی), `final` = unpaid rulings (بدهی قطعی),
    `penalties` = penalties owed (posted and accrued), `balance` = the ledger's sum
    (negative: credit). `oldest_unpaid_list_id` is the in-force list of the oldest
    period still owing — the one `payment_start` takes first — or None.
    """

    workshop_id: int
    code: str
    name: str
    estimated: int
    final: int
    penalties: int
    balance: int
    credit: int
    oldest_unpaid_list_id: int | None

    @property
    def total(self) -> int:
        """Everything owed: lists + rulings + penalties."""
        return self.estimated + self.final + self.penalties


def debt_overview_for_user(
    *, user, today: datetime.date | None = None
) -> list[WorkshopDebtOverview]:
    """The debt of every workshop `user` acts for, by workshop name (`workshops_for_user`).

    One query for the workshops, then `workshop_debt` for each (a few queries per
    workshop: the ledger, the in-force lists when something is owed, the penalty rates).
    """
    today = today or timezone.localdate()
    overview = []
    for row in workshops_for_user(user=user):
        workshop = row.workshop
        debt = workshop_debt(workshop=workshop, today=today)
        oldest = next((d.monthly_list for d in debt.estimated.lists if d.monthly_list), None)
        overview.append(
            WorkshopDebtOverview(
                workshop_id=workshop.pk,
                code=workshop.code,
                name=workshop.name,
                estimated=debt.estimated.total,
                final=debt.final,
                penalties=debt.penalties_owed,
                balance=debt.balance,
                credit=debt.estimated.credit,
                oldest_unpaid_list_id=oldest.pk if oldest else None,
            )
        )
    return overview
