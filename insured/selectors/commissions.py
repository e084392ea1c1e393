"""Medical commission reads: where commissions sit, their free slots, a person's requests
(404 for anyone else's) and what a request allows now (cancel its booking, book a new slot)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from branches.selectors.appointments import slots_for_service
from insured.models.commissions import CommissionRequest, CommissionService

# How far ahead a person may pick a commission slot, and how many times are offered at once.
SLOT_DAYS_AHEAD = 30
SLOT_CHOICES_MAX = 60
# A case in one of these is decided; before it, the request is open.
DECIDED_STATUSES = ("accepted", "rejected", "closed")
# Bookings after which a new slot may be booked for an open request.
REBOOKABLE_BOOKING_STATUSES = ("cancelled", "no_show")


def commissions_active() -> QuerySet[CommissionService]:
    """Commissions people may ask for: active, at an active service of an active branch."""
    return (
        CommissionService.objects.filter(
            is_active=True, service__is_active=True, service__branch__is_active=True
        )
        .select_related("service__branch__province", "service__branch__city")
        .order_by("service__branch__province__name", "service__branch__city__name", "pk")
    )


def commission_get_active(*, commission_id: int) -> CommissionService:
    commission = commissions_active().filter(pk=commission_id).first()
    if commission is None:
        raise Http404
    return commission


def commission_free_slots(
    *, commission: CommissionService, now: dt.datetime | None = None, limit: int = SLOT_CHOICES_MAX
) -> list:
    """The earliest free slots of the commission in the coming SLOT_DAYS_AHEAD days (one query)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    slots = slots_for_service(
        service_id=commission.service_id,
        from_date=today,
        to_date=today + dt.timedelta(days=SLOT_DAYS_AHEAD),
        now=now,
        # The commission's service is by-request only: its slots are offered here, with the request.
        on_request=True,
    )
    return list(slots[:limit])


def commission_requests_for_user(*, user) -> QuerySet[CommissionRequest]:
    """The account's own requests, newest first, with case, branch and booking (one query)."""
    if not getattr(user, "is_authenticated", False):
        return CommissionRequest.objects.none()
    return (
        CommissionRequest.objects.filter(applicant=user)
        .select_related("case__branch", "booking__slot", "commission__service__branch")
        .order_by("-created_at", "-pk")
    )


def commission_request_get_for_user(*, user, request_id: int) -> CommissionRequest:
    """The account's own request; 404 for a missing one and for anyone else's alike."""
    request = commission_requests_for_user(user=user).filter(pk=request_id).first()
    if request is None:
        raise Http404
    return request


def request_is_open(request: CommissionRequest) -> bool:
    return request.case.status not in DECIDED_STATUSES


def live_booking(request: CommissionRequest):
    """The request's booking while it is live (booked), else None."""
    booking = request.booking
    return booking if booking is not None and booking.status == "booked" else None


def may_book_new_slot(request: CommissionRequest) -> bool:
    booking = request.booking
    return request_is_open(request) and (
        booking is None or booking.status in REBOOKABLE_BOOKING_STATUSES
    )


def may_cancel_booking(request: CommissionRequest, *, now=None) -> bool:
    booking = live_booking(request)
    now = now or timezone.now()
    return request_is_open(request) and booking is not None and booking.slot.starts_at > now


@dataclass(frozen=True)
class CommissionRequestState:
    is_open: bool
    live_booking: object | None  # branches Booking while booked
    may_cancel: bool
    may_book: bool


def commission_request_state(
    request: CommissionRequest, *, now: dt.datetime | None = None
) -> CommissionRequestState:
    return CommissionRequestState(
        is_open=request_is_open(request),
        live_booking=live_booking(request),
        may_cancel=may_cancel_booking(request, now=now),
        may_book=may_book_new_slot(request),
    )


@dataclass(frozen=True)
class SlotDay:
    day: dt.date  # the Tehran calendar day
    slots: list


def slots_by_day(slots) -> list[SlotDay]:
    """Slots (earliest first) grouped by their Tehran calendar day, for a page's choices."""
    days: list[SlotDay] = []
    for slot in slots:
        day = timezone.localtime(slot.starts_at).date()
        if not days or days[-1].day != day:
            days.append(SlotDay(day=day, slots=[]))
        days[-1].slots.append(slot)
    return days
