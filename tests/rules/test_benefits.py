"""The short-term benefit rules (tamin.rules.benefits) on worked examples computed by hand
from DOMAIN.md §3 — each expected figure is written out with its arithmetic, not taken from
the code.

Calendar facts used below (DOMAIN.md §7): months 1–6 have 31 days, 7–11 have 30, Esfand 29
or 30; 1403 is a leap year (Esfand 1403 has 30 days), 1402 and 1404 are not.
"""

from __future__ import annotations

import datetime as dt
import re

import jdatetime
import pytest

from tamin.rules.average_wage import MonthWage
from tamin.rules.benefits import (
    AbroadPackageTerms,
    BenefitTerms,
    Fraction,
    abroad_premium,
    funeral_allowance,
    marriage_allowance,
    maternity_allowance,
    military_service_purchase,
    orthotics_reimbursement,
    sickness_compensation,
    treatment_eligibility,
    unemployment_allowance,
)

# The terms of DOMAIN.md §3 (and the [to confirm] examples of the seed).
TERMS = BenefitTerms(
    effective_from=1354,
    sickness_with_dependents=Fraction(3, 4),
    sickness_without_dependents=Fraction(2, 3),
    sickness_hospitalized_without_dependents=Fraction(1, 2),
    sickness_waiting_days=3,
    daily_wage_days=90,
    maternity_rate=Fraction(2, 3),
    maternity_min_days_prior_year=60,
    maternity_leave_days=270,
    marriage_min_days=720,
    marriage_window_years=5,
    military_min_days=730,
    military_insured_share=Fraction(7, 30),
    military_government_share=Fraction(23, 30),
    unemployment_min_months=6,
    unemployment_base_permille=550,
    unemployment_per_dependent_permille=100,
    unemployment_max_permille=800,
    funeral_fixed_amount=None,
    orthotics_ceiling=200_000_000,
    treatment_window_months=3,
    treatment_min_days=30,
)
MIN_WAGE_1404 = 103_909_680  # DOMAIN.md §3: the 1404 minimum monthly wage
LATIN_DIGIT = re.compile(r"[0-9]")


def J(year: int, month: int, day: int) -> dt.date:
    """A Jalali day as the Gregorian date the rules take."""
    return jdatetime.date(year, month, day).togregorian()


def M(year: int, month: int, days: int, wage: int) -> MonthWage:
    return MonthWage(year=year, month=month, days=days, wage=wage)


def _persian_only(result) -> None:
    """The working and the reasons are Persian: no Latin digit reaches a person."""
    for line in (*result.steps, *result.reasons):
        assert not LATIN_DIGIT.search(line), line


# Three full months of 1404 at 3,000,000 a day (31 days × 3,000,000 = 93,000,000 each).
SPRING_1404 = [M(1404, 1, 31, 93_000_000), M(1404, 2, 31, 93_000_000), M(1404, 3, 31, 93_000_000)]


# --- sickness wage compensation -----------------------------------------------------------


def test_sickness_daily_wage_walks_90_days_with_the_crossing_month_pro_rata():
    # Leave starting 10 Tir 1404: the walk starts with Khordad (the month of the start does
    # not count — its Tir record of 1,000,000,000 must be ignored).
    months = [
        M(1404, 1, 31, 62_000_010),
        M(1404, 2, 31, 93_000_000),
        M(1404, 3, 31, 124_000_000),
        M(1404, 4, 31, 1_000_000_000),
    ]
    # Khordad 31 days 124,000,000 + Ordibehesht 31 days 93,000,000 = 62 days;
    # Farvardin gives the missing 28 of its 31 days: 62,000,010 × 28 // 31
    #   = 1,736,000,280 // 31 = 56,000,009 (56,000,009.03 rounded down);
    # Σ = 124,000,000 + 93,000,000 + 56,000,009 = 273,000,009 over 90 days;
    # daily = ceil(273,000,009 / 90) = ceil(3,033,333.43) = 3,033,334;
    # with dependents 3/4: ceil(9,100,002 / 4) = ceil(2,275,000.5) = 2,275,001;
    # 10 days off, the first 3 unpaid: 7 × 2,275,001 = 15,925,007.
    result = sickness_compensation(
        months=months,
        start=J(1404, 4, 10),
        days_off=10,
        hospitalized=False,
        work_accident=False,
        has_dependents=True,
        terms=TERMS,
    )
    assert result.eligible
    assert (result.daily_amount, result.days, result.amount) == (2_275_001, 7, 15_925_007)
    assert result.reasons == ()
    assert any("فقط ۲۸ روز از ۳۱ روز" in step and "۵۶٬۰۰۰٬۰۰۹" in step for step in result.steps)
    assert any("۳٬۰۳۳٬۳۳۴" in step for step in result.steps)
    _persian_only(result)


