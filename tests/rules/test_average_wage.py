"""The average wage of the last two years: walk newest → oldest until 730 days."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamin.core.jalali import jalali_month_days
from tamin.rules.average_wage import (
    DIVISOR_MONTHS,
    REQUIRED_DAYS,
    MonthWage,
    average_wage_last_two_years,
    months_merge,
)


def full_months(*, count: int, wage: int = 100_000_000, year: int = 1404, month: int = 12):
    """`count` full months ending at year/month (newest first)."""
    items = []
    for _ in range(count):
        items.append(
            MonthWage(year=year, month=month, days=jalali_month_days(year, month), wage=wage)
        )
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return items


def test_empty_history_gives_zero():
    # given no months / when computed
    result = average_wage_last_two_years(months=[])
    # then nothing is covered and the page can say so
    assert result.days_covered == 0
    assert result.average == 0
    assert result.months == ()
    assert not result.complete
    assert result.missing_days == REQUIRED_DAYS


def test_the_month_crossing_730_days_is_taken_pro_rata():
    # given 25 full months ending Esfand 1403 (not a leap year: 29 days)
    months = full_months(count=25, year=1403, month=12, wage=60_000_000)
    # when computed
    result = average_wage_last_two_years(months=months)
    # then exactly 730 days are covered and the oldest month used is partial
    assert result.days_covered == REQUIRED_DAYS
    assert result.complete
    oldest = result.months[-1]
    assert oldest.is_partial
    days_before = sum(m.days_used for m in result.months[:-1])
    assert oldest.days_used == REQUIRED_DAYS - days_before
    assert oldest.wage_used == 60_000_000 * oldest.days_used // oldest.days
    # and the sum is the full months plus the pro rata part, the average its ceiling / 24
    assert result.wage_sum == 60_000_000 * (len(result.months) - 1) + oldest.wage_used
    assert result.average == -(-result.wage_sum // 24)


def test_average_rounds_up():
    # given one month whose wage is not a multiple of 24
    result = average_wage_last_two_years(months=[MonthWage(1404, 1, 31, 25)])
    # then the average is rounded up, not down
    assert result.wage_sum == 25
    assert result.average == 2


def test_walk_starts_at_the_newest_month_and_ignores_older_ones():
    # given 30 months where the oldest 6 have a huge wage
    recent = full_months(count=24, year=1404, month=12, wage=10)
    old = full_months(count=6, year=1402, month=12, wage=10**12)
    # when computed
    result = average_wage_last_two_years(months=old + recent)
    # then the old months are never reached (24 months of 1403–1404 hold 731 days: 1403 is leap)
    assert all(m.year >= 1403 for m in result.months)
    assert (result.months[0].year, result.months[0].month) == (1404, 12)


def test_months_of_several_workshops_are_merged_and_capped():
    # given two workshops in the same month, 20 + 20 days in a 31-day month
    months = [MonthWage(1404, 1, 20, 1_000), MonthWage(1404, 1, 20, 3_000)]
    # when merged
    merged = months_merge(months)
    # then one month with the days capped at 31 and the wages added
    assert merged == [MonthWage(1404, 1, 31, 4_000)]


def test_months_without_days_cover_nothing():
    result = average_wage_last_two_years(months=[MonthWage(1404, 2, 0, 500)])
    assert result.months == ()
    assert result.wage_sum == 0


@pytest.mark.parametrize("bad", [MonthWage(1404, 13, 1, 1), MonthWage(1404, 1, -1, 1)])
def test_bad_input_is_refused(bad):
    with pytest.raises(ValueError, match=r"out of range|negative"):
        average_wage_last_two_years(months=[bad])


month_wages = st.builds(
    MonthWage,
    year=st.integers(min_value=1380, max_value=1405),
    month=st.integers(min_value=1, max_value=12),
    days=st.integers(min_value=0, max_value=31),
    wage=st.integers(min_value=0, max_value=2_000_000_000),
)


@given(st.lists(month_wages, max_size=80))
def test_never_more_than_730_days_and_average_covers_the_sum(months):
    result = average_wage_last_two_years(months=months)
    assert 0 <= result.days_covered <= REQUIRED_DAYS
    assert result.days_covered == sum(m.days_used for m in result.months)
    assert result.wage_sum == sum(m.wage_used for m in result.months)
    assert result.average * DIVISOR_MONTHS >= result.wage_sum
    assert (result.average - 1) * DIVISOR_MONTHS < result.wage_sum or result.average == 0
    # only the last (oldest) month walked may be partial
    assert all(not m.is_partial for m in result.months[:-1])


@given(st.lists(month_wages, max_size=60), st.randoms())
def test_input_order_does_not_matter(months, random):
    shuffled = list(months)
    random.shuffle(shuffled)
    assert average_wage_last_two_years(months=months) == average_wage_last_two_years(
        months=shuffled
    )


@given(st.lists(month_wages, max_size=60))
def test_short_history_uses_everything_it_has(months):
    merged = months_merge(months)
    available = sum(m.days for m in merged)
    result = average_wage_last_two_years(months=months)
    if available < REQUIRED_DAYS:
        # fewer than 730 days: every month is used whole and the result says it is incomplete
        assert result.days_covered == available
        assert len(result.months) == len(merged)
        assert not result.complete
        assert result.missing_days == REQUIRED_DAYS - available
    else:
        assert result.complete


@given(st.lists(month_wages, min_size=1, max_size=60))
def test_months_are_walked_newest_first(months):
    result = average_wage_last_two_years(months=months)
    periods = [(m.year, m.month) for m in result.months]
    assert periods == sorted(periods, reverse=True)
    assert len(set(periods)) == len(periods)
