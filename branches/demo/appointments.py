"""Demo appointment services, weekly hours and 30 days of slots (`manage.py seed_demo`).

Runs after the directory demo, which creates the branches and medical centres:
services go to the first demo branches and medical centres by code. Idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from branches.models import AppointmentService, Branch, MedicalCentre, ServiceSchedule
from branches.services.appointments import slots_generate

BRANCH_COUNT = 3
CENTRE_COUNT = 2
SLOT_DAYS = 30
BRANCH_SERVICES = (
    # name, minutes per slot, people per slot
    ("تشکیل پرونده و صدور شماره بیمه", 15, 2),
    ("تعویض و تمدید دفترچه درمان", 10, 3),
    ("مشاوره مستمری و بازنشستگی", 20, 1),
)
CENTRE_SERVICES = (
    ("ویزیت پزشک عمومی", 10, 1),
    ("ویزیت متخصص داخلی", 15, 1),
)
# Saturday (0) … Wednesday (4) 08:00–13:00; Thursday (5) 08:00–11:00; Friday closed.
WEEK_HOURS = (
    *((day, dt.time(8), dt.time(13)) for day in range(5)),
    (5, dt.time(8), dt.time(11)),
)


def _service_with_schedule(*, place_field: str, place, name: str, minutes: int, capacity: int):
    service, _ = AppointmentService.objects.get_or_create(
        name=name, **{place_field: place}, defaults={"slot_minutes": minutes}
    )
    for weekday, start, end in WEEK_HOURS:
        ServiceSchedule.objects.get_or_create(
            service=service,
            weekday=weekday,
            start_time=start,
            defaults={"end_time": end, "capacity_per_slot": capacity},
        )
    return service


@transaction.atomic
def seed(stdout) -> None:
    branches = list(Branch.objects.filter(is_active=True).order_by("code")[:BRANCH_COUNT])
    centres = list(MedicalCentre.objects.filter(is_active=True).order_by("code")[:CENTRE_COUNT])
    if not branches and not centres:
        stdout.write(
            "Appointments demo skipped: no branches or medical centres yet (seed the directory first)."
        )
        return
    services = [
        _service_with_schedule(
            place_field="branch", place=branch, name=name, minutes=minutes, capacity=capacity
        )
        for branch in branches
        for name, minutes, capacity in BRANCH_SERVICES
    ] + [
        _service_with_schedule(
            place_field="medical_centre",
            place=centre,
            name=name,
            minutes=minutes,
            capacity=capacity,
        )
        for centre in centres
        for name, minutes, capacity in CENTRE_SERVICES
    ]
    today = timezone.localdate()
    created = sum(
        slots_generate(service=service, from_date=today, days=SLOT_DAYS) for service in services
    )
    places = ", ".join(place.code for place in [*branches, *centres])
    stdout.write(
        f"Appointments: {len(services)} services at {places}; {created} new slots for {SLOT_DAYS} days."
    )
