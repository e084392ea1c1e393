"""«Last record» (آخرین سابقه): `insured.selectors.records.record_last` — what the app
(`GET /api/v1/insured/records/last/`) and the USSD menu answer — is the records year page's
last month with days."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from insured.selectors.records import record_last
from tests.insured.factories import ContributionRecordFactory, InsuredPersonFactory
from tests.insured.factories_inquiries import insured_user

pytestmark = pytest.mark.django_db

LAST = "/api/v1/insured/records/last/"


def _signed_in(client, user) -> dict:
    """The app's session (the API takes the bearer token or the browser's session alike;
    the token itself is tested in tests/accounts)."""
    client.force_login(user)
    return {}


def test_no_records_is_none():
    assert record_last(insured=InsuredPersonFactory()) is None


def test_last_month_with_days_skips_a_later_empty_month():
    person = InsuredPersonFactory()
    ContributionRecordFactory(person=person, year=1402, month=10, days=30)
    ContributionRecordFactory(person=person, year=1402, month=11, days=30, daily_wage=2_000_000)
    ContributionRecordFactory(person=person, year=1402, month=12, days=0, daily_wage=0)
    last = record_last(insured=person)
    assert (last.year, last.month, last.days, last.month_days) == (1402, 11, 30, 30)
    assert last.month_label == "بهمن ۱۴۰۲"
    # 30 Bahman 1402 = 19 February 2024: the month's last day (lists record days, not dates)
    assert last.last_worked_day == datetime.date(2024, 2, 19)
    assert last.wage == 60_000_000
    assert (last.workshop_code, last.workshop_name) == ("1000000001", "شرکت نمونه")


def test_two_workshops_in_the_last_month_count_the_days_once_and_add_the_wages():
    person = InsuredPersonFactory()
    ContributionRecordFactory(
        person=person, year=1403, month=1, days=10, workshop_code="2000000002", workshop_name="الف"
    )
    ContributionRecordFactory(
        person=person, year=1403, month=1, days=25, workshop_code="3000000003", workshop_name="ب"
    )
    last = record_last(insured=person)
    # Farvardin has 31 days: 35 reported, 31 counted; the workshop with the most days is named
    assert (last.days, last.month_days) == (31, 31)
    assert last.wage == 35_000_000
    assert (last.workshop_code, last.workshop_name) == ("3000000003", "ب")
    assert [(w.workshop_code, w.days) for w in last.workshops] == [
        ("2000000002", 10),
        ("3000000003", 25),
    ]
    assert last.last_worked_day == datetime.date(2024, 4, 19)  # 31 Farvardin 1403


def test_no_wage_before_1386():
    person = InsuredPersonFactory()
    ContributionRecordFactory(person=person, year=1385, month=12, days=29)
    last = record_last(insured=person)
    assert (last.wage, last.days, last.month_days) == (None, 29, 29)
    assert last.last_worked_day == datetime.date(2007, 3, 20)  # 29 Esfand 1385


def test_the_api_answers_what_the_year_page_shows_for_that_month(client):
    # given a person with a full Farvardin and 20 days of Ordibehesht 1403
    user, person = insured_user()
    ContributionRecordFactory(person=person, year=1403, month=1)
    ContributionRecordFactory(person=person, year=1403, month=2, days=20, daily_wage=1_500_000)
    # when the app asks for the last record
    response = client.get(LAST, **_signed_in(client, user))
    # then
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "year": 1403,
        "month": 2,
        "month_label": "اردیبهشت ۱۴۰۳",
        "month_days": 31,
        "days": 20,
        "last_worked_day": "2024-05-20",
        "wage": 30_000_000,
        "workshop_code": "1000000001",
        "workshop_name": "شرکت نمونه",
        "workshops": [
            {
                "workshop_code": "1000000001",
                "workshop_name": "شرکت نمونه",
                "days": 20,
                "wage": 30_000_000,
            }
        ],
    }
    # and the records year page shows the same month: the same days and wage
    client.force_login(user)
    page = client.get(reverse("insured:records_year", args=[1403]))
    shown = page.context["detail"].months[1]
    assert (shown.name, shown.counted_days, shown.wage) == ("اردیبهشت", 20, 30_000_000)
    html = page.content.decode()
    assert "۳۰٬۰۰۰٬۰۰۰" in html
    assert "کسری کارکرد: ۱۱ روز" in html


def test_without_records_is_404(client):
    user, _person = insured_user()
    response = client.get(LAST, **_signed_in(client, user))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_someone_elses_records_are_never_read(client):
    # given a stranger with records, and an account without an insured record
    stranger = InsuredPersonFactory()
    ContributionRecordFactory(person=stranger, year=1403, month=5)
    _user, person = insured_user()
    from tests.accounts.factories import UserFactory

    nobody = UserFactory()
    # then the account with no records of its own gets 404, and so does one not insured
    assert client.get(LAST, **_signed_in(client, person.user)).status_code == 404
    assert client.get(LAST, **_signed_in(client, nobody)).status_code == 404
