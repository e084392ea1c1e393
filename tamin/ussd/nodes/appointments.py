"""۳ نوبت شعبه: book a branch appointment or cancel one, through the appointment services
the web pages use (`booking_create`, `booking_cancel`: their rules, seat locking, audit
row and confirmation SMS are theirs).

Booking: the person's own branch (an insured person's residence or last-record branch, a
pensioner's branch) when it takes bookings, or a province then a branch → a service → a
day with a free seat → a time → «۱ تأیید». Only the public services are offered (a
medical commission is booked with its request, never here).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from branches.selectors.appointments import (
    PLACE_BRANCH,
    appointment_place_get,
    appointment_places_list,
    appointment_service_get,
    booking_list_for_person,
    iranian_weekday,
    services_for_place,
    slot_get_bookable,
    slots_for_service,
)
from branches.services.appointments import booking_cancel, booking_create, slot_when_text
from insured.selectors import insured_person_for_user
from insured.services.dependents import home_branch
from pensioners.selectors.pensions import pensioner_for_user
from tamin.core.jalali import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    format_code,
    persian_digits,
    to_jalali_date,
)
from tamin.ussd.nodes.base import (
    Answer,
    Choice,
    Ctx,
    Listing,
    Move,
    Node,
    Push,
    Screen,
    Text,
    node,
    snapshot,
)

DAYS_SHOWN = 14  # the first days with a free seat
UPCOMING_SHOWN = 16
NO_PLACES = "فعلاً شعبه‌ای نوبت اینترنتی نمی‌دهد؛ با ۱۴۲۰ تماس بگیرید."
GONE = "این نوبت دیگر آزاد نیست؛ زمان دیگری برگزینید."


def _fa(text: str) -> str:
    return persian_digits(text or "")


def _day_label(day: dt.date) -> str:
    """«سه‌شنبه ۴ آذر» (the year is the coming weeks')."""
    j = to_jalali_date(day)
    return persian_digits(
        f"{WEEKDAY_NAMES[iranian_weekday(day)]} {j.day} {MONTH_NAMES[j.month - 1]}"
    )


def _when(starts_at: dt.datetime) -> str:
    """«سه‌شنبه ۴ آذر ساعت ۰۹:۱۵» in Tehran time (bookings are within the coming weeks)."""
    _date, time_text = slot_when_text(starts_at)
    return f"{_day_label(timezone.localtime(starts_at).date())} ساعت {time_text}"


def _own_branch_id(ctx: Ctx) -> int | None:
    """The person's own branch, when it takes bookings: residence or last record (insured),
    else the pensioner's branch."""
    branch = None
    person = insured_person_for_user(user=ctx.user)
    if person is not None:
        branch = home_branch(person=person)
    if branch is None:
        pensioner = pensioner_for_user(user=ctx.user)
        branch = pensioner.branch if pensioner is not None else None
    if branch is None:
        return None
    bookable = appointment_places_list(kind=PLACE_BRANCH).filter(pk=branch.pk).exists()
    return branch.pk if bookable else None


@node
class Places(Node):
    name = "appt_places"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        def build() -> list[list]:
            items: list[list] = []
            own = _own_branch_id(ctx)
            if own is not None:
                branch = appointment_place_get(kind=PLACE_BRANCH, place_id=own)
                items.append(["b", own, f"شعبه خودتان: {_fa(branch.name)}"])
            provinces = (
                appointment_places_list(kind=PLACE_BRANCH)
                .order_by("province__name")
                .values_list("province_id", "province__name")
                .distinct()
            )
            items += [["p", pk, f"استان {_fa(name)}"] for pk, name in provinces]
            return items

        items = snapshot(args, build)
        if not items:
            return Text((NO_PLACES,))
        return Listing("شعبه یا استان", tuple(item[2] for item in items))

    def choose(self, ctx: Ctx, args: dict, choice: Choice) -> Move | None:
        if choice.index is None:
            return None
        kind, pk, _label = args["items"][choice.index]
        if kind == "b":
            return Push("appt_services", {"branch": pk})
        return Push("appt_branches", {"province": pk})


@node
class Branches(Node):
    name = "appt_branches"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        items = snapshot(
            args,
            lambda: [
                [b.pk, _fa(b.name)]
                for b in appointment_places_list(
                    kind=PLACE_BRANCH, province_id=args["province"]
                ).order_by("name", "pk")
            ],
        )
        if not items:
            return Text((NO_PLACES,))
        return Listing("شعبه", tuple(label for _pk, label in items))

    def choose(self, ctx: Ctx, args: dict, choice: Choice) -> Move | None:
        if choice.index is None:
            return None
        return Push("appt_services", {"branch": args["items"][choice.index][0]})


@node
class Services(Node):
    name = "appt_services"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        def build() -> list[list]:
            branch = appointment_place_get(kind=PLACE_BRANCH, place_id=args["branch"])
            args["place"] = _fa(branch.name)
            return [
                [s.pk, _fa(s.name)] for s in services_for_place(place=branch).order_by("name", "pk")
            ]

        items = snapshot(args, build)
        if not items:
            return Text(("این شعبه فعلاً نوبت اینترنتی نمی‌دهد.",))
        return Listing(f"خدمت در {args['place']}", tuple(label for _pk, label in items))

    def choose(self, ctx: Ctx, args: dict, choice: Choice) -> Move | None:
        if choice.index is None:
            return None
        return Push("appt_days", {"service": args["items"][choice.index][0]})


def _window(ctx: Ctx) -> tuple[dt.date, dt.date]:
    today = timezone.localtime(ctx.now).date()
    return today, today + dt.timedelta(days=settings.APPOINTMENT_SLOT_DAYS)


@node
class Days(Node):
    name = "appt_days"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        def build() -> list[list]:
            appointment_service_get(service_id=args["service"])  # 404: no longer offered
            start, end = _window(ctx)
            days: list[dt.date] = []
            for starts_at in slots_for_service(
                service_id=args["service"], from_date=start, to_date=end, now=ctx.now
            ).values_list("starts_at", flat=True):
                day = timezone.localtime(starts_at).date()
                if day not in days:
                    days.append(day)
                    if len(days) >= DAYS_SHOWN:
                        break
            return [[day.isoformat(), _day_label(day)] for day in days]

        items = snapshot(args, build)
        if not items:
            return Text(("نوبت آزادی در روزهای پیش رو نیست.",))
        return Listing("روز", tuple(label for _day, label in items))

    def choose(self, ctx: Ctx, args: dict, choice: Choice) -> Move | None:
        if choice.index is None:
            return None
        day, label = args["items"][choice.index]
        return Push("appt_times", {"service": args["service"], "day": day, "label": label})


@node
class Times(Node):
    name = "appt_times"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        def build() -> list[list]:
            day = dt.date.fromisoformat(args["day"])
            slots = slots_for_service(
                service_id=args["service"], from_date=day, to_date=day, now=ctx.now
            )
            return [
                [slot.pk, persian_digits(timezone.localtime(slot.starts_at).strftime("%H:%M"))]
                for slot in slots
            ]

        items = snapshot(args, build)
        if not items:
            return Text((GONE,))
        return Listing(f"ساعت، {args['label']}", tuple(label for _pk, label in items))

    def choose(self, ctx: Ctx, args: dict, choice: Choice) -> Move | None:
        if choice.index is None:
            return None
        return Push("appt_confirm", {"slot": args["items"][choice.index][0]})


@node
class Confirm(Node):
    name = "appt_confirm"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        if "blocks" not in args:
            slot = slot_get_bookable(slot_id=args["slot"], now=ctx.now)
            if slot is None:
                return Text((GONE,))
            place = slot.service.branch or slot.service.medical_centre
            args["blocks"] = [_when(slot.starts_at), _fa(slot.service.name), _fa(place.name)]
        return Text(tuple(args["blocks"]), actions=(("1", "تأیید نوبت"),))

    def choose(self, ctx: Ctx, args: dict, choice: Choice) -> Move | None:
        if choice.key != "1":
            return None
        booking = booking_create(person=ctx.user, slot_id=args["slot"], now=ctx.now)
        return Answer(
            ("نوبت ثبت شد و پیامک تأیید فرستاده شد.", f"کد نوبت: {format_code(booking.code)}"),
            back_to="appointments",
        )


@node
class Mine(Node):
    name = "appt_mine"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        def build() -> list[list]:
            upcoming = (
                booking_list_for_person(person=ctx.user)
                .filter(status="booked", slot__starts_at__gt=ctx.now)
                .order_by("slot__starts_at")[:UPCOMING_SHOWN]
            )
            return [[booking.pk, _when(booking.slot.starts_at)] for booking in upcoming]

        items = snapshot(args, build)
        if not items:
            return Text(("نوبت پیش رویی ندارید.",))
        return Listing("نوبت‌های پیش رو", tuple(label for _pk, label in items))

    def choose(self, ctx: Ctx, args: dict, choice: Choice) -> Move | None:
        if choice.index is None:
            return None
        return Push("appt_booking", {"booking": args["items"][choice.index][0]})


@node
class BookingDetail(Node):
    name = "appt_booking"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        if "blocks" not in args:
            booking = booking_list_for_person(person=ctx.user).filter(pk=args["booking"]).first()
            if booking is None:
                raise Http404
            slot = booking.slot
            place = slot.service.branch or slot.service.medical_centre
            args["blocks"] = [
                f"کد نوبت: {format_code(booking.code)}",
                _when(slot.starts_at),
                _fa(slot.service.name),
                _fa(place.name) if place else "",
            ]
        return Text(tuple(args["blocks"]), actions=(("1", "لغو این نوبت"),))

    def choose(self, ctx: Ctx, args: dict, choice: Choice) -> Move | None:
        if choice.key != "1":
            return None
        booking = booking_cancel(person=ctx.user, booking_id=args["booking"], now=ctx.now)
        return Answer(
            (f"نوبت {format_code(booking.code)} لغو شد و پیامک آن فرستاده شد.",),
            back_to="appointments",
        )
