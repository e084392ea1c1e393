"""`tamin.rules.pensions.pension_eligibility_date`: the first day Art. 76 holds.

Expectations are worked by hand from DOMAIN.md §3 and the Jalali calendar (leap years
1375, 1379, 1383, 1387, 1391, 1395, 1399, 1403, 1408, 1412, 1416, 1420; the first six
months have 31 days, the next five 30, Esfand 29 or 30): a month's service counts from
the first day of the next month, ten years are 3,650 days, thirty 10,950, thirty-five
12,775, twenty 7,300.
"""

from __future__ import annotations

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tamin.rules.pensions import (
    PATH_HARD_CONSECUTIVE,
    PATH_HARD_TOTAL,
    PATH_SERVICE,
    PensionInputError,
    RetirementCondition,
    ServiceMonth,
    pension_compute,
    pension_eligibility_date,
)

# The conditions of Art. 76 as seeded (tamin/rules/migrations/0009), written out again.
ART_76 = tuple(
    RetirementCondition(sex=sex, path=path, min_years=years, min_age=age)
    for sex, path, years, age in (
        ("male", PATH_SERVICE, 10, 60),
        ("female", PATH_SERVICE, 10, 55),
        ("male", PATH_SERVICE, 30, 50),
        ("female", PATH_SERVICE, 30, 45),
        ("male", PATH_SERVICE, 35, None),
        ("female", PATH_SERVICE, 35, None),
        ("male", PATH_HARD_CONSECUTIVE, 20, None),
        ("female", PATH_HARD_CONSECUTIVE, 20, None),
        ("male", PATH_HARD_TOTAL, 25, None),
        ("female", PATH_HARD_TOTAL, 25, None),
    )
)
MONTH_LENGTHS = (31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30)
# Leap years (30-day Esfand) of the Solar Hijri calendar as published for the years this
# test can project into (a history ending by 1404 carried on for up to 45 years).
LEAP = {
    1370, 1375, 1379, 1383, 1387, 1391, 1395, 1399, 1403, 1408, 1412, 1416, 1420, 1424, 1428,
    1432, 1436, 1441, 1445, 1449, 1453, 1457, 1461, 1465, 1469, 1474, 1478, 1482, 1486, 1490,
    1494, 1498,
}  # fmt: skip
WAGE = 100_000_000


def _length(year: int, month: int) -> int:
    if month < 12:
        return MONTH_LENGTHS[month - 1]
    return 30 if year in LEAP else 29


def full_years(first: int, last: int, *, hard: bool = False) -> list[ServiceMonth]:
    """Every month of the years first..last, each worked in full."""
    return [
        ServiceMonth(year=y, month=m, days=_length(y, m), wage=WAGE, hard_job=hard)
        for y in range(first, last + 1)
        for m in range(1, 13)
    ]


def j(year: int, month: int, day: int) -> jdatetime.date:
    return jdatetime.date(year, month, day)


def when(*, sex="male", birth, records, continuing=None, conditions=ART_76, **kwargs):
    return pension_eligibility_date(
        sex=sex,
        birth_date=birth,
        records=records,
        conditions=conditions,
        continuing=continuing,
        **kwargs,
    )


def test_a_man_of_58_with_nine_years_who_keeps_working_qualifies_on_his_60th_birthday():
    # 1396–1404 in full: 9 × 365 + 2 leap days (1399, 1403) = 3,287 days; working on as in
    # Esfand 1404, 1405 adds 365 (336 by the end of Bahman: still short of 3,650), so ten
    # years are complete from 1406/01/01; he turns 60 on 1407/01/10.
    records = full_years(1396, 1404)
    assert sum(r.days for r in records) == 3_287
    assert when(birth=j(1347, 1, 10), records=records, continuing=records[-1]) == j(1407, 1, 10)


def test_the_service_binds_when_the_60th_birthday_comes_first():
    # born 1345/11/15: 60 on 1405/11/15, but ten years only from 1406/01/01
    records = full_years(1396, 1404)
    assert when(birth=j(1345, 11, 15), records=records, continuing=records[-1]) == j(1406, 1, 1)


def test_nine_years_and_no_more_work_never_qualify():
    assert when(birth=j(1347, 1, 10), records=full_years(1396, 1404), continuing=None) is None


def test_a_man_of_58_with_twelve_years_not_working_qualifies_on_his_60th_birthday():
    assert when(birth=j(1347, 1, 10), records=full_years(1380, 1391)) == j(1407, 1, 10)


