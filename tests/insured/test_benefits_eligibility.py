"""Eligibility and amounts of each short-term benefit from a person's own records, worked by
hand from DOMAIN.md §3 and the seeded terms (rules 0011: 3/4, 2/3, 1/2 from day 4; 90 days;
maternity 2/3 with 60 days in the prior year, 270 days; marriage 720 days in 5 years;
unemployment 6 months, 55 % + 10 % a dependent; funeral: the minimum monthly wage of the year
of death; orthotics ceiling 200,000,000; treatment: 30 days in the 3 months before)."""

from __future__ import annotations

import pytest

from insured.models import Sex
from insured.models.benefits import BenefitKind
from insured.selectors.benefits import benefit_assess
from tamin.core.exceptions import ApplicationError
from tests.insured.factories_benefits import LAST_MONTHS, full_years, jdate, person_with_account

pytestmark = pytest.mark.django_db


# --- marriage ---------------------------------------------------------------------------------


def test_marriage_with_two_full_years_pays_the_average_of_730_days():
    # given 1401 and 1402 in full at 3,000,000 a day (365 + 365 days) and Farvardin 1403 worked
    wages = full_years(1401, 1402, 3_000_000) | {(1403, 1): 3_000_000}
    _user, person, _branch = person_with_account(wages=wages)
    # when the first marriage was on 1403/01/15
    result = benefit_assess(
        person=person,
        kind=BenefitKind.MARRIAGE,
        facts={"marriage_date": jdate(1403, 1, 15), "first_marriage": True},
    )
    # then 730 days of 3,000,000 = 2,190,000,000 / 24 = 91,250,000, above the 1403 minimum
    # monthly wage (71,661,840)
    assert result.eligible
    assert result.amount == 91_250_000
    assert result.reasons == ()
    assert any("۹۱٬۲۵۰٬۰۰۰" in step for step in result.steps)


def test_marriage_floor_is_the_minimum_monthly_wage_of_the_year():
    # given two full years at 1,000,000 a day: 730,000,000 / 24 = 30,416,667 (ceil)
    wages = full_years(1401, 1402, 1_000_000) | {(1403, 1): 1_000_000}
    _user, person, _branch = person_with_account(wages=wages)
    result = benefit_assess(
        person=person,
        kind=BenefitKind.MARRIAGE,
        facts={"marriage_date": jdate(1403, 1, 15), "first_marriage": True},
    )
    # then the 1403 minimum monthly wage is paid
    assert result.eligible
    assert result.amount == 71_661_840


def test_marriage_refused_with_one_year_of_records_not_working_and_not_first():
    # given only 1402 (365 days) and nothing in the month of the marriage
    _user, person, _branch = person_with_account(wages=full_years(1402, 1402, 3_000_000))
    result = benefit_assess(
        person=person,
        kind=BenefitKind.MARRIAGE,
        facts={"marriage_date": jdate(1403, 1, 15), "first_marriage": False},
    )
    assert not result.eligible
    assert result.amount == 0
    reasons = " ".join(result.reasons)
    assert "۳۶۵ روز" in reasons
    assert "۷۲۰ روز" in reasons
    assert "شاغل" in reasons
    assert "نخستین ازدواج" in reasons


# --- sickness ---------------------------------------------------------------------------------


def test_sickness_without_dependents_from_day_four():
    # given Azar 1,000,000, Dey and Bahman 2,000,000, Esfand 1402 3,000,000 a day
    _user, person, _branch = person_with_account(wages=LAST_MONTHS)
    # when 10 days off from 1403/01/10, not hospitalized, no dependents
    result = benefit_assess(
        person=person,
        kind=BenefitKind.SICKNESS,
        facts={
            "start_date": jdate(1403, 1, 10),
            "days_off": 10,
            "hospitalized": False,
            "work_accident": False,
            "has_dependents": False,
        },
    )
    # then 90 days: 29×3M + 30×2M + 30×2M + 1 day of Azar (1M) = 208,000,000; daily
    # 208,000,000 / 90 = 2,311,112 (ceil); × 2/3 = 1,540,742 (ceil); 10 − 3 = 7 days
    assert result.eligible
    assert result.daily_amount == 1_540_742
    assert result.days == 7
    assert result.amount == 10_785_194


