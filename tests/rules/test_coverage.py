"""Art. 58 dependents (tamin.rules.coverage): hand examples from DOMAIN.md §4, and properties.

Every expected date is written by hand in Jalali: a son born 10 Mordad 1385 turns 20 on
10 Mordad 1405, so he is covered until 9 Mordad 1405.
"""

from __future__ import annotations

import datetime as dt

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamin.rules.coverage import (
    BIRTH_CERTIFICATE,
    DEPENDENCE_PROOF,
    DISABILITY_CERTIFICATE,
    MARRIAGE_CERTIFICATE,
    STUDENT_CERTIFICATE,
    DependentFacts,
    DependentTerms,
    birthday,
    dependent_coverage,
    proof_label,
)
from tamin.rules.dependents import jalali_age

TERMS = DependentTerms(
    effective_from=1354,
    child_age_limit=18,
    son_age_limit=20,
    son_student_age_limit=25,
    daughter_age_limit=20,
    father_min_age=60,
    mother_min_age=55,
    husband_min_age=60,
)


def j(year: int, month: int, day: int) -> dt.date:
    return jdatetime.date(year, month, day).togregorian()


def cover(relation: str, born: dt.date, on: dt.date, *, insured: str = "male", **facts):
    return dependent_coverage(
        facts=DependentFacts(relation=relation, sex_of_insured=insured, birth_date=born, **facts),
        on=on,
        terms=TERMS,
    )


# --- a son: 20 without a student certificate, 25 with one ----------------------------------

SON_BORN = j(1385, 5, 10)


def test_son_is_covered_the_day_before_he_turns_20():
    coverage = cover("son", SON_BORN, j(1405, 5, 9))
    assert coverage.eligible
    assert coverage.until == j(1405, 5, 9)
    assert coverage.needs_proof == (BIRTH_CERTIFICATE,)
    assert coverage.reasons == ()
    assert "۹ مرداد ۱۴۰۵" in coverage.steps[-1]


def test_son_drops_the_day_he_turns_20_without_a_student_certificate():
    coverage = cover("son", SON_BORN, j(1405, 5, 10))
    assert not coverage.eligible
    # the last day covered is kept, so the page can say when it ended
    assert coverage.until == j(1405, 5, 9)
    assert coverage.needs_proof == ()
    assert "۱۰ مرداد ۱۴۰۵" in coverage.reasons[0]
    assert "گواهی اشتغال به تحصیل" in coverage.reasons[0]


def test_son_with_a_student_certificate_is_covered_until_it_runs_out():
    certificate = j(1405, 11, 30)
    coverage = cover("son", SON_BORN, j(1405, 5, 10), student_certificate_until=certificate)
    assert coverage.eligible
    assert coverage.until == certificate
    assert coverage.needs_proof == (BIRTH_CERTIFICATE, STUDENT_CERTIFICATE)
    # a son of 19 with the same certificate: covered past 20 by it
    early = cover("son", SON_BORN, j(1405, 1, 1), student_certificate_until=certificate)
    assert (early.eligible, early.until) == (True, certificate)


def test_son_drops_the_day_after_his_student_certificate_runs_out():
    coverage = cover("son", SON_BORN, j(1405, 12, 1), student_certificate_until=j(1405, 11, 30))
    assert not coverage.eligible
    assert coverage.until == j(1405, 11, 30)
    assert "۳۰ بهمن ۱۴۰۵" in coverage.reasons[0]


def test_student_certificate_never_covers_past_25():
    # given a certificate valid beyond his 25th birthday (10 Mordad 1410)
    long = j(1411, 1, 1)
    coverage = cover("son", SON_BORN, j(1410, 5, 9), student_certificate_until=long)
    assert (coverage.eligible, coverage.until) == (True, j(1410, 5, 9))
    after = cover("son", SON_BORN, j(1410, 5, 10), student_certificate_until=long)
    assert not after.eligible
    assert after.until == j(1410, 5, 9)
    assert "۲۵ سالگی" in after.reasons[0]


def test_a_certificate_that_ended_before_20_changes_nothing():
    coverage = cover("son", SON_BORN, j(1404, 1, 1), student_certificate_until=j(1403, 12, 29))
    assert (coverage.eligible, coverage.until) == (True, j(1405, 5, 9))
    assert coverage.needs_proof == (BIRTH_CERTIFICATE,)


