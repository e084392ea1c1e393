"""Demo lists: accepted months and one sent-but-unpaid list for the demo workshop; idempotent."""

import io

import pytest
from django.urls import reverse

from branches.demo import directory as demo_directory
from employers.demo import lists as demo_lists
from employers.demo import workshops as demo_workshops
from employers.models import EntryKind, LedgerEntry, ListStatus, MonthlyList, Workshop
from insured.demo import records as insured_demo
from insured.models import ContributionRecord
from tamin.accounts.demo import accounts as accounts_demo
from tamin.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_demo_lists_are_sent_through_the_services_once(client):
    # given the demo people, branches, insured and workshops
    for module in (accounts_demo, demo_directory, insured_demo, demo_workshops):
        module.seed(io.StringIO())
    # when the lists demo seeds twice
    demo_lists.seed(io.StringIO())
    demo_lists.seed(io.StringIO())
    # then every demo month has one submitted list with the demo workers' records
    workshop = Workshop.objects.get(code=demo_lists.DEMO_WORKSHOP_CODE)
    months = (*demo_lists.ACCEPTED_MONTHS, demo_lists.UNPAID_MONTH)
    submitted = MonthlyList.objects.filter(workshop=workshop, status=ListStatus.SUBMITTED)
    assert sorted(submitted.values_list("month", flat=True)) == sorted(months)
    assert MonthlyList.objects.filter(workshop=workshop).count() == len(months)
    assert ContributionRecord.objects.filter(
        workshop_code=workshop.code, year=demo_lists.DEMO_YEAR, month=demo_lists.UNPAID_MONTH
    ).count() == len(demo_lists.DEMO_WORKERS)
    assert LedgerEntry.objects.filter(workshop=workshop, kind=EntryKind.CHARGE).count() == len(
        months
    )
    # and the employer sees the months
    client.force_login(User.objects.get(national_code=demo_workshops.EMPLOYER_NATIONAL_CODE))
    page = client.get(reverse("employers:lists", args=[workshop.pk]))
    assert page.status_code == 200
    assert "ارسال و ثبت شد" in page.content.decode()
