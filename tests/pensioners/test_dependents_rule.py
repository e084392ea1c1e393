"""The dependents' papers rule (tamin.rules.dependents), due dates computed by hand.

Jalali ↔ Gregorian used below (checked against a calendar):
1 Farvardin 1405 = 2026-03-21, 31 Khordad 1405 = 2026-06-21, 1 Mehr 1405 = 2026-09-23,
30 Aban 1405 = 2026-11-21, 1 Bahman 1405 = 2027-01-21, 29 Esfand 1405 = 2027-03-20
(1405 is a common year: «end of Esfand» is the 29th), 1 Bahman 1404 = 2026-01-21,
29 Esfand 1404 = 2026-03-20, 30 Esfand 1403 = 2025-03-20 (1403 is leap).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tamin.rules.dependents import (
    DAUGHTER_DECLARATION,
    STUDENT_CERTIFICATE,
    DependentFacts,
    MonthDay,
    ObligationTerms,
    OwedPaper,
    dependent_obligation_terms,
    jalali_age,
    papers_owed,
    period_label,
)
from tamin.rules.models import DependentObligationTerms
from tests.pensioners.factories_dependents import born

TERMS = ObligationTerms()  # the seeded values
MEHR_15_1405 = dt.date(2026, 10, 7)
TERM_1_1405 = OwedPaper(
    kind=STUDENT_CERTIFICATE,
    period_key="1405-1",
    opens_on=dt.date(2026, 9, 23),
    due_on=dt.date(2026, 11, 21),
)


def owed(relation, birth, on=MEHR_15_1405, disabled=False, terms=TERMS):
    facts = DependentFacts(relation=relation, birth_date=birth, is_disabled=disabled)
    return papers_owed(dependent=facts, on=on, terms=terms)


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        (born(1386, 1, 10), ()),  # 19 on 1 Mehr 1405: a dependent by age, no certificate
        (born(1385, 7, 1), (TERM_1_1405,)),  # 20 exactly on the day term 1 opens
        (born(1385, 5, 1), (TERM_1_1405,)),  # 20
        (born(1380, 6, 31), (TERM_1_1405,)),  # 25 (the last year of the band)
        (born(1379, 7, 1), ()),  # 26 on the day term 1 opens
        (born(1379, 6, 31), ()),  # 26
        (born(1385, 7, 2), ()),  # turns 20 a day after term 1 opened: from term 2
    ],
    ids=["19", "20-on-opening-day", "20", "25", "26-on-opening-day", "26", "20-a-day-late"],
)
def test_sons_owe_a_certificate_each_term_from_20_to_25(birth, expected):
    assert owed("son", birth) == expected


def test_a_disabled_son_owes_nothing():
    assert owed("son", born(1383, 5, 1), disabled=True) == ()


def test_a_daughter_owes_the_yearly_declaration_due_31_khordad():
    # given a daughter of 22, on 15 Mehr 1405: the 1405 declaration (past its due date)
    (paper,) = owed("daughter", born(1383, 2, 1))
    assert paper == OwedPaper(
        kind=DAUGHTER_DECLARATION,
        period_key="1405",
        opens_on=dt.date(2026, 3, 21),
        due_on=dt.date(2026, 6, 21),
    )
    assert paper.is_overdue(on=MEHR_15_1405)
    assert not paper.is_overdue(on=dt.date(2026, 6, 21))  # the due day itself is in time


@pytest.mark.parametrize(
    ("birth", "owes"),
    [(born(1387, 1, 1), True), (born(1387, 1, 2), False), (born(1395, 1, 1), False)],
    ids=["18-on-farvardin-1", "17-on-farvardin-1", "10"],
)
def test_a_daughter_owes_from_18_on_the_day_the_year_opens(birth, owes):
    assert bool(owed("daughter", birth)) is owes


def test_disabled_daughter_spouse_and_parents_owe_nothing():
    assert owed("daughter", born(1380, 1, 1), disabled=True) == ()
    for relation in ("spouse", "father", "mother"):
        assert owed(relation, born(1350, 1, 1)) == ()


def test_before_mehr_the_owed_term_is_last_bahmans_due_at_the_end_of_esfand():
    # on 10 Khordad 1405 (2026-05-31) term 2 of 1404–1405 is the latest opened
    (paper,) = owed("son", born(1383, 5, 1), on=dt.date(2026, 5, 31))
    assert paper == OwedPaper(
        kind=STUDENT_CERTIFICATE,
        period_key="1404-2",
        opens_on=dt.date(2026, 1, 21),
        due_on=dt.date(2026, 3, 20),  # 29 Esfand 1404: Esfand 30 does not exist
    )


def test_in_a_leap_year_the_end_of_esfand_is_the_30th():
    (paper,) = owed("son", born(1381, 5, 1), on=dt.date(2025, 3, 1))  # 11 Esfand 1403
    assert (paper.period_key, paper.due_on) == ("1403-2", dt.date(2025, 3, 20))


def test_term_2_opens_on_1_bahman():
    (paper,) = owed("son", born(1383, 5, 1), on=dt.date(2027, 1, 21))
    assert paper == OwedPaper(
        kind=STUDENT_CERTIFICATE,
        period_key="1405-2",
        opens_on=dt.date(2027, 1, 21),
        due_on=dt.date(2027, 3, 20),
    )
    # and the day before, term 1 is still the one owed
    (paper,) = owed("son", born(1383, 5, 1), on=dt.date(2027, 1, 20))
    assert paper.period_key == "1405-1"


def test_a_due_day_before_the_opening_day_falls_in_the_next_year():
    terms = ObligationTerms(daughter_opens=MonthDay(12, 1), daughter_due=MonthDay(1, 15))
    (paper,) = owed("daughter", born(1380, 1, 1), on=dt.date(2026, 3, 1), terms=terms)
    # opens 1 Esfand 1404 (2026-02-20), due 15 Farvardin 1405 (2026-04-04)
    assert paper.period_key == "1404"
    assert (paper.opens_on, paper.due_on) == (dt.date(2026, 2, 20), dt.date(2026, 4, 4))


def test_jalali_age_counts_completed_years():
    birth = born(1385, 7, 10)
    assert jalali_age(birth_date=birth, on=born(1405, 7, 9)) == 19
    assert jalali_age(birth_date=birth, on=born(1405, 7, 10)) == 20


def test_period_labels():
    assert period_label(kind=STUDENT_CERTIFICATE, period_key="1405-1") == (
        "نیم‌سال اول سال تحصیلی ۱۴۰۵–۱۴۰۶"
    )
    assert period_label(kind=STUDENT_CERTIFICATE, period_key="1405-2") == (
        "نیم‌سال دوم سال تحصیلی ۱۴۰۵–۱۴۰۶"
    )
    assert period_label(kind=DAUGHTER_DECLARATION, period_key="1405") == "سال ۱۴۰۵"


# --- the terms are data ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_seeded_row_is_the_rules_default_terms():
    assert dependent_obligation_terms(on=MEHR_15_1405) == TERMS


@pytest.mark.django_db
def test_an_edited_row_moves_the_due_date_without_a_release():
    # given staff move the daughters' due day to 31 Ordibehesht from 1405 on
    DependentObligationTerms.objects.create(
        effective_from=1405, daughter_due_month=2, daughter_due_day=31, student_to_age=24
    )
    # when
    terms = dependent_obligation_terms(on=MEHR_15_1405)
    # then 1405's papers follow the new row, 1404's the seeded one
    (paper,) = owed("daughter", born(1383, 2, 1), terms=terms)
    assert paper.due_on == dt.date(2026, 5, 21)  # 31 Ordibehesht 1405
    assert owed("son", born(1380, 6, 31), terms=terms) == ()  # 25 is now past the band
    assert dependent_obligation_terms(on=dt.date(2026, 3, 1)) == TERMS  # still 1404


@pytest.mark.django_db
def test_without_any_row_nothing_is_guessed():
    DependentObligationTerms.objects.all().delete()
    assert dependent_obligation_terms(on=MEHR_15_1405) is None