def test_already_eligible_answers_the_day_thirty_years_were_complete():
    # 1375–1404: 30 × 365 + 8 leap days = 10,958; before Esfand 1404 (29 days) 10,929, so
    # 10,950 days are complete from 1405/01/01, when he is 57 (over 50)
    records = full_years(1375, 1404)
    assert sum(r.days for r in records) == 10_958
    assert when(birth=j(1347, 1, 10), records=records, continuing=records[-1]) == j(1405, 1, 1)


def test_a_woman_with_29_years_qualifies_at_45():
    # 1376–1404: 29 × 365 + 7 = 10,592; 358 more days → the whole of 1405 → 1406/01/01;
    # she turns 45 on 1406/07/01
    records = full_years(1376, 1404)
    assert sum(r.days for r in records) == 10_592
    assert when(sex="female", birth=j(1361, 7, 1), records=records, continuing=records[-1]) == j(
        1406, 7, 1
    )


def test_35_years_at_any_age():
    # 1371–1404: 34 × 365 + 8 = 12,418; 357 more → 1406/01/01, at 46 (30 years at 50 later)
    records = full_years(1371, 1404)
    assert sum(r.days for r in records) == 12_418
    assert when(birth=j(1360, 1, 1), records=records, continuing=records[-1]) == j(1406, 1, 1)


def test_twenty_consecutive_years_in_a_hard_job():
    # 1386–1404 hard: 19 × 365 + 5 = 6,940; 360 more → all of 1405 → 1406/01/01, at 35
    records = full_years(1386, 1404, hard=True)
    assert sum(r.days for r in records) == 6_940
    assert when(birth=j(1370, 1, 1), records=records, continuing=records[-1]) == j(1406, 1, 1)


def test_a_hard_job_not_continued_leaves_the_age_paths():
    # Going on in an ordinary job: 30 years of service are complete from 1416/01/01 (6,940 +
    # 1405–1414 = 3,652 + 358 of 1415 → its Esfand), he turns 50 on 1420/01/01; 35 years
    # would take until 1421/01/01.
    records = full_years(1386, 1404, hard=True)
    ordinary = ServiceMonth(year=1404, month=12, days=29, wage=WAGE, hard_job=False)
    assert when(birth=j(1370, 1, 1), records=records, continuing=ordinary) == j(1420, 1, 1)


ANY_AGE_TEN_YEARS = (RetirementCondition(sex="male", path=PATH_SERVICE, min_years=10),)


def test_the_last_month_is_scaled_to_each_month_length_rounded_down():
    # 20 of Shahrivar's 31 days → 20 × 30 ÷ 31 = 19 in Mehr and Aban. 3,610 added days +
    # 20 = 3,630; + 19 (Mehr) = 3,649, one short; + 19 (Aban) = 3,668 → from 1405/09/01.
    # (Unscaled, 20 in Mehr, it would be 1405/08/01.)
    shahrivar = ServiceMonth(year=1405, month=6, days=20, wage=WAGE)
    assert when(
        birth=j(1370, 1, 1),
        records=[shahrivar],
        continuing=shahrivar,
        added_days=3_610,
        conditions=ANY_AGE_TEN_YEARS,
    ) == j(1405, 9, 1)


def test_a_half_month_scaled_up_and_down():
    # 15 of Mehr's 30 days: 15 in Aban, Azar, Dey; 3,595 + 15 = 3,610, +15 +15 +15 → 3,655
    # after Dey → from 1405/11/01
    mehr = ServiceMonth(year=1405, month=7, days=15, wage=WAGE)
    assert when(
        birth=j(1370, 1, 1),
        records=[mehr],
        continuing=mehr,
        added_days=3_595,
        conditions=ANY_AGE_TEN_YEARS,
    ) == j(1405, 11, 1)


AGE_ONLY = (RetirementCondition(sex="female", path=PATH_SERVICE, min_years=0, min_age=5),)


def test_born_on_30_esfand_is_a_year_older_on_1_farvardin_of_a_year_without_that_day():
    # born 1399/12/30; 1404 has no 30 Esfand: five years old on 1405/01/01
    assert when(sex="female", birth=j(1399, 12, 30), records=[], conditions=AGE_ONLY) == j(
        1405, 1, 1
    )
    four = (RetirementCondition(sex="female", path=PATH_SERVICE, min_years=0, min_age=4),)
    # 1403 is leap: four on 1403/12/30
    assert when(sex="female", birth=j(1399, 12, 30), records=[], conditions=four) == j(1403, 12, 30)


