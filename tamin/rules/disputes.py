"""Claim disputes (DOMAIN.md §5) as pure functions over `DisputeTerms`, plus the lookup.

The law once: the objection and appeal terms run from the day a notice is served
(posted to the inbox, or the paper service date), never from its first opening; a
vote is final at or below the appeal threshold; installments follow the table of
down payment share × amount band; paying or agreeing installments within the
waiver term of the ruling's service waives its penalties.

Dates are Gregorian `datetime.date` (shown in Jalali by the pages); months are
Jalali months, because that is how the organization counts them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import jdatetime

from tamin.core.jalali import jalali_month_days
from tamin.rules.premiums import premium_share


@dataclass(frozen=True)
class InstallmentCell:
    down_payment_percent: int
    up_to_amount: int | None  # None: every larger debt
    installments: int | None  # None: not allowed


@dataclass(frozen=True)
class DisputeTerms:
    effective_from: datetime.date | None
    ruling_objection_days: int = 31
    vote_appeal_days: int = 21
    appeal_threshold: int = 200_000
    max_objection_documents: int = 18
    board_within_days: int = 30
    waiver_months: int = 6
    installment_minimum_total: int = 10_000_000
    installment_first_due_days: int = 7
    installment_grace_days: int = 30
    installment_replans_allowed: int = 1
    installment_table: tuple[InstallmentCell, ...] = field(default_factory=tuple)


def dispute_terms(*, on: datetime.date) -> DisputeTerms | None:
    """The terms in force on `on` (database only; None when no row covers it)."""
    from tamin.rules.models import DisputeParameters

    row = (
        DisputeParameters.objects.filter(effective_from__lte=on)
        .order_by("-effective_from")
        .prefetch_related("installment_bands")
        .first()
    )
    if row is None:
        return None
    return DisputeTerms(
        effective_from=row.effective_from,
        ruling_objection_days=row.ruling_objection_days,
        vote_appeal_days=row.vote_appeal_days,
        appeal_threshold=row.appeal_threshold,
        max_objection_documents=row.max_objection_documents,
        board_within_days=row.board_within_days,
        waiver_months=row.waiver_months,
        installment_minimum_total=row.installment_minimum_total,
        installment_first_due_days=row.installment_first_due_days,
        installment_grace_days=row.installment_grace_days,
        installment_replans_allowed=row.installment_replans_allowed,
        installment_table=tuple(
            InstallmentCell(band.down_payment_percent, band.up_to_amount, band.installments)
            for band in row.installment_bands.all()
        ),
    )


# --- terms -------------------------------------------------------------------------


def term_end(*, served_on: datetime.date, days: int) -> datetime.date:
    """The last day on which an act within `days` of service is on time."""
    return served_on + datetime.timedelta(days=days)


def within_term(*, served_on: datetime.date, days: int, on: datetime.date) -> bool:
    return served_on <= on <= term_end(served_on=served_on, days=days)


def ruling_objection_until(*, terms: DisputeTerms, served_on: datetime.date) -> datetime.date:
    return term_end(served_on=served_on, days=terms.ruling_objection_days)


def vote_appeal_until(*, terms: DisputeTerms, served_on: datetime.date) -> datetime.date:
    return term_end(served_on=served_on, days=terms.vote_appeal_days)


def vote_is_appealable(*, terms: DisputeTerms, amount: int) -> bool:
    """Either side may appeal a first-instance vote only above the threshold."""
    return amount > terms.appeal_threshold


def add_jalali_months(day: datetime.date, months: int) -> datetime.date:
    """The same Jalali day `months` later (the month's last day when it is shorter)."""
    jday = jdatetime.date.fromgregorian(date=day)
    index = jday.year * 12 + (jday.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return jdatetime.date(year, month, min(jday.day, jalali_month_days(year, month))).togregorian()


def waiver_until(*, terms: DisputeTerms, served_on: datetime.date) -> datetime.date:
    return add_jalali_months(served_on, terms.waiver_months)


def penalties_waived(
    *, terms: DisputeTerms, served_on: datetime.date, settled_on: datetime.date
) -> bool:
    """Paying the whole debt, or agreeing installments, by `settled_on` waives penalties."""
    return settled_on <= waiver_until(terms=terms, served_on=served_on)


# --- installments ---------------------------------------------------------------------


def installment_choices(*, terms: DisputeTerms, amount: int) -> dict[int, int]:
    """{down payment percent: number of installments} allowed for a debt of `amount`
    (empty below the minimum total)."""
    if amount < terms.installment_minimum_total:
        return {}
    choices: dict[int, int] = {}
    for percent in sorted({cell.down_payment_percent for cell in terms.installment_table}):
        cells = sorted(
            (c for c in terms.installment_table if c.down_payment_percent == percent),
            key=lambda c: (c.up_to_amount is None, c.up_to_amount or 0),
        )
        for cell in cells:
            if cell.up_to_amount is None or amount <= cell.up_to_amount:
                if cell.installments:
                    choices[percent] = cell.installments
                break
    return dict(sorted(choices.items(), reverse=True))


@dataclass(frozen=True)
class ScheduledInstallment:
    number: int  # 0 = the down payment
    due_on: datetime.date
    amount: int


def installment_schedule(
    *,
    total: int,
    down_payment_percent: int,
    installments: int,
    first_due: datetime.date,
) -> list[ScheduledInstallment]:
    """The down payment (its share of `total`, half up) due on `first_due`, then
    `installments` equal parts a Jalali month apart; the last takes the remainder,
    so the parts always add up to `total`."""
    if total <= 0 or installments <= 0 or not 0 < down_payment_percent <= 100:
        raise ValueError("a plan needs a positive total, share and number of installments")
    down = premium_share(amount=total, permille=down_payment_percent * 10)
    rest = total - down
    part = rest // installments
    schedule = [ScheduledInstallment(0, first_due, down)]
    for number in range(1, installments + 1):
        amount = part if number < installments else rest - part * (installments - 1)
        schedule.append(ScheduledInstallment(number, add_jalali_months(first_due, number), amount))
    return schedule
