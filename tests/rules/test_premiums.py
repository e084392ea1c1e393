"""The premium law of tamin.rules.premiums, each rule against a hand computation from DOMAIN.md.

The expected numbers are literals worked out by hand (shown in the comments), never
computed by the code under test.
"""

from __future__ import annotations

import pytest

from tamin.core.exceptions import ApplicationError
from tamin.rules.models import YearParameters
from tamin.rules.premiums import (
    PremiumRates,
    claimed_daily_wage_check,
    insurable_cap_for_days,
    insurable_daily_wage,
    insurable_over_cap,
    premium_charge,
    premium_rates,
    premium_share,
    premium_shares,
)

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


class _Row:
    def __init__(self, insurable_total: int, unemployment_covered: bool = True):
        self.insurable_total = insurable_total
        self.unemployment_covered = unemployment_covered


def test_shares_of_a_capped_wage_are_7_20_and_3_percent():
    # given a full month at the 1404 cap, 727,367,760 rial
    # when its shares are computed
    shares = premium_shares(insurable_total=727_367_760, rates=RATES_1404)
    # then by hand: 7 % = 50,915,743.2 → 50,915,743; 20 % = 145,473,552;
    # 3 % = 21,821,032.8 → 21,821,033; charged 50,915,743 + 145,473,552 + 21,821,033 = 218,210,328
    assert shares.insured == 50_915_743
    assert shares.employer == 145_473_552
    assert shares.unemployment == 21_821_033
    assert shares.charged == 218_210_328


def test_a_share_rounds_half_up_to_the_rial():
    # 150 × 3 % = 4.5 → 5 (round() would give 4, rounding down 4 as well)
    assert premium_share(amount=150, permille=30) == 5
    # 50 × 7 % = 3.5 → 4; 1,234,567 × 7 % = 86,419.69 → 86,420; 149 × 3 % = 4.47 → 4
    assert premium_share(amount=50, permille=70) == 4
    assert premium_share(amount=1_234_567, permille=70) == 86_420
    assert premium_share(amount=149, permille=30) == 4


def test_an_exempt_worker_owes_no_unemployment_share():
    # 100,000,000 × 3 % would be 3,000,000; an exempt worker owes 0 of it
    shares = premium_shares(
        insurable_total=100_000_000, rates=RATES_1404, unemployment_covered=False
    )
    assert (shares.insured, shares.employer, shares.unemployment) == (7_000_000, 20_000_000, 0)


def test_the_charge_sums_per_row_rounded_shares_of_covered_workers():
    # given two workers, 150 rial (covered) and 250 rial (exempt from unemployment insurance)
    charge = premium_charge(rows=[_Row(150), _Row(250, False)], rates=RATES_1404)
    # then by hand: insured 150×7 % = 10.5 → 11, 250×7 % = 17.5 → 18: 29;
    # employer 30 + 50 = 80; unemployment 150×3 % = 4.5 → 5 only; total 29 + 80 + 5 = 114
    assert (charge.insured, charge.employer, charge.unemployment) == (29, 80, 5)
    assert charge.insurable_total == 400
    assert charge.total == 114


def test_the_1404_daily_cap_is_the_monthly_cap_over_30():
    # 727,367,760 / 30 = 24,245,592
    assert RATES_1404.daily_cap == 24_245_592
    # 31 days may carry 31 × 24,245,592 = 751,613,352, not a rial more
    assert insurable_cap_for_days(days=31, rates=RATES_1404) == 751_613_352
    assert not insurable_over_cap(insurable_total=751_613_352, days=31, rates=RATES_1404)
    assert insurable_over_cap(insurable_total=751_613_353, days=31, rates=RATES_1404)


def test_a_claimed_daily_wage_above_the_cap_is_refused_in_persian():
    # the cap itself, 24,245,592, is accepted; one rial more is refused
    claimed_daily_wage_check(daily_wage=24_245_592, rates=RATES_1404)
    assert insurable_daily_wage(daily_wage=24_245_592, rates=RATES_1404) == 24_245_592
    with pytest.raises(ApplicationError) as error:
        claimed_daily_wage_check(daily_wage=24_245_593, rates=RATES_1404)
    assert error.value.code == "wage_over_cap"
    assert "سقف" in error.value.message
    assert "۲۴٬۲۴۵٬۵۹۲" in error.value.message or "۲۴,۲۴۵,۵۹۲" in error.value.message


def test_a_claimed_daily_wage_below_the_minimum_is_raised_to_it():
    # 1,000,000 a day is below the 1404 minimum of 3,463,656: the minimum is insurable
    claimed_daily_wage_check(daily_wage=1_000_000, rates=RATES_1404)
    assert insurable_daily_wage(daily_wage=1_000_000, rates=RATES_1404) == 3_463_656


@pytest.mark.django_db
def test_rates_come_from_the_years_row_and_follow_an_admin_correction():
    # given the seeded 1404 row / when read
    rates = premium_rates(year=1404)
    # then the verified figures of DOMAIN.md §3
    assert rates == RATES_1404
    # and an administrator's correction wins at once (no code copy to fall back on)
    YearParameters.objects.filter(year=1404).update(employer_rate_permille=230)
    assert premium_rates(year=1404).employer_rate_permille == 230


@pytest.mark.django_db
def test_a_year_without_its_row_has_no_rates():
    # given no 1405 row (its figures are not published) / then there is nothing to fall back on
    YearParameters.objects.filter(year=1405).delete()
    assert premium_rates(year=1405) is None


@pytest.mark.django_db
def test_the_1402_row_holds_the_corrected_figures():
    # DOMAIN.md §3 (corrected): 1402 daily 1,769,428; monthly 30 × that = 53,082,840;
    # cap 7 × monthly = 371,579,880
    row = YearParameters.objects.get(year=1402)
    assert (row.min_daily_wage, row.min_monthly_wage, row.insurable_cap_monthly) == (
        1_769_428,
        53_082_840,
        371_579_880,
    )