# --- a daughter: unmarried to 20 -----------------------------------------------------------


def test_unmarried_daughter_is_covered_until_the_day_before_20():
    coverage = cover("daughter", j(1385, 5, 10), j(1405, 5, 9))
    assert (coverage.eligible, coverage.until) == (True, j(1405, 5, 9))
    after = cover("daughter", j(1385, 5, 10), j(1405, 5, 10))
    assert (after.eligible, after.until) == (False, j(1405, 5, 9))


def test_married_daughter_is_not_her_parents_dependent():
    coverage = cover("daughter", j(1387, 1, 1), j(1404, 6, 1), married=True)
    assert not coverage.eligible
    assert coverage.until is None
    assert "متأهل" in coverage.reasons[0]


def test_without_a_daughter_age_limit_an_unmarried_daughter_has_no_end_date():
    terms = DependentTerms(**{**TERMS.__dict__, "daughter_age_limit": None})
    coverage = dependent_coverage(
        facts=DependentFacts("daughter", "female", j(1370, 1, 1)), on=j(1404, 1, 1), terms=terms
    )
    assert (coverage.eligible, coverage.until) == (True, None)


def test_a_higher_child_age_limit_covers_every_child_to_it():
    terms = DependentTerms(**{**TERMS.__dict__, "child_age_limit": 21})
    coverage = dependent_coverage(
        facts=DependentFacts("son", "male", SON_BORN), on=j(1405, 6, 1), terms=terms
    )
    assert (coverage.eligible, coverage.until) == (True, j(1406, 5, 9))


# --- a disabled child ----------------------------------------------------------------------


def test_disabled_child_of_30_is_covered_without_an_end_date():
    born, on = j(1374, 2, 15), j(1404, 6, 1)
    assert jalali_age(birth_date=born, on=on) == 30
    coverage = cover("son", born, on, disabled=True)
    assert (coverage.eligible, coverage.until) == (True, None)
    assert coverage.needs_proof == (BIRTH_CERTIFICATE, DISABILITY_CERTIFICATE)
    daughter = cover("daughter", born, on, disabled=True)
    assert (daughter.eligible, daughter.until) == (True, None)
    # the same son, not disabled, is not covered
    assert not cover("son", born, on).eligible


# --- parents: 60 / 55 or disabled, supported, no pension of their own ----------------------

FATHER_BORN = j(1345, 3, 15)


def test_father_of_59_is_not_covered_and_is_told_when_he_turns_60():
    coverage = cover("father", FATHER_BORN, j(1405, 3, 14))
    assert not coverage.eligible
    assert "۱۵ خرداد ۱۴۰۵" in coverage.reasons[0]


def test_father_of_60_supported_without_pension_is_covered():
    coverage = cover("father", FATHER_BORN, j(1405, 3, 15))
    assert (coverage.eligible, coverage.until) == (True, None)
    assert coverage.needs_proof == (BIRTH_CERTIFICATE, DEPENDENCE_PROOF)


def test_father_of_60_with_his_own_pension_is_not_covered():
    coverage = cover("father", FATHER_BORN, j(1405, 3, 15), has_own_pension=True)
    assert not coverage.eligible
    assert "مستمری" in coverage.reasons[0]


def test_father_not_supported_by_the_insured_is_not_covered():
    coverage = cover("father", FATHER_BORN, j(1406, 1, 1), supported_by_insured=False)
    assert not coverage.eligible
    assert "معاش" in coverage.reasons[0]


def test_disabled_father_of_59_is_covered_on_a_disability_certificate():
    coverage = cover("father", FATHER_BORN, j(1405, 3, 14), disabled=True)
    assert coverage.eligible
    assert coverage.needs_proof == (BIRTH_CERTIFICATE, DISABILITY_CERTIFICATE, DEPENDENCE_PROOF)


def test_mother_from_55():
    born = j(1350, 7, 1)
    assert not cover("mother", born, j(1405, 6, 31)).eligible
    assert cover("mother", born, j(1405, 7, 1)).eligible


