"""`insured.selectors.records.record_last`: the last month with recorded days."""

from __future__ import annotations

import datetime

import pytest

from insured.selectors.records import contribution_record_year, record_last
from tests.insured.factories import ContributionRecordFactory, InsuredPersonFactory

pytestmark = pytest.mark.django_db


def test_no_records_is_none():
    assert record_last(insured=InsuredPersonFactory()) is None


def test_last_month_with_days_skips_a_later_empty_month():
    person = InsuredPersonFactory()
    ContributionRecordFactory(person=person, year=1402, month=11, days=30, daily_wage=2_000_000)
    ContributionRecordFactory(person=person, year=1402, month=12, days=0, daily_wage=0)
    last = record_last(insured=person)
    assert (last.year, last.month, last.days, last.month_days) == (1402, 11, 30, 30)
    assert last.month_label == "بهمن ۱۴۰۲"
    # 30 Bahman 1402 = 19 February 2024
    assert last.last_worked_day == datetime.date(2024, 2, 19)
    assert last.wage == 60_000_000
    assert (last.workshop_code, last.workshop_name) == ("1000000001", "شرکت نمونه")