def test_the_horizon():
    # 25 years old, five years on record: 30 years of service and the age of 50 both on
    # 1430/01/01 (1400–1429: 30 × 365 + 7 leap days; 10,928 by the end of Bahman 1429)
    records = full_years(1400, 1404)
    assert when(birth=j(1380, 1, 1), records=records, continuing=records[-1]) == j(1430, 1, 1)
    assert (
        when(birth=j(1380, 1, 1), records=records, continuing=records[-1], horizon_years=5) is None
    )


def test_conditions_of_the_other_sex_do_not_count():
    records = full_years(1375, 1404)
    men_only = tuple(c for c in ART_76 if c.sex == "male")
    assert when(sex="female", birth=j(1350, 1, 1), records=records, conditions=men_only) is None


def test_bad_input_is_refused():
    with pytest.raises(PensionInputError):
        when(sex="other", birth=j(1350, 1, 1), records=full_years(1400, 1400))
    with pytest.raises(PensionInputError):
        when(birth=j(1350, 1, 1), records=full_years(1400, 1400), added_days=-1)
    with pytest.raises(ValueError, match="horizon"):
        when(birth=j(1350, 1, 1), records=[], horizon_years=0)


# --- the day found agrees with pension_compute the day before and on it ----------------


def _history_before(records, continuing, day):
    """The months before `day`'s month: the records, then `continuing` carried on (scaled)."""
    months = [r for r in records if (r.year, r.month) < (day.year, day.month)]
    if continuing is None:
        return months
    last = max(
        [(r.year, r.month) for r in records if r.days] + [(continuing.year, continuing.month)]
    )
    year, month = last
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if (year, month) >= (day.year, day.month):
            return months
        days = continuing.days * _length(year, month) // _length(continuing.year, continuing.month)
        months.append(
            ServiceMonth(
                year=year,
                month=month,
                days=days,
                wage=continuing.wage,
                hard_job=continuing.hard_job,
            )
        )


def _eligible(sex, birth, records, continuing, added_days, day):
    return pension_compute(
        sex=sex,
        birth_date=birth,
        on=day,
        records=_history_before(records, continuing, day),
        conditions=ART_76,
        minimum_pension=None,
        added_days=added_days,
    ).eligible


@st.composite
def _people(draw):
    birth = j(draw(st.integers(1330, 1385)), draw(st.integers(1, 12)), draw(st.integers(1, 29)))
    first = draw(st.integers(max(birth.year + 15, 1360), 1404))
    last = draw(st.integers(first, 1404))
    records = []
    for year in range(first, last + 1):
        for month in range(1, 13):
            if draw(st.booleans()) or draw(st.booleans()):
                days = draw(st.integers(0, _length(year, month)))
                records.append(
                    ServiceMonth(
                        year=year, month=month, days=days, wage=WAGE, hard_job=draw(st.booleans())
                    )
                )
    continuing = (
        ServiceMonth(
            year=last,
            month=12,
            days=draw(st.integers(1, _length(last, 12))),
            wage=WAGE,
            hard_job=draw(st.booleans()),
        )
        if draw(st.booleans())
        else None
    )
    return (
        draw(st.sampled_from(["male", "female"])),
        birth,
        records,
        continuing,
        draw(st.integers(0, 3000)),
    )


@settings(max_examples=40, deadline=None)
@given(_people())
def test_the_day_found_is_the_first_day_pension_compute_says_eligible(person):
    sex, birth, records, continuing, added_days = person
    found = pension_eligibility_date(
        sex=sex,
        birth_date=birth,
        records=records,
        conditions=ART_76,
        added_days=added_days,
        continuing=continuing,
    )
    if found is None:
        # not even on the horizon's last day: 45 years after the month after the last known
        known = [(r.year, r.month) for r in records if r.days]
        known += [] if continuing is None else [(continuing.year, continuing.month)]
        if known:
            year, month = max(known)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            end = j(year + 45, month, 1)
        else:
            end = j(birth.year + 45, birth.month, birth.day)
        assert not _eligible(sex, birth, records, continuing, added_days, end)
        return
    assert _eligible(sex, birth, records, continuing, added_days, found)
    if found > birth:
        assert not _eligible(
            sex, birth, records, continuing, added_days, found - jdatetime.timedelta(days=1)
        )
