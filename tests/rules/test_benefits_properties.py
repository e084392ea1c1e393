"""Properties of the short-term benefit rules over any contribution history (hypothesis):
amounts never negative, caps and floors held, more days off never pay less, a higher wage
never pays less, and the Jalali month lengths (Esfand 29 or 30) bound every day counted."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import jdatetime
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tamin.core.jalali import jalali_month_days
from tamin.rules.average_wage import MonthWage
from tamin.rules.benefits import (
    AbroadPackageTerms,
    _walk_days,
    abroad_premium,
    marriage_allowance,
    maternity_allowance,
    military_service_purchase,
    orthotics_reimbursement,
    sickness_compensation,
    treatment_eligibility,
    unemployment_allowance,
)
from tests.rules.test_benefits import TERMS

_PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def month_wages(draw, *, first_year: int = 1398, last_year: int = 1404) -> MonthWage:
    year = draw(st.integers(first_year, last_year))
    month = draw(st.integers(1, 12))
    days = draw(st.integers(0, jalali_month_days(year, month)))
    wage = draw(st.integers(0, 31 * 24_245_592))  # up to the 1404 daily cap × 31
    return MonthWage(year=year, month=month, days=days, wage=wage)


histories = st.lists(month_wages(), max_size=40)


@st.composite
def dense_histories(draw, *, last_year: int = 1404) -> list[MonthWage]:
    """A run of consecutive months back from a month of `last_year`, mostly full (so the
    730-day and 720-day conditions are met as often as not), with a few gaps."""
    year, month = last_year, draw(st.integers(1, 12))
    months = []
    for _ in range(draw(st.integers(0, 72))):
        length = jalali_month_days(year, month)
        days = draw(st.one_of(st.just(length), st.integers(0, length)))
        wage = draw(st.integers(0, 31 * 24_245_592))
        months.append(MonthWage(year=year, month=month, days=days, wage=wage))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


@st.composite
def days_in(draw, *, first_year: int = 1402, last_year: int = 1405) -> dt.date:
    year = draw(st.integers(first_year, last_year))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, jalali_month_days(year, month)))
    return jdatetime.date(year, month, day).togregorian()


def _scaled(months: list[MonthWage], extra: int) -> list[MonthWage]:
    """The same history with `extra` rial more in every month (a higher wage)."""
    return [replace(m, wage=m.wage + extra) for m in months]


@_PROPERTY
@given(histories, days_in(), st.integers(1, 400))
def test_walk_never_covers_more_than_asked_nor_pays_more_than_recorded(months, on, days):
    before = (
        jdatetime.date.fromgregorian(date=on).year,
        jdatetime.date.fromgregorian(date=on).month,
    )
    walk = _walk_days(months, days, before=before)
    assert 0 <= walk.days_covered <= days
    assert walk.wage_sum <= sum(m.wage for m in months if (m.year, m.month) < before)
    for used in walk.months:
        assert (used.year, used.month) < before
        assert used.days <= jalali_month_days(used.year, used.month)
        assert 0 <= used.wage_used <= used.wage


@_PROPERTY
@given(
    histories,
    days_in(),
    st.integers(0, 120),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.integers(1, 100_000_000),
)
def test_sickness_never_negative_monotone_in_days_and_wage(
    months, start, days_off, hospitalized, accident, dependents, extra
):
    def pay(history, off):
        return sickness_compensation(
            months=history,
            start=start,
            days_off=off,
            hospitalized=hospitalized,
            work_accident=accident,
            has_dependents=dependents,
            terms=TERMS,
        )

    result = pay(months, days_off)
    assert result.amount >= 0
    assert result.eligible is (result.amount > 0)
    if result.eligible:
        assert result.days <= days_off
        assert result.amount == result.daily_amount * result.days
    assert pay(months, days_off + 1).amount >= result.amount  # more days off: never less
    assert pay(_scaled(months, extra), days_off).amount >= result.amount  # higher wage


@_PROPERTY
@given(histories, days_in(), st.one_of(st.none(), st.integers(0, 400)), st.integers(1, 10**8))
def test_maternity_never_negative_capped_at_the_leave_and_monotone(months, start, leave, extra):
    result = maternity_allowance(months=months, leave_start=start, leave_days=leave, terms=TERMS)
    assert result.amount >= 0
    if result.eligible:
        assert result.days <= TERMS.maternity_leave_days
        # 2/3 of a daily wage never exceeds the daily wage, nor that all the pay on file
        assert result.daily_amount <= sum(m.wage for m in months)
    more = maternity_allowance(
        months=_scaled(months, extra), leave_start=start, leave_days=leave, terms=TERMS
    )
    assert more.amount >= result.amount


@_PROPERTY
@given(
    dense_histories(),
    days_in(first_year=1404, last_year=1405),
    st.one_of(st.none(), st.integers(0, 200_000_000)),
    st.integers(1, 10**8),
)
def test_marriage_never_below_the_floor_and_monotone_in_wage(months, married, floor, extra):
    def pay(history):
        return marriage_allowance(
            months=history,
            marriage_date=married,
            employed_on_marriage=True,
            first_permanent_marriage=True,
            min_monthly_wage=floor,
            terms=TERMS,
        )

    result = pay(months)
    assert result.amount >= 0
    if result.eligible and floor is not None:
        assert result.amount >= floor
    if not result.eligible:
        assert result.amount == 0
    assert pay(_scaled(months, extra)).amount >= result.amount


@_PROPERTY
@given(histories, days_in(), st.integers(0, 12), st.integers(1, 10**8))
def test_unemployment_capped_at_800_permille_and_monotone(months, on, dependents, extra):
    def pay(history, deps):
        return unemployment_allowance(
            months=history, dependents=deps, involuntary=True, on=on, terms=TERMS
        )

    result = pay(months, dependents)
    assert result.amount >= 0
    if result.eligible:
        # never above 80 % of the largest possible monthly average (ceil of each step)
        before = jdatetime.date.fromgregorian(date=on)
        walk = _walk_days(months, TERMS.daily_wage_days, before=(before.year, before.month))
        monthly = -(-walk.wage_sum * 30 // walk.days_covered)
        assert result.amount <= -(-monthly * TERMS.unemployment_max_permille // 1000)
    assert pay(months, dependents + 1).amount >= result.amount
    assert pay(_scaled(months, extra), dependents).amount >= result.amount


@_PROPERTY
@given(st.integers(0, 10**12))
def test_orthotics_never_above_the_ceiling_nor_the_invoice(invoice):
    result = orthotics_reimbursement(invoice_amount=invoice, terms=TERMS)
    assert 0 <= result.amount <= min(invoice, TERMS.orthotics_ceiling)


@_PROPERTY
@given(
    dense_histories(),
    st.integers(0, 36),
    st.integers(0, 400),
    st.integers(1, 10**8),
)
def test_military_shares_add_up_and_the_insured_pays_at_least_7_30(months, served, rate, extra):
    def quote(history):
        return military_service_purchase(
            months=history,
            months_served=served,
            contribution_rate_permille=rate,
            on=jdatetime.date(1404, 12, 1).togregorian(),
            terms=TERMS,
        )

    result = quote(months)
    assert min(result.cost, result.insured_share, result.government_share) >= 0
    assert result.insured_share + result.government_share == result.cost
    assert result.insured_share * 30 >= result.cost * 7  # rounded up for the insured
    assert result.insured_share * 30 < result.cost * 7 + 30
    assert quote(_scaled(months, extra)).cost >= result.cost


@_PROPERTY
@given(days_in(first_year=1340, last_year=1404), days_in(first_year=1404, last_year=1405))
def test_abroad_quote_only_inside_the_ages(born, on):
    package = AbroadPackageTerms(
        code="basic", label="پایه", wage_base=103_909_680, rate_permille=180
    )
    quote = abroad_premium(birth_date=born, on=on, package=package, min_age=18, max_age=50)
    if born > on:
        assert (quote.eligible, quote.monthly_premium) == (False, 0)
        return
    assert quote.eligible is (18 <= quote.age <= 50)
    assert quote.monthly_premium == (18_703_742 if quote.eligible else 0)


@_PROPERTY
@given(histories, days_in())
def test_treatment_days_found_never_exceed_the_window(months, on):
    result = treatment_eligibility(months=months, on=on, terms=TERMS)
    assert 0 <= result.days <= 31 * TERMS.treatment_window_months
    assert result.eligible is (result.days >= TERMS.treatment_min_days)
    assert result.amount == 0
