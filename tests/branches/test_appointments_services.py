"""Appointment rules at the service layer: slots, booking, cancel, reschedule, check-in, reminders."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from branches.models import Booking, BookingStatus, Slot, Survey
from branches.services.appointments import (
    BOOKING_CODE_ALPHABET,
    booking_cancel,
    booking_check_in,
    booking_create,
    booking_reschedule,
    booking_send_reminders,
    slots_generate,
    slots_top_up,
)
from branches.tasks import appointment_reminders_task, appointment_slots_top_up_task
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import persian_digits
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories import (
    BranchFactory,
    CityFactory,
    HolidayFactory,
    StaffMembershipFactory,
)
from tests.branches.factories_appointments import (
    AppointmentServiceFactory,
    BookingFactory,
    CentreServiceFactory,
    ServiceScheduleFactory,
    SlotFactory,
    tehran,
    tomorrow_at,
)

pytestmark = pytest.mark.django_db

SATURDAY = dt.date(2030, 1, 5)  # a Saturday, far enough ahead to be "future"
CODE_RE = re.compile(rf"^[{BOOKING_CODE_ALPHABET}]{{8}}$")


# --- slots_generate --------------------------------------------------------------------


def test_slots_generate_follows_the_weekly_schedule_and_is_idempotent():
    # Given a service open Saturdays 08:00–09:00, 15-minute slots, 2 seats each
    schedule = ServiceScheduleFactory(
        weekday=0, start_time=dt.time(8), end_time=dt.time(9), capacity_per_slot=2
    )
    service = schedule.service

    # When two weeks of slots are generated, twice
    created = slots_generate(service=service, from_date=SATURDAY, days=14)
    again = slots_generate(service=service, from_date=SATURDAY, days=14)

    # Then each of the two Saturdays has four slots in Tehran time, and the rerun added none
    assert (created, again) == (8, 0)
    starts = [timezone.localtime(s.starts_at) for s in Slot.objects.filter(service=service)]
    assert {s.date() for s in starts} == {SATURDAY, SATURDAY + dt.timedelta(days=7)}
    assert sorted({s.strftime("%H:%M") for s in starts}) == ["08:00", "08:15", "08:30", "08:45"]
    assert set(Slot.objects.filter(service=service).values_list("capacity", flat=True)) == {2}


def test_slots_generate_skips_fridays_holidays_and_past_times():
    # Given a Friday schedule, a Saturday schedule and a holiday on the second Saturday
    service = AppointmentServiceFactory(slot_minutes=30)
    ServiceScheduleFactory(service=service, weekday=6, start_time=dt.time(8), end_time=dt.time(9))
    ServiceScheduleFactory(service=service, weekday=0, start_time=dt.time(8), end_time=dt.time(9))
    HolidayFactory(date=SATURDAY + dt.timedelta(days=7))

    # When generating from the first Saturday at 08:10 Tehran time
    created = slots_generate(
        service=service, from_date=SATURDAY, days=14, now=tehran(SATURDAY, 8, 10)
    )

    # Then only 08:30 of the first Saturday is created (08:00 is past, Friday and holiday are off)
    assert created == 1
    slot = Slot.objects.get(service=service)
    assert timezone.localtime(slot.starts_at) == tehran(SATURDAY, 8, 30)


def test_slots_top_up_generates_for_every_active_service():
    # Given two services open every working day
    for service in (AppointmentServiceFactory(), AppointmentServiceFactory(is_active=False)):
        for weekday in range(6):
            ServiceScheduleFactory(
                service=service, weekday=weekday, start_time=dt.time(8), end_time=dt.time(9)
            )

    # When topping up 7 days
    created = slots_top_up(days=7, now=tehran(SATURDAY, 6))

    # Then only the active service got slots: 6 working days × 4 slots
    assert created == 24
    assert Slot.objects.filter(service__is_active=False).count() == 0


# --- booking_create --------------------------------------------------------------------


def test_booking_takes_a_seat_and_texts_the_code():
    # Given a citizen and a free slot tomorrow at a branch
    person = UserFactory(mobile="09121234567")
    slot = SlotFactory(capacity=2, starts_at=tomorrow_at(9, 30))

    # When they book it
    booking = booking_create(person=person, slot_id=slot.pk)

    # Then a seat is taken, the code is short and unambiguous, and SMS + inbox confirm it
    slot.refresh_from_db()
    assert slot.booked == 1
    assert booking.status == BookingStatus.BOOKED
    assert CODE_RE.match(booking.code)
    sms = Notification.objects.get(template_key="appointment_confirmed", channel="sms")
    assert sms.to_address == "09121234567"
    assert booking.code in sms.body
    assert persian_digits(slot.service.branch.name) in sms.body  # digits in a message are Persian
    assert "۰۹:۳۰" in sms.body
    assert Notification.objects.filter(
        template_key="appointment_confirmed", channel="inbox", user=person
    ).exists()
    assert AuditLog.objects.filter(action="appointment.booked", target_id=str(booking.pk)).exists()


def test_booking_a_full_slot_is_refused_in_persian_and_changes_nothing():
    # Given a slot whose only seat is taken
    slot = BookingFactory().slot
    other = UserFactory()

    # When someone else tries to book it
    with pytest.raises(ApplicationError) as caught:
        booking_create(person=other, slot_id=slot.pk)

    # Then a clear Persian error; no booking, no seat, no message
    assert caught.value.code == "slot_full"
    assert "ظرفیت این نوبت تکمیل شده است" in caught.value.message
    slot.refresh_from_db()
    assert slot.booked == 1
    assert not Booking.objects.filter(person=other).exists()
    assert not Notification.objects.filter(user=other).exists()


def test_booking_a_past_slot_is_refused():
    # Given a slot that started an hour ago
    slot = SlotFactory(starts_at=timezone.now() - dt.timedelta(hours=1), capacity=3)

    # When a person tries to book it
    with pytest.raises(ApplicationError) as caught:
        booking_create(person=UserFactory(), slot_id=slot.pk)

    # Then it is refused and the slot is untouched
    assert caught.value.code == "slot_past"
    assert "گذشته" in caught.value.message
    slot.refresh_from_db()
    assert slot.booked == 0


def test_a_missing_or_inactive_slot_is_refused():
    slot = SlotFactory(service=AppointmentServiceFactory(is_active=False))
    for slot_id in (slot.pk, 999_999):
        with pytest.raises(ApplicationError) as caught:
            booking_create(person=UserFactory(), slot_id=slot_id)
        assert caught.value.code == "slot_missing"


def test_the_same_slot_twice_is_refused():
    # Given a person holding a seat of a two-seat slot
    booking = BookingFactory(slot=SlotFactory(capacity=2))

    # When they submit the same slot again
    with pytest.raises(ApplicationError) as caught:
        booking_create(person=booking.person, slot_id=booking.slot_id)

    # Then they still hold exactly one seat
    assert caught.value.code == "booking_duplicate"
    booking.slot.refresh_from_db()
    assert booking.slot.booked == 1


def test_a_second_booking_of_the_same_service_on_the_same_day_is_refused():
    # Given a booking at 08:00 tomorrow
    booking = BookingFactory(slot=SlotFactory(starts_at=tomorrow_at(8)))
    later = SlotFactory(service=booking.slot.service, starts_at=tomorrow_at(11))

    # When the same person books 11:00 of the same service
    with pytest.raises(ApplicationError) as caught:
        booking_create(person=booking.person, slot_id=later.pk)

    # Then it is refused; another service the same day is fine
    assert caught.value.code == "booking_same_day"
    other_service = SlotFactory(starts_at=tomorrow_at(11))
    assert booking_create(person=booking.person, slot_id=other_service.pk).pk


def test_a_cancelled_booking_does_not_block_booking_again():
    # Given a person cancelled their booking
    booking = BookingFactory()
    booking_cancel(person=booking.person, booking_id=booking.pk)

    # When they book the same slot again
    again = booking_create(person=booking.person, slot_id=booking.slot_id)

    # Then they hold it again
    assert again.status == BookingStatus.BOOKED


# --- booking_cancel -----------------------------------------------------------------------


def test_cancel_frees_the_seat_and_texts_it():
    # Given a booked slot
    booking = BookingFactory()

    # When the person cancels
    booking_cancel(person=booking.person, booking_id=booking.pk)

    # Then the booking is cancelled, the seat is free and an SMS says so
    booking.refresh_from_db()
    booking.slot.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.cancelled_at is not None
    assert booking.slot.booked == 0
    sms = Notification.objects.get(template_key="appointment_cancelled", channel="sms")
    assert booking.code in sms.body
    assert AuditLog.objects.filter(action="appointment.cancelled").count() == 1


def test_cancel_twice_or_anothers_booking_or_a_past_one_is_refused():
    booking = BookingFactory()
    booking_cancel(person=booking.person, booking_id=booking.pk)

    # A second cancel: the seat is not freed twice
    with pytest.raises(ApplicationError) as caught:
        booking_cancel(person=booking.person, booking_id=booking.pk)
    assert caught.value.code == "booking_not_live"

    # Someone else's booking is simply not found
    other = BookingFactory()
    with pytest.raises(ApplicationError) as caught:
        booking_cancel(person=UserFactory(), booking_id=other.pk)
    assert caught.value.code == "booking_missing"

    # A booking whose time has passed
    with pytest.raises(ApplicationError) as caught:
        booking_cancel(
            person=other.person,
            booking_id=other.pk,
            now=other.slot.starts_at + dt.timedelta(minutes=1),
        )
    assert caught.value.code == "booking_past"
    other.slot.refresh_from_db()
    assert other.slot.booked == 1


# --- booking_reschedule ------------------------------------------------------------------


def test_reschedule_takes_the_new_seat_and_frees_the_old_one_keeping_the_code():
    # Given a booking at 08:00 tomorrow and a free slot at 10:00 of the same service
    booking = BookingFactory(slot=SlotFactory(starts_at=tomorrow_at(8)))
    old_slot = booking.slot
    new_slot = SlotFactory(service=old_slot.service, starts_at=tomorrow_at(10))

    # When the person moves it (same day is fine: it replaces the old one)
    moved = booking_reschedule(
        person=booking.person, booking_id=booking.pk, new_slot_id=new_slot.pk
    )

    # Then the booking keeps its code on the new slot; seats follow
    old_slot.refresh_from_db()
    new_slot.refresh_from_db()
    assert (moved.slot_id, moved.code) == (new_slot.pk, booking.code)
    assert (old_slot.booked, new_slot.booked) == (0, 1)
    sms = Notification.objects.filter(template_key="appointment_confirmed", channel="sms").get()
    assert "جابه‌جا" in sms.body
    assert "۱۰:۰۰" in sms.body


def test_reschedule_to_a_full_slot_leaves_the_old_booking_alone():
    # Given a booking and a full slot of the same service
    booking = BookingFactory()
    full = BookingFactory(slot=SlotFactory(service=booking.slot.service)).slot

    # When moving into the full slot
    with pytest.raises(ApplicationError) as caught:
        booking_reschedule(person=booking.person, booking_id=booking.pk, new_slot_id=full.pk)

    # Then the error is the Persian "full" one and nothing moved
    assert caught.value.code == "slot_full"
    booking.refresh_from_db()
    booking.slot.refresh_from_db()
    full.refresh_from_db()
    assert booking.slot.booked == 1
    assert full.booked == 1
    assert booking.status == BookingStatus.BOOKED


def test_reschedule_to_another_service_is_refused():
    booking = BookingFactory()
    elsewhere = SlotFactory()
    with pytest.raises(ApplicationError) as caught:
        booking_reschedule(person=booking.person, booking_id=booking.pk, new_slot_id=elsewhere.pk)
    assert caught.value.code == "booking_other_service"
    elsewhere.refresh_from_db()
    assert elsewhere.booked == 0


# --- booking_check_in ----------------------------------------------------------------------


def test_staff_of_the_branch_check_a_person_in_and_a_survey_is_offered():
    # Given a booking at a branch and a member of that branch's staff, on the day
    booking = BookingFactory()
    staff = StaffMembershipFactory(branch=booking.slot.service.branch).user
    on_the_day = booking.slot.starts_at - dt.timedelta(minutes=20)

    # When staff type the code in lower case with Persian digits allowed
    checked = booking_check_in(staff_user=staff, booking_code=booking.code.lower(), now=on_the_day)

    # Then the booking is attended and the person is invited to a survey about it
    assert checked.status == BookingStatus.ATTENDED
    assert checked.checked_in_by == staff
    survey = Survey.objects.get(booking=booking)
    assert survey.respondent == booking.person
    assert survey.branch == booking.slot.service.branch

    # And a second check-in is refused
    with pytest.raises(ApplicationError) as caught:
        booking_check_in(staff_user=staff, booking_code=booking.code, now=on_the_day)
    assert caught.value.code == "booking_not_live"


def test_staff_of_another_branch_or_a_wrong_code_or_another_day_cannot_check_in():
    booking = BookingFactory()
    on_the_day = booking.slot.starts_at - dt.timedelta(minutes=20)
    stranger = StaffMembershipFactory().user
    for user, code in ((stranger, booking.code), (stranger, "ZZZZZZZZ")):
        with pytest.raises(ApplicationError) as caught:
            booking_check_in(staff_user=user, booking_code=code, now=on_the_day)
        assert caught.value.code == "booking_not_found"

    staff = StaffMembershipFactory(branch=booking.slot.service.branch).user
    with pytest.raises(ApplicationError) as caught:
        booking_check_in(
            staff_user=staff, booking_code=booking.code, now=on_the_day - dt.timedelta(days=1)
        )
    assert caught.value.code == "booking_not_today"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_medical_centre_check_in_is_for_staff_of_a_branch_in_the_same_province():
    # Given a booking at a medical centre
    booking = BookingFactory(slot=SlotFactory(service=CentreServiceFactory()))
    centre = booking.slot.service.medical_centre
    on_the_day = booking.slot.starts_at - dt.timedelta(minutes=5)
    far_away = StaffMembershipFactory().user
    nearby = StaffMembershipFactory(
        branch=BranchFactory(city=CityFactory(province=centre.province))
    ).user

    # When staff of a branch in another province try, it is refused
    with pytest.raises(ApplicationError):
        booking_check_in(staff_user=far_away, booking_code=booking.code, now=on_the_day)

    # Then staff of a branch of the same province may check the person in
    checked = booking_check_in(staff_user=nearby, booking_code=booking.code, now=on_the_day)
    assert checked.status == BookingStatus.ATTENDED
    assert Survey.objects.get(booking=booking).medical_centre == centre


# --- booking_send_reminders -----------------------------------------------------------------


def test_reminders_go_once_to_tomorrows_live_bookings():
    # Given bookings tomorrow (one live, one cancelled) and one the day after
    today_noon = tehran(timezone.localdate(), 12)
    live = BookingFactory(slot=SlotFactory(starts_at=tomorrow_at(9)))
    cancelled = BookingFactory(slot=SlotFactory(starts_at=tomorrow_at(10)))
    booking_cancel(person=cancelled.person, booking_id=cancelled.pk)
    later = BookingFactory(slot=SlotFactory(starts_at=tomorrow_at(9) + dt.timedelta(days=1)))

    # When the beat runs twice
    first = booking_send_reminders(now=today_noon)
    second = booking_send_reminders(now=today_noon + dt.timedelta(hours=1))

    # Then one SMS went, to the live booking of tomorrow only
    assert (first, second) == (1, 0)
    reminders = Notification.objects.filter(template_key="appointment_reminder")
    assert [r.user_id for r in reminders] == [live.person_id]
    assert live.code in reminders.get().body
    assert "فردا" in reminders.get().body
    live.refresh_from_db()
    later.refresh_from_db()
    assert live.reminder_sent_at is not None
    assert later.reminder_sent_at is None


def test_beat_tasks_call_the_services():
    # Given a live booking tomorrow and an active service with a schedule
    BookingFactory(slot=SlotFactory(starts_at=tomorrow_at(9)))
    for weekday in range(6):
        ServiceScheduleFactory(weekday=weekday)

    # When beat runs them (eagerly here), then they do the work once
    assert appointment_reminders_task.delay().get() == 1
    assert appointment_reminders_task.delay().get() == 0
    assert appointment_slots_top_up_task.delay().get() > 0
    assert appointment_slots_top_up_task.delay().get() == 0