@pytest.mark.parametrize(
    ("hospitalized", "work_accident", "has_dependents", "daily_amount", "days", "amount"),
    [
        # daily wage 3,000,000 (Khordad 93,000,000 + Ordibehesht 93,000,000 + Farvardin
        # 93,000,000 × 28 // 31 = 84,000,000 → 270,000,000 / 90 days).
        (False, False, True, 2_250_000, 7, 15_750_000),  # 3/4, days 4–10
        (False, False, False, 2_000_000, 7, 14_000_000),  # 2/3, days 4–10
        (True, False, False, 1_500_000, 10, 15_000_000),  # hospitalized alone: 1/2 from day 1
        (True, False, True, 2_250_000, 10, 22_500_000),  # hospitalized with dependents: 3/4
        (False, True, False, 2_000_000, 10, 20_000_000),  # work accident: 2/3 from day 1
        (False, True, True, 2_250_000, 10, 22_500_000),  # work accident with dependents
    ],
)
def test_sickness_rate_and_first_paid_day(
    hospitalized, work_accident, has_dependents, daily_amount, days, amount
):
    result = sickness_compensation(
        months=SPRING_1404,
        start=J(1404, 4, 1),
        days_off=10,
        hospitalized=hospitalized,
        work_accident=work_accident,
        has_dependents=has_dependents,
        terms=TERMS,
    )
    assert result.eligible
    assert (result.daily_amount, result.days, result.amount) == (daily_amount, days, amount)


@pytest.mark.parametrize(
    ("days_off", "paid"),
    [(1, 0), (3, 0), (4, 1), (5, 2)],  # paid from day 4
)
def test_sickness_waiting_days(days_off, paid):
    result = sickness_compensation(
        months=SPRING_1404,
        start=J(1404, 4, 1),
        days_off=days_off,
        hospitalized=False,
        work_accident=False,
        has_dependents=True,
        terms=TERMS,
    )
    assert result.amount == paid * 2_250_000
    assert result.eligible is (paid > 0)
    if not paid:
        assert "از روز ۴" in result.reasons[0]
        assert result.days is None


@pytest.mark.parametrize("days_off", [1, 3])
def test_sickness_short_stays_are_paid_from_day_one_when_hospitalized_or_an_accident(days_off):
    for hospitalized, accident in ((True, False), (False, True)):
        result = sickness_compensation(
            months=SPRING_1404,
            start=J(1404, 4, 1),
            days_off=days_off,
            hospitalized=hospitalized,
            work_accident=accident,
            has_dependents=True,
            terms=TERMS,
        )
        assert (result.eligible, result.days, result.amount) == (
            True,
            days_off,
            days_off * 2_250_000,
        )


def test_sickness_with_fewer_than_90_days_divides_by_the_days_found():
    # Only Khordad 1404: 31 days, 124,000,000 → daily 124,000,000 / 31 = 4,000,000;
    # without dependents 2/3: ceil(8,000,000 / 3) = ceil(2,666,666.67) = 2,666,667; 7 days.
    result = sickness_compensation(
        months=[M(1404, 3, 31, 124_000_000)],
        start=J(1404, 4, 1),
        days_off=10,
        hospitalized=False,
        work_accident=False,
        has_dependents=False,
        terms=TERMS,
    )
    assert (result.daily_amount, result.amount) == (2_666_667, 18_666_669)
    assert any("به ۹۰ روز نمی‌رسد" in step for step in result.steps)


