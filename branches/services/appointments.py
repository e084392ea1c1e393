"""Appointment writes: slot generation, booking, cancel, reschedule, check-in, reminders.

Flow: `slots_generate` turns a service's weekly schedule into dated slots
(Tehran time; Fridays, holidays and past times skipped). `booking_create`
takes one seat with a conditional UPDATE (`booked < capacity AND starts_at >
now`), so two people racing for the last seat never both get it, and writes
the booking plus its SMS/inbox confirmation in the same transaction. Cancel
and reschedule give seats back with the mirror-image conditional UPDATE.
Staff check the person in by booking code on the day; that invites a survey.
`booking_send_reminders` (beat, hourly) texts tomorrow's bookings once: the
`reminder_sent_at` claim is itself a conditional UPDATE.

A service `by_request_only` (a medical commission) is booked only with the request it
serves: `booking_create` refuses its slots unless the caller passes `on_request=True` (the
app that owns the request, e.g. insured's commission requests). Moving such a booking to
another time of the same service stays open to its holder (`booking_reschedule`).

Medical-centre check-in: staff memberships exist only for branches, so the
staff of any branch in the centre's province may check a person in there
(the centre's own reception is outside this portal).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import (
    AppointmentService,
    Booking,
    BookingStatus,
    Slot,
    StaffMembership,
)
from branches.selectors.appointments import iranian_weekday, local_day_bounds
from branches.selectors.holidays import holiday_dates_between
from branches.services.survey import survey_invite
from notifications.services import notify
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import normalize_digits
from tamin.core.jalali import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    format_code,
    persian_digits,
    to_jalali_date,
)
from tamin.core.services import audit_record

# No 0/O, 1/I/L: a code read aloud over the phone or copied from paper stays unambiguous.
BOOKING_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BOOKING_CODE_LENGTH = 8

ERROR_SLOT_FULL = "ظرفیت این نوبت تکمیل شده است. لطفاً زمان دیگری را انتخاب کنید."
ERROR_SLOT_PAST = "زمان این نوبت گذشته است. لطفاً زمان دیگری را انتخاب کنید."
ERROR_SLOT_BY_REQUEST = (
    "نوبت این خدمت در نوبت‌دهی اینترنتی گرفته نمی‌شود؛ "
    "فقط همراه درخواست مربوط (مانند درخواست کمیسیون پزشکی) ثبت می‌شود."
)


def is_day_off(day: dt.date, holidays: set[dt.date]) -> bool:
    return iranian_weekday(day) == 6 or day in holidays


def slot_when_text(starts_at: dt.datetime) -> tuple[str, str]:
    """(«سه‌شنبه ۴ آذر ۱۴۰۴», «۰۸:۳۰») in Tehran time."""
    local = timezone.localtime(starts_at)
    j = to_jalali_date(local)
    date_text = f"{WEEKDAY_NAMES[iranian_weekday(local.date())]} {j.day} {MONTH_NAMES[j.month - 1]} {j.year}"
    return persian_digits(date_text), persian_digits(local.strftime("%H:%M"))


def _place_of(service: AppointmentService):
    return service.branch or service.medical_centre


# --- Services ----------------------------------------------------------------


@transaction.atomic
def appointment_service_mark_by_request(*, service_id: int, actor=None) -> bool:
    """Make a service bookable only with a request (and absent from the public pages), e.g.
    when staff mark it as a medical commission; True when it changed. Never undone here:
    a service that stops serving requests stays hidden until staff open it again."""
    service = AppointmentService.objects.select_for_update().filter(pk=service_id).first()
    if service is None:
        raise ApplicationError(_("این خدمت نوبت‌دهی پیدا نشد."), code="service_missing")
    if service.by_request_only:
        return False
    service.by_request_only = True
    service.save(update_fields=["by_request_only", "updated_at"])
    audit_record(
        action="appointment.service_by_request",
        actor=actor,
        target=service,
        before={"by_request_only": False},
        after={"by_request_only": True},
    )
    return True


# --- Slots -------------------------------------------------------------------


@transaction.atomic
def slots_generate(
    *, service: AppointmentService, from_date: dt.date, days: int, now: dt.datetime | None = None
) -> int:
    """Create the missing slots of `days` days from `from_date`; returns how many were new.

    Idempotent: existing slots (unique per service and start) are left alone,
    so their bookings and capacity are never touched.
    """
    now = now or timezone.now()
    schedule = list(service.schedule.all())
    if not schedule or days <= 0:
        return 0
    last_date = from_date + dt.timedelta(days=days - 1)
    holidays = holiday_dates_between(start=from_date, end=last_date)
    step = dt.timedelta(minutes=max(int(service.slot_minutes), 1))
    wanted: dict[dt.datetime, Slot] = {}
    for offset in range(days):
        day = from_date + dt.timedelta(days=offset)
        if is_day_off(day, holidays):
            continue
        for row in schedule:
            if row.weekday != iranian_weekday(day):
                continue
            start = timezone.make_aware(dt.datetime.combine(day, row.start_time))
            end = timezone.make_aware(dt.datetime.combine(day, row.end_time))
            while start + step <= end:
                if start > now:
                    wanted.setdefault(
                        start,
                        Slot(
                            service=service,
                            starts_at=start,
                            ends_at=start + step,
                            capacity=row.capacity_per_slot,
                        ),
                    )
                start += step
    if not wanted:
        return 0
    existing = set(
        Slot.objects.filter(service=service, starts_at__in=list(wanted)).values_list(
            "starts_at", flat=True
        )
    )
    new = [slot for start, slot in sorted(wanted.items()) if start not in existing]
    # ignore_conflicts: a concurrent run that created the same slot is not an error.
    Slot.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        audit_record(
            action="appointment.slots_generated",
            target=service,
            detail={"from": from_date.isoformat(), "days": days, "created": len(new)},
        )
    return len(new)


# --- Bookings ------------------------------------------------------------------


def _booking_code_new() -> str:
    for _attempt in range(5):
        code = "".join(secrets.choice(BOOKING_CODE_ALPHABET) for _ in range(BOOKING_CODE_LENGTH))
        if not Booking.objects.filter(code=code).exists():
            return code
    raise ApplicationError(_("ساخت کد نوبت ممکن نشد؛ دوباره تلاش کنید."), code="booking_code")


def _lock_person(person) -> None:
    """Serialize one person's booking writes, so the one-a-day rule holds under double submits."""
    list(get_user_model().objects.select_for_update().filter(pk=person.pk).values_list("pk"))


