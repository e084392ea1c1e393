"""Appointment reads: places that take bookings, their services, the Jalali month calendar,
a person's bookings (404 for anyone else's) and a branch's bookings of the day for staff.

A service `by_request_only` (a medical commission) is absent from every public read: no
place is listed for it, its calendar is a 404 and its slots are not offered. Its slots are
read only `on_request=True`, by the app that books them with the request they serve (and by
the holder of a booking moving it to another time of the same service).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import jdatetime
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from branches.models import (
    AppointmentService,
    Booking,
    BookingStatus,
    Branch,
    City,
    MedicalCentre,
    Province,
    Slot,
)
from branches.selectors.holidays import holiday_dates_between
from branches.selectors.staff import staff_membership_get
from tamin.core.jalali import MONTH_NAMES, jalali_month_days, persian_digits

PLACE_BRANCH = "branch"
PLACE_CENTRE = "centre"
PLACE_KINDS = (PLACE_BRANCH, PLACE_CENTRE)
# How far ahead the calendar lets a person look.
CALENDAR_MONTHS_AHEAD = 2


def iranian_weekday(day: dt.date) -> int:
    """0 = Saturday … 6 = Friday (Python's Monday = 0)."""
    return (day.weekday() + 2) % 7


def local_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The aware start and end of a Tehran calendar day."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


# --- Places and services ----------------------------------------------------------


def provinces_list() -> QuerySet[Province]:
    return Province.objects.order_by("name")


def cities_list(*, province_id: int | None) -> QuerySet[City]:
    if not province_id:
        return City.objects.none()
    return City.objects.filter(province_id=province_id).order_by("name")


def appointment_places_list(
    *, kind: str, province_id: int | None = None, city_id: int | None = None
) -> QuerySet:
    """Active branches (or medical centres) that offer at least one active service anyone may
    book (a by-request service alone does not list its place)."""
    model = MedicalCentre if kind == PLACE_CENTRE else Branch
    # One filter(): both conditions hold for the same service row.
    places = model.objects.filter(
        is_active=True,
        appointment_services__is_active=True,
        appointment_services__by_request_only=False,
    )
    if province_id:
        places = places.filter(province_id=province_id)
    if city_id:
        places = places.filter(city_id=city_id)
    return places.select_related("province", "city").distinct()


def appointment_place_get(*, kind: str, place_id: int):
    if kind not in PLACE_KINDS:
        raise Http404
    place = appointment_places_list(kind=kind).filter(pk=place_id).first()
    if place is None:
        raise Http404
    return place


def services_for_place(*, place) -> QuerySet[AppointmentService]:
    """The place's active services anyone may book (by-request services left out)."""
    field = "medical_centre" if isinstance(place, MedicalCentre) else "branch"
    return AppointmentService.objects.filter(
        is_active=True, by_request_only=False, **{field: place}
    ).select_related("specialty")


def appointment_services_list(
    *,
    kind: str = "",
    province_id: int | None = None,
    city_id: int | None = None,
    place_id: int | None = None,
) -> QuerySet[AppointmentService]:
    """Every service anyone may book at an active place — the services `services_for_place`
    offers at each place `appointment_places_list` lists (by-request services left out) —
    narrowed by place kind, province, city and place (an id of that kind), by place and name.
    """
    services = AppointmentService.objects.filter(is_active=True, by_request_only=False)
    fields = {PLACE_BRANCH: "branch", PLACE_CENTRE: "medical_centre"}
    if kind in fields:
        field = fields[kind]
        services = services.filter(**{f"{field}__is_active": True})
        if place_id:
            services = services.filter(**{f"{field}_id": place_id})
        if province_id:
            services = services.filter(**{f"{field}__province_id": province_id})
        if city_id:
            services = services.filter(**{f"{field}__city_id": city_id})
    else:
        services = services.filter(Q(branch__is_active=True) | Q(medical_centre__is_active=True))
        if province_id:
            services = services.filter(
                Q(branch__province_id=province_id) | Q(medical_centre__province_id=province_id)
            )
        if city_id:
            services = services.filter(
                Q(branch__city_id=city_id) | Q(medical_centre__city_id=city_id)
            )
    return services.select_related(
        "specialty",
        "branch__province",
        "branch__city",
        "medical_centre__province",
        "medical_centre__city",
    ).order_by("branch__name", "medical_centre__name", "name", "id")


def appointment_service_get(*, service_id: int) -> AppointmentService:
    """An active service anyone may book, at an active place; 404 otherwise (a by-request
    service too)."""
    service = (
        AppointmentService.objects.select_related(
            "branch__province", "branch__city", "medical_centre__province", "medical_centre__city"
        )
        .filter(pk=service_id, is_active=True, by_request_only=False)
        .first()
    )
    place = service and (service.branch or service.medical_centre)
    if place is None or not place.is_active:
        raise Http404
    return service


def slots_for_service(
    *,
    service_id: int,
    from_date: dt.date,
    to_date: dt.date,
    now: dt.datetime | None = None,
    free_only: bool = True,
    on_request: bool = False,
) -> QuerySet[Slot]:
    """Future slots of the service between two Tehran dates (inclusive), earliest first.

    None of a by-request service unless `on_request` (the caller books them with a request)."""
    now = now or timezone.now()
    start, _ = local_day_bounds(from_date)
    _, end = local_day_bounds(to_date)
    slots = Slot.objects.filter(
        service_id=service_id, starts_at__gte=max(start, now), starts_at__lt=end
    )
    if not on_request:
        slots = slots.filter(service__by_request_only=False)
    if free_only:
        slots = slots.filter(booked__lt=F("capacity"))
    return slots.order_by("starts_at")


def slot_get_bookable(
    *, slot_id: int, now: dt.datetime | None = None, on_request: bool = False
) -> Slot | None:
    """A future slot with a free seat, of an active service at an active place; else None
    (what the confirmation page shows before anything is booked). A slot of a by-request
    service only `on_request`."""
    now = now or timezone.now()
    slots = Slot.objects.select_related(
        "service__branch__city", "service__medical_centre__city"
    ).filter(pk=slot_id, service__is_active=True, starts_at__gt=now, booked__lt=F("capacity"))
    if not on_request:
        slots = slots.filter(service__by_request_only=False)
    slot = slots.first()
    place = slot and (slot.service.branch or slot.service.medical_centre)
    return slot if place is not None and place.is_active else None


# --- The Jalali month calendar ---------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    date: dt.date
    day: int  # Jalali day of month
    free_seats: int
    is_off: bool
    is_past: bool
    is_selected: bool

    @property
    def param(self) -> str:
        j = jdatetime.date.fromgregorian(date=self.date)
        return f"{j.year:04d}-{j.month:02d}-{j.day:02d}"

    @property
    def is_open(self) -> bool:
        return self.free_seats > 0


@dataclass(frozen=True)
class CalendarMonth:
    year: int
    month: int
    weeks: list[list[CalendarDay | None]]
    previous: str | None  # "1404-08" or None when it is in the past
    next: str | None

    @property
    def title(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {persian_digits(self.year)}"

    @property
    def param(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def calendar_month_parse(value: str | None, *, today: dt.date | None = None) -> tuple[int, int]:
    """«1404-09» → (1404, 9), kept between this month and CALENDAR_MONTHS_AHEAD later."""
    today_j = jdatetime.date.fromgregorian(date=today or timezone.localdate())
    first = (today_j.year, today_j.month)
    last = _month_shift(*first, CALENDAR_MONTHS_AHEAD)
    try:
        year_text, month_text = (value or "").split("-")
        wanted = (int(year_text), int(month_text))
    except ValueError:
        return first
    if not 1 <= wanted[1] <= 12:
        return first
    return min(max(wanted, first), last)


def calendar_day_parse(value: str | None) -> dt.date | None:
    """«1404-09-12» → its Gregorian date, or None for anything else."""
    try:
        year, month, day = (int(part) for part in (value or "").split("-"))
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        return None


def appointment_calendar_month(
    *,
    service: AppointmentService,
    year: int,
    month: int,
    selected: dt.date | None = None,
    now: dt.datetime | None = None,
    on_request: bool = False,
) -> CalendarMonth:
    """The month grid (weeks Saturday → Friday) with the free seats of each day: two queries.

    A by-request service's seats only `on_request` (see `slots_for_service`)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    first = jdatetime.date(year, month, 1).togregorian()
    last = first + dt.timedelta(days=jalali_month_days(year, month) - 1)
    free: dict[dt.date, int] = defaultdict(int)
    for starts_at, capacity, booked in slots_for_service(
        service_id=service.pk, from_date=first, to_date=last, now=now, on_request=on_request
    ).values_list("starts_at", "capacity", "booked"):
        free[timezone.localtime(starts_at).date()] += capacity - booked
    holidays = holiday_dates_between(start=first, end=last)
    cells: list[CalendarDay | None] = [None] * iranian_weekday(first)
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        cells.append(
            CalendarDay(
                date=day,
                day=offset + 1,
                free_seats=free.get(day, 0),
                is_off=iranian_weekday(day) == 6 or day in holidays,
                is_past=day < today,
                is_selected=day == selected,
            )
        )
    cells += [None] * (-len(cells) % 7)
    weeks = [cells[i : i + 7] for i in range(0, len(cells), 7)]
    today_j = jdatetime.date.fromgregorian(date=today)
    this_month = (today_j.year, today_j.month)
    previous = _month_shift(year, month, -1)
    following = _month_shift(year, month, 1)
    return CalendarMonth(
        year=year,
        month=month,
        weeks=weeks,
        previous=f"{previous[0]:04d}-{previous[1]:02d}" if previous >= this_month else None,
        next=(
            f"{following[0]:04d}-{following[1]:02d}"
            if following <= _month_shift(*this_month, CALENDAR_MONTHS_AHEAD)
            else None
        ),
    )


# --- Bookings ------------------------------------------------------------------------


def booking_list_for_person(*, person) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(person=person)
        .select_related("slot__service__branch", "slot__service__medical_centre")
        .order_by("-slot__starts_at")
    )


def booking_get_for_person(*, person, booking_id: int) -> Booking:
    """The person's own booking; 404 for a missing one and for anyone else's alike."""
    booking = booking_list_for_person(person=person).filter(pk=booking_id).first()
    if booking is None:
        raise Http404
    return booking


# How many days after today the staff check-in page lets staff look at.
STAFF_DAYS_AHEAD = 7


def staff_days(*, today: dt.date) -> list[dt.date]:
    """The days the staff check-in page offers: today and the coming STAFF_DAYS_AHEAD days."""
    return [today + dt.timedelta(days=offset) for offset in range(STAFF_DAYS_AHEAD + 1)]


def staff_day_parse(value: str | None, *, today: dt.date) -> dt.date:
    """«1405-09-14» → that day when it is one of `staff_days`; today for anything else."""
    day = calendar_day_parse(value)
    return day if day in staff_days(today=today) else today


def bookings_for_staff_day(*, user, branch_id: int, day: dt.date) -> QuerySet[Booking]:
    """Live and handled bookings at the branch on that Tehran day; 404 when not their branch."""
    staff_membership_get(user=user, branch_id=branch_id)
    start, end = local_day_bounds(day)
    return (
        Booking.objects.filter(
            slot__service__branch_id=branch_id,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
        )
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("person", "slot__service")
        .order_by("slot__starts_at", "id")
    )
