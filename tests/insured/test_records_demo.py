"""Demo histories: idempotent, about 35 years with a gap, an overlap and a short month."""

import io

import pytest
from django.db.models import Sum
from django.urls import reverse

from branches.demo import directory as demo_directory
from insured.demo import records as demo
from insured.models import ContributionRecord, InsuredPerson
from insured.selectors.records import contribution_record_summary
from tamin.accounts.demo import accounts as accounts_demo
from tamin.accounts.models import User

pytestmark = pytest.mark.django_db


def _seed_all():
    accounts_demo.seed(io.StringIO())
    demo_directory.seed(io.StringIO())
    demo.seed(io.StringIO())


def test_seed_is_idempotent_and_gives_maryam_35_years():
    # given the demo accounts and branches, when the insured demo seeds twice
    _seed_all()
    count = ContributionRecord.objects.count()
    demo.seed(io.StringIO())
    # then nothing is added the second time
    assert ContributionRecord.objects.count() == count
    maryam = InsuredPerson.objects.get(national_code="0013542419")
    assert maryam.insurance_number == "12345678"
    assert maryam.residence_branch is not None
    assert maryam.residence_branch.code == "1001"
    summary = contribution_record_summary(person=maryam)
    # about 35 years (1370/01 to last month, minus a 6-month gap)
    assert 34 <= summary.years <= 36
    assert len(summary.by_workshop) == 5
    # the overlap: three months reported by two workshops
    assert [(o.period.year, o.period.month) for o in summary.overlaps] == [
        (1395, 1),
        (1395, 2),
        (1395, 3),
    ]
    # the gap: nothing in 1387/01–06
    assert not ContributionRecord.objects.filter(person=maryam, year=1387, month__lte=6).exists()
    # the month to object to: 20 of 31 days
    short = ContributionRecord.objects.get(person=maryam, year=1403, month=3)
    assert short.days == 20
    # and every record obeys the insurable-total rule
    for r in ContributionRecord.objects.filter(person=maryam):
        assert r.insurable_total == r.monthly_wage + r.insurable_benefits


def test_employer_demo_has_ten_years():
    _seed_all()
    reza = InsuredPerson.objects.get(national_code="0071234561")
    years = contribution_record_summary(person=reza).years
    assert 9 <= years <= 10.5


def test_demo_person_sees_totals_that_match_the_database(client):
    # given the demo data and Maryam signed in
    _seed_all()
    client.force_login(User.objects.get(national_code="0013542419"))
    maryam = InsuredPerson.objects.get(national_code="0013542419")
    # when she opens her summary
    response = client.get(reverse("insured:records"))
    # then the reported days equal the database sum
    reported = ContributionRecord.objects.filter(person=maryam, is_current=True).aggregate(
        s=Sum("days")
    )["s"]
    summary = response.context["summary"]
    assert summary.reported_days == reported
    assert summary.total_days == reported - summary.overlap_days
    assert response.status_code == 200
