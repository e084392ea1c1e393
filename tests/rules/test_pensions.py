"""The pension rule (DOMAIN.md §3, Art. 76–77): worked examples computed by hand from the
formula, then properties that hold for any history.

The formula: walk the monthly wages newest → oldest until 730 days are covered, the month
that crosses 730 taken pro rata by days (rounded down to the rial); average = ceil(Σ / 24);
years = days / 365 rounded down to two decimals, at most 35; pension = ceil(average / 30 ×
years); floor: the minimum pension with 20 years or more, years/30 of it below 20 years.
Calendar: Farvardin–Shahrivar 31 days, Mehr–Bahman 30, Esfand 29 (30 in a leap year; 1399
and 1403 are leap, 1400–1402 and 1404 are not).
"""

from __future__ import annotations

import math
from fractions import Fraction

import jdatetime
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tamin.rules.pensions import (
    PensionInputError,
    RetirementCondition,
    ServiceMonth,
    age_on,
    amount_for_years,
    pension_compute,
    pension_floor,
    service_months_validate,
    years_hundredths_from_days,
)

MINIMUM_1404 = 103_909_680  # the seeded 1404 minimum pension (= the 1404 minimum wage)

# The Art. 76 table as seeded (tamin/rules/migrations/0009), written out again here.
CONDITIONS = tuple(
    RetirementCondition(sex=sex, path=path, min_years=years, min_age=age, label=label)
    for sex, path, years, age, label in (
        ("male", "service", 10, 60, "سن و سابقه"),
        ("female", "service", 10, 55, "سن و سابقه"),
        ("male", "service", 30, 50, "سی سال سابقه"),
        ("female", "service", 30, 45, "سی سال سابقه"),
        ("male", "service", 35, None, "سی‌وپنج سال سابقه"),
        ("female", "service", 35, None, "سی‌وپنج سال سابقه"),
        ("male", "hard_consecutive", 20, None, "کار سخت و زیان‌آور، پیوسته"),
        ("female", "hard_consecutive", 20, None, "کار سخت و زیان‌آور، پیوسته"),
        ("male", "hard_total", 25, None, "کار سخت و زیان‌آور، متناوب"),
        ("female", "hard_total", 25, None, "کار سخت و زیان‌آور، متناوب"),
    )
)

# Month lengths written out (not read from the code under test): Esfand by leap year.
LEAP_YEARS = {1358, 1362, 1366, 1370, 1375, 1379, 1383, 1387, 1391, 1395, 1399, 1403, 1408}


def _length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if year in LEAP_YEARS else 29


def _months(first: tuple[int, int], last: tuple[int, int], wage: int, *, hard=False):
    """Full months from `first` to `last` (inclusive), each paid `wage`."""
    year, month = first
    result = []
    while (year, month) <= last:
        result.append(ServiceMonth(year, month, _length(year, month), wage, hard_job=hard))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _compute(records, *, sex="male", birth=(1344, 7, 1), on=(1405, 1, 15), minimum=None, **kw):
    return pension_compute(
        sex=sex,
        birth_date=jdatetime.date(*birth),
        on=jdatetime.date(*on),
        records=records,
        conditions=CONDITIONS,
        minimum_pension=minimum,
        **kw,
    )


# --- the amount: worked examples ------------------------------------------------------


