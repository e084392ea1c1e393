"""Payslips (فیش حقوقی): composed from data, issued once per pension and month.

    payslip_issue_month(pension, year, month)
        ├── payslip_compose: the rows of the month from data
        │     payments  — the pension in force on the month's first day (a pension that
        │                 starts within the month: its days), the difference of earlier
        │                 months paid at an amount a later ruling raised («مابه‌التفاوت»),
        │                 the spouse and child allowances of the year's figures;
        │     deduction — the treatment share (2 %) of the pension and its difference;
        │     loans     — each active loan's installment, and its overdue installments
        │                 as a separate «اقساط معوق» row;
        ├── payslip_issue: the one way a payslip comes to be (totals and net computed
        │     here, net never negative, the Sheba copied from the pensioner, once per
        │     pension and month, an audit row);
        └── the loans' deducted and overdue counts move by what the payslip took.

The adjustment needs no stored marker: rulings and payslips are never edited, so what a
month was paid is the amount in force for it among the rulings that existed when it was
last paid (its own payslip, or a later payslip whose adjustment period covered it).
A ruling created after that, with an effective date on or before the month, is owed as
the difference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import jdatetime
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from pensioners.models import Payslip, PayslipRow, Pension, PensionLoan, PensionRuling
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import (
    format_period,
    format_rial,
    jalali_month_days,
    persian_digits,
    today_jalali,
)
from tamin.core.services import audit_record
from tamin.rules.models import PensionParameters
from tamin.rules.pension_figures import pension_parameters_in_force
from tamin.rules.pensions import treatment_share

PAYMENT = PayslipRow.Kind.PAYMENT
DEDUCTION = PayslipRow.Kind.DEDUCTION
LOAN = PayslipRow.Kind.LOAN

FIRST_YEAR = 1300
LAST_YEAR = 1500
MAX_ROWS = 60
MAX_TITLE = 120
MAX_AMOUNT = 10**15  # rial; far above any pension, a typo guard within a bigint

OVERDUE_TITLE = "اقساط معوق"
PRERENDER_BATCH = 500  # payslips of a monthly run queued for their PDFs at a time


@dataclass(frozen=True)
class PayslipRowIn:
    """One row handed to `payslip_issue`: payment, deduction or loan, a title, an amount."""

    kind: str
    title: str
    amount: int
    loan_id: int | None = None


Period = tuple[int, int]


# --- periods -----------------------------------------------------------------------------


def _period_check(year: int, month: int, *, what: str) -> None:
    if (
        not isinstance(year, int)
        or not isinstance(month, int)
        or not FIRST_YEAR <= year <= LAST_YEAR
        or not 1 <= month <= 12
    ):
        raise ApplicationError(
            _("%(what)s معتبر نیست.") % {"what": what}, code="payslip_period_invalid"
        )


def month_first_day(year: int, month: int) -> dt.date:
    return jdatetime.date(year, month, 1).togregorian()


def month_last_day(year: int, month: int) -> dt.date:
    return jdatetime.date(year, month, jalali_month_days(year, month)).togregorian()


def _month_of(day: dt.date) -> Period:
    jalali = jdatetime.date.fromgregorian(date=day)
    return jalali.year, jalali.month


def _months(start: Period, end: Period) -> Iterable[Period]:
    year, month = start
    while (year, month) <= end:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def period_range_text(start: Period, end: Period) -> str:
    """«فروردین ۱۴۰۴», «فروردین تا خرداد ۱۴۰۴» or «اسفند ۱۴۰۳ تا فروردین ۱۴۰۴»."""
    if start == end:
        return format_period(*start)
    if start[0] == end[0]:
        first = format_period(*start).rsplit(" ", 1)[0]
        return _("%(first)s تا %(last)s") % {"first": first, "last": format_period(*end)}
    return _("%(first)s تا %(last)s") % {
        "first": format_period(*start),
        "last": format_period(*end),
    }


# --- issuing -----------------------------------------------------------------------------


def _clean_rows(rows: Sequence[PayslipRowIn], *, pension: Pension) -> list[PayslipRowIn]:
    if not rows:
        raise ApplicationError(_("فیش حقوقی بدون ردیف صادر نمی‌شود."), code="payslip_no_rows")
    if len(rows) > MAX_ROWS:
        raise ApplicationError(_("ردیف‌های فیش بیش از اندازه است."), code="payslip_too_many_rows")
    loan_ids = set(pension.loans.values_list("id", flat=True))
    cleaned = []
    for number, row in enumerate(rows, start=1):
        where = {"n": persian_digits(number)}
        if row.kind not in PayslipRow.Kind.values:
            raise ApplicationError(
                _("نوع ردیف %(n)s فیش باید پرداخت، کسور یا قسط وام باشد.") % where,
                code="payslip_row_kind",
            )
        title = " ".join(str(row.title or "").split())
        if not title or len(title) > MAX_TITLE:
            raise ApplicationError(
                _("عنوان ردیف %(n)s فیش باید میان ۱ و ۱۲۰ نویسه باشد.") % where,
                code="payslip_row_title",
            )
        if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in title):
            raise ApplicationError(
                _("عنوان ردیف %(n)s فیش نویسهٔ نامجاز دارد.") % where, code="payslip_row_title"
            )
        amount = row.amount
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise ApplicationError(
                _("مبلغ ردیف %(n)s فیش باید عدد صحیح ریالی باشد.") % where,
                code="payslip_row_amount",
            )
        if not 0 <= amount <= MAX_AMOUNT:
            raise ApplicationError(
                _("مبلغ ردیف %(n)s فیش نمی‌تواند منفی باشد.") % where
                if amount < 0
                else _("مبلغ ردیف %(n)s فیش بیش از اندازه است.") % where,
                code="payslip_row_amount",
            )
        if row.loan_id is not None and (row.kind != LOAN or row.loan_id not in loan_ids):
            raise ApplicationError(
                _("وام ردیف %(n)s از وام‌های این مستمری نیست.") % where, code="payslip_row_loan"
            )
        cleaned.append(PayslipRowIn(kind=row.kind, title=title, amount=amount, loan_id=row.loan_id))
    return cleaned


def _adjustment_check(
    adjustment_from: Period | None, adjustment_to: Period | None, *, period: Period
) -> None:
    if (adjustment_from is None) != (adjustment_to is None):
        raise ApplicationError(
            _("دورهٔ تعدیل باید آغاز و پایان داشته باشد."), code="payslip_adjustment_period"
        )
    if adjustment_from is None or adjustment_to is None:
        return
    _period_check(*adjustment_from, what=_("آغاز دورهٔ تعدیل"))
    _period_check(*adjustment_to, what=_("پایان دورهٔ تعدیل"))
    if not adjustment_from <= adjustment_to <= period:
        raise ApplicationError(
            _("دورهٔ تعدیل باید پیش از ماه فیش یا همان ماه باشد و آغازش پیش از پایانش."),
            code="payslip_adjustment_period",
        )


@transaction.atomic
def payslip_issue(
    *,
    pension: Pension,
    year: int,
    month: int,
    rows: list[PayslipRowIn],
    adjustment_from: Period | None = None,
    adjustment_to: Period | None = None,
    paid_on: dt.date | None = None,
    actor=None,
    prerender: bool = True,
) -> Payslip:
    """Issue the payslip of `pension` for a Jalali month from its rows (once per month).

    Its PDF is then rendered ahead by the worker (after commit), unless `prerender=False`:
    a caller issuing many queues them together (`payslips_issue_for_month`).
    """
    _period_check(year, month, what=_("ماه فیش"))
    pension = Pension.objects.select_for_update().select_related("pensioner").get(pk=pension.pk)
    if pension.status != Pension.Status.ACTIVE:
        raise ApplicationError(
            _("مستمری %(number)s برقرار نیست و فیش حقوقی برای آن صادر نمی‌شود.")
            % {"number": persian_digits(pension.number)},
            code="payslip_pension_not_active",
        )
    today = today_jalali()
    if (year, month) > (today.year, today.month):
        raise ApplicationError(
            _("ماه %(period)s هنوز نرسیده است.") % {"period": format_period(year, month)},
            code="payslip_period_future",
        )
    if month_last_day(year, month) < pension.start_date:
        raise ApplicationError(
            _("مستمری %(number)s در %(period)s هنوز برقرار نشده بود.")
            % {"number": persian_digits(pension.number), "period": format_period(year, month)},
            code="payslip_before_start",
        )
    _adjustment_check(adjustment_from, adjustment_to, period=(year, month))
    cleaned = _clean_rows(rows, pension=pension)
    if Payslip.objects.filter(pension=pension, year=year, month=month).exists():
        raise _already_issued(pension=pension, year=year, month=month)

    totals = {
        kind: sum(row.amount for row in cleaned if row.kind == kind)
        for kind in (PAYMENT, DEDUCTION, LOAN)
    }
    net = totals[PAYMENT] - totals[DEDUCTION] - totals[LOAN]
    if net < 0:
        raise ApplicationError(
            _(
                "جمع کسور و اقساط (%(taken)s) از جمع پرداخت‌ها (%(paid)s) بیشتر است؛ "
                "خالص پرداختی نمی‌تواند منفی باشد."
            )
            % {
                "taken": format_rial(totals[DEDUCTION] + totals[LOAN]),
                "paid": format_rial(totals[PAYMENT]),
            },
            code="payslip_net_negative",
        )
    pensioner = pension.pensioner
    payslip = Payslip(
        pension=pension,
        year=year,
        month=month,
        adjustment_from_year=adjustment_from[0] if adjustment_from else None,
        adjustment_from_month=adjustment_from[1] if adjustment_from else None,
        adjustment_to_year=adjustment_to[0] if adjustment_to else None,
        adjustment_to_month=adjustment_to[1] if adjustment_to else None,
        total_payments=totals[PAYMENT],
        total_deductions=totals[DEDUCTION],
        total_loans=totals[LOAN],
        net=net,
        paid_to_sheba=pensioner.sheba,
        bank_name=pensioner.bank_name,
        paid_on=paid_on,
    )
    payslip.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            payslip.save(force_insert=True)
    except IntegrityError:
        raise _already_issued(pension=pension, year=year, month=month) from None
    PayslipRow.objects.bulk_create(
        PayslipRow(
            payslip=payslip,
            kind=row.kind,
            title=row.title,
            amount=row.amount,
            position=position,
            loan_id=row.loan_id,
        )
        for position, row in enumerate(cleaned)
    )
    audit_record(
        action="pensioners.payslip_issue",
        actor=actor,
        target=payslip,
        after={
            "year": year,
            "month": month,
            "total_payments": totals[PAYMENT],
            "total_deductions": totals[DEDUCTION],
            "total_loans": totals[LOAN],
            "net": net,
            "rows": len(cleaned),
        },
        detail={"pension": pension.number},
    )
    if prerender:
        _prerender_queue([payslip.pk])
    return payslip


def _prerender_queue(payslip_ids: list[int]) -> None:
    # Imported here: payslip_pdf builds on this module (period_range_text).
    from pensioners.services.payslip_pdf import payslips_prerender_queue

    payslips_prerender_queue(payslip_ids=payslip_ids)


def _already_issued(*, pension: Pension, year: int, month: int) -> ApplicationError:
    return ApplicationError(
        _("فیش حقوقی %(period)s مستمری %(number)s پیش‌تر صادر شده است.")
        % {"period": format_period(year, month), "number": persian_digits(pension.number)},
        code="payslip_exists",
    )


# --- composing a month from data ------------------------------------------------------------


@dataclass(frozen=True)
class LoanTake:
    """What one payslip deducts of a loan: this month's installment and overdue ones."""

    loan_id: int
    current: int  # 0 or 1
    overdue: int