def _same_day_booking_exists(*, person, slot: Slot, exclude_booking_id: int | None = None) -> bool:
    start, end = local_day_bounds(timezone.localtime(slot.starts_at).date())
    live = Booking.objects.filter(
        person=person,
        status=BookingStatus.BOOKED,
        slot__service_id=slot.service_id,
        slot__starts_at__gte=start,
        slot__starts_at__lt=end,
    )
    if exclude_booking_id is not None:
        live = live.exclude(pk=exclude_booking_id)
    return live.exists()


def _seat_take(*, slot_id: int, now: dt.datetime) -> Slot:
    """Take one seat of an open, future slot or raise the Persian reason why not."""
    slot = (
        Slot.objects.select_related("service__branch", "service__medical_centre")
        .filter(pk=slot_id, service__is_active=True)
        .first()
    )
    if slot is None:
        raise ApplicationError(_("این نوبت وجود ندارد."), code="slot_missing")
    if slot.starts_at <= now:
        raise ApplicationError(_(ERROR_SLOT_PAST), code="slot_past")
    taken = Slot.objects.filter(pk=slot.pk, booked__lt=F("capacity"), starts_at__gt=now).update(
        booked=F("booked") + 1
    )
    if not taken:
        raise ApplicationError(_(ERROR_SLOT_FULL), code="slot_full")
    return slot


def _seat_release(*, slot_id: int) -> None:
    Slot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


def _notification_context(booking: Booking, slot: Slot) -> dict:
    place = _place_of(slot.service)
    date_text, time_text = slot_when_text(slot.starts_at)
    # Digits in a message are Persian (an address typed «پلاک 41» included); the booking
    # code is written as pages write codes (format_code), so it reads the same at the counter.
    return {
        "code": format_code(booking.code),
        "service": persian_digits(slot.service.name),
        "place": persian_digits(place.name) if place else "",
        "address": persian_digits(getattr(place, "address", "")),
        "date": date_text,
        "time": time_text,
    }