def test_the_730_day_walk_takes_the_crossing_month_pro_rata():
    # given 1402 at 60,000,000 a month, 1403 (leap) at 90,000,000, Farvardin–Shahrivar 1404
    # at 120,000,000
    records = (
        _months((1402, 1), (1402, 12), 60_000_000)
        + _months((1403, 1), (1403, 12), 90_000_000)
        + _months((1404, 1), (1404, 6), 120_000_000)
    )
    # when the pension is computed on 1404/07/01 with the 1404 minimum pension
    result = _compute(records, on=(1404, 7, 1), minimum=MINIMUM_1404)
    # then the walk: 1404/6..1404/1 = 186 days, 1403 = 366 (552), 1402/12 = 29 (581),
    # 1402/11..1402/8 = 120 (701), and of 1402/7 only 29 of its 30 days (730)
    walked = [(m.year, m.month, m.days_used) for m in result.average.months]
    assert walked[0] == (1404, 6, 31)
    assert walked[-1] == (1402, 7, 29)
    assert len(walked) == 6 + 12 + 6
    assert result.average.days_covered == 730
    assert result.average.months[-1].wage_used == 58_000_000  # 60,000,000 × 29 / 30
    # Σ = 6 × 120M + 12 × 90M + 5 × 60M + 58M = 2,158,000,000; /24 = 89,916,666.67 → up
    assert result.average.wage_sum == 2_158_000_000
    assert result.average_wage == 89_916_667
    # days: 365 + 366 + 186 = 917; 917 / 365 = 2.5123 → 2.51 years
    assert result.days == 917
    assert result.years_text == "2.51"
    # ceil(89,916,667 / 30 × 2.51) = ceil(7,523,027.8…) = 7,523,028
    assert result.computed_pension == 7_523_028
    # below 20 years the floor is 2.51/30 of the minimum: ceil(8,693,776.56) = 8,693,777
    assert result.floor == 8_693_777
    assert result.pension == 8_693_777
    assert result.minimum_applied is True


def test_fifteen_years_floor_is_years_over_thirty_of_the_minimum():
    # given 15 years (1390–1404) of 30 days a month (29 in Esfand: 359 days a year),
    # 40,000,000 each, and 90 days of added service: 15 × 359 + 90 = 5,475 days
    records = [
        ServiceMonth(year, month, 29 if month == 12 else 30, 40_000_000)
        for year in range(1390, 1405)
        for month in range(1, 13)
    ]
    result = _compute(records, minimum=MINIMUM_1404, added_days=90)
    # then 5,475 / 365 = 15.00 years
    assert (result.days, result.added_days, result.total_days) == (5385, 90, 5475)
    assert result.years_text == "15.00"
    # walk: 1404 (359) + 1403 (359) = 718, then 12 of 1402/12's 29 days:
    # 40,000,000 × 12 / 29 = 16,551,724.1 → 16,551,724
    assert result.average.months[-1].wage_used == 16_551_724
    # Σ = 24 × 40M + 16,551,724 = 976,551,724; /24 → 40,689,656
    assert result.average_wage == 40_689_656
    # pension = 40,689,656 / 30 × 15 = 20,344,828; floor = 15/30 × 103,909,680 = 51,954,840
    assert result.computed_pension == 20_344_828
    assert result.floor == 51_954_840
    assert result.pension == 51_954_840
    assert result.minimum_applied is True


def test_with_twenty_years_the_floor_is_the_whole_minimum():
    # given 1403–1404 (366 + 365 = 731 days) at 30,000,000 and 6,569 added days: 7,300 days
    records = _months((1403, 1), (1404, 12), 30_000_000)
    result = _compute(records, minimum=MINIMUM_1404, added_days=6569)
    assert result.total_days == 7300
    assert result.years_text == "20.00"
    # walk: 1404 (365) + 1403/12..1403/2 (335) = 700, then 30 of 1403/1's 31 days:
    # 30,000,000 × 30 / 31 = 29,032,258; Σ = 23 × 30M + 29,032,258 = 719,032,258 → 29,959,678
    assert result.average_wage == 29_959_678
    # ceil(29,959,678 / 30 × 20) = ceil(19,973,118.67) = 19,973,119
    assert result.computed_pension == 19_973_119
    assert result.floor == MINIMUM_1404
    assert result.pension == MINIMUM_1404
    assert result.minimum_applied is True