def test_sickness_hospitalized_without_dependents_half_from_day_one():
    _user, person, _branch = person_with_account(wages=LAST_MONTHS)
    result = benefit_assess(
        person=person,
        kind=BenefitKind.SICKNESS,
        facts={
            "start_date": jdate(1403, 1, 10),
            "days_off": 10,
            "hospitalized": True,
            "work_accident": False,
            "has_dependents": False,
        },
    )
    # then 2,311,112 × 1/2 = 1,155,556 for all 10 days
    assert (result.daily_amount, result.days, result.amount) == (1_155_556, 10, 11_555_560)


def test_sickness_with_dependents_three_quarters():
    _user, person, _branch = person_with_account(wages=LAST_MONTHS)
    result = benefit_assess(
        person=person,
        kind=BenefitKind.SICKNESS,
        facts={"start_date": jdate(1403, 1, 10), "days_off": 5, "has_dependents": True},
    )
    # then 2,311,112 × 3/4 = 1,733,334 for 5 − 3 = 2 days
    assert (result.daily_amount, result.days, result.amount) == (1_733_334, 2, 3_466_668)


def test_sickness_of_three_days_pays_nothing_and_says_why():
    _user, person, _branch = person_with_account(wages=LAST_MONTHS)
    result = benefit_assess(
        person=person,
        kind=BenefitKind.SICKNESS,
        facts={"start_date": jdate(1403, 1, 10), "days_off": 3},
    )
    assert not result.eligible
    assert result.amount == 0
    assert "از روز ۴ استراحت" in result.reasons[0]


def test_sickness_days_off_out_of_range_is_refused_on_its_field():
    _user, person, _branch = person_with_account(wages=LAST_MONTHS)
    with pytest.raises(ApplicationError) as error:
        benefit_assess(
            person=person,
            kind=BenefitKind.SICKNESS,
            facts={"start_date": jdate(1403, 1, 10), "days_off": 0},
        )
    assert error.value.extra["field"] == "days_off"


# --- maternity --------------------------------------------------------------------------------


def test_maternity_whole_leave_at_two_thirds():
    _user, person, _branch = person_with_account(wages=LAST_MONTHS, sex=Sex.FEMALE)
    result = benefit_assess(
        person=person,
        kind=BenefitKind.MATERNITY,
        facts={"leave_start": jdate(1403, 1, 5), "leave_days": None},
    )
    # then 119 days in the 12 months before (≥ 60); 2,311,112 × 2/3 = 1,540,742 × 270 days
    assert result.eligible
    assert (result.daily_amount, result.days, result.amount) == (1_540_742, 270, 416_000_340)


def test_maternity_refused_to_a_man_and_with_too_few_days():
    # given a man with 119 days: the portal's reason
    _user, man, _branch = person_with_account(wages=LAST_MONTHS, sex=Sex.MALE)
    refused = benefit_assess(
        person=man, kind=BenefitKind.MATERNITY, facts={"leave_start": jdate(1403, 1, 5)}
    )
    assert not refused.eligible
    assert "بیمه‌شدگان زن" in refused.reasons[0]
    # and a woman with only Esfand 1402 (29 days < 60): the rule's reason
    _user, woman, _branch = person_with_account(wages={(1402, 12): 3_000_000}, sex=Sex.FEMALE)
    refused = benefit_assess(
        person=woman, kind=BenefitKind.MATERNITY, facts={"leave_start": jdate(1403, 1, 5)}
    )
    assert not refused.eligible
    assert "۲۹ روز" in refused.reasons[0]
    assert "۶۰ روز" in refused.reasons[0]


# --- orthotics --------------------------------------------------------------------------------


def test_orthotics_paid_up_to_the_ceiling_with_treatment_eligibility():
    _user, person, _branch = person_with_account(wages=LAST_MONTHS)
    facts = {"device": "پروتز زانو", "invoice_date": jdate(1403, 1, 20)}
    capped = benefit_assess(
        person=person, kind=BenefitKind.ORTHOTICS, facts=facts | {"invoice_amount": 250_000_000}
    )
    under = benefit_assess(
        person=person, kind=BenefitKind.ORTHOTICS, facts=facts | {"invoice_amount": 12_500_000}
    )
    assert (capped.eligible, capped.amount) == (True, 200_000_000)
    assert (under.eligible, under.amount) == (True, 12_500_000)


def test_orthotics_refused_without_recent_records():
    # given records only in 1400: nothing in Dey–Esfand 1402
    _user, person, _branch = person_with_account(wages=full_years(1400, 1400, 1_000_000))
    result = benefit_assess(
        person=person,
        kind=BenefitKind.ORTHOTICS,
        facts={"device": "ویلچر", "invoice_date": jdate(1403, 1, 20), "invoice_amount": 9_000_000},
    )
    assert not result.eligible
    assert result.amount == 0
    assert "۰ روز" in result.reasons[0]
    assert "۳۰ روز" in result.reasons[0]


