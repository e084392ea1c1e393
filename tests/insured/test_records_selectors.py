from decimal import Decimal

import pytest
from django.db.models import Sum
from django.http import Http404

from insured.models import ContributionRecord
from insured.selectors.records import (
    contribution_record_history,
    contribution_record_summary,
    contribution_record_year,
    record_years,
)
from insured.services.records import contribution_record_write
from tests.insured.factories import ContributionRecordFactory, InsuredPersonFactory, history

pytestmark = pytest.mark.django_db

A, B = "1000000001", "2000000002"


def _mixed_history():
    """1385–1387 at A, 1387/1–3 also at B (overlap), a gap in 1388, 20 days in 1389/1."""
    person = InsuredPersonFactory()
    for year in (1385, 1386, 1387):
        for month in range(1, 13):
            ContributionRecordFactory(
                person=person,
                workshop_code=A,
                workshop_name="الف",
                year=year,
                month=month,
                daily_wage=10_000,
            )
    for month in (1, 2, 3):
        ContributionRecordFactory(
            person=person,
            workshop_code=B,
            workshop_name="ب",
            year=1387,
            month=month,
            days=15,
            daily_wage=20_000,
            job_title="راننده",
            job_code="202020",
        )
    ContributionRecordFactory(
        person=person,
        workshop_code=A,
        workshop_name="الف",
        year=1389,
        month=1,
        days=20,
        daily_wage=10_000,
    )
    return person


def test_summary_totals_add_up_exactly_to_the_database():
    # given a history with an overlap, a gap and a month with missing days
    person = _mixed_history()
    # when the summary is read
    summary = contribution_record_summary(person=person)
    # then reported days and wages equal the database sums exactly
    records = ContributionRecord.objects.filter(person=person, is_current=True)
    assert summary.record_count == records.count() == 40
    assert summary.reported_days == records.aggregate(s=Sum("days"))["s"]
    assert (
        summary.wage_total
        == records.filter(year__gte=1386).aggregate(s=Sum("insurable_total"))["s"]
    )
    assert sum(y.days for y in summary.by_year) == summary.reported_days
    assert sum(w.days for w in summary.by_workshop) == summary.reported_days
    assert sum(s.days for s in summary.spans) == summary.reported_days
    # and the overlap (31+15 in months of 31 days, three times) counts 15 days once each
    assert summary.overlap_days == 45
    assert summary.total_days == summary.reported_days - 45
    assert sum(y.counted_days for y in summary.by_year) == summary.total_days
    assert summary.years == record_years(summary.total_days)


def test_summary_groups_by_workshop_year_span_and_job():
    person = _mixed_history()
    summary = contribution_record_summary(person=person)
    shop_a, shop_b = summary.by_workshop
    assert (shop_a.workshop_code, shop_a.first.year, shop_a.last.year, shop_a.months) == (
        A,
        1385,
        1389,
        37,
    )
    assert (shop_b.first.month, shop_b.last.month, shop_b.days) == (1, 3, 45)
    # wages before 1386 are not shown
    assert [y.wage is None for y in summary.by_year] == [True, False, False, False]
    # the gap splits A into two spans; B is its own span
    assert [(s.workshop_code, s.first.year, s.months) for s in summary.spans] == [
        (A, 1385, 36),
        (B, 1387, 3),
        (A, 1389, 1),
    ]
    assert [o.period.month for o in summary.overlaps] == [1, 2, 3]
    assert {j.job_title for j in summary.job_titles} == {"کارمند اداری", "راننده"}
    assert summary.first.year == 1385
    assert summary.last.year == 1389


def test_years_are_days_over_365_with_two_decimals():
    assert record_years(365) == Decimal("1.00")
    assert record_years(12_775) == Decimal("35.00")
    assert record_years(1000) == Decimal("2.74")


def test_summary_is_one_query_for_1_or_35_years(django_assert_num_queries):
    short, long = InsuredPersonFactory(), InsuredPersonFactory()
    history(short, years=1)
    history(long, years=35)
    with django_assert_num_queries(1):
        contribution_record_summary(person=short)
    with django_assert_num_queries(1):
        summary = contribution_record_summary(person=long)
    assert summary.record_count == 420


def test_year_detail_shows_months_missing_days_and_overlaps():
    person = _mixed_history()
    year = contribution_record_year(person=person, year=1387)
    assert len(year.months) == 12
    assert year.wage_shown
    farvardin = year.months[0]
    assert farvardin.overlap
    assert farvardin.days == 46
    assert farvardin.counted_days == 31
    assert (
        year.wage
        == ContributionRecord.objects.filter(person=person, year=1387).aggregate(
            s=Sum("insurable_total")
        )["s"]
    )
    short = contribution_record_year(person=person, year=1389)
    assert short.months[0].missing_days == 11
    assert short.months[1].missing_days == 31
    old = contribution_record_year(person=person, year=1385)
    assert not old.wage_shown
    assert old.wage is None
    assert old.months[0].wage is None


def test_year_out_of_range_is_404():
    person = InsuredPersonFactory()
    for year in (1299, 9999):
        with pytest.raises(Http404):
            contribution_record_year(person=person, year=year)


def test_history_lists_every_version_newest_first_and_stranger_404():
    # given a month corrected once
    person = InsuredPersonFactory()
    row = {
        "workshop_code": A,
        "workshop_name": "الف",
        "year": 1400,
        "month": 1,
        "daily_wage": 0,
        "monthly_wage": 0,
        "insurable_benefits": 0,
        "insurable_total": 0,
        "total_pay": 0,
        "insured_share": 0,
        "employer_share": 0,
        "source": "monthly_list",
    }
    contribution_record_write(person=person, days=20, **row)
    contribution_record_write(person=person, days=31, **{**row, "source": "objection"})
    # when its history is read: both versions, newest first
    versions = contribution_record_history(person=person, workshop_code=A, year=1400, month=1)
    assert [(v.version, v.days, v.is_current) for v in versions] == [(2, 31, True), (1, 20, False)]
    # and another person asking for the same month gets 404
    with pytest.raises(Http404):
        contribution_record_history(
            person=InsuredPersonFactory(), workshop_code=A, year=1400, month=1
        )