def test_without_a_published_minimum_there_is_no_floor_and_the_steps_say_so():
    records = _months((1403, 1), (1404, 12), 30_000_000)
    result = _compute(records, minimum=None, added_days=6569)
    assert result.minimum_pension is None
    assert result.floor is None
    assert result.pension == 19_973_119
    assert result.minimum_applied is False
    assert any("حداقل مستمری سال ۱۴۰۵ هنوز ثبت نشده است" in step for step in result.steps)


def test_forty_years_of_records_count_as_thirty_five():
    # given 40 years (1365–1404) at 90,000,000 a month
    records = _months((1365, 1), (1404, 12), 90_000_000)
    result = _compute(records, minimum=MINIMUM_1404)
    # then years are capped at 35.00
    assert result.days > 40 * 365
    assert result.years_text == "35.00"
    # walk: 1404 (365) + 1403/12..1403/2 (335) = 700, then 30 of 1403/1's 31 days:
    # 90,000,000 × 30 / 31 = 87,096,774; Σ = 23 × 90M + 87,096,774 = 2,157,096,774 → 89,879,033
    assert result.average_wage == 89_879_033
    # ceil(89,879,033 / 30 × 35) = ceil(104,858,871.83) = 104,858,872: above the minimum
    assert result.pension == 104_858_872
    assert result.minimum_applied is False
    assert any("حداکثر ۳۵ سال" in step for step in result.steps)


@pytest.mark.parametrize(
    ("days", "hundredths"),
    [
        (0, 0),
        (364, 99),  # 0.997… → 0.99
        (365, 100),
        (3649, 999),  # 9.997… → 9.99: not yet 10 years
        (3650, 1000),
        (10_949, 2999),
        (10_950, 3000),
        (12_775, 3500),  # 35 years exactly
        (12_776, 3500),
        (20_000, 3500),
    ],
)
def test_years_are_days_over_365_rounded_down_to_two_decimals(days, hundredths):
    assert years_hundredths_from_days(days) == hundredths


def test_amount_and_floor_by_hand():
    # ceil(100 / 30 × 0.01) = ceil(0.033…) = 1; ceil(3,000 / 30 × 1.00) = 100 exactly
    assert amount_for_years(amount=100, years_hundredths=1) == 1
    assert amount_for_years(amount=3000, years_hundredths=100) == 100
    assert pension_floor(minimum_pension=3000, years_hundredths=1999) == 1999
    assert pension_floor(minimum_pension=3000, years_hundredths=2000) == 3000


def test_fewer_than_730_days_use_every_month_and_still_divide_by_24():
    # given one year (1404: 365 days) at 24,000,000
    result = _compute(_months((1404, 1), (1404, 12), 24_000_000), minimum=None)
    # then Σ = 12 × 24M = 288M; /24 = 12,000,000
    assert result.average.complete is False
    assert result.average.missing_days == 365
    assert result.average_wage == 12_000_000


# --- the calendar and the records ---------------------------------------------------


def test_esfand_has_30_days_only_in_a_leap_year():
    # 1403 is leap: Esfand 1403 has 30 days
    service_months_validate([ServiceMonth(1403, 12, 30, 1)])
    # 1402 and 1404 are not: a 30-day Esfand is refused, naming the record
    for year in (1402, 1404):
        with pytest.raises(PensionInputError) as refusal:
            service_months_validate([ServiceMonth(1404, 1, 31, 1), ServiceMonth(year, 12, 30, 1)])
        assert refusal.value.record == 2
        assert "سابقه شماره ۲" in refusal.value.message
        assert "۲۹" in refusal.value.message


