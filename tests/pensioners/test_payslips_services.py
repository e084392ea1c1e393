"""Payslip services: rows add up, the month composed from data, the late increase's
difference, once per month, the loans' counts, and the monthly command. Every expected
figure is worked out by hand in the test."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pensioners.models import Payslip, PayslipRow, Pension, PensionLoan
from pensioners.services.payslips import (
    PayslipRowIn,
    payslip_compose,
    payslip_issue,
    payslip_issue_month,
)
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.pensioners.factories import PensionFactory, PensionRulingFactory, pensioner_with_account
from tests.pensioners.factories_payslips import (
    PensionLoanFactory,
    figures,
    g,
    raise_ruling,
)

pytestmark = pytest.mark.django_db

PAY, DED, LOAN = PayslipRow.Kind.PAYMENT, PayslipRow.Kind.DEDUCTION, PayslipRow.Kind.LOAN


def _rows(payslip: Payslip) -> list[tuple[str, str, int]]:
    return [(row.kind, row.title, row.amount) for row in payslip.rows.order_by("position")]


# --- payslip_issue ----------------------------------------------------------------------


def test_rows_add_up_net_is_payments_less_deductions_less_loans():
    # given a pensioner paid to a known Sheba
    _user, pensioner, pension = pensioner_with_account()
    loan = PensionLoanFactory(pension=pension)
    rows = [
        PayslipRowIn(PAY, "مستمری بازنشستگی", 120_000_000),
        PayslipRowIn(PAY, "کمک‌هزینه عائله‌مندی", 5_000_000),
        PayslipRowIn(DED, "سهم درمان", 2_400_000),
        PayslipRowIn(LOAN, "قسط وام", 9_500_000, loan_id=loan.pk),
    ]
    # when the payslip is issued
    payslip = payslip_issue(pension=pension, year=1404, month=5, rows=rows)
    # then 120,000,000 + 5,000,000 = 125,000,000 paid; 125,000,000 − 2,400,000 − 9,500,000
    assert payslip.total_payments == 125_000_000
    assert payslip.total_deductions == 2_400_000
    assert payslip.total_loans == 9_500_000
    assert payslip.net == 113_100_000
    assert payslip.paid_to_sheba == pensioner.sheba
    assert payslip.bank_name == pensioner.bank_name
    assert [r[2] for r in _rows(payslip)] == [120_000_000, 5_000_000, 2_400_000, 9_500_000]
    assert payslip.rows.get(kind=LOAN).loan == loan
    audit = AuditLog.objects.get(action="pensioners.payslip_issue")
    assert audit.after["net"] == 113_100_000


def test_a_negative_net_is_refused_in_persian_and_nothing_is_written():
    _user, _pensioner, pension = pensioner_with_account()
    rows = [PayslipRowIn(PAY, "مستمری", 10_000_000), PayslipRowIn(DED, "سهم درمان", 10_000_001)]
    with pytest.raises(ApplicationError) as error:
        payslip_issue(pension=pension, year=1404, month=5, rows=rows)
    assert error.value.code == "payslip_net_negative"
    assert "منفی" in error.value.message
    assert not Payslip.objects.exists()
    assert not PayslipRow.objects.exists()


@pytest.mark.parametrize(
    ("row", "code"),
    [
        (PayslipRowIn(PAY, "مستمری", -1), "payslip_row_amount"),
        (PayslipRowIn("bonus", "پاداش", 1), "payslip_row_kind"),
        (PayslipRowIn(PAY, "   ", 1), "payslip_row_title"),
        (PayslipRowIn(PAY, "مستمری\x00", 1), "payslip_row_title"),
        (PayslipRowIn(PAY, "مستمری", True), "payslip_row_amount"),
    ],
)
def test_a_bad_row_is_refused_and_nothing_is_written(row, code):
    _user, _pensioner, pension = pensioner_with_account()
    with pytest.raises(ApplicationError) as error:
        payslip_issue(pension=pension, year=1404, month=5, rows=[row])
    assert error.value.code == code
    assert not Payslip.objects.exists()


def test_a_loan_row_naming_another_pensions_loan_is_refused():
    _user, _pensioner, pension = pensioner_with_account()
    _other_user, _other, other_pension = pensioner_with_account()
    foreign = PensionLoanFactory(pension=other_pension)
    rows = [PayslipRowIn(PAY, "مستمری", 10), PayslipRowIn(LOAN, "قسط", 5, loan_id=foreign.pk)]
    with pytest.raises(ApplicationError) as error:
        payslip_issue(pension=pension, year=1404, month=5, rows=rows)
    assert error.value.code == "payslip_row_loan"
    assert not Payslip.objects.exists()


def test_once_per_pension_and_month():
    _user, _pensioner, pension = pensioner_with_account()
    rows = [PayslipRowIn(PAY, "مستمری", 100)]
    payslip_issue(pension=pension, year=1404, month=5, rows=rows)
    with pytest.raises(ApplicationError) as error:
        payslip_issue(pension=pension, year=1404, month=5, rows=rows)
    assert error.value.code == "payslip_exists"
    assert "مرداد ۱۴۰۴" in error.value.message
    assert Payslip.objects.count() == 1
    # and the month composed from data is refused the same way
    figures()
    with pytest.raises(ApplicationError):
        payslip_issue_month(pension=pension, year=1404, month=5)
    assert Payslip.objects.count() == 1


def test_a_future_month_a_month_before_the_pension_and_a_bad_adjustment_are_refused():
    _user, _pensioner, pension = pensioner_with_account()  # from 1 Mehr 1402
    rows = [PayslipRowIn(PAY, "مستمری", 100)]
    for kwargs, code in (
        ({"year": 1499, "month": 1}, "payslip_period_future"),
        ({"year": 1402, "month": 6}, "payslip_before_start"),
        ({"year": 1404, "month": 13}, "payslip_period_invalid"),
        ({"year": 1404, "month": 5, "adjustment_from": (1404, 1)}, "payslip_adjustment_period"),
        (
            {"year": 1404, "month": 5, "adjustment_from": (1404, 3), "adjustment_to": (1404, 6)},
            "payslip_adjustment_period",
        ),
    ):
        with pytest.raises(ApplicationError) as error:
            payslip_issue(pension=pension, rows=rows, **kwargs)
        assert error.value.code == code
    assert not Payslip.objects.exists()


def test_an_ended_pension_gets_no_payslip():
    _user, _pensioner, pension = pensioner_with_account()
    Pension.objects.filter(pk=pension.pk).update(status=Pension.Status.ENDED)
    with pytest.raises(ApplicationError) as error:
        payslip_issue(pension=pension, year=1404, month=5, rows=[PayslipRowIn(PAY, "م", 1)])
    assert error.value.code == "payslip_pension_not_active"


# --- composing a month ------------------------------------------------------------------


def test_compose_with_allowances_treatment_loans_and_overdue_by_hand():
    # given a 120,000,000 pension with the spouse allowance and two children, and two loans:
    # one with two overdue installments, one not started yet
    figures(1404, spouse_allowance=5_000_000, child_allowance=10_390_968)
    _user, _pensioner, pension = pensioner_with_account()
    Pension.objects.filter(pk=pension.pk).update(spouse_allowance=True, children_allowance_count=2)
    pension.refresh_from_db()
    loan = PensionLoanFactory(
        pension=pension, lender="بانک ملی", reference="778", overdue_installments=2
    )
    PensionLoanFactory(pension=pension, started_on=g(1404, 6, 1))  # deducted from Shahrivar
    # when Mordad 1404 is composed
    rows = payslip_compose(pension=pension, year=1404, month=5)
    # then
    assert [(r.kind, r.title, r.amount, r.loan_id) for r in rows] == [
        (PAY, "مستمری بازنشستگی", 120_000_000, None),
        (PAY, "کمک‌هزینه عائله‌مندی", 5_000_000, None),
        (PAY, "کمک‌هزینه اولاد (۲ فرزند)", 2 * 10_390_968, None),
        # 2 % of the pension, allowances not included: 120,000,000 × 20 / 1000
        (DED, "سهم درمان", 2_400_000, None),
        (LOAN, "قسط وام بانک ملی، شمارهٔ 778", 5_000_000, loan.pk),
        (LOAN, "اقساط معوق وام بانک ملی، شمارهٔ 778 (۲ قسط)", 10_000_000, loan.pk),
    ]
    # and issuing it: payments 145,781,936; deductions 2,400,000; loans 15,000,000
    payslip = payslip_issue_month(pension=pension, year=1404, month=5)
    assert payslip.total_payments == 145_781_936
    assert payslip.total_deductions == 2_400_000
    assert payslip.total_loans == 15_000_000
    assert payslip.net == 145_781_936 - 2_400_000 - 15_000_000 == 128_381_936
    assert payslip.adjustment_from_year is None
    # and the loan counts the three installments it took; the overdue ones are paid
    loan.refresh_from_db()
    assert (loan.installments_deducted, loan.overdue_installments) == (13, 0)
    assert AuditLog.objects.filter(action="pensioners.loan_installments_deducted").count() == 1


def test_the_years_figures_may_take_the_treatment_share_from_the_allowances_too():
    # given the same family, in a year whose figures say the allowances are in the base
    figures(
        1404,
        spouse_allowance=5_000_000,
        child_allowance=10_390_968,
        treatment_share_includes_allowances=True,
    )
    _user, _pensioner, pension = pensioner_with_account()
    Pension.objects.filter(pk=pension.pk).update(spouse_allowance=True, children_allowance_count=2)
    pension.refresh_from_db()
    rows = payslip_compose(pension=pension, year=1404, month=5)
    # then 2 % of 120,000,000 + 5,000,000 + 20,781,936 = 145,781,936 → 2,915,638.72 → 2,915,639
    assert [r.amount for r in rows if r.kind == DED] == [2_915_639]


def test_the_treatment_share_is_rounded_half_up():
    figures(1404)
    _user, _pensioner, pension = pensioner_with_account()
    PensionRulingFactory(
        pension=pension,
        kind="yearly_increase",
        year=1404,
        effective_from=g(1404, 1, 1),
        amount_after=120_000_025,  # × 2 % = 2,400,000.5
    )
    rows = payslip_compose(pension=pension, year=1404, month=2)
    assert [r.amount for r in rows if r.kind == DED] == [2_400_001]


def test_a_pension_that_starts_within_the_month_is_paid_for_its_days():
    figures(1402)
    _user, _pensioner, pension = pensioner_with_account()
    Pension.objects.filter(pk=pension.pk).update(start_date=g(1402, 7, 16))
    pension.rulings.update(effective_from=g(1402, 7, 16))
    pension.refresh_from_db()
    rows = payslip_compose(pension=pension, year=1402, month=7)
    # Mehr has 30 days; from the 16th: 15 days of 120,000,000 = 60,000,000
    assert (rows[0].title, rows[0].amount) == ("مستمری بازنشستگی (۱۵ روز)", 60_000_000)
    assert rows[1].amount == 1_200_000  # 2 % of what was paid


def test_the_last_installment_settles_the_loan():
    figures(1404)
    _user, _pensioner, pension = pensioner_with_account()
    loan = PensionLoanFactory(pension=pension, installments_total=12, installments_deducted=11)
    payslip_issue_month(pension=pension, year=1404, month=5)
    loan.refresh_from_db()
    assert (loan.installments_deducted, loan.status) == (12, PensionLoan.Status.SETTLED)
    # and the next month deducts nothing more
    rows = payslip_compose(pension=pension, year=1404, month=6)
    assert [r for r in rows if r.kind == LOAN] == []


def test_overdue_installments_never_exceed_what_is_left():
    figures(1404)
    _user, _pensioner, pension = pensioner_with_account()
    loan = PensionLoanFactory(
        pension=pension, installments_total=12, installments_deducted=10, overdue_installments=5
    )
    rows = payslip_compose(pension=pension, year=1404, month=5)
    # two installments are left: both are overdue, no current one
    title = f"اقساط معوق وام بانک رفاه کارگران، شمارهٔ {loan.reference} (۲ قسط)"
    assert [(r.title, r.amount) for r in rows if r.kind == LOAN] == [(title, 10_000_000)]


def test_month_without_figures_or_ruling_is_refused():
    _user, _pensioner, pension = pensioner_with_account()
    with pytest.raises(ApplicationError) as error:
        payslip_compose(pension=pension, year=1402, month=5)  # before the grant
    assert error.value.code == "payslip_no_ruling"


# --- the late increase -------------------------------------------------------------------


def test_a_late_increase_pays_the_difference_of_the_months_already_paid():
    # given Farvardin and Ordibehesht 1404 paid at 120,000,000
    figures(1404)
    _user, _pensioner, pension = pensioner_with_account()
    payslip_issue_month(pension=pension, year=1404, month=1)
    payslip_issue_month(pension=pension, year=1404, month=2)
    # when the 1404 increase (120,000,000 → 144,000,000 from 1 Farvardin) is issued late
    raise_ruling(pension, year=1404, amount_after=144_000_000)
    # then Khordad pays the new amount and the difference of the two months
    khordad = payslip_issue_month(pension=pension, year=1404, month=3)
    assert _rows(khordad)[:3] == [
        (PAY, "مستمری بازنشستگی", 144_000_000),
        (PAY, "مابه‌التفاوت افزایش مستمری فروردین تا اردیبهشت ۱۴۰۴", 2 * 24_000_000),
        # 2 % of 144,000,000 + 48,000,000
        (DED, "سهم درمان", 3_840_000),
    ]
    assert (khordad.adjustment_from_year, khordad.adjustment_from_month) == (1404, 1)
    assert (khordad.adjustment_to_year, khordad.adjustment_to_month) == (1404, 2)
    assert khordad.net == 144_000_000 + 48_000_000 - 3_840_000
    # and Tir pays no difference again
    tir = payslip_issue_month(pension=pension, year=1404, month=4)
    assert [row[1] for row in _rows(tir)] == ["مستمری بازنشستگی", "سهم درمان"]
    assert tir.adjustment_from_year is None


def test_an_increase_issued_before_the_month_was_paid_owes_nothing():
    figures(1404)
    _user, _pensioner, pension = pensioner_with_account()
    raise_ruling(pension, year=1404, amount_after=144_000_000)
    payslip_issue_month(pension=pension, year=1404, month=1)
    second = payslip_issue_month(pension=pension, year=1404, month=2)
    assert [row[2] for row in _rows(second)] == [144_000_000, 2_880_000]


# --- the monthly command ------------------------------------------------------------------


def test_the_command_issues_every_active_pension_once():
    # given two active pensions (one already paid this month) and an ended one
    figures(1404)
    _u1, _p1, first = pensioner_with_account()
    _u2, _p2, second = pensioner_with_account()
    ended = PensionFactory(status=Pension.Status.ENDED)
    PensionRulingFactory(pension=ended)
    payslip_issue_month(pension=first, year=1404, month=5)
    out = io.StringIO()
    # when the month is issued, twice
    call_command("payslips", "issue", "--year", "1404", "--month", "5", stdout=out)
    call_command("payslips", "issue", "--year", "1404", "--month", "5", stdout=out)
    # then the second pension got its payslip, the ended one none, and nothing twice
    assert "issued: 1 skipped (already issued): 1 failed: 0" in out.getvalue()
    assert "issued: 0 skipped (already issued): 2 failed: 0" in out.getvalue()
    assert Payslip.objects.filter(year=1404, month=5).count() == 2
    assert not Payslip.objects.filter(pension=ended).exists()
    assert Payslip.objects.filter(pension=second).count() == 1


def test_the_command_reports_a_pension_it_cannot_issue_and_goes_on():
    figures(1404)
    _u1, _p1, good = pensioner_with_account()
    _u2, _p2, bad = pensioner_with_account()
    PensionLoanFactory(pension=bad, installment_amount=200_000_000)  # more than the pension
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("payslips", "issue", "--year", "1404", "--month", "5", stdout=out, stderr=err)
    assert Payslip.objects.filter(pension=good).exists()
    assert not Payslip.objects.filter(pension=bad).exists()
    assert bad.number in err.getvalue()
    assert "منفی" in err.getvalue()