def test_sickness_without_any_record_before_the_month_is_refused():
    result = sickness_compensation(
        months=[M(1404, 4, 31, 93_000_000)],  # only the month of the start itself
        start=J(1404, 4, 20),
        days_off=10,
        hospitalized=True,
        work_accident=False,
        has_dependents=True,
        terms=TERMS,
    )
    assert (result.eligible, result.amount, result.daily_amount) == (False, 0, None)
    assert "تیر ۱۴۰۴" in result.reasons[0]


def test_sickness_walk_reads_the_leap_esfand_of_1403_as_30_days():
    # Leave from 5 Farvardin 1404: Esfand 1403 has 30 days (leap), Bahman 30, Dey 30 = 90.
    # Wages 3,000,000 a day: 90,000,000 each; Azar must not be touched.
    months = [
        M(1403, 9, 30, 999_000_000),
        M(1403, 10, 30, 90_000_000),
        M(1403, 11, 30, 90_000_000),
        M(1403, 12, 30, 90_000_000),
    ]
    result = sickness_compensation(
        months=months,
        start=J(1404, 1, 5),
        days_off=4,
        hospitalized=False,
        work_accident=False,
        has_dependents=True,
        terms=TERMS,
    )
    # daily 270,000,000 / 90 = 3,000,000 → 3/4 = 2,250,000 × (4 − 3) day
    assert (result.daily_amount, result.amount) == (2_250_000, 2_250_000)
    # A common year's Esfand is 29 days: "30" days of Esfand 1402 count 29, so the walk
    # before Farvardin 1403 reaches into Azar 1402 for one day.
    common = sickness_compensation(
        months=[
            M(1402, 9, 30, 30_000_000),
            M(1402, 10, 30, 90_000_000),
            M(1402, 11, 30, 90_000_000),
            M(1402, 12, 30, 87_000_000),
        ],
        start=J(1403, 1, 5),
        days_off=4,
        hospitalized=False,
        work_accident=False,
        has_dependents=True,
        terms=TERMS,
    )
    # Esfand 29 days 87,000,000 + Bahman + Dey 180,000,000 = 89 days; Azar 1 of 30 days:
    # 30,000,000 × 1 // 30 = 1,000,000 → Σ 268,000,000 / 90 = ceil(2,977,777.78) = 2,977,778;
    # 3/4: ceil(8,933,334 / 4) = ceil(2,233,333.5) = 2,233,334.
    assert common.daily_amount == 2_233_334
    assert any("آذر ۱۴۰۲" in step and "فقط ۱ روز" in step for step in common.steps)


def test_sickness_with_no_day_off_pays_nothing_even_from_day_one():
    result = sickness_compensation(
        months=SPRING_1404,
        start=J(1404, 4, 1),
        days_off=0,
        hospitalized=True,
        work_accident=False,
        has_dependents=True,
        terms=TERMS,
    )
    assert (result.eligible, result.amount) == (False, 0)
    assert "استراحت" in result.reasons[0]


def test_maternity_and_unemployment_refuse_days_without_any_wage():
    unpaid = [M(1404, month, 31, 0) for month in range(1, 7)]
    maternity = maternity_allowance(
        months=unpaid, leave_start=J(1404, 7, 1), leave_days=None, terms=TERMS
    )
    assert (maternity.eligible, maternity.amount) == (False, 0)
    unemployment = unemployment_allowance(
        months=unpaid, dependents=0, involuntary=True, on=J(1404, 7, 1), terms=TERMS
    )
    assert (unemployment.eligible, unemployment.amount) == (False, 0)
    assert "دستمزدی" in unemployment.reasons[0]


def test_sickness_refuses_negative_days():
    with pytest.raises(ValueError, match="days_off"):
        sickness_compensation(
            months=SPRING_1404,
            start=J(1404, 4, 1),
            days_off=-1,
            hospitalized=False,
            work_accident=False,
            has_dependents=False,
            terms=TERMS,
        )


# --- maternity ------------------------------------------------------------------------------

# Leave from 1 Mordad 1404: the prior year is Mordad 1403 … Tir 1404.
_LEAVE = J(1404, 5, 1)


def _maternity(months, leave_days=None):
    return maternity_allowance(
        months=months, leave_start=_LEAVE, leave_days=leave_days, terms=TERMS
    )


