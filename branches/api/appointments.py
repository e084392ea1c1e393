"""Online appointments API (نوبت‌دهی اینترنتی): the same selectors and services as the
appointment pages (`branches.selectors.appointments`, `branches.services.appointments`).

* `GET appointments/services/` — services anyone may book, with their place (public; a
  by-request service such as a medical commission is never listed);
* `GET appointments/services/<id>/slots/` — its free future slots (public);
* `POST appointments/` `{slot_id}` — book: `booking_create`, with its rules (one live
  booking of a service a day, the seat taken by a conditional UPDATE, a by-request slot
  refused) and its confirmation SMS and inbox message;
* `GET appointments/` — my bookings, newest first; `GET appointments/<id>/` — one;
* `POST appointments/<id>/cancel/` — `booking_cancel` (SMS too). Anyone else's: 404.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from branches.api.common import ID_MAX, PageQuerySerializer
from branches.models import BookingStatus
from branches.selectors import appointments as selectors
from branches.services import appointments as services
from tamin.core.api import page_of

# How far the slots call looks at once (slots exist for the coming 30 days).
SLOT_DAYS_DEFAULT = 14
SLOT_DAYS_MAX = 31
# A `start` further ahead reads as this many days from today (slots are made 30 days ahead).
SLOT_START_MAX_DAYS = 366


class AppointmentPlaceSerializer(serializers.Serializer):
    """The branch or medical centre a service is offered at."""

    kind = serializers.CharField(help_text="branch or centre")
    id = serializers.IntegerField(help_text="the `place` filter (with `kind`)")
    code = serializers.CharField(help_text="its code in the centres guide")
    name = serializers.CharField()
    province = serializers.CharField()
    city = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()

    class Meta:
        ref_name = "AppointmentPlace"


def _place(service) -> dict:
    place = service.branch or service.medical_centre
    return {
        "kind": selectors.PLACE_BRANCH if service.branch_id else selectors.PLACE_CENTRE,
        "id": place.pk,
        "code": place.code,
        "name": place.name,
        "province": place.province.name,
        "city": place.city.name,
        "address": place.address,
        "phone": place.phone,
    }


class AppointmentServiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    specialty = serializers.CharField(source="specialty.name", allow_null=True)
    slot_minutes = serializers.IntegerField()
    place = serializers.SerializerMethodField()

    class Meta:
        ref_name = "AppointmentService"

    @extend_schema_field(AppointmentPlaceSerializer)
    def get_place(self, service) -> dict:
        return _place(service)


class AppointmentServicesApi(APIView):
    permission_classes = (AllowAny,)

    class InputSerializer(PageQuerySerializer):
        kind = serializers.ChoiceField(
            choices=list(selectors.PLACE_KINDS),
            required=False,
            allow_blank=True,
            help_text="branch or centre; both when left out",
        )
        province = serializers.IntegerField(
            required=False,
            min_value=1,
            max_value=ID_MAX,
            help_text="a province's id (as on the booking page)",
        )
        city = serializers.IntegerField(
            required=False, min_value=1, max_value=ID_MAX, help_text="a city's id"
        )
        place = serializers.IntegerField(
            required=False, min_value=1, max_value=ID_MAX, help_text="a place's id; needs `kind`"
        )

        class Meta:
            ref_name = "AppointmentServicesQuery"

        def validate(self, attrs: dict) -> dict:
            if attrs.get("place") and not attrs.get("kind"):
                raise serializers.ValidationError({"kind": "برای انتخاب مکان، نوع آن را بفرستید."})
            return attrs

    class OutputSerializer(serializers.Serializer):
        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        count = serializers.IntegerField()
        results = AppointmentServiceSerializer(many=True)

        class Meta:
            ref_name = "AppointmentServicesPage"

    @extend_schema(
        operation_id="appointments_services",
        parameters=[InputSerializer],
        responses=OutputSerializer,
        summary="Services anyone may book, each with its branch or medical centre, 20 a page "
        "(a by-request service, such as a medical commission, is never listed)",
    )
    def get(self, request: Request) -> Response:
        query = self.InputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        services_found = selectors.appointment_services_list(
            kind=data.get("kind", ""),
            province_id=data.get("province"),
            city_id=data.get("city"),
            place_id=data.get("place"),
        )
        page = page_of(services_found, page=data.get("page"))
        return Response(
            page.body("results", AppointmentServiceSerializer(page.items, many=True).data)
        )


class SlotSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="`slot_id` to book")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    free_seats = serializers.IntegerField()

    class Meta:
        ref_name = "AppointmentSlot"


class AppointmentSlotsApi(APIView):
    permission_classes = (AllowAny,)

    class InputSerializer(serializers.Serializer):
        start = serializers.DateField(
            required=False, help_text="the first day (Tehran; ISO), default today"
        )
        days = serializers.IntegerField(
            required=False,
            min_value=1,
            max_value=SLOT_DAYS_MAX,
            default=SLOT_DAYS_DEFAULT,
            help_text=f"how many days from `start` (1–{SLOT_DAYS_MAX})",
        )

        class Meta:
            ref_name = "AppointmentSlotsQuery"

    @extend_schema(
        operation_id="appointments_service_slots",
        parameters=[InputSerializer],
        responses=SlotSerializer(many=True),
        summary="A service's free future slots between `start` and `start + days - 1`, "
        "earliest first; 404 for a service not bookable here (inactive, by request only)",
    )
    def get(self, request: Request, service_id: int) -> Response:
        service = selectors.appointment_service_get(service_id=service_id)
        query = self.InputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        today = timezone.localdate()
        # a past day starts today (no past slot is offered); far ahead there are no slots
        start = max(query.validated_data.get("start") or today, today)
        start = min(start, today + dt.timedelta(days=SLOT_START_MAX_DAYS))
        end = start + dt.timedelta(days=query.validated_data["days"] - 1)
        slots = selectors.slots_for_service(service_id=service.pk, from_date=start, to_date=end)
        rows = [
            {"id": pk, "starts_at": starts_at, "ends_at": ends_at, "free_seats": capacity - booked}
            for pk, starts_at, ends_at, capacity, booked in slots.values_list(
                "pk", "starts_at", "ends_at", "capacity", "booked"
            )
        ]
        return Response(SlotSerializer(rows, many=True).data)


class BookingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text="the booking code shown at the counter")
    status = serializers.CharField(help_text="one of: " + ", ".join(BookingStatus.values))
    status_label = serializers.CharField(source="get_status_display")
    starts_at = serializers.DateTimeField(source="slot.starts_at")
    ends_at = serializers.DateTimeField(source="slot.ends_at")
    service_id = serializers.IntegerField(source="slot.service_id")
    service = serializers.CharField(source="slot.service.name")
    place = serializers.SerializerMethodField()
    may_cancel = serializers.SerializerMethodField(help_text="booked and not yet begun")
    created_at = serializers.DateTimeField()
    cancelled_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "AppointmentBooking"

    @extend_schema_field(AppointmentPlaceSerializer)
    def get_place(self, booking) -> dict:
        return _place(booking.slot.service)

    def get_may_cancel(self, booking) -> bool:
        return booking.status == BookingStatus.BOOKED and booking.slot.starts_at > timezone.now()


def _bookings_of(person):
    """The person's bookings (the selector's), with each place's province and city."""
    return selectors.booking_list_for_person(person=person).select_related(
        "slot__service__branch__province",
        "slot__service__branch__city",
        "slot__service__medical_centre__province",
        "slot__service__medical_centre__city",
    )