def test_records_of_one_month_are_summed_and_may_not_overlap():
    # given two workshops in Farvardin 1404: 20 + 11 = 31 days fits the month
    result = _compute(
        [ServiceMonth(1404, 1, 20, 10_000_000), ServiceMonth(1404, 1, 11, 5_000_000)],
        minimum=None,
    )
    assert result.days == 31
    assert result.average.months[0].wage == 15_000_000
    # given 20 + 15 = 35 days in a 31-day month: refused, naming both records
    with pytest.raises(PensionInputError) as refusal:
        service_months_validate(
            [
                ServiceMonth(1404, 1, 20, 1),
                ServiceMonth(1404, 2, 31, 1),
                ServiceMonth(1404, 1, 15, 1),
            ]
        )
    assert refusal.value.record == 3
    assert "سابقه شماره ۳" in refusal.value.message
    assert "سابقه شماره ۱" in refusal.value.message
    assert "هم‌پوشانی" in refusal.value.message


@pytest.mark.parametrize(
    ("record", "words"),
    [
        (ServiceMonth(1404, 1, -1, 1), "منفی"),
        (ServiceMonth(1404, 1, 1, -1), "منفی"),
        (ServiceMonth(1404, 13, 1, 1), "وجود ندارد"),
        (ServiceMonth(1404, 7, 31, 1), "بیش از"),
        (ServiceMonth(1199, 1, 1, 1), "پذیرفته نیست"),
        (ServiceMonth(1404, 8, 1, 1), "پس از تاریخ محاسبه"),
    ],
)
def test_bad_records_are_refused_with_their_number(record, words):
    with pytest.raises(PensionInputError) as refusal:
        service_months_validate(
            [ServiceMonth(1404, 1, 31, 1), record], on=jdatetime.date(1404, 7, 30)
        )
    assert refusal.value.record == 2
    assert refusal.value.message.startswith("سابقه شماره ۲")
    assert words in refusal.value.message


def test_birth_after_the_day_and_a_bad_sex_are_refused():
    with pytest.raises(PensionInputError):
        _compute([], birth=(1405, 2, 1), on=(1405, 1, 15))
    with pytest.raises(PensionInputError):
        _compute([], sex="other")
    with pytest.raises(PensionInputError):
        _compute([], added_days=-1)


# --- eligibility (Art. 76) ------------------------------------------------------------


def _met(result) -> set[str]:
    return {o.condition.label for o in result.outcomes if o.met}


def _service_years(years: int):
    """`years` full calendar years ending with 1404, at 50,000,000 a month."""
    return _months((1404 - years + 1, 1), (1404, 12), 50_000_000)


def test_age_counts_whole_years_and_the_birthday_itself():
    birth = jdatetime.date(1344, 7, 1)
    assert age_on(birth_date=birth, on=jdatetime.date(1404, 7, 1)) == 60
    assert age_on(birth_date=birth, on=jdatetime.date(1404, 6, 31)) == 59


def test_a_man_at_60_with_10_years_on_his_birthday_and_not_the_day_before():
    records = _months((1394, 1), (1404, 6), 50_000_000)  # 10.5 years
    on_birthday = _compute(records, birth=(1344, 7, 1), on=(1404, 7, 1))
    day_before = _compute(records, birth=(1344, 7, 1), on=(1404, 6, 31))
    assert on_birthday.eligible is True
    assert _met(on_birthday) == {"سن و سابقه"}
    assert day_before.eligible is False


def test_ten_years_means_3650_days():
    # 3,649 days (9.99 years) at 60 is not enough; 3,650 is
    short = _compute([], added_days=3649, birth=(1340, 1, 1))
    enough = _compute([], added_days=3650, birth=(1340, 1, 1))
    assert short.eligible is False
    assert enough.eligible is True


def test_a_woman_at_55_with_10_years_a_man_of_55_is_not():
    records = _service_years(10)  # 1395–1404: 3,652 days (1399 and 1403 leap): 10.00 years
    woman = _compute(records, sex="female", birth=(1350, 1, 1), on=(1405, 1, 15))
    man = _compute(records, sex="male", birth=(1350, 1, 1), on=(1405, 1, 15))
    assert woman.age == man.age == 55
    assert woman.eligible is True
    assert _met(woman) == {"سن و سابقه"}
    assert man.eligible is False


