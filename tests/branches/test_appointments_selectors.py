"""Appointment reads: places, services, the Jalali calendar and who may see which booking."""

from __future__ import annotations

import datetime as dt

import jdatetime
import pytest
from django.http import Http404
from django.utils import timezone

from branches.selectors.appointments import (
    PLACE_BRANCH,
    PLACE_CENTRE,
    appointment_calendar_month,
    appointment_place_get,
    appointment_places_list,
    appointment_service_get,
    booking_get_for_person,
    booking_list_for_person,
    bookings_for_staff_day,
    calendar_day_parse,
    calendar_month_parse,
    services_for_place,
    slots_for_service,
)
from branches.services.appointments import booking_cancel
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory, HolidayFactory, StaffMembershipFactory
from tests.branches.factories_appointments import (
    AppointmentServiceFactory,
    BookingFactory,
    CentreServiceFactory,
    SlotFactory,
    tehran,
)

pytestmark = pytest.mark.django_db


def test_places_are_those_with_an_active_service_filtered_by_province_and_city():
    # Given a branch with a service, one without, one with only an inactive service, and a centre
    service = AppointmentServiceFactory()
    BranchFactory()
    AppointmentServiceFactory(is_active=False)
    centre_service = CentreServiceFactory()
    branch = service.branch

    # Then only the bookable places are listed, by kind and by area
    assert list(appointment_places_list(kind=PLACE_BRANCH)) == [branch]
    assert list(appointment_places_list(kind=PLACE_CENTRE)) == [centre_service.medical_centre]
    assert list(
        appointment_places_list(
            kind=PLACE_BRANCH, province_id=branch.province_id, city_id=branch.city_id
        )
    ) == [branch]
    assert not appointment_places_list(kind=PLACE_BRANCH, province_id=branch.province_id + 999)
    assert list(services_for_place(place=branch)) == [service]


def test_place_and_service_lookups_are_404_for_unknown_or_inactive():
    service = AppointmentServiceFactory()
    assert appointment_place_get(kind=PLACE_BRANCH, place_id=service.branch_id) == service.branch
    for kind, place_id in ((PLACE_CENTRE, service.branch_id), ("nope", service.branch_id)):
        with pytest.raises(Http404):
            appointment_place_get(kind=kind, place_id=place_id)
    assert appointment_service_get(service_id=service.pk) == service
    inactive = AppointmentServiceFactory(is_active=False)
    closed_branch = AppointmentServiceFactory(branch=BranchFactory(is_active=False))
    for service_id in (inactive.pk, closed_branch.pk, 999_999):
        with pytest.raises(Http404):
            appointment_service_get(service_id=service_id)


def test_slots_for_service_lists_only_future_free_slots_of_those_days():
    # Given a service with a free, a full and a past slot
    service = AppointmentServiceFactory()
    free = SlotFactory(service=service)
    BookingFactory(slot=SlotFactory(service=service))
    SlotFactory(service=service, starts_at=timezone.now() - dt.timedelta(minutes=5))
    day = timezone.localtime(free.starts_at).date()

    # Then the day's free list holds the free one only
    assert list(
        slots_for_service(service_id=service.pk, from_date=day - dt.timedelta(days=1), to_date=day)
    ) == [free]


def test_calendar_month_counts_free_seats_and_marks_fridays_and_holidays(django_assert_num_queries):
    # Given a service with 3 free seats on 4 Azar 1408 and a holiday on the 5th
    service = AppointmentServiceFactory()
    day = jdatetime.date(1408, 9, 4).togregorian()
    SlotFactory(service=service, starts_at=tehran(day, 8), capacity=2)
    SlotFactory(service=service, starts_at=tehran(day, 9), capacity=1)
    HolidayFactory(date=day + dt.timedelta(days=1))

    # When the month is built (two queries: slots and holidays)
    with django_assert_num_queries(2):
        month = appointment_calendar_month(service=service, year=1408, month=9, selected=day)

    # Then weeks run Saturday → Friday, the 4th has 3 seats, the 5th and Fridays are off
    days = [cell for week in month.weeks for cell in week if cell]
    assert len(days) == 30
    assert all(len(week) == 7 for week in month.weeks)
    fourth = days[3]
    assert (fourth.day, fourth.free_seats, fourth.is_selected, fourth.param) == (
        4,
        3,
        True,
        "1408-09-04",
    )
    assert days[4].is_off
    assert all(week[6].is_off for week in month.weeks if week[6])
    assert month.title == "آذر ۱۴۰۸"
    assert month.param == "1408-09"


def test_calendar_params_are_parsed_and_clamped():
    today = timezone.localdate()
    this = jdatetime.date.fromgregorian(date=today)
    assert calendar_month_parse("garbage") == (this.year, this.month)
    assert calendar_month_parse("1300-01") == (this.year, this.month)
    assert calendar_month_parse("1500-13") == (this.year, this.month)
    assert calendar_month_parse(f"{this.year + 5}-01")[0] <= this.year + 1
    assert calendar_day_parse("1404-09-04") == jdatetime.date(1404, 9, 4).togregorian()
    assert calendar_day_parse("1404-13-40") is None
    assert calendar_day_parse(None) is None


def test_a_person_sees_only_their_own_bookings():
    # Given two people's bookings
    mine = BookingFactory()
    theirs = BookingFactory()

    # Then the list and the lookup are scoped to the person; a stranger gets 404
    assert list(booking_list_for_person(person=mine.person)) == [mine]
    assert booking_get_for_person(person=mine.person, booking_id=mine.pk) == mine
    with pytest.raises(Http404):
        booking_get_for_person(person=mine.person, booking_id=theirs.pk)
    with pytest.raises(Http404):
        booking_get_for_person(person=mine.person, booking_id=999_999)


def test_staff_day_lists_the_branchs_bookings_except_cancelled_and_404s_for_strangers():
    # Given two bookings at a branch tomorrow, one cancelled, and one at another branch
    booking = BookingFactory()
    branch = booking.slot.service.branch
    cancelled = BookingFactory(slot=SlotFactory(service=booking.slot.service))
    booking_cancel(person=cancelled.person, booking_id=cancelled.pk)
    BookingFactory()
    staff = StaffMembershipFactory(branch=branch).user
    day = timezone.localtime(booking.slot.starts_at).date()

    # Then staff of the branch see the live one
    assert list(bookings_for_staff_day(user=staff, branch_id=branch.pk, day=day)) == [booking]

    # And anyone else gets 404, staff of another branch included
    for stranger in (UserFactory(), StaffMembershipFactory().user):
        with pytest.raises(Http404):
            bookings_for_staff_day(user=stranger, branch_id=branch.pk, day=day)
