"""Dispute terms and the installment table (DOMAIN.md §5), worked by hand from the table:

down payment 50/40/30/20/10 % → installments for debts ≤100M, ≤500M, ≤1bn, >1bn rial:
50 → 12/18/24/36, 40 → 10/15/20/30, 30 → 8/12/16/24, 20 → 6/9/12/18, 10 → –/6/8/12;
minimum total 10,000,000 rial; 31 days to object to a ruling, 21 to a first-instance vote.
"""

from __future__ import annotations

import datetime

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tamin.rules.disputes import (
    DisputeTerms,
    InstallmentCell,
    add_jalali_months,
    dispute_terms,
    installment_choices,
    installment_schedule,
    penalties_waived,
    ruling_objection_until,
    vote_appeal_until,
    vote_is_appealable,
    within_term,
)
from tamin.rules.models import DisputeParameters

pytestmark = pytest.mark.django_db


def _terms() -> DisputeTerms:
    terms = dispute_terms(on=datetime.date(2026, 12, 3))
    assert terms is not None, "the seeded dispute parameters are missing"
    return terms


def test_seeded_terms_are_the_organizations_front_end_values():
    terms = _terms()
    assert (terms.ruling_objection_days, terms.vote_appeal_days) == (31, 21)
    assert terms.appeal_threshold == 200_000
    assert terms.max_objection_documents == 18
    assert terms.waiver_months == 6
    assert terms.installment_minimum_total == 10_000_000
    assert terms.installment_first_due_days == 7


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        # ≤100M: 10 % is not allowed
        (50_000_000, {50: 12, 40: 10, 30: 8, 20: 6}),
        (100_000_000, {50: 12, 40: 10, 30: 8, 20: 6}),
        (300_000_000, {50: 18, 40: 15, 30: 12, 20: 9, 10: 6}),
        (1_000_000_000, {50: 24, 40: 20, 30: 16, 20: 12, 10: 8}),
        (1_000_000_001, {50: 36, 40: 30, 30: 24, 20: 18, 10: 12}),
        (9_999_999, {}),  # below the minimum total
    ],
)
def test_installment_choices_follow_the_table(amount, expected):
    assert installment_choices(terms=_terms(), amount=amount) == expected


def test_a_row_corrected_in_the_admin_takes_effect_from_its_date():
    DisputeParameters.objects.create(
        effective_from=datetime.date(2026, 11, 1), ruling_objection_days=30, vote_appeal_days=20
    )
    assert dispute_terms(on=datetime.date(2026, 10, 31)).ruling_objection_days == 31
    assert dispute_terms(on=datetime.date(2026, 11, 1)).ruling_objection_days == 30
    # a new row without a table allows no installments (nothing silently inherited)
    assert (
        installment_choices(terms=dispute_terms(on=datetime.date(2026, 12, 1)), amount=10**9) == {}
    )


def test_no_terms_before_the_first_row():
    assert dispute_terms(on=datetime.date(2000, 1, 1)) is None


def test_terms_run_from_the_day_of_service():
    terms = _terms()
    served = datetime.date(2026, 12, 3)
    assert ruling_objection_until(terms=terms, served_on=served) == datetime.date(2027, 1, 3)
    assert vote_appeal_until(terms=terms, served_on=served) == datetime.date(2026, 12, 24)
    assert within_term(served_on=served, days=31, on=datetime.date(2027, 1, 3))
    assert not within_term(served_on=served, days=31, on=datetime.date(2027, 1, 4))


def test_appeal_only_above_the_threshold():
    terms = _terms()
    assert not vote_is_appealable(terms=terms, amount=200_000)
    assert vote_is_appealable(terms=terms, amount=200_001)


def test_thirty_percent_of_a_hundred_million_in_eight_parts():
    schedule = installment_schedule(
        total=100_000_001,
        down_payment_percent=30,
        installments=8,
        first_due=datetime.date(2026, 12, 10),  # 1405/09/19
    )
    assert schedule[0].amount == 30_000_000  # 30 % of 100,000,001 = 30,000,000.3 → half up
    assert [item.amount for item in schedule[1:]] == [8_750_000] * 7 + [8_750_001]
    assert sum(item.amount for item in schedule) == 100_000_001
    # a Jalali month apart, the same day of the month
    dues = [jdatetime.date.fromgregorian(date=item.due_on) for item in schedule]
    assert [(d.year, d.month, d.day) for d in dues[:3]] == [
        (1405, 9, 19),
        (1405, 10, 19),
        (1405, 11, 19),
    ]


def test_the_31st_of_a_month_falls_on_the_last_day_of_a_shorter_one():
    shahrivar_31 = jdatetime.date(1405, 6, 31).togregorian()
    mehr = jdatetime.date.fromgregorian(date=add_jalali_months(shahrivar_31, 1))
    assert (mehr.year, mehr.month, mehr.day) == (1405, 7, 30)
    esfand = jdatetime.date.fromgregorian(date=add_jalali_months(shahrivar_31, 6))
    assert (esfand.year, esfand.month) == (1405, 12)
    assert esfand.day in (29, 30)  # 1405 is not a leap year: 29


def test_waiver_within_six_jalali_months_of_service():
    terms = _terms()
    served = jdatetime.date(1405, 1, 15).togregorian()
    assert penalties_waived(
        terms=terms, served_on=served, settled_on=jdatetime.date(1405, 7, 15).togregorian()
    )
    assert not penalties_waived(
        terms=terms, served_on=served, settled_on=jdatetime.date(1405, 7, 16).togregorian()
    )


_TABLE = (
    InstallmentCell(50, 100_000_000, 12),
    InstallmentCell(50, None, 36),
    InstallmentCell(10, 100_000_000, None),
    InstallmentCell(10, None, 12),
)


@settings(max_examples=200, deadline=None)
@given(
    total=st.integers(min_value=1, max_value=10**13),
    percent=st.integers(min_value=1, max_value=100),
    count=st.integers(min_value=1, max_value=60),
    start=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2060, 1, 1)),
)
def test_a_schedule_always_adds_up_and_never_goes_negative(total, percent, count, start):
    schedule = installment_schedule(
        total=total, down_payment_percent=percent, installments=count, first_due=start
    )
    assert sum(item.amount for item in schedule) == total
    assert all(item.amount >= 0 for item in schedule)
    assert [item.due_on for item in schedule] == sorted(item.due_on for item in schedule)
    assert len(schedule) == count + 1


@settings(max_examples=200, deadline=None)
@given(amount=st.integers(min_value=0, max_value=10**13))
def test_choices_never_offer_a_forbidden_cell(amount):
    terms = DisputeTerms(effective_from=None, installment_table=_TABLE)
    choices = installment_choices(terms=terms, amount=amount)
    if amount < terms.installment_minimum_total:
        assert choices == {}
    elif amount <= 100_000_000:
        assert choices == {50: 12}
    else:
        assert choices == {50: 36, 10: 12}
