"""Test data of the certificates area: loans and payslips written directly (the payslips
area owns their services), with figures simple enough to check by hand."""

from __future__ import annotations

import datetime as dt

import factory

from pensioners.models import Payslip, PayslipRow, PensionLoan, PensionRuling
from tests.pensioners.factories import PensionRulingFactory, pensioner_with_account


class PensionLoanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PensionLoan

    lender = "بانک رفاه کارگران"
    reference = factory.Sequence(lambda n: f"1403-{n:04d}")
    principal = 180_000_000
    installment_amount = 5_000_000
    installments_total = 36
    installments_deducted = 10
    overdue_installments = 0
    started_on = dt.date(2024, 3, 20)


def payslip(
    pension, *, year: int, month: int, rows: list[tuple[str, str, int, PensionLoan | None]]
):
    """A payslip from (kind, title, amount, loan) rows; its totals are their sums."""
    totals = dict.fromkeys(PayslipRow.Kind.values, 0)
    for kind, _title, amount, _loan in rows:
        totals[kind] += amount
    slip = Payslip.objects.create(
        pension=pension,
        year=year,
        month=month,
        total_payments=totals[PayslipRow.Kind.PAYMENT],
        total_deductions=totals[PayslipRow.Kind.DEDUCTION],
        total_loans=totals[PayslipRow.Kind.LOAN],
        net=totals[PayslipRow.Kind.PAYMENT]
        - totals[PayslipRow.Kind.DEDUCTION]
        - totals[PayslipRow.Kind.LOAN],
        paid_to_sheba=pension.pensioner.sheba,
    )
    for position, (kind, title, amount, loan) in enumerate(rows):
        PayslipRow.objects.create(
            payslip=slip, kind=kind, title=title, amount=amount, position=position, loan=loan
        )
    return slip


def raised_pensioner(**kwargs):
    """(user, pensioner, pension) whose pension is 150,000,000 a month since the 1403 increase
    (granted at 120,000,000 in 1402)."""
    user, pensioner, pension = pensioner_with_account(**kwargs)
    PensionRulingFactory(
        pension=pension,
        kind=PensionRuling.Kind.YEARLY_INCREASE,
        year=1403,
        effective_from=dt.date(2024, 3, 20),
        amount_before=120_000_000,
        increase_permille=250,
        amount_after=150_000_000,
    )
    return user, pensioner, pension