# --- funeral ----------------------------------------------------------------------------------


def test_funeral_pays_the_minimum_monthly_wage_of_the_year_of_death():
    # given the deceased's records up to Esfand 1402 and an heir
    _heir_user, heir, _branch = person_with_account()
    _deceased_user, deceased, _ = person_with_account(wages=LAST_MONTHS, first_name="رضا")
    result = benefit_assess(
        person=heir,
        kind=BenefitKind.FUNERAL,
        facts={
            "deceased_national_code": deceased.national_code,
            "death_date": jdate(1403, 2, 5),
            "relation": "child",
        },
    )
    # then the minimum monthly wage of 1403
    assert result.eligible
    assert result.amount == 71_661_840
    assert result.extra["deceased_name"] == "رضا رضایی"


def test_funeral_refused_for_a_code_not_on_file_and_for_oneself():
    _heir_user, heir, _branch = person_with_account()
    result = benefit_assess(
        person=heir,
        kind=BenefitKind.FUNERAL,
        facts={
            "deceased_national_code": "0013542419",
            "death_date": jdate(1403, 2, 5),
            "relation": "spouse",
        },
    )
    assert not result.eligible
    assert "پیدا نشد" in result.reasons[0]
    with pytest.raises(ApplicationError) as error:
        benefit_assess(
            person=heir,
            kind=BenefitKind.FUNERAL,
            facts={
                "deceased_national_code": heir.national_code,
                "death_date": jdate(1403, 2, 5),
                "relation": "spouse",
            },
        )
    assert error.value.extra["field"] == "deceased_national_code"


# --- unemployment -----------------------------------------------------------------------------


SIX_MONTHS = {(1402, 7): 1_000_000, (1402, 8): 1_000_000} | LAST_MONTHS


def test_unemployment_with_two_dependents_at_75_percent():
    _user, person, _branch = person_with_account(wages=SIX_MONTHS)
    result = benefit_assess(
        person=person,
        kind=BenefitKind.UNEMPLOYMENT,
        facts={"unemployed_on": jdate(1403, 1, 15), "involuntary": True, "dependents": 2},
    )
    # then the monthly average = ceil(208,000,000 / 90 × 30) = 69,333,334; rate 55 % + 2 × 10 %
    # = 75 %: ceil(69,333,334 × 0.75) = 52,000,001
    assert result.eligible
    assert result.amount == 52_000_001


def test_unemployment_capped_at_80_percent():
    _user, person, _branch = person_with_account(wages=SIX_MONTHS)
    result = benefit_assess(
        person=person,
        kind=BenefitKind.UNEMPLOYMENT,
        facts={"unemployed_on": jdate(1403, 1, 15), "involuntary": True, "dependents": 5},
    )
    # 55 % + 50 % capped at 80 %: ceil(69,333,334 × 0.8) = 55,466,668 (exact: 55,466,667.2)
    assert result.amount == 55_466_668


def test_unemployment_refused_when_voluntary_or_not_covered_or_too_short():
    _user, person, _branch = person_with_account(wages=SIX_MONTHS)
    voluntary = benefit_assess(
        person=person,
        kind=BenefitKind.UNEMPLOYMENT,
        facts={"unemployed_on": jdate(1403, 1, 15), "involuntary": False, "dependents": 0},
    )
    assert not voluntary.eligible
    assert "غیرارادی" in voluntary.reasons[0]
    # a person the registry marks not covered by unemployment insurance, with 4 months
    _user, exempt, _branch = person_with_account(
        wages=LAST_MONTHS, unemployment_insurance_covered=False
    )
    refused = benefit_assess(
        person=exempt,
        kind=BenefitKind.UNEMPLOYMENT,
        facts={"unemployed_on": jdate(1403, 1, 15), "involuntary": True, "dependents": 0},
    )
    reasons = " ".join(refused.reasons)
    assert "۴ ماه" in reasons
    assert "۶ ماه" in reasons
    assert "مشمول بیمه بیکاری" in reasons


def test_a_year_without_terms_is_refused_by_name():
    # given no BenefitParameters row in force for 1353 (the seed starts at 1354)
    _user, person, _branch = person_with_account(wages=LAST_MONTHS)
    result = benefit_assess(
        person=person,
        kind=BenefitKind.SICKNESS,
        facts={"start_date": jdate(1353, 5, 1), "days_off": 10},
    )
    assert not result.eligible
    assert "۱۳۵۳" in result.reasons[0]