@transaction.atomic
def booking_create(
    *, person, slot_id: int, now: dt.datetime | None = None, on_request: bool = False
) -> Booking:
    """Book one seat of `slot_id` for `person`; the confirmation SMS and inbox row go with it.

    A slot of a by-request service is refused unless `on_request` (the caller books it with
    the request it serves)."""
    now = now or timezone.now()
    _lock_person(person)
    slot = (
        Slot.objects.select_related("service").filter(pk=slot_id, service__is_active=True).first()
    )
    if slot is not None and slot.service.by_request_only and not on_request:
        raise ApplicationError(_(ERROR_SLOT_BY_REQUEST), code="slot_by_request")
    if (
        slot is not None
        and Booking.objects.filter(slot=slot, person=person, status=BookingStatus.BOOKED).exists()
    ):
        raise ApplicationError(_("شما پیش‌تر همین نوبت را رزرو کرده‌اید."), code="booking_duplicate")
    if (
        slot is not None
        and slot.starts_at > now
        and _same_day_booking_exists(person=person, slot=slot)
    ):
        raise ApplicationError(
            _("شما در این روز برای همین خدمت نوبت دارید؛ برای تغییر، نوبت قبلی را جابه‌جا کنید."),
            code="booking_same_day",
        )
    slot = _seat_take(slot_id=slot_id, now=now)
    booking = Booking(code=_booking_code_new(), slot=slot, person=person)
    booking.full_clean(validate_constraints=False)
    try:
        # A savepoint: the partial unique index is the last guard against a double submit.
        with transaction.atomic():
            booking.save(force_insert=True)
    except IntegrityError as exc:
        raise ApplicationError(
            _("شما پیش‌تر همین نوبت را رزرو کرده‌اید."), code="booking_duplicate"
        ) from exc
    audit_record(
        action="appointment.booked",
        actor=person,
        target=booking,
        after={"slot": slot.pk, "status": booking.status},
    )
    notify(
        recipient=person,
        template_key="appointment_confirmed",
        context=_notification_context(booking, slot),
        channels=["sms", "inbox"],
        idempotency_key=f"appointment_confirmed:{booking.pk}",
    )
    return booking


def _booking_lock_for_person(*, person, booking_id: int) -> Booking:
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot__service__branch", "slot__service__medical_centre")
        .filter(pk=booking_id, person=person)
        .first()
    )
    if booking is None:
        raise ApplicationError(_("این نوبت پیدا نشد."), code="booking_missing")
    return booking


def _booking_must_be_changeable(booking: Booking, now: dt.datetime) -> None:
    if booking.status != BookingStatus.BOOKED:
        raise ApplicationError(
            _("این نوبت «%(status)s» است و دیگر قابل تغییر نیست.")
            % {"status": booking.get_status_display()},
            code="booking_not_live",
        )
    if booking.slot.starts_at <= now:
        raise ApplicationError(
            _("زمان این نوبت گذشته است و دیگر قابل تغییر نیست."), code="booking_past"
        )


@transaction.atomic
def booking_cancel(*, person, booking_id: int, now: dt.datetime | None = None) -> Booking:
    now = now or timezone.now()
    booking = _booking_lock_for_person(person=person, booking_id=booking_id)
    _booking_must_be_changeable(booking, now)
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.full_clean(validate_constraints=False)
    booking.save(update_fields=["status", "cancelled_at", "updated_at"])
    _seat_release(slot_id=booking.slot_id)
    audit_record(
        action="appointment.cancelled",
        actor=person,
        target=booking,
        before={"status": BookingStatus.BOOKED},
        after={"status": booking.status},
    )
    notify(
        recipient=person,
        template_key="appointment_cancelled",
        context=_notification_context(booking, booking.slot),
        channels=["sms", "inbox"],
        idempotency_key=f"appointment_cancelled:{booking.pk}",
    )
    return booking


@transaction.atomic
def booking_reschedule(
    *, person, booking_id: int, new_slot_id: int, now: dt.datetime | None = None
) -> Booking:
    """Move a live booking to another slot of the same service, keeping its code.

    The new seat is taken first; only then is the old one released, so a failed
    move leaves the person with the booking they had.
    """
    now = now or timezone.now()
    _lock_person(person)
    booking = _booking_lock_for_person(person=person, booking_id=booking_id)
    _booking_must_be_changeable(booking, now)
    old_slot = booking.slot
    if int(new_slot_id) == old_slot.pk:
        raise ApplicationError(_("نوبت شما همین زمان است."), code="booking_same_slot")
    target = Slot.objects.filter(pk=new_slot_id).only("service_id", "starts_at").first()
    if target is not None and target.service_id != old_slot.service_id:
        raise ApplicationError(
            _("جابه‌جایی فقط به زمان دیگری از همین خدمت ممکن است."), code="booking_other_service"
        )
    if (
        target is not None
        and target.starts_at > now
        and _same_day_booking_exists(person=person, slot=target, exclude_booking_id=booking.pk)
    ):
        raise ApplicationError(
            _("شما در آن روز برای همین خدمت نوبت دیگری دارید."), code="booking_same_day"
        )
    new_slot = _seat_take(slot_id=new_slot_id, now=now)
    booking.slot = new_slot
    booking.reminder_sent_at = None
    booking.full_clean(validate_constraints=False)
    booking.save(update_fields=["slot", "reminder_sent_at", "updated_at"])
    _seat_release(slot_id=old_slot.pk)
    audit_record(
        action="appointment.rescheduled",
        actor=person,
        target=booking,
        before={"slot": old_slot.pk},
        after={"slot": new_slot.pk},
    )
    context = _notification_context(booking, new_slot) | {"rescheduled": True}
    notify(
        recipient=person,
        template_key="appointment_confirmed",
        context=context,
        channels=["sms", "inbox"],
        idempotency_key=f"appointment_rescheduled:{booking.pk}:{new_slot.pk}:{now.timestamp():.0f}",
    )
    return booking


