"""Penalty arithmetic (hand computations from DOMAIN.md §3) and the seeded penalty parameters.

The rule under test: a list is due by the last day of the following Jalali month; each
month started after that accrues 2 % [to confirm] of what the list owed at that month's
first instant, rounded half up to the rial on its own; 10 % of a month's premium when
its list was not sent in time.
"""

from __future__ import annotations

import datetime
import importlib
import zoneinfo

import jdatetime
import pytest
from django.apps import apps as django_apps

from tamin.rules.models import PenaltyParameters
from tamin.rules.penalties import (
    late_payment_accruals,
    months_late,
    no_list_penalty,
    penalty_rates,
    penalty_rates_for_years,
)

seed_module = importlib.import_module("tamin.rules.migrations.0004_seed_penalty_parameters")

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
RATE = 20  # 2 % a month late (DOMAIN.md §3, [to confirm]), per mille
# Farvardin 1404 is due by the last day of Ordibehesht: 1404/02/31.
DEADLINE = jdatetime.date(1404, 2, 31).togregorian()


def _day(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(_day(year, month, day), datetime.time(hour), tzinfo=TEHRAN)


def _accruals(owed, today):
    return [
        (item.number, item.base, item.amount)
        for item in late_payment_accruals(
            owed=owed, deadline=DEADLINE, today=today, permille_per_month=RATE, zone=TEHRAN
        )
    ]


def test_months_late_counts_from_the_end_of_the_following_month():
    # given Farvardin 1404, due by 1404/02/31 / then late from the first of Khordad
    assert months_late(deadline=DEADLINE, today=_day(1404, 2, 31)) == 0
    assert months_late(deadline=DEADLINE, today=_day(1404, 3, 1)) == 1
    assert months_late(deadline=DEADLINE, today=_day(1404, 3, 31)) == 1
    assert months_late(deadline=DEADLINE, today=_day(1404, 4, 1)) == 2
    # Esfand 1403 is due by the end of Farvardin 1404
    assert months_late(deadline=_day(1404, 1, 31), today=_day(1404, 2, 1)) == 1


def test_each_month_is_rounded_half_up_on_its_own():
    # given 1,000,049 rial owed since before the deadline, on 1404/05/01 (Khordad,
    # Tir and Mordad have started: 3 months late)
    owed = [(_at(1404, 1, 25), 1_000_049)]
    # when the accruals are computed
    accruals = _accruals(owed, _day(1404, 5, 1))
    # then each month is 1,000,049 × 2 % = 20,000.98 → 20,001 (half up), 3 × 20,001 = 60,003
    assert accruals == [(1, 1_000_049, 20_001), (2, 1_000_049, 20_001), (3, 1_000_049, 20_001)]
    assert sum(amount for _n, _base, amount in accruals) == 60_003


def test_half_up_at_the_half_rial():
    # 25 × 2 % = 0.5 → 1; 24 × 2 % = 0.48 → 0 (nothing to accrue); 999 × 2 % = 19.98 → 20
    today = _day(1404, 3, 10)
    assert _accruals([(_at(1404, 1, 25), 25)], today) == [(1, 25, 1)]
    assert _accruals([(_at(1404, 1, 25), 24)], today) == []
    assert _accruals([(_at(1404, 1, 25), 999)], today) == [(1, 999, 20)]
    # 1,234,567 × 2 % = 24,691.34 → 24,691
    assert _accruals([(_at(1404, 1, 25), 1_234_567)], today) == [(1, 1_234_567, 24_691)]


def test_each_month_accrues_on_what_was_owed_when_it_started():
    # given 10,000,000 owed, 4,000,000 paid on 1404/03/15 (6,000,000 left)
    owed = [(_at(1404, 1, 25), 10_000_000), (_at(1404, 3, 15), 6_000_000)]
    # when read on 1404/04/05
    # then Khordad accrued on 10,000,000 (200,000) and Tir on 6,000,000 (120,000)
    assert _accruals(owed, _day(1404, 4, 5)) == [(1, 10_000_000, 200_000), (2, 6_000_000, 120_000)]


def test_paying_stops_later_months_and_keeps_the_accrued_ones():
    # given 10,000,000 owed and paid in full on 1404/03/15
    owed = [(_at(1404, 1, 25), 10_000_000), (_at(1404, 3, 15), 0)]
    # when read four months late (1404/06/10)
    # then only Khordad's 200,000 remains: it had accrued before the payment
    assert _accruals(owed, _day(1404, 6, 10)) == [(1, 10_000_000, 200_000)]


def test_a_payment_on_the_first_day_of_a_month_is_too_late_for_that_month():
    # given 10,000,000 paid on 1404/04/01 at 09:00, after Tir had started at 00:00
    owed = [(_at(1404, 1, 25), 10_000_000), (_at(1404, 4, 1, hour=9), 0)]
    # then Khordad and Tir both accrued 200,000
    assert _accruals(owed, _day(1404, 4, 20)) == [
        (1, 10_000_000, 200_000),
        (2, 10_000_000, 200_000),
    ]


def test_a_list_sent_late_owes_every_month_since_the_deadline():
    # given Farvardin's list sent on 1404/04/10 (5,000,000), after Khordad and Tir started
    owed = [(_at(1404, 4, 10), 5_000_000)]
    # then both months accrue on the premium it charged: 2 × 100,000
    assert _accruals(owed, _day(1404, 4, 10)) == [(1, 5_000_000, 100_000), (2, 5_000_000, 100_000)]


def test_not_late_or_nothing_charged_is_no_penalty():
    assert _accruals([(_at(1404, 1, 25), 5_000_000)], _day(1404, 2, 31)) == []
    assert _accruals([], _day(1404, 6, 1)) == []


def test_negative_input_is_refused():
    with pytest.raises(ValueError, match="negative"):
        _accruals([(_at(1404, 1, 25), -1)], _day(1404, 3, 1))
    with pytest.raises(ValueError, match="negative"):
        late_payment_accruals(
            owed=[(_at(1404, 1, 25), 1)],
            deadline=DEADLINE,
            today=_day(1404, 3, 1),
            permille_per_month=-1,
            zone=TEHRAN,
        )


def test_no_list_penalty_ten_percent_half_up():
    # 10 % of 1,000,005 = 100,000.5 → 100,001; of 1,000,004 = 100,000.4 → 100,000
    assert no_list_penalty(premium=1_000_005, permille=100) == 100_001
    assert no_list_penalty(premium=1_000_004, permille=100) == 100_000


@pytest.mark.django_db
def test_rates_of_several_years_in_one_query(django_assert_num_queries):
    # given the seeded row (from 1390) and a later one from 1405
    PenaltyParameters.objects.create(
        effective_from=1405, late_payment_permille_per_month=25, no_list_permille=120
    )
    # when the rates of 1404 and 1405 are read together
    with django_assert_num_queries(1):
        rates = penalty_rates_for_years(years=[1404, 1405, 1404])
    # then each year has what penalty_rates gives it
    assert rates == {1404: penalty_rates(year=1404), 1405: penalty_rates(year=1405)}
    assert (rates[1404].late_payment_permille_per_month, rates[1405].no_list_permille) == (20, 120)


@pytest.mark.django_db
def test_seeded_rates_apply_and_a_later_row_wins_from_its_year():
    # given the seeded row / when 1404 is asked / then 2% a month and 10%
    rates = penalty_rates(year=1404)
    assert (rates.late_payment_permille_per_month, rates.no_list_permille) == (20, 100)
    # given a later row from 1405
    PenaltyParameters.objects.create(
        effective_from=1405, late_payment_permille_per_month=25, no_list_permille=120
    )
    # then 1405 uses it and 1404 still the old one
    assert penalty_rates(year=1405).late_payment_permille_per_month == 25
    assert penalty_rates(year=1404).late_payment_permille_per_month == 20


@pytest.mark.django_db
def test_seed_is_idempotent_and_keeps_admin_corrections():
    # given a corrected seeded row
    PenaltyParameters.objects.filter(effective_from=1390).update(late_payment_permille_per_month=15)
    # when the seed runs again
    seed_module.seed(django_apps, None)
    # then nothing is duplicated or overwritten
    assert PenaltyParameters.objects.filter(effective_from=1390).count() == 1
    assert PenaltyParameters.objects.get(effective_from=1390).late_payment_permille_per_month == 15