def test_thirty_years_at_50_for_men_and_45_for_women():
    records = _service_years(31)  # 1374–1404: 31 years, short of 35
    assert _met(_compute(records, sex="male", birth=(1355, 1, 1))) == {"سی سال سابقه"}
    assert _compute(records, sex="male", birth=(1355, 1, 16)).eligible is False  # 49 years
    assert _met(_compute(records, sex="female", birth=(1360, 1, 1))) == {"سی سال سابقه"}
    assert _compute(records, sex="female", birth=(1360, 1, 16)).eligible is False  # 44 years


def test_thirty_five_years_at_any_age():
    records = _service_years(36)
    result = _compute(records, sex="male", birth=(1357, 1, 1))  # 48 years old
    assert result.age == 48
    assert _met(result) == {"سی‌وپنج سال سابقه"}


def test_twenty_consecutive_years_in_a_hard_job():
    # given 1380–1399 hard (20 years + 5 leap days = 7,305 days) at 45 years of age
    records = _months((1380, 1), (1399, 12), 50_000_000, hard=True)
    result = _compute(records, birth=(1360, 1, 1))
    assert _met(result) == {"کار سخت و زیان‌آور، پیوسته"}


def test_a_break_in_the_hard_job_run_resets_it():
    # given 1380–1398 hard (19.01 years), Farvardin 1399 not hard, 1399/2–1401 hard
    hard_before = _months((1380, 1), (1398, 12), 50_000_000, hard=True)
    hard_after = _months((1399, 2), (1401, 12), 50_000_000, hard=True)
    ordinary = [ServiceMonth(1399, 1, 31, 50_000_000)]
    result = _compute(hard_before + ordinary + hard_after, birth=(1360, 1, 1))
    # then no run reaches 20 years and 21.92 years in total is short of 25
    by_label = {o.condition.label: o for o in result.outcomes}
    assert by_label["کار سخت و زیان‌آور، پیوسته"].years_hundredths == 1901  # 6,939 days
    assert by_label["کار سخت و زیان‌آور، متناوب"].years_hundredths == 2192  # 8,004 days
    assert result.eligible is False
    # a month with no record at all breaks the run too
    gap = _compute(hard_before + hard_after, birth=(1360, 1, 1))
    assert gap.eligible is False
    # and with Farvardin 1399 hard as well the run is unbroken: 22.01 years
    whole = _compute(
        [*hard_before, ServiceMonth(1399, 1, 31, 1, hard_job=True), *hard_after],
        birth=(1360, 1, 1),
    )
    assert _met(whole) == {"کار سخت و زیان‌آور، پیوسته"}


def test_twenty_five_years_in_hard_jobs_with_breaks():
    # given two hard runs of 13 years with an ordinary year between them: 26 years hard
    records = (
        _months((1370, 1), (1382, 12), 50_000_000, hard=True)
        + _months((1383, 1), (1383, 12), 50_000_000)
        + _months((1384, 1), (1396, 12), 50_000_000, hard=True)
    )
    result = _compute(records, birth=(1360, 1, 1), on=(1397, 1, 15))
    assert _met(result) == {"کار سخت و زیان‌آور، متناوب"}


def test_only_the_hard_days_of_a_month_count_as_hard():
    # given Farvardin 1404: 10 days in a hard job at one workshop, 21 ordinary at another
    result = _compute(
        [
            ServiceMonth(1404, 1, 10, 1, hard_job=True),
            ServiceMonth(1404, 1, 21, 1),
        ],
        on=(1404, 2, 1),
    )
    hard = {o.condition.path: o.years_hundredths for o in result.outcomes}
    assert hard["hard_total"] == 2  # 10 / 365 = 0.027 → 0.02
    assert hard["service"] == 8  # 31 / 365 = 0.084 → 0.08


