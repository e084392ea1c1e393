"""The average wage page: the result and how it was computed, for the signed-in person only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tamin.core.jalali import format_rial, persian_digits
from tests.accounts.factories import UserFactory
from tests.insured.factories import ContributionRecordFactory, InsuredPersonFactory, history

pytestmark = pytest.mark.django_db


def test_page_shows_average_days_and_the_partial_month(client):
    # given three full years at 100,000 rial a day (1401–1403; 1403 is a leap year)
    user = UserFactory()
    person = InsuredPersonFactory.for_user(user)
    history(person, years=3, start_year=1401, daily_wage=100_000)
    client.force_login(user)
    # when the page opens
    response = client.get(reverse("insured:average_wage"))
    # then 730 days are covered: 1403 (366 days) + 1402 (365 days) would be 731, so Farvardin 1402
    # is used for 30 of its 31 days, and the average is ceil(Σ / 24)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.days_covered == 730
    oldest = result.months[-1]
    assert (oldest.year, oldest.month, oldest.days_used) == (1402, 1, 30)
    expected_sum = 100_000 * (366 + 365 - 31) + 3_100_000 * 30 // 31
    assert result.wage_sum == expected_sum
    assert result.average == -(-expected_sum // 24)
    text = response.text
    assert format_rial(result.average) in text
    assert persian_digits(730) in text
    assert "فروردین ۱۴۰۲" in text
    assert "بخشی از ماه" in text
    assert "data-incomplete" not in text


def test_short_history_says_days_are_missing(client):
    # given one month of history
    user = UserFactory()
    person = InsuredPersonFactory.for_user(user)
    ContributionRecordFactory(person=person, year=1404, month=1)
    client.force_login(user)
    # when the page opens
    response = client.get(reverse("insured:average_wage"))
    # then it says the history is shorter than two years
    assert response.status_code == 200
    assert "data-incomplete" in response.text
    assert persian_digits(730 - 31) in response.text


def test_page_uses_current_versions_only(client):
    # given a month whose first version was superseded by a correction
    user = UserFactory()
    person = InsuredPersonFactory.for_user(user)
    old = ContributionRecordFactory(person=person, year=1404, month=1, is_current=False)
    ContributionRecordFactory(person=person, year=1404, month=1, days=10, version=2, supersedes=old)
    client.force_login(user)
    # when the page opens / then only the corrected version counts
    assert client.get(reverse("insured:average_wage")).context["result"].days_covered == 10


def test_stranger_sees_no_record_page_and_nobody_elses_wage(client):
    # given someone else's history and an account without an insured person
    history(InsuredPersonFactory.for_user(UserFactory()), years=1)
    client.force_login(UserFactory())
    # then the page says no record is linked and computes nothing
    response = client.get(reverse("insured:average_wage"))
    assert response.status_code == 200
    assert "هیچ سابقه بیمه‌ای به کد ملی حساب کاربری شما وصل نیست" in response.content.decode()
    assert "result" not in response.context


def test_page_needs_login(client):
    assert client.get(reverse("insured:average_wage")).status_code == 302