def normalize_booking_code(code: str) -> str:
    return normalize_digits(code or "").strip().upper().replace("-", "").replace(" ", "")


def staff_may_check_in(*, staff_user, service: AppointmentService) -> bool:
    memberships = StaffMembership.objects.filter(
        user=staff_user, is_active=True, branch__is_active=True
    )
    if service.branch_id is not None:
        return memberships.filter(branch_id=service.branch_id).exists()
    # Medical centre: staff of any branch of the same province (see the module docstring).
    return memberships.filter(branch__province_id=service.medical_centre.province_id).exists()


@transaction.atomic
def booking_check_in(*, staff_user, booking_code: str, now: dt.datetime | None = None) -> Booking:
    """Staff mark the person present on the day of the appointment; a survey invitation follows."""
    now = now or timezone.now()
    code = normalize_booking_code(booking_code)
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot__service__branch", "slot__service__medical_centre", "person")
        .filter(code=code)
        .first()
        if code
        else None
    )
    if booking is None or not staff_may_check_in(
        staff_user=staff_user, service=booking.slot.service
    ):
        # Same answer for a wrong code and another branch's code: codes are not probed.
        raise ApplicationError(_("نوبتی با این کد در شعبه شما پیدا نشد."), code="booking_not_found")
    if booking.status != BookingStatus.BOOKED:
        raise ApplicationError(
            _("این نوبت «%(status)s» است و پذیرش آن ممکن نیست.")
            % {"status": booking.get_status_display()},
            code="booking_not_live",
        )
    if timezone.localtime(booking.slot.starts_at).date() != timezone.localtime(now).date():
        raise ApplicationError(_("پذیرش فقط در روز نوبت ممکن است."), code="booking_not_today")
    booking.status = BookingStatus.ATTENDED
    booking.checked_in_at = now
    booking.checked_in_by = staff_user
    booking.full_clean(validate_constraints=False)
    booking.save(update_fields=["status", "checked_in_at", "checked_in_by", "updated_at"])
    audit_record(
        action="appointment.checked_in",
        actor=staff_user,
        target=booking,
        before={"status": BookingStatus.BOOKED},
        after={"status": booking.status},
    )
    service = booking.slot.service
    survey_invite(
        respondent=booking.person,
        branch=service.branch,
        medical_centre=service.medical_centre,
        booking=booking,
    )
    return booking


def booking_send_reminders(*, now: dt.datetime | None = None) -> int:
    """Text every live booking of tomorrow (Tehran) that has no reminder yet; returns how many.

    Each booking is claimed with a conditional UPDATE in its own transaction
    together with its outbox row, so overlapping beat runs never send twice.
    """
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    start, end = local_day_bounds(tomorrow)
    due = Booking.objects.filter(
        status=BookingStatus.BOOKED,
        reminder_sent_at__isnull=True,
        slot__starts_at__gte=start,
        slot__starts_at__lt=end,
    ).values_list("pk", flat=True)
    sent = 0
    for booking_id in list(due):
        with transaction.atomic():
            claimed = Booking.objects.filter(
                pk=booking_id, status=BookingStatus.BOOKED, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            booking = Booking.objects.select_related(
                "person", "slot__service__branch", "slot__service__medical_centre"
            ).get(pk=booking_id)
            notify(
                recipient=booking.person,
                template_key="appointment_reminder",
                context=_notification_context(booking, booking.slot),
                channels=["sms"],
                idempotency_key=f"appointment_reminder:{booking.pk}:{booking.slot_id}",
                priority="bulk",  # the sweep reminds a whole day's bookings: the bulk queue
            )
            audit_record(action="appointment.reminded", target=booking)
            sent += 1
    return sent


def slots_top_up(*, days: int = 30, now: dt.datetime | None = None) -> int:
    """Generate the coming `days` days of slots for every active service (daily beat)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    created = 0
    services = AppointmentService.objects.filter(is_active=True).prefetch_related("schedule")
    for service in services:
        created += slots_generate(service=service, from_date=today, days=days, now=now)
    return created
