"""Online appointment pages (نوبت‌دهی اینترنتی): choose a place, a service, a day in the
Jalali month and a time; then «my appointments» (cancel, reschedule) and the staff
check-in page. Choosing is public; booking needs a signed-in person.

Thin: shapes of input are checked here, rules in branches.services.appointments.
"""

from __future__ import annotations

import jdatetime
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches.forms.appointments import CheckInForm, SlotForm
from branches.selectors import appointments as selectors
from branches.services import appointments as services
from branches.views.common import staff_required
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import has_control_characters, parse_positive_int


def _back_url(request: HttpRequest, default: str) -> str:
    """Where the form came from (the calendar day), never another site."""
    back = request.POST.get("back", "") or request.GET.get("back", "")
    # A path of this site only: redirect() would read "0" as a view name, and a control
    # character cannot go into the Location header.
    if (
        back.startswith("/")
        and not has_control_characters(back)
        and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return back
    return default


def _int_or_none(value: str | None) -> int | None:
    # Bounded and ASCII-checked: int() alone takes fullwidth digits and ids no column holds.
    return parse_positive_int(value)


# --- Choosing a place and a service ---------------------------------------------------


@require_GET
def appointments(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind")
    kind = kind if kind in selectors.PLACE_KINDS else selectors.PLACE_BRANCH
    province_id = _int_or_none(request.GET.get("province"))
    city_id = _int_or_none(request.GET.get("city")) if province_id else None
    places = selectors.appointment_places_list(kind=kind, province_id=province_id, city_id=city_id)
    context = {
        "kind": kind,
        "kinds": (
            (selectors.PLACE_BRANCH, _("شعب تأمین اجتماعی")),
            (selectors.PLACE_CENTRE, _("مراکز درمانی")),
        ),
        "provinces": selectors.provinces_list(),
        "cities": selectors.cities_list(province_id=province_id),
        "province_id": province_id,
        "city_id": city_id,
        "places": places[:100],
    }
    return render(request, "branches/appointments/places.html", context)


@require_GET
def appointment_services(request: HttpRequest, kind: str, place_id: int) -> HttpResponse:
    place = selectors.appointment_place_get(kind=kind, place_id=place_id)
    context = {
        "kind": kind,
        "place": place,
        "services": selectors.services_for_place(place=place),
    }
    return render(request, "branches/appointments/services.html", context)


def _calendar_context(request: HttpRequest, service, *, on_request: bool = False) -> dict:
    """The month and the chosen day's times; a by-request service's only `on_request` (the
    holder of its booking moving it)."""
    year, month = selectors.calendar_month_parse(request.GET.get("month"))
    day = selectors.calendar_day_parse(request.GET.get("day"))
    calendar = selectors.appointment_calendar_month(
        service=service, year=year, month=month, selected=day, on_request=on_request
    )
    slots = (
        list(
            selectors.slots_for_service(
                service_id=service.pk, from_date=day, to_date=day, on_request=on_request
            )
        )
        if day
        else []
    )
    return {
        "service": service,
        "place": service.branch or service.medical_centre,
        "calendar": calendar,
        "selected_day": day,
        "slots": slots,
    }


@require_GET
def appointment_calendar(request: HttpRequest, service_id: int) -> HttpResponse:
    service = selectors.appointment_service_get(service_id=service_id)
    context = _calendar_context(request, service) | {
        "action_url": reverse("branches:appointment_book"),
        "calendar_url": reverse("branches:appointment_calendar", args=[service.pk]),
    }
    return render(request, "branches/appointments/calendar.html", context)


def _confirm_page(
    request: HttpRequest, *, action: str, action_url: str, default_back: str, booking=None
) -> HttpResponse:
    """What a tap will do (place, service, Jalali day and time, the SMS) and one button that
    does it by POST: a GET books, moves or cancels nothing and sends no message.

    Booking offers no slot of a by-request service; moving offers only another time of the
    booking's own service (a by-request one too: its holder got it with the request)."""
    back = _back_url(request, default_back)
    if action == "cancel":
        slot = booking.slot
    else:
        form = SlotForm(request.GET)
        moving = booking is not None
        slot = form.is_valid() and selectors.slot_get_bookable(
            slot_id=form.cleaned_data["slot_id"], on_request=moving
        )
        if slot and moving and slot.service_id != booking.slot.service_id:
            slot = None
        if not slot:
            messages.error(request, _("این ساعت دیگر خالی نیست؛ ساعت دیگری را انتخاب کنید."))
            return redirect(back)
    context = {
        "action": action,
        "action_url": action_url,
        "back": back,
        "booking": booking,
        "slot": slot,
        "service": slot.service,
        "place": slot.service.branch or slot.service.medical_centre,
        "mobile": request.user.mobile,
    }
    return render(request, "branches/appointments/confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def appointment_book(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _confirm_page(
            request,
            action="book",
            action_url=reverse("branches:appointment_book"),
            default_back=reverse("branches:appointments"),
        )
    form = SlotForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("زمان نوبت را انتخاب کنید."))
        return redirect("branches:appointments")
    try:
        booking = services.booking_create(person=request.user, slot_id=form.cleaned_data["slot_id"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(_back_url(request, reverse("branches:appointments")))
    messages.success(
        request,
        _("نوبت شما ثبت شد. کد نوبت: %(code)s — پیامک تأیید برایتان فرستاده شد.")
        % {"code": booking.code},
    )
    return redirect("branches:my_appointments")


# --- My appointments ------------------------------------------------------------------


@login_required
@require_GET
def my_appointments(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    bookings = list(selectors.booking_list_for_person(person=request.user)[:100])
    for booking in bookings:
        booking.is_changeable = booking.status == "booked" and booking.slot.starts_at > now
    return render(request, "branches/appointments/mine.html", {"bookings": bookings})


@login_required
@require_http_methods(["GET", "POST"])
def appointment_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = selectors.booking_get_for_person(person=request.user, booking_id=booking_id)
    if request.method == "GET":
        if booking.status != "booked" or booking.slot.starts_at <= timezone.now():
            messages.error(request, _("این نوبت دیگر قابل لغو نیست."))
            return redirect("branches:my_appointments")
        return _confirm_page(
            request,
            action="cancel",
            action_url=reverse("branches:appointment_cancel", args=[booking.pk]),
            default_back=reverse("branches:my_appointments"),
            booking=booking,
        )
    try:
        services.booking_cancel(person=request.user, booking_id=booking.pk)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("نوبت %(code)s لغو شد.") % {"code": booking.code})
    return redirect("branches:my_appointments")


@login_required
@require_http_methods(["GET", "POST"])
def appointment_reschedule(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = selectors.booking_get_for_person(person=request.user, booking_id=booking_id)
    if request.method == "POST":
        form = SlotForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("زمان تازه را انتخاب کنید."))
            return redirect("branches:appointment_reschedule", booking_id=booking.pk)
        try:
            services.booking_reschedule(
                person=request.user, booking_id=booking.pk, new_slot_id=form.cleaned_data["slot_id"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(_back_url(request, reverse("branches:my_appointments")))
        messages.success(
            request, _("نوبت %(code)s به زمان تازه منتقل شد.") % {"code": booking.code}
        )
        return redirect("branches:my_appointments")
    if booking.status != "booked":
        raise Http404
    url = reverse("branches:appointment_reschedule", args=[booking.pk])
    if "slot_id" in request.GET:  # a time was chosen on the calendar: confirm it first
        return _confirm_page(
            request,
            action="reschedule",
            action_url=url,
            default_back=url,
            booking=booking,
        )
    service = booking.slot.service
    context = _calendar_context(request, service, on_request=True) | {
        "booking": booking,
        "action_url": url,
        "calendar_url": url,
    }
    return render(request, "branches/appointments/calendar.html", context)


# --- Staff: a day's bookings (today or the coming days) and check-in ---------------------------


def _jalali_param(day) -> str:
    """«1405-09-14», the form the calendar's day links use too."""
    j = jdatetime.date.fromgregorian(date=day)
    return f"{j.year:04d}-{j.month:02d}-{j.day:02d}"


@staff_required
@require_http_methods(["GET", "POST"])
def staff_checkin(request: HttpRequest) -> HttpResponse:
    memberships = request.staff_memberships
    branch_id = _int_or_none(request.GET.get("branch")) or memberships[0].branch_id
    today = timezone.localdate()
    day = selectors.staff_day_parse(request.GET.get("day"), today=today)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_check_in(
                staff_user=request.user, booking_code=form.cleaned_data["code"]
            )
        except ApplicationError as exc:
            form.add_error("code", exc.message)
        else:
            messages.success(
                request,
                _("پذیرش نوبت %(code)s (%(name)s) ثبت شد.")
                % {"code": booking.code, "name": booking.person.get_full_name()},
            )
            return redirect(
                f"{reverse('branches:staff_checkin')}?branch={branch_id}&day={_jalali_param(day)}"
            )
    bookings = selectors.bookings_for_staff_day(user=request.user, branch_id=branch_id, day=day)
    context = {
        "form": form,
        "memberships": memberships,
        "branch_id": branch_id,
        "today": today,
        "day": day,
        "days": [(_jalali_param(each), each) for each in selectors.staff_days(today=today)],
        "bookings": bookings,
    }
    return render(request, "branches/appointments/staff_checkin.html", context)
