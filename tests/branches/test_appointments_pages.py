"""Appointment pages: choose, book, see, cancel, reschedule; staff check-in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import Booking, BookingStatus
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.branches.factories import StaffMembershipFactory
from tests.branches.factories_appointments import (
    AppointmentServiceFactory,
    BookingFactory,
    SlotFactory,
    calendar_day_params,
)

pytestmark = pytest.mark.django_db


def test_places_page_lists_bookable_branches_in_few_queries(client, django_assert_max_num_queries):
    # Given three branches with services
    services = AppointmentServiceFactory.create_batch(3)

    # When anyone opens the page
    with django_assert_max_num_queries(6):
        response = client.get(reverse("branches:appointments"))

    # Then every branch is linked to its services page
    assert response.status_code == 200
    html = response.content.decode()
    for service in services:
        assert reverse("branches:appointment_services", args=["branch", service.branch_id]) in html


def test_services_page_of_a_place_and_404_for_unknown(client):
    service = AppointmentServiceFactory(name="تعویض دفترچه")
    response = client.get(
        reverse("branches:appointment_services", args=["branch", service.branch_id])
    )
    assert response.status_code == 200
    assert "تعویض دفترچه" in response.content.decode()
    assert (
        client.get(
            reverse("branches:appointment_services", args=["centre", service.branch_id])
        ).status_code
        == 404
    )


def test_calendar_shows_the_month_then_the_days_free_times_in_persian_digits(client):
    # Given a free slot tomorrow at 09:15
    slot = SlotFactory(
        starts_at=timezone.localtime(SlotFactory().starts_at).replace(hour=9, minute=15)
    )
    url = reverse("branches:appointment_calendar", args=[slot.service_id])

    # When an anonymous visitor opens the calendar on that day
    response = client.get(url, calendar_day_params(slot))

    # Then the day's time is shown in Persian digits, with a sign-in link instead of buttons
    html = response.content.decode()
    assert response.status_code == 200
    assert "۰۹:۱۵" in html
    assert reverse("accounts:login") in html
    assert 'name="slot_id"' not in html

    # And signed in, the time is a booking button
    client.force_login(UserFactory())
    html = client.get(url, calendar_day_params(slot)).content.decode()
    assert f'value="{slot.pk}"' in html


def test_booking_through_the_page_shows_the_code_and_queues_the_sms(client):
    # Given a signed-in citizen and a free slot
    person = UserFactory()
    slot = SlotFactory()
    client.force_login(person)

    # When they press the time
    response = client.post(reverse("branches:appointment_book"), {"slot_id": slot.pk}, follow=True)

    # Then «my appointments» shows the booking code and an SMS carries it
    booking = Booking.objects.get(person=person)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("branches:my_appointments")
    assert booking.code in html
    assert "نوبت شما ثبت شد" in html
    assert booking.code in Notification.objects.get(channel="sms", user=person).body


def test_booking_a_full_slot_shows_the_persian_error_and_changes_nothing(client):
    # Given a full slot
    slot = BookingFactory().slot
    person = UserFactory()
    client.force_login(person)
    back = reverse("branches:appointment_calendar", args=[slot.service_id])

    # When another person tries it
    response = client.post(
        reverse("branches:appointment_book"), {"slot_id": slot.pk, "back": back}, follow=True
    )

    # Then they are back on the calendar with the reason; no booking, no message
    assert response.redirect_chain[-1][0] == back
    assert "ظرفیت این نوبت تکمیل شده است" in response.content.decode()
    assert not Booking.objects.filter(person=person).exists()
    slot.refresh_from_db()
    assert slot.booked == 1


def test_booking_needs_sign_in_and_never_redirects_off_site(client):
    slot = SlotFactory()
    response = client.post(reverse("branches:appointment_book"), {"slot_id": slot.pk})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]

    client.force_login(UserFactory())
    full = BookingFactory().slot
    response = client.post(
        reverse("branches:appointment_book"), {"slot_id": full.pk, "back": "https://evil.example/"}
    )
    assert response["Location"] == reverse("branches:appointments")


def test_my_appointments_lists_only_mine_in_few_queries(client, django_assert_max_num_queries):
    person = UserFactory()
    mine = BookingFactory.create_batch(3, person=person)
    theirs = BookingFactory()
    client.force_login(person)
    with django_assert_max_num_queries(8):
        html = client.get(reverse("branches:my_appointments")).content.decode()
    assert all(booking.code in html for booking in mine)
    assert theirs.code not in html


def test_cancel_and_reschedule_of_someone_elses_booking_is_404(client):
    theirs = BookingFactory()
    client.force_login(UserFactory())
    assert client.post(reverse("branches:appointment_cancel", args=[theirs.pk])).status_code == 404
    assert (
        client.get(reverse("branches:appointment_reschedule", args=[theirs.pk])).status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.status == BookingStatus.BOOKED


def test_cancel_and_reschedule_through_the_pages(client):
    # Given a booking and a free later slot of the same service
    booking = BookingFactory()
    later = SlotFactory(
        service=booking.slot.service, starts_at=booking.slot.starts_at + dt.timedelta(hours=1)
    )
    client.force_login(booking.person)

    # When the person opens the reschedule page on the later slot's day and picks it
    url = reverse("branches:appointment_reschedule", args=[booking.pk])
    page = client.get(url, calendar_day_params(later)).content.decode()
    assert f'value="{later.pk}"' in page
    response = client.post(url, {"slot_id": later.pk}, follow=True)

    # Then the booking moved
    booking.refresh_from_db()
    assert booking.slot_id == later.pk
    assert "منتقل شد" in response.content.decode()

    # When they cancel it
    response = client.post(reverse("branches:appointment_cancel", args=[booking.pk]), follow=True)

    # Then it is cancelled and the seat is free
    booking.refresh_from_db()
    later.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert later.booked == 0
    assert "لغو شد" in response.content.decode()


def test_staff_checkin_page_lists_today_and_checks_in_by_code(client):
    # Given a booking later today at a branch and its staff member
    now = timezone.localtime()
    if now.hour >= 23:
        pytest.skip("needs a slot later today")
    slot = SlotFactory(starts_at=now + dt.timedelta(minutes=30))
    if timezone.localtime(slot.starts_at).date() != now.date():
        pytest.skip("needs a slot later today")
    booking = BookingFactory(slot=slot)
    staff = StaffMembershipFactory(branch=slot.service.branch).user
    client.force_login(staff)
    url = reverse("branches:staff_checkin")

    # When staff open the page, the booking is listed
    assert booking.code in client.get(url).content.decode()

    # And typing its code marks the person present
    response = client.post(url, {"code": booking.code.lower()}, follow=True)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED
    assert "پذیرش نوبت" in response.content.decode()

    # A wrong code shows the Persian error on the field
    response = client.post(url, {"code": "ZZZZ2222"})
    assert "نوبتی با این کد در شعبه شما پیدا نشد" in response.content.decode()


def test_staff_checkin_page_is_404_for_citizens(client):
    client.force_login(UserFactory())
    assert client.get(reverse("branches:staff_checkin")).status_code == 404
