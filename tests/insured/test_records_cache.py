"""The record pages and the app's summary are cached per person under their records'
version: a repeat view is cheap, and a new list or a correction shows at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insured.models import ContributionRecord
from tamin.accounts.services import api_sign_in_create
from tests.accounts.factories import UserFactory
from tests.insured.factories import InsuredPersonFactory, history, month_write

pytestmark = pytest.mark.django_db


def _person_with_history(years: int = 2):
    user = UserFactory()
    person = InsuredPersonFactory.for_user(user)
    history(person, years=years, start_year=1392)
    client = Client()
    client.force_login(user)
    return user, person, client


def test_a_new_month_and_a_correction_show_at_once():
    _user, person, client = _person_with_history()
    summary = reverse("insured:records")
    assert "۷۳۰" in client.get(summary).content.decode()  # 2 full years
    # A new month of 10 days arrives (a new list)
    month_write(person, year=1394, month=1, days=10)
    assert "۷۴۰" in client.get(summary).content.decode()
    # A correction of that month to 20 days (a new version of the same month)
    month_write(person, year=1394, month=1, days=20)
    body = client.get(summary).content.decode()
    assert "۷۵۰" in body
    assert "۷۴۰" not in body
    year_page = client.get(reverse("insured:records_year", args=[1394])).content.decode()
    assert "۲۰" in year_page


def test_each_person_sees_only_their_own_cached_tables():
    _first, _p1, first = _person_with_history(years=2)
    _second, _p2, second = _person_with_history(years=3)
    summary = reverse("insured:records")
    assert "۷۳۰" in first.get(summary).content.decode()
    body = second.get(summary).content.decode()
    assert "۱۰۹۵" in body
    assert "۷۳۰" not in body


def test_the_api_summary_follows_new_records():
    user, person, _client = _person_with_history()
    api = Client(HTTP_AUTHORIZATION=f"Bearer {api_sign_in_create(user=user).access}")
    url = reverse("api-insured-records-summary")
    assert api.get(url).json()["total_days"] == 730
    assert api.get(url).json()["total_days"] == 730
    month_write(person, year=1394, month=1, days=10)
    assert api.get(url).json()["total_days"] == 740


@pytest.mark.parametrize(
    "url", [reverse("insured:records"), reverse("insured:records_year", args=[1393])]
)
def test_a_repeat_view_reads_only_the_person_and_the_version(url):
    _user, _person, client = _person_with_history()
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    own = [q["sql"] for q in ctx.captured_queries if "django_session" not in q["sql"]]
    assert len(own) == 2
    assert "insured_insuredperson" in own[0]
    assert "insured_contributionrecord" not in own[0]
    assert "MAX(" in own[1].upper()
    # The records are read only for their version (one aggregate), never the rows
    reads = [q["sql"] for q in ctx.captured_queries if "insured_contributionrecord" in q["sql"]]
    assert len(reads) == 1
    assert "MAX(" in reads[0].upper()


def test_the_summary_and_combined_apis_keep_their_own_answers():
    # Both serialize the same summary and are cached per version: each under its own key, so
    # whichever is asked first never answers for the other.
    user, _person, _client = _person_with_history()
    api = Client(HTTP_AUTHORIZATION=f"Bearer {api_sign_in_create(user=user).access}")
    summary = reverse("api-insured-records-summary")
    combined = reverse("api-insured-records-combined")
    for _ in range(2):
        assert "by_year" in api.get(summary).json()
        assert "spans" in api.get(combined).json()


def test_the_version_read_with_the_person_is_the_records_version():
    from insured.selectors.records import (
        contribution_record_version,
        insured_person_with_record_version_for_user,
    )

    user, person, _client = _person_with_history()
    read = insured_person_with_record_version_for_user(user=user)
    assert read.pk == person.pk
    newest = ContributionRecord.objects.filter(person=person, is_current=True).latest("id")
    assert read.record_version == contribution_record_version(person=person) == f"24-{newest.pk}"
    month_write(person, year=1394, month=1, days=10)
    again = insured_person_with_record_version_for_user(user=user)
    assert again.record_version.startswith("25-")
    assert insured_person_with_record_version_for_user(user=UserFactory()) is None
