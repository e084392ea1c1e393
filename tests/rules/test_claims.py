"""What a claim ruling charges (tamin.rules.claims), each case worked by hand from DOMAIN.md §3.

The expected numbers are literals computed by hand (shown in the comments), never by
the code under test.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tamin.rules.claims import (
    UnlistedWorker,
    minimum_wage_premium,
    ruling_totals,
    unlisted_workers_premium,
)
from tamin.rules.premiums import PremiumRates

# DOMAIN.md §3, 1404: daily 3,463,656, monthly 103,909,680, cap 727,367,760; 7/20/3/3 %.
RATES_1404 = PremiumRates(
    year=1404,
    min_daily_wage=3_463_656,
    min_monthly_wage=103_909_680,
    insurable_cap_monthly=727_367_760,
    insured_rate_permille=70,
    employer_rate_permille=200,
    government_rate_permille=30,
    unemployment_rate_permille=30,
)


def test_a_worker_within_bounds_owes_thirty_percent_of_days_times_wage():
    # 5,000,000 × 30 = 150,000,000: 7 % 10,500,000 + 20 % 30,000,000 + 3 % 4,500,000
    premium = unlisted_workers_premium(
        workers=[UnlistedWorker(days=30, daily_wage=5_000_000)], rates=RATES_1404
    )
    assert premium == 45_000_000


def test_a_wage_below_the_minimum_is_raised_to_it():
    # 3,463,656 × 20 = 69,273,120: 7 % 4,849,118.4 → 4,849,118; 20 % 13,854,624;
    # 3 % 2,078,193.6 → 2,078,194; Σ 20,781,936
    premium = unlisted_workers_premium(
        workers=[UnlistedWorker(days=20, daily_wage=1_000_000)], rates=RATES_1404
    )
    assert premium == 20_781_936


def test_a_wage_above_the_cap_is_capped_and_each_share_rounded_half_up():
    # daily cap 727,367,760 / 30 = 24,245,592; × 31 = 751,613,352 (= the 31 days' cap)
    # 7 % 52,612,934.64 → 52,612,935; 20 % 150,322,670.4 → 150,322,670;
    # 3 % 22,548,400.56 → 22,548,401; Σ 225,484,006
    premium = unlisted_workers_premium(
        workers=[UnlistedWorker(days=31, daily_wage=30_000_000)], rates=RATES_1404
    )
    assert premium == 225_484_006


def test_workers_are_rounded_one_by_one_then_summed():
    workers = [
        UnlistedWorker(days=30, daily_wage=5_000_000),
        UnlistedWorker(days=20, daily_wage=1_000_000),
        UnlistedWorker(days=31, daily_wage=30_000_000),
    ]
    # 45,000,000 + 20,781,936 + 225,484,006
    assert unlisted_workers_premium(workers=workers, rates=RATES_1404) == 291_265_942


def test_no_workers_owe_nothing():
    assert unlisted_workers_premium(workers=[], rates=RATES_1404) == 0


@pytest.mark.parametrize(
    ("days", "wage", "error"),
    [
        (0, 5_000_000, ValueError),
        (32, 5_000_000, ValueError),
        (30, 0, ValueError),
        (30, -1, ValueError),
        (30, 5_000_000.0, TypeError),
        (30.0, 5_000_000, TypeError),
        (30, Decimal("5000000"), TypeError),
        (True, 5_000_000, TypeError),
    ],
)
def test_a_bad_worker_month_is_refused_not_rounded(days, wage, error):
    with pytest.raises(error):
        unlisted_workers_premium(
            workers=[UnlistedWorker(days=days, daily_wage=wage)], rates=RATES_1404
        )


def test_minimum_wage_estimate_prices_full_months_at_the_minimum():
    # per worker 103,909,680: 7 % 7,273,677.6 → 7,273,678; 20 % 20,781,936;
    # 3 % 3,117,290.4 → 3,117,290; Σ 31,172,904; two workers 62,345,808
    assert minimum_wage_premium(workers=1, rates=RATES_1404) == 31_172_904
    assert minimum_wage_premium(workers=2, rates=RATES_1404) == 62_345_808


@pytest.mark.parametrize(
    ("workers", "error"), [(0, ValueError), (-3, ValueError), (2.0, TypeError)]
)
def test_minimum_wage_estimate_needs_a_positive_whole_count(workers, error):
    with pytest.raises(error):
        minimum_wage_premium(workers=workers, rates=RATES_1404)


def test_ruling_totals_add_exactly_beyond_float_precision():
    # 2**53 + 1 cannot be held by a float; the sum must still be exact
    big = 9_007_199_254_740_993
    totals = ruling_totals(lines=[(big, 1), (2, 3)])
    assert totals.principal == 9_007_199_254_740_995
    assert totals.penalty == 4
    assert totals.total == 9_007_199_254_740_999
    assert ruling_totals(lines=[]).total == 0


@pytest.mark.parametrize(
    "line", [(-1, 0), (0, -1), (1.0, 0), (0, Decimal("1")), (True, 0)], ids=str
)
def test_ruling_totals_refuse_negative_or_non_integer_amounts(line):
    with pytest.raises((ValueError, TypeError)):
        ruling_totals(lines=[line])