def test_maternity_needs_60_days_in_the_prior_year():
    # Tir 30 days + Khordad 29 days = 59 days → refused
    short = _maternity([M(1404, 4, 30, 90_000_000), M(1404, 3, 29, 87_000_000)])
    assert (short.eligible, short.amount) == (False, 0)
    assert "۵۹ روز" in short.reasons[0]
    assert "۶۰ روز" in short.reasons[0]
    # Tir 30 + Khordad 30 = 60 days → eligible. Daily wage: 180,000,000 / 60 days
    # (fewer than 90 on file) = 3,000,000; 2/3 → 2,000,000 a day × 270 days = 540,000,000.
    enough = _maternity([M(1404, 4, 30, 90_000_000), M(1404, 3, 30, 90_000_000)])
    assert enough.eligible
    assert (enough.daily_amount, enough.days, enough.amount) == (2_000_000, 270, 540_000_000)
    _persian_only(enough)


def test_maternity_prior_year_window_edges():
    base = [M(1404, 4, 30, 90_000_000), M(1404, 3, 29, 87_000_000)]  # 59 days
    # a day in Tir 1403 is 13 months back: outside the window, still 59
    assert not _maternity([*base, M(1403, 4, 1, 3_000_000)]).eligible
    # a day in Mordad 1403 is the oldest month of the window: 60
    assert _maternity([*base, M(1403, 5, 1, 3_000_000)]).eligible
    # days in Mordad 1404 itself (the month of the leave) do not count
    assert not _maternity([*base, M(1404, 5, 31, 93_000_000)]).eligible


def test_maternity_leave_days_given_and_capped():
    months = [M(1404, 4, 30, 90_000_000), M(1404, 3, 30, 90_000_000)]
    assert _maternity(months, leave_days=100).amount == 200_000_000  # 2,000,000 × 100
    capped = _maternity(months, leave_days=300)  # at most 270 days are paid
    assert (capped.days, capped.amount) == (270, 540_000_000)


def test_maternity_daily_amount_rounds_up():
    # Tir 31 days 100,000,000 + Khordad 31 days 100,000,000 = 62 days, 200,000,000:
    # daily = ceil(3,225,806.45) = 3,225,807; 2/3: ceil(6,451,614 / 3) = 2,150,538.
    result = _maternity([M(1404, 4, 31, 100_000_000), M(1404, 3, 31, 100_000_000)], 10)
    assert (result.daily_amount, result.amount) == (2_150_538, 21_505_380)


# --- marriage allowance ---------------------------------------------------------------------


def _two_years(per_day: int) -> list[MonthWage]:
    """30 days in each month of 1402 and 1403 (Esfand 1402 has only 29: capped) = 719 days."""
    return [
        M(year, month, 30, (29 if (year, month) == (1402, 12) else 30) * per_day)
        for year in (1402, 1403)
        for month in range(1, 13)
    ]


def _marriage(months, *, min_wage=MIN_WAGE_1404, employed=True, first=True):
    return marriage_allowance(
        months=months,
        marriage_date=J(1404, 1, 20),
        employed_on_marriage=employed,
        first_permanent_marriage=first,
        min_monthly_wage=min_wage,
        terms=TERMS,
    )


def test_marriage_719_days_is_refused_720_qualifies():
    # 23 months × 30 + Esfand 1402's 29 = 719 days in Farvardin 1399 … Esfand 1403
    refused = _marriage(_two_years(2_000_000))
    assert (refused.eligible, refused.amount) == (False, 0)
    assert "۷۱۹ روز" in refused.reasons[0]
    assert "۷۲۰ روز" in refused.reasons[0]
    # one day in Esfand 1398 is more than 5 years back: still 719
    assert not _marriage([*_two_years(2_000_000), M(1398, 12, 1, 2_000_000)]).eligible
    # one day in Farvardin 1399, the oldest month of the window: 720
    months = [*_two_years(2_000_000), M(1399, 1, 1, 2_000_000)]
    result = _marriage(months)
    assert result.eligible
    # Σ pay = 23 × 60,000,000 + 58,000,000 + 2,000,000 = 1,440,000,000 (all 720 days, fewer
    # than 730); / 24 = 60,000,000, below the 1404 minimum monthly wage: the floor is paid.
    assert result.amount == MIN_WAGE_1404
    assert any("اعمال شد" in step for step in result.steps)
    _persian_only(result)


