"""Booking, moving and cancelling an appointment each send an SMS, so each asks once: a
confirmation page (GET: what will happen, nothing done) whose one button POSTs."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import Booking, BookingStatus, Slot
from notifications.models import Notification
from tamin.core.jalali import format_jalali_date, persian_digits
from tests.accounts.factories import UserFactory
from tests.branches.factories_appointments import (
    BookingFactory,
    SlotFactory,
    calendar_day_params,
    tomorrow_at,
)

pytestmark = pytest.mark.django_db


def _confirm_form(html: str) -> tuple[str, dict]:
    """The confirmation page's POST form: its action and its fields."""
    form = re.search(
        r'<form method="post" action="([^"]+)"[^>]*data-testid="appointment-confirm-form">(.*?)</form>',
        html,
        re.S,
    )
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2)))
    return form.group(1), fields


def _shows_what_will_happen(html: str, slot: Slot, mobile: str) -> None:
    place = slot.service.branch or slot.service.medical_centre
    local = timezone.localtime(slot.starts_at)
    assert place.name in html
    assert slot.service.name in html
    assert format_jalali_date(local, long=True) in html
    assert persian_digits(local.strftime("%H:%M")) in html
    assert f"به شمارهٔ {persian_digits(mobile)} فرستاده می‌شود" in html


def test_a_time_on_the_calendar_opens_the_confirmation_and_only_its_button_books(client):
    # Given a signed-in citizen on the calendar day of a free slot
    person = UserFactory()
    slot = SlotFactory()
    client.force_login(person)
    calendar = client.get(
        reverse("branches:appointment_calendar", args=[slot.service_id]), calendar_day_params(slot)
    ).content.decode()
    # When they tap the time (the calendar's form is a GET to the confirmation page)
    tap = re.search(
        r'<form method="(\w+)" action="([^"]+)">\s*<input type="hidden" name="slot_id"', calendar
    )
    assert tap.groups() == ("get", reverse("branches:appointment_book"))
    page = client.get(reverse("branches:appointment_book"), {"slot_id": slot.pk})
    # Then the page says where, what, which Jalali day and time, and the SMS; nothing is booked
    html = page.content.decode()
    assert page.status_code == 200
    _shows_what_will_happen(html, slot, person.mobile)
    assert "پیامک تأیید" in html
    assert not Booking.objects.exists()
    assert not Notification.objects.exists()
    slot.refresh_from_db()
    assert slot.booked == 0
    # When they press its confirm button
    action, fields = _confirm_form(html)
    response = client.post(action, fields, follow=True)
    # Then the booking is made and its SMS queued
    booking = Booking.objects.get(person=person)
    assert "نوبت شما ثبت شد" in response.content.decode()
    assert booking.code in Notification.objects.get(channel="sms", user=person).body


def test_cancelling_asks_first_and_only_the_confirm_post_cancels(client):
    # Given a booking ahead, its owner on «my appointments»
    booking = BookingFactory()
    client.force_login(booking.person)
    mine = client.get(reverse("branches:my_appointments")).content.decode()
    cancel_url = reverse("branches:appointment_cancel", args=[booking.pk])
    # When they tap «cancel» (a link, not a form that cancels)
    assert f'href="{cancel_url}"' in mine
    assert f'action="{cancel_url}"' not in mine
    page = client.get(cancel_url)
    # Then the page shows the booking and the SMS to come; nothing is cancelled, no SMS
    html = page.content.decode()
    assert page.status_code == 200
    _shows_what_will_happen(html, booking.slot, booking.person.mobile)
    assert "پیامک لغو" in html
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    assert not Notification.objects.filter(template_key="appointment_cancelled").exists()
    # When they confirm
    action, fields = _confirm_form(html)
    client.post(action, fields)
    # Then it is cancelled and the SMS queued
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert Notification.objects.filter(template_key="appointment_cancelled", channel="sms").exists()


def test_moving_a_booking_asks_first(client):
    # Given a booking at 9:00 tomorrow and a free slot of its service at 12:00 (times set
    # here: the factory's sequence of times once put the booking itself at 12:00)
    booking = BookingFactory(slot=SlotFactory(starts_at=tomorrow_at(9)))
    later = SlotFactory(service=booking.slot.service, starts_at=tomorrow_at(12))
    client.force_login(booking.person)
    url = reverse("branches:appointment_reschedule", args=[booking.pk])
    # When the later time is chosen
    html = client.get(url, {"slot_id": later.pk}).content.decode()
    # Then the confirmation shows it and nothing moved yet
    _shows_what_will_happen(html, later, booking.person.mobile)
    booking.refresh_from_db()
    assert booking.slot_id != later.pk
    # When confirmed, it moves
    action, fields = _confirm_form(html)
    client.post(action, fields)
    booking.refresh_from_db()
    assert booking.slot_id == later.pk


def test_no_confirmation_page_for_someone_elses_booking_or_a_full_slot(client):
    # Given someone else's booking, a full slot and a signed-in citizen
    theirs = BookingFactory()
    full = SlotFactory(capacity=1, booked=1)
    client.force_login(UserFactory())
    # When / then: someone else's booking is a 404; a full slot goes back with a message
    assert client.get(reverse("branches:appointment_cancel", args=[theirs.pk])).status_code == 404
    response = client.get(reverse("branches:appointment_book"), {"slot_id": full.pk}, follow=True)
    assert "این ساعت دیگر خالی نیست" in response.content.decode()
