"""The lists page shows every month since the workshop started, sent or not, with its state."""

from __future__ import annotations

import datetime

import jdatetime
import pytest
from django.urls import reverse

from employers.selectors.lists import monthly_lists_by_year, monthly_lists_overview
from tamin.core.jalali import format_period
from tests.employers.factories import RepresentativeFactory, WorkshopFactory
from tests.employers.factories_money import (
    SubmittedListFactory,
    payment_recorded,
    submitted_list_with_charge,
)

pytestmark = pytest.mark.django_db

# 12 Azar 1405, at noon in Tehran: the month due now is Aban 1405 (deadline 30 Azar).
TODAY = jdatetime.datetime(1405, 9, 12, 8, 30).togregorian().replace(tzinfo=datetime.UTC)


def _tehran_noon(year: int, month: int, day: int) -> datetime.datetime:
    return jdatetime.datetime(year, month, day, 8, 30).togregorian().replace(tzinfo=datetime.UTC)


def _months_from(year: int, month: int, until: tuple[int, int]) -> list[tuple[int, int]]:
    months = []
    while (year, month) <= until:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@pytest.fixture
def workshop_of_fourteen_months(time_machine):
    """Started 10 Mehr 1404, fourteen months due by now; Azar 1404 sent on time and paid,
    Khordad 1405 sent late; nothing else ever sent."""
    time_machine.move_to(TODAY, tick=False)
    owner = RepresentativeFactory(
        workshop=WorkshopFactory(started_on=jdatetime.date(1404, 7, 10).togregorian())
    )
    workshop = owner.workshop
    on_time = submitted_list_with_charge(workshop=workshop, year=1404, month=9, amount=5_000_000)
    on_time.submitted_at = _tehran_noon(1404, 10, 20)
    on_time.save(update_fields=["submitted_at"])
    payment_recorded(workshop=workshop, amount=5_000_000, year=1404, month=9)
    SubmittedListFactory(
        workshop=workshop, year=1405, month=3, submitted_at=_tehran_noon(1405, 5, 2)
    )
    return owner


def test_every_month_since_the_start_appears_with_its_state(workshop_of_fourteen_months):
    # Given a workshop started fourteen months ago with two lists sent
    workshop = workshop_of_fourteen_months.workshop
    # When its months are read
    overview = monthly_lists_overview(workshop=workshop)
    # Then every month from Mehr 1404 to Aban 1405 is there, newest first
    expected = _months_from(1404, 7, until=(1405, 8))
    assert len(expected) == 14
    assert [(m.year, m.month) for m in overview] == list(reversed(expected))
    # (sent, late, paid) of each month
    state = {(m.year, m.month): (m.in_force is not None, m.is_late, m.is_paid) for m in overview}
    # And Azar 1404 is sent on time and paid, Khordad 1405 sent late and unpaid
    assert state.pop((1404, 9)) == (True, False, True)
    assert state.pop((1405, 3)) == (True, True, False)
    # And Aban 1405 is not sent but still in time; every other month is past its deadline unsent
    assert state.pop((1405, 8)) == (False, False, False)
    assert set(state.values()) == {(False, True, False)}


def test_the_lists_page_groups_the_months_by_year_with_the_unsent_count(
    client, workshop_of_fourteen_months
):
    # Given the same workshop, its owner signed in
    client.force_login(workshop_of_fourteen_months.user)
    workshop = workshop_of_fourteen_months.workshop
    # When the owner opens the lists page
    page = client.get(reverse("employers:lists", args=[workshop.pk])).content.decode()
    # Then every month is on it, 1405 first, 1404 with its five months never sent
    for year, month in _months_from(1404, 7, until=(1405, 8)):
        assert format_period(year, month) in page
    assert page.index("سال ۱۴۰۵") < page.index("سال ۱۴۰۴")
    assert [(y.year, y.overdue) for y in monthly_lists_by_year(workshop=workshop)] == [
        (1405, 6),
        (1404, 5),
    ]
    assert "۵ ماه ارسال نشده" in page
    assert page.count("مهلت گذشته") == 11
    assert page.count("ارسال با تأخیر") == 1
    assert page.count("حق بیمه پرداخت شده") == 1


def test_without_a_known_start_the_months_run_from_the_first_list(time_machine):
    # Given a workshop registered before the start date was asked, its first list Dey 1404
    time_machine.move_to(TODAY, tick=False)
    workshop = WorkshopFactory(started_on=None)
    SubmittedListFactory(workshop=workshop, year=1404, month=10)
    # When its months are read
    overview = monthly_lists_overview(workshop=workshop)
    # Then they run from Dey 1404 to the month due now, gaps included
    assert [(m.year, m.month) for m in overview] == list(
        reversed(_months_from(1404, 10, until=(1405, 8)))
    )