def test_a_sex_without_conditions_is_not_eligible():
    result = pension_compute(
        sex="female",
        birth_date=jdatetime.date(1340, 1, 1),
        on=jdatetime.date(1404, 1, 1),
        records=[],
        conditions=[c for c in CONDITIONS if c.sex == "male"],
        minimum_pension=None,
        added_days=20_000,
    )
    assert result.outcomes == ()
    assert result.eligible is False


# --- properties ----------------------------------------------------------------------

_PERIODS = [(year, month) for year in range(1398, 1405) for month in range(1, 13)]


@st.composite
def histories(draw):
    """Valid histories: distinct months of 1398–1404, each with days and a wage."""
    periods = draw(st.lists(st.sampled_from(_PERIODS), unique=True, max_size=60))
    return [
        ServiceMonth(
            year,
            month,
            draw(st.integers(0, _length(year, month))),
            draw(st.integers(0, 2_000_000_000)),
            hard_job=draw(st.booleans()),
        )
        for year, month in periods
    ]


_minimums = st.one_of(st.none(), st.integers(0, 500_000_000))
_added = st.integers(0, 15_000)
_PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPERTY
@given(records=histories(), minimum=_minimums, added=_added)
def test_property_pension_is_never_negative_nor_below_a_known_floor(records, minimum, added):
    result = _compute(records, minimum=minimum, added_days=added)
    assert result.pension >= 0
    assert result.pension >= result.computed_pension
    if minimum is not None:
        assert result.pension >= result.floor
        if result.years_hundredths >= 2000:
            assert result.pension >= minimum
    else:
        assert result.pension == result.computed_pension


@_PROPERTY
@given(records=histories(), added=st.integers(0, 40_000))
def test_property_years_never_exceed_35(records, added):
    result = _compute(records, added_days=added)
    assert result.years_hundredths <= 3500
    whole, hundredths = result.years_text.split(".")
    assert len(hundredths) == 2
    assert int(whole) * 100 + int(hundredths) <= 3500


def test_months_shorter_than_730_24_days_can_average_above_the_largest_wage():
    # The formula divides by 24 whatever the months walked: a seasonal worker paid only
    # Mehr–Bahman (30-day months) covers 730 days in 24 months and a third. Given 1400–1404
    # Mehr–Bahman at 24,000,000 (25 months, 750 days)
    records = [
        ServiceMonth(year, month, 30, 24_000_000)
        for year in range(1400, 1405)
        for month in range(7, 12)
    ]
    result = _compute(records)
    # then 24 whole months (720 days) and 10 of 1400/7's 30 days: 8,000,000
    assert result.average.months[-1].wage_used == 8_000_000
    # Σ = 24 × 24M + 8M = 584,000,000; /24 = 24,333,333.3 → 24,333,334 > 24,000,000
    assert result.average_wage == 24_333_334


@_PROPERTY
@given(records=histories())
def test_property_average_never_above_the_largest_wage(records):
    result = _compute(records)
    worked = [r for r in records if r.days]
    if worked and all(r.days == 31 for r in worked):
        # 31-day months only: 730 days are 23 months and 17 days, so never above the largest
        assert result.average_wage <= max(r.wage for r in worked)
    # in general: at most 730 days at the highest daily rate, over 24, rounded up
    top_rate = max((Fraction(r.wage, r.days) for r in worked), default=Fraction(0))
    assert result.average_wage <= math.ceil(top_rate * 730 / 24)


@_PROPERTY
@given(
    records=histories().filter(bool),
    index=st.integers(0, 59),
    raise_by=st.integers(1, 1_000_000_000),
    minimum=_minimums,
)
def test_property_a_higher_wage_never_lowers_the_pension(records, index, raise_by, minimum):
    target = records[index % len(records)]
    raised = [
        ServiceMonth(r.year, r.month, r.days, r.wage + raise_by, r.hard_job) if r is target else r
        for r in records
    ]
    before = _compute(records, minimum=minimum)
    after = _compute(raised, minimum=minimum)
    assert after.average_wage >= before.average_wage
    assert after.pension >= before.pension
