"""No double booking under concurrency: real parallel transactions on PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from branches.models import Booking, BookingStatus, Slot
from branches.services.appointments import booking_create
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tests.accounts.factories import UserFactory
from tests.branches.factories_appointments import BookingFactory, SlotFactory

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20


def _race(people, slot_id: int) -> Counter:
    """Every person (one thread each) books `slot_id` at the same instant; count the outcomes."""
    barrier = threading.Barrier(len(people))

    def attempt(person) -> str:
        try:
            barrier.wait(timeout=30)
            booking_create(person=person, slot_id=slot_id)
        except ApplicationError as exc:
            return exc.code
        finally:
            connection.close()  # each thread opened its own connection
        return "booked"

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        return Counter(pool.map(attempt, people))


def test_twenty_people_racing_for_the_last_seats_fill_exactly_the_capacity(postgres_required):
    # Given a 5-seat slot with 2 seats already taken: 3 are left
    slot = SlotFactory(capacity=5)
    BookingFactory.create_batch(2, slot=slot)
    people = UserFactory.create_batch(THREADS)

    # When 20 people press «book» at the same moment
    outcomes = _race(people, slot.pk)

    # Then exactly 3 got a seat and 17 the Persian «full» error; the slot is exactly full
    assert outcomes == Counter({"booked": 3, "slot_full": THREADS - 3})
    slot.refresh_from_db()
    assert slot.booked == slot.capacity == 5
    assert Booking.objects.filter(slot=slot, status=BookingStatus.BOOKED).count() == 5
    assert (
        Notification.objects.filter(template_key="appointment_confirmed", channel="sms").count()
        == 3
    )


def test_one_person_double_submitting_holds_one_booking(postgres_required):
    # Given a slot with plenty of seats
    slot = SlotFactory(capacity=10)
    person = UserFactory()

    # When the same person's «book» arrives 20 times at once (double clicks, two tabs)
    outcomes = _race([person] * THREADS, slot.pk)

    # Then one booking is live, one seat is taken and one SMS goes out
    assert outcomes["booked"] == 1
    assert set(outcomes) <= {"booked", "booking_duplicate", "booking_same_day"}
    assert Booking.objects.filter(person=person, status=BookingStatus.BOOKED).count() == 1
    assert Slot.objects.get(pk=slot.pk).booked == 1
    assert Notification.objects.filter(user=person, channel="sms").count() == 1