def test_marriage_amount_above_the_floor_and_without_a_published_floor():
    months = [*_two_years(4_000_000), M(1399, 1, 1, 4_000_000)]
    # Σ = 2 × 1,440,000,000 = 2,880,000,000 / 24 = 120,000,000 > 103,909,680
    assert _marriage(months).amount == 120_000_000
    # at 2,000,000 a day the computed 60,000,000 is paid when 1404's minimum is not known
    low = _marriage([*_two_years(2_000_000), M(1399, 1, 1, 2_000_000)], min_wage=None)
    assert (low.eligible, low.amount) == (True, 60_000_000)
    assert any("ثبت نشده" in step for step in low.steps)


def test_marriage_average_rounds_up_and_ignores_the_marriage_month():
    # 1404 marriage month records (Farvardin) never count; one more rial makes the sum
    # 1,440,000,001: ceil(/ 24) = 60,000,001, paid without a floor.
    months = [*_two_years(2_000_000), M(1399, 1, 1, 2_000_001), M(1404, 1, 31, 900_000_000)]
    assert _marriage(months, min_wage=None).amount == 60_000_001


def test_marriage_other_conditions():
    months = [*_two_years(2_000_000), M(1399, 1, 1, 2_000_000)]
    not_employed = _marriage(months, employed=False)
    assert not not_employed.eligible
    assert "شاغل" in not_employed.reasons[0]
    second = _marriage(months, first=False)
    assert not second.eligible
    assert "نخستین ازدواج دائم" in second.reasons[0]
    both = _marriage(_two_years(2_000_000), employed=False, first=False)
    assert len(both.reasons) == 3  # every missing condition is named


# --- unemployment ---------------------------------------------------------------------------

# Farvardin … Shahrivar 1404, 31 days at 3,000,000 a day; unemployed from Mehr 1404.
HALF_1404 = [M(1404, month, 31, 93_000_000) for month in range(1, 7)]


def _unemployment(months=HALF_1404, dependents=0, involuntary=True):
    return unemployment_allowance(
        months=months,
        dependents=dependents,
        involuntary=involuntary,
        on=J(1404, 7, 10),
        terms=TERMS,
    )


@pytest.mark.parametrize(
    ("dependents", "amount"),
    [
        # monthly average: Shahrivar + Mordad 186,000,000 + Tir 28/31 → 84,000,000
        # = 270,000,000 over 90 days × 30 = 90,000,000
        (0, 49_500_000),  # 55 %
        (1, 58_500_000),  # 65 %
        (2, 67_500_000),  # 75 %
        (3, 72_000_000),  # 85 % capped at 80 %
        (6, 72_000_000),  # 115 % capped at 80 %
    ],
)
def test_unemployment_rate_per_dependent_and_the_800_permille_cap(dependents, amount):
    result = _unemployment(dependents=dependents)
    assert (result.eligible, result.amount) == (True, amount)
    if dependents >= 3:
        assert any("حداکثر ۸۰٪" in step for step in result.steps)
    _persian_only(result)


def test_unemployment_needs_six_months_and_an_involuntary_loss():
    five = _unemployment(months=HALF_1404[1:])
    assert (five.eligible, five.amount) == (False, 0)
    assert "۵ ماه" in five.reasons[0]
    quit = _unemployment(involuntary=False)
    assert not quit.eligible
    assert "غیرارادی" in quit.reasons[0]


def test_unemployment_monthly_average_rounds_up():
    # Σ 90 days = 270,000,001 (one more rial in Shahrivar): × 30 / 90 = 90,000,000.33
    # → 90,000,001; 55 %: ceil(49,500,000.55) = 49,500,001.
    months = [*HALF_1404[:5], M(1404, 6, 31, 93_000_001)]
    assert _unemployment(months=months).amount == 49_500_001


# --- funeral, orthotics ---------------------------------------------------------------------