def test_all_reasons_are_given_at_once():
    coverage = cover(
        "mother", j(1360, 1, 1), j(1404, 1, 1), has_own_pension=True, supported_by_insured=False
    )
    assert len(coverage.reasons) == 3


# --- a spouse: a wife always; a husband supported by his insured wife, 60 or disabled --------


def test_wife_of_an_insured_man_is_always_covered():
    coverage = cover("spouse", j(1370, 1, 1), j(1404, 1, 1), insured="male")
    assert (coverage.eligible, coverage.until) == (True, None)
    assert coverage.needs_proof == (BIRTH_CERTIFICATE, MARRIAGE_CERTIFICATE)


def test_husband_supported_by_his_insured_wife():
    born = j(1344, 1, 1)
    # 61 and supported: covered
    coverage = cover("spouse", born, j(1405, 2, 1), insured="female")
    assert (coverage.eligible, coverage.until) == (True, None)
    assert coverage.needs_proof == (BIRTH_CERTIFICATE, MARRIAGE_CERTIFICATE, DEPENDENCE_PROOF)
    # 61, not supported by her: not covered
    assert not cover(
        "spouse", born, j(1405, 2, 1), insured="female", supported_by_insured=False
    ).eligible


def test_husband_under_60_only_when_disabled():
    born, on = j(1360, 1, 1), j(1404, 1, 1)
    refused = cover("spouse", born, on, insured="female")
    assert not refused.eligible
    assert "۱ فروردین ۱۴۲۰" in refused.reasons[0]
    disabled = cover("spouse", born, on, insured="female", disabled=True)
    assert disabled.eligible
    assert DISABILITY_CERTIFICATE in disabled.needs_proof


# --- edges ---------------------------------------------------------------------------------


def test_birth_after_the_day_asked_is_refused():
    coverage = cover("son", j(1405, 1, 2), j(1405, 1, 1))
    assert not coverage.eligible
    assert coverage.reasons


def test_unknown_relation_is_a_programming_error():
    with pytest.raises(ValueError, match="relation"):
        cover("cousin", j(1380, 1, 1), j(1404, 1, 1))


def test_birthday_on_esfand_30_falls_on_farvardin_1_in_a_common_year():
    # 1399 is a leap year, 1400 is not
    born = j(1399, 12, 30)
    assert birthday(birth_date=born, age=1) == j(1401, 1, 1)
    assert birthday(birth_date=born, age=4) == j(1403, 12, 30)  # 1403 is a leap year


def test_proof_labels_are_persian():
    assert proof_label(MARRIAGE_CERTIFICATE) == "سند ازدواج"
    assert proof_label("unknown") == "unknown"


# --- properties ----------------------------------------------------------------------------

DATES = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2060, 12, 31))


@given(born=DATES, age=st.integers(min_value=1, max_value=90))
def test_birthday_is_the_first_day_of_that_age(born, age):
    day = birthday(birth_date=born, age=age)
    assert jalali_age(birth_date=born, on=day) == age
    assert jalali_age(birth_date=born, on=day - dt.timedelta(days=1)) == age - 1


@given(
    relation=st.sampled_from(["spouse", "son", "daughter", "father", "mother"]),
    insured=st.sampled_from(["male", "female"]),
    born=DATES,
    on=DATES,
    married=st.booleans(),
    disabled=st.booleans(),
    certificate=st.none() | DATES,
    supported=st.booleans(),
    pension=st.booleans(),
)
def test_coverage_is_consistent(
    relation, insured, born, on, married, disabled, certificate, supported, pension
):
    coverage = cover(
        relation,
        born,
        on,
        insured=insured,
        married=married,
        disabled=disabled,
        student_certificate_until=certificate,
        supported_by_insured=supported,
        has_own_pension=pension,
    )
    if coverage.eligible:
        # covered today: until is today or later; the branch always sees a birth certificate
        assert coverage.until is None or coverage.until >= on
        assert coverage.reasons == ()
        assert coverage.needs_proof[0] == BIRTH_CERTIFICATE
    else:
        assert coverage.until is None or coverage.until < on
        assert coverage.reasons
        assert coverage.needs_proof == ()
    # a son never past the day before 25 unless disabled
    if relation == "son" and not disabled and coverage.eligible:
        assert coverage.until <= birthday(birth_date=born, age=25) - dt.timedelta(days=1)
