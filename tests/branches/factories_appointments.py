"""Factories of the appointments area (places come from tests.branches.factories)."""

import datetime as dt

import factory
import jdatetime
from django.utils import timezone

from branches.models import AppointmentService, Booking, BookingStatus, ServiceSchedule, Slot
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory, MedicalCentreFactory


def tehran(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware Tehran datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def tomorrow_at(hour: int, minute: int = 0) -> dt.datetime:
    return tehran(timezone.localdate() + dt.timedelta(days=1), hour, minute)


def calendar_day_params(slot: Slot) -> dict:
    """The calendar page's query for the slot's Jalali month and day."""
    j = jdatetime.date.fromgregorian(date=timezone.localtime(slot.starts_at).date())
    return {
        "month": f"{j.year:04d}-{j.month:02d}",
        "day": f"{j.year:04d}-{j.month:02d}-{j.day:02d}",
    }


class AppointmentServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppointmentService

    name = factory.Sequence(lambda n: f"خدمت {n}")
    branch = factory.SubFactory(BranchFactory)
    medical_centre = None
    slot_minutes = 15


class CentreServiceFactory(AppointmentServiceFactory):
    name = factory.Sequence(lambda n: f"ویزیت {n}")
    branch = None
    medical_centre = factory.SubFactory(MedicalCentreFactory)


class ServiceScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceSchedule

    service = factory.SubFactory(AppointmentServiceFactory)
    weekday = 0
    start_time = dt.time(8)
    end_time = dt.time(13)
    capacity_per_slot = 2


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    service = factory.SubFactory(AppointmentServiceFactory)
    # Spread over tomorrow 08:00–17:45, so "the same day" holds for any sequence number.
    starts_at = factory.Sequence(lambda n: tomorrow_at(8) + dt.timedelta(minutes=15 * (n % 40)))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=15))
    capacity = 1
    booked = 0


class BookingFactory(factory.django.DjangoModelFactory):
    """A live booking; it takes its seat (slot.booked + 1) like booking_create would."""

    class Meta:
        model = Booking

    code = factory.Sequence(lambda n: f"TST{n:05d}")
    slot = factory.SubFactory(SlotFactory)
    person = factory.SubFactory(UserFactory)
    status = BookingStatus.BOOKED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        booking = super()._create(model_class, *args, **kwargs)
        if booking.status == BookingStatus.BOOKED:
            Slot.objects.filter(pk=booking.slot_id).update(booked=booking.slot.booked + 1)
            booking.slot.refresh_from_db()
        return booking