def _booking_read(*, person, booking_id: int):
    return selectors.booking_get_for_person(person=person, booking_id=booking_id)


class AppointmentsApi(APIView):
    class InputSerializer(serializers.Serializer):
        slot_id = serializers.IntegerField(min_value=1, max_value=ID_MAX)

        class Meta:
            ref_name = "AppointmentBookInput"

    class OutputSerializer(serializers.Serializer):
        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        count = serializers.IntegerField()
        results = BookingSerializer(many=True)

        class Meta:
            ref_name = "AppointmentBookingsPage"

    @extend_schema(
        operation_id="appointments_mine",
        parameters=[PageQuerySerializer],
        responses=OutputSerializer,
        summary="My appointments (every status), the latest time first, 20 a page",
    )
    def get(self, request: Request) -> Response:
        query = PageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        bookings = _bookings_of(request.user)
        page = page_of(bookings, page=query.validated_data.get("page"))
        return Response(page.body("results", BookingSerializer(page.items, many=True).data))

    @extend_schema(
        operation_id="appointments_book",
        request=InputSerializer,
        responses={201: BookingSerializer},
        summary="Book a slot, as the booking page does (confirmation by SMS and inbox): 400 "
        "`slot_full`, `slot_past`, `slot_missing`, `slot_by_request`, `booking_duplicate`, "
        "`booking_same_day` (one live booking of a service a day), nothing booked",
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking = services.booking_create(
            person=request.user, slot_id=data.validated_data["slot_id"]
        )
        return Response(
            BookingSerializer(_booking_read(person=request.user, booking_id=booking.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class AppointmentDetailApi(APIView):
    @extend_schema(
        operation_id="appointments_one",
        responses=BookingSerializer,
        summary="One of my appointments; anyone else's: 404",
    )
    def get(self, request: Request, booking_id: int) -> Response:
        booking = selectors.booking_get_for_person(person=request.user, booking_id=booking_id)
        return Response(BookingSerializer(booking).data)


class AppointmentCancelApi(APIView):
    @extend_schema(
        operation_id="appointments_cancel",
        request=None,
        responses=BookingSerializer,
        summary="Cancel one of my appointments before its time (SMS too; the seat is freed): "
        "400 `booking_not_live` or `booking_past`; anyone else's: 404",
    )
    def post(self, request: Request, booking_id: int) -> Response:
        booking = selectors.booking_get_for_person(person=request.user, booking_id=booking_id)
        services.booking_cancel(person=request.user, booking_id=booking.pk)
        return Response(
            BookingSerializer(_booking_read(person=request.user, booking_id=booking.pk)).data
        )