def test_funeral_is_the_minimum_monthly_wage_of_the_year_of_death_or_a_fixed_amount():
    result = funeral_allowance(
        death_date=J(1404, 8, 1), min_monthly_wage=MIN_WAGE_1404, terms=TERMS
    )
    assert (result.eligible, result.amount) == (True, 103_909_680)
    assert any("۱۴۰۴" in step for step in result.steps)
    fixed = BenefitTerms(**{**TERMS.__dict__, "funeral_fixed_amount": 50_000_000})
    assert funeral_allowance(
        death_date=J(1404, 8, 1), min_monthly_wage=None, terms=fixed
    ).amount == (50_000_000)
    unknown = funeral_allowance(death_date=J(1405, 8, 1), min_monthly_wage=None, terms=TERMS)
    assert (unknown.eligible, unknown.amount) == (False, 0)
    assert "۱۴۰۵" in unknown.reasons[0]


@pytest.mark.parametrize(
    ("invoice", "paid"),
    [(150_000_000, 150_000_000), (200_000_000, 200_000_000), (200_000_001, 200_000_000)],
)
def test_orthotics_pays_the_invoice_up_to_the_ceiling(invoice, paid):
    result = orthotics_reimbursement(invoice_amount=invoice, terms=TERMS)
    assert (result.eligible, result.amount) == (True, paid)
    _persian_only(result)


def test_orthotics_refuses_nothing_to_pay_and_a_negative_invoice():
    assert orthotics_reimbursement(invoice_amount=0, terms=TERMS).eligible is False
    with pytest.raises(ValueError, match="invoice"):
        orthotics_reimbursement(invoice_amount=-1, terms=TERMS)


# --- military service purchase --------------------------------------------------------------


def _years_1402_1403(farvardin_1402_days: int) -> list[MonthWage]:
    """Every month of 1402 (365 days) and 1403 (366 days, leap) at 1,000,000 a day, with
    Farvardin 1402 shortened to the given days."""
    from tamin.core.jalali import jalali_month_days

    months = []
    for year in (1402, 1403):
        for month in range(1, 13):
            days = jalali_month_days(year, month)
            if (year, month) == (1402, 1):
                days = farvardin_1402_days
            months.append(M(year, month, days, days * 1_000_000))
    return months


def _military(months, months_served=24):
    return military_service_purchase(
        months=months,
        months_served=months_served,
        contribution_rate_permille=300,  # 7 % + 20 % + 3 %
        on=J(1404, 1, 15),
        terms=TERMS,
    )


def test_military_purchase_729_days_refused_730_priced_with_the_7_30_share():
    refused = _military(_years_1402_1403(29))  # 29 + 334 + 366 = 729 days
    assert (refused.eligible, refused.cost, refused.insured_share) == (False, 0, 0)
    assert "۷۲۹ روز" in refused.reasons[0]
    result = _military(_years_1402_1403(30))  # 730 days
    # average = ceil(730,000,000 / 24) = ceil(30,416,666.67) = 30,416,667
    # monthly contribution = ceil(30,416,667 × 300 / 1000) = ceil(9,125,000.1) = 9,125,001
    # cost = 9,125,001 × 24 = 219,000,024
    # insured = ceil(219,000,024 × 7 / 30) = ceil(51,100,005.6) = 51,100,006
    # government = 219,000,024 − 51,100,006 = 167,900,018
    assert result.eligible
    assert (result.average_wage, result.monthly_contribution) == (30_416_667, 9_125_001)
    assert (result.cost, result.insured_share, result.government_share) == (
        219_000_024,
        51_100_006,
        167_900_018,
    )
    _persian_only(result)


def test_military_purchase_two_year_average_takes_the_crossing_month_pro_rata():
    # 731 days: the walk of 730 takes 30 of Farvardin 1402's 31 days, 31,000,000 × 30 // 31
    # = 30,000,000 — the same Σ 730,000,000 as above, so the same cost.
    result = _military(_years_1402_1403(31))
    assert (result.average_wage, result.cost) == (30_416_667, 219_000_024)


def test_military_purchase_counts_no_month_from_the_month_of_the_quote():
    # 729 days before Farvardin 1404 and 31 days in Farvardin 1404 itself: still refused
    months = [*_years_1402_1403(29), M(1404, 1, 31, 31_000_000)]
    assert not _military(months).eligible


def test_military_purchase_needs_months_served():
    result = _military(_years_1402_1403(30), months_served=0)
    assert not result.eligible
    assert result.cost == 0


# --- Iranians abroad ------------------------------------------------------------------------