@dataclass(frozen=True)
class Composition:
    rows: list[PayslipRowIn]
    adjustment_from: Period | None = None
    adjustment_to: Period | None = None
    loans: list[LoanTake] = field(default_factory=list)


def treatment_share_base(
    *, pension_amount: int, adjustment: int, allowances: int, includes_allowances: bool
) -> int:
    """What the treatment share (DOMAIN.md §5b: 2 %) is taken from: the pension of the month
    and the difference of earlier months paid with it, and the allowances only when the year's
    figures say so (`PensionParameters.treatment_share_includes_allowances`, [to confirm])."""
    base = pension_amount + adjustment
    if includes_allowances:
        base += allowances
    return base


def _in_force(
    rulings: Sequence[PensionRuling], *, on: dt.date, known_at: dt.datetime | None = None
) -> PensionRuling | None:
    """The ruling in force on `on`: the latest effective date not after it (then the latest
    issued); with `known_at`, only among the rulings that existed then."""
    candidates = [
        ruling
        for ruling in rulings
        if ruling.effective_from <= on and (known_at is None or ruling.created_at <= known_at)
    ]
    return max(candidates, key=lambda r: (r.effective_from, r.created_at, r.pk), default=None)


def _pension_row(
    *, pension: Pension, rulings: Sequence[PensionRuling], year: int, month: int
) -> PayslipRowIn:
    title = _("مستمری %(kind)s") % {"kind": pension.get_kind_display()}
    first = month_first_day(year, month)
    ruling = _in_force(rulings, on=first)
    if ruling is not None:
        return PayslipRowIn(kind=PAYMENT, title=title, amount=ruling.amount_after)
    # A pension that starts within the month is paid for its days.
    last = month_last_day(year, month)
    ruling = _in_force(rulings, on=last)
    if ruling is None:
        raise ApplicationError(
            _("برای %(period)s حکم مستمری %(number)s ثبت نشده است.")
            % {"period": format_period(year, month), "number": persian_digits(pension.number)},
            code="payslip_no_ruling",
        )
    month_days = jalali_month_days(year, month)
    days = (last - ruling.effective_from).days + 1
    amount = -(-ruling.amount_after * days // month_days)
    return PayslipRowIn(
        kind=PAYMENT,
        title=_("%(title)s (%(days)s روز)") % {"title": title, "days": persian_digits(days)},
        amount=amount,
    )


def _adjustment(
    *, pension: Pension, rulings: Sequence[PensionRuling], year: int, month: int
) -> tuple[int, Period | None, Period | None]:
    """The difference owed for earlier months paid before a ruling raised their amount."""
    earlier = list(
        Payslip.objects.filter(pension=pension)
        .exclude(year__gt=year)
        .exclude(year=year, month__gte=month)
        .values(
            "year",
            "month",
            "created_at",
            "adjustment_from_year",
            "adjustment_from_month",
            "adjustment_to_year",
            "adjustment_to_month",
        )
    )
    if not earlier:
        return 0, None, None
    # When each month was last paid: its own payslip, or a later one whose adjustment
    # period covered it.
    paid_at: dict[Period, dt.datetime] = {(p["year"], p["month"]): p["created_at"] for p in earlier}
    for payslip in earlier:
        if payslip["adjustment_from_year"] is None:
            continue
        start = (payslip["adjustment_from_year"], payslip["adjustment_from_month"])
        end = (payslip["adjustment_to_year"], payslip["adjustment_to_month"])
        for covered in _months(start, end):
            if covered in paid_at and paid_at[covered] < payslip["created_at"]:
                paid_at[covered] = payslip["created_at"]
    total = 0
    owed: list[Period] = []
    for period in sorted(paid_at):
        on = month_first_day(*period)
        then = _in_force(rulings, on=on, known_at=paid_at[period])
        now = _in_force(rulings, on=on)
        if then is None or now is None or now.pk == then.pk:
            continue
        difference = now.amount_after - then.amount_after
        if difference > 0:
            total += difference
            owed.append(period)
    if not owed:
        return 0, None, None
    return total, owed[0], owed[-1]


def _allowance_rows(*, pension: Pension, figures: PensionParameters) -> list[PayslipRowIn]:
    rows = []
    if pension.spouse_allowance and figures.spouse_allowance > 0:
        rows.append(
            PayslipRowIn(
                kind=PAYMENT, title=_("کمک‌هزینه عائله‌مندی"), amount=figures.spouse_allowance
            )
        )
    children = pension.children_allowance_count
    if children and figures.child_allowance > 0:
        rows.append(
            PayslipRowIn(
                kind=PAYMENT,
                title=_("کمک‌هزینه اولاد (%(n)s فرزند)") % {"n": persian_digits(children)},
                amount=children * figures.child_allowance,
            )
        )
    return rows


def _loan_rows(
    *, pension: Pension, year: int, month: int, lock: bool
) -> tuple[list[PayslipRowIn], list[LoanTake]]:
    loans = PensionLoan.objects.filter(
        pension=pension,
        status=PensionLoan.Status.ACTIVE,
        started_on__lte=month_last_day(year, month),
        installments_deducted__lt=F("installments_total"),
    ).order_by("started_on", "id")
    if lock:
        loans = loans.select_for_update()
    rows: list[PayslipRowIn] = []
    takes: list[LoanTake] = []
    for loan in loans:
        remaining = loan.remaining_installments
        overdue = min(loan.overdue_installments, remaining)
        current = 1 if remaining > overdue else 0
        name = _("%(lender)s، شمارهٔ %(reference)s") % {
            "lender": loan.lender,
            "reference": loan.reference,  # ASCII: the pages isolate it as a code (|codes_isolated)
        }
        if current:
            rows.append(
                PayslipRowIn(
                    kind=LOAN,
                    title=_("قسط وام %(name)s") % {"name": name},
                    amount=loan.installment_amount,
                    loan_id=loan.pk,
                )
            )
        if overdue:
            rows.append(
                PayslipRowIn(
                    kind=LOAN,
                    title=_("%(overdue)s وام %(name)s (%(n)s قسط)")
                    % {"overdue": OVERDUE_TITLE, "name": name, "n": persian_digits(overdue)},
                    amount=overdue * loan.installment_amount,
                    loan_id=loan.pk,
                )
            )
        takes.append(LoanTake(loan_id=loan.pk, current=current, overdue=overdue))
    return rows, takes


def _compose(*, pension: Pension, year: int, month: int, lock_loans: bool = False) -> Composition:
    _period_check(year, month, what=_("ماه فیش"))
    figures = pension_parameters_in_force(year=year)
    if figures is None:
        raise ApplicationError(
            _("ارقام مستمری سال %(year)s ثبت نشده است.") % {"year": persian_digits(year)},
            code="payslip_figures_missing",
        )
    rulings = list(pension.rulings.all())
    pension_row = _pension_row(pension=pension, rulings=rulings, year=year, month=month)
    difference, adjustment_from, adjustment_to = _adjustment(
        pension=pension, rulings=rulings, year=year, month=month
    )
    payments = [pension_row]
    if difference and adjustment_from and adjustment_to:
        payments.append(
            PayslipRowIn(
                kind=PAYMENT,
                title=_("مابه‌التفاوت افزایش مستمری %(period)s")
                % {"period": period_range_text(adjustment_from, adjustment_to)},
                amount=difference,
            )
        )
    allowances = _allowance_rows(pension=pension, figures=figures)
    payments += allowances
    base = treatment_share_base(
        pension_amount=pension_row.amount,
        adjustment=difference,
        allowances=sum(row.amount for row in allowances),
        includes_allowances=figures.treatment_share_includes_allowances,
    )
    deductions = [
        PayslipRowIn(
            kind=DEDUCTION,
            title=_("سهم درمان"),
            amount=treatment_share(amount=base, rate_permille=figures.treatment_share_permille),
        )
    ]
    loan_rows, takes = _loan_rows(pension=pension, year=year, month=month, lock=lock_loans)
    return Composition(
        rows=[*payments, *deductions, *loan_rows],
        adjustment_from=adjustment_from,
        adjustment_to=adjustment_to,
        loans=takes,
    )


def payslip_compose(*, pension: Pension, year: int, month: int) -> list[PayslipRowIn]:
    """The rows of `pension`'s payslip for a Jalali month, from its rulings, figures and loans."""
    return _compose(pension=pension, year=year, month=month).rows


@transaction.atomic
def payslip_issue_month(
    *, pension: Pension, year: int, month: int, actor=None, prerender: bool = True
) -> Payslip:
    """Compose and issue the month's payslip, and count the loan installments it deducted."""
    pension = Pension.objects.select_for_update().get(pk=pension.pk)
    if Payslip.objects.filter(pension=pension, year=year, month=month).exists():
        raise _already_issued(pension=pension, year=year, month=month)
    composition = _compose(pension=pension, year=year, month=month, lock_loans=True)
    payslip = payslip_issue(
        pension=pension,
        year=year,
        month=month,
        rows=composition.rows,
        adjustment_from=composition.adjustment_from,
        adjustment_to=composition.adjustment_to,
        actor=actor,
        prerender=prerender,
    )
    for take in composition.loans:
        _loan_deduct(take=take, payslip=payslip, actor=actor)
    return payslip


def _loan_deduct(*, take: LoanTake, payslip: Payslip, actor) -> None:
    loan = PensionLoan.objects.select_for_update().get(pk=take.loan_id)
    before = {
        "installments_deducted": loan.installments_deducted,
        "overdue_installments": loan.overdue_installments,
        "status": loan.status,
    }
    loan.installments_deducted += take.current + take.overdue
    loan.overdue_installments -= take.overdue
    if loan.installments_deducted >= loan.installments_total:
        loan.status = PensionLoan.Status.SETTLED
    loan.full_clean(validate_unique=False, validate_constraints=False)
    loan.save(
        update_fields=["installments_deducted", "overdue_installments", "status", "updated_at"]
    )
    audit_record(
        action="pensioners.loan_installments_deducted",
        actor=actor,
        target=loan,
        before=before,
        after={
            "installments_deducted": loan.installments_deducted,
            "overdue_installments": loan.overdue_installments,
            "status": loan.status,
        },
        detail={"payslip": payslip.pk, "year": payslip.year, "month": payslip.month},
    )


@dataclass
class IssueRun:
    issued: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (pension number, message)


def payslips_issue_for_month(*, year: int, month: int, actor=None) -> IssueRun:
    """Every active pension's payslip of a month; those already issued are skipped (idempotent).

    Each pension in its own transaction: one that cannot be composed (no ruling, a
    negative net) is reported and the others go on. The new payslips' PDFs are queued to
    be rendered ahead in batches of PRERENDER_BATCH (one owner lookup per batch).
    """
    _period_check(year, month, what=_("ماه فیش"))
    run = IssueRun()
    issued_ids = Payslip.objects.filter(year=year, month=month).values("pension_id")
    pensions = (
        Pension.objects.filter(
            status=Pension.Status.ACTIVE, start_date__lte=month_last_day(year, month)
        )
        .exclude(pk__in=issued_ids)
        .order_by("pk")
    )
    run.skipped = Payslip.objects.filter(
        year=year, month=month, pension__status=Pension.Status.ACTIVE
    ).count()
    issued: list[int] = []
    for pension in pensions.iterator(chunk_size=500):
        try:
            payslip = payslip_issue_month(
                pension=pension, year=year, month=month, actor=actor, prerender=False
            )
        except ApplicationError as error:
            if error.code == "payslip_exists":
                run.skipped += 1
            else:
                run.failed.append((pension.number, error.message))
        else:
            run.issued += 1
            issued.append(payslip.pk)
            if len(issued) >= PRERENDER_BATCH:
                _prerender_queue(issued)
                issued = []
    if issued:
        _prerender_queue(issued)
    return run