PACKAGE = AbroadPackageTerms(code="basic", label="پایه", wage_base=103_909_680, rate_permille=180)
ON = J(1404, 6, 15)


@pytest.mark.parametrize(
    ("born", "age", "eligible"),
    [
        (J(1386, 6, 16), 17, False),  # 18 tomorrow
        (J(1386, 6, 15), 18, True),  # 18 today
        (J(1354, 6, 15), 50, True),  # 50 today
        (J(1353, 6, 16), 50, True),  # 51 tomorrow
        (J(1353, 6, 15), 51, False),  # 51 today
    ],
)
def test_abroad_ages_18_to_50(born, age, eligible):
    quote = abroad_premium(birth_date=born, on=ON, package=PACKAGE, min_age=18, max_age=50)
    assert (quote.age, quote.eligible) == (age, eligible)
    if eligible:
        # 103,909,680 × 18 % = 18,703,742.4 → 18,703,742 (half up to the rial)
        assert quote.monthly_premium == 18_703_742
        assert quote.reasons == ()
    else:
        assert quote.monthly_premium == 0
        assert "۱۸ تا ۵۰ سال" in quote.reasons[0]
    _persian_only(quote)


def test_abroad_refuses_a_birth_date_after_the_request():
    quote = abroad_premium(
        birth_date=J(1404, 6, 16), on=ON, package=PACKAGE, min_age=18, max_age=50
    )
    assert (quote.eligible, quote.monthly_premium) == (False, 0)
    assert "تاریخ تولد" in quote.reasons[0]


def test_abroad_premium_rounds_half_up():
    # 100,000,025 × 180 / 1000 = 18,000,004.5 → 18,000,005
    package = AbroadPackageTerms(code="x", label="x", wage_base=100_000_025, rate_permille=180)
    quote = abroad_premium(birth_date=J(1370, 1, 1), on=ON, package=package, min_age=18, max_age=50)
    assert quote.monthly_premium == 18_000_005


# --- treatment eligibility ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "eligible", "found"),
    [
        # inquiry on 10 Mordad 1404: the window is Ordibehesht, Khordad and Tir 1404
        ([M(1404, 4, 30, 1)], True, 30),  # newest month of the window
        ([M(1404, 2, 30, 1)], True, 30),  # oldest month of the window
        ([M(1404, 1, 31, 1)], False, 0),  # Farvardin: one month too old
        ([M(1404, 5, 31, 1)], False, 0),  # Mordad itself is not complete
        ([M(1404, 4, 29, 1)], False, 29),  # one day short
        ([M(1404, 3, 15, 1), M(1404, 4, 15, 1)], True, 30),  # added across months
        ([M(1404, 4, 20, 1), M(1404, 4, 10, 1)], True, 30),  # two workshops in one month
    ],
)
def test_treatment_eligibility_window_edges(months, eligible, found):
    result = treatment_eligibility(months=months, on=J(1404, 5, 10), terms=TERMS)
    assert (result.eligible, result.days, result.amount) == (eligible, found, 0)
    if not eligible:
        reason = result.reasons[0]
        assert "اردیبهشت ۱۴۰۴ تا تیر ۱۴۰۴" in reason
        assert "۳۰ روز" in reason
    _persian_only(result)


def test_treatment_eligibility_across_the_year_and_the_leap_esfand():
    # on 10 Farvardin 1404 the window is Dey … Esfand 1403; Esfand 1403 has 30 days
    leap = treatment_eligibility(months=[M(1403, 12, 30, 1)], on=J(1404, 1, 10), terms=TERMS)
    assert (leap.eligible, leap.days) == (True, 30)
    # Esfand 1402 has 29: "30" days of it count 29
    common = treatment_eligibility(months=[M(1402, 12, 30, 1)], on=J(1403, 1, 10), terms=TERMS)
    assert (common.eligible, common.days) == (False, 29)


def test_fraction_is_exact_and_refuses_a_zero_denominator():
    assert Fraction(7, 30).ceil_of(30) == 7
    assert Fraction(7, 30).ceil_of(31) == 8  # 7.23 → 8
    assert str(Fraction(3, 4)) == "۳/۴"
    with pytest.raises(ValueError, match="denominator"):
        Fraction(1, 0)
