"""API of the medical commissions under /api/v1/insured/ (docs/api.md). Insured persons only
(404 for an account with no insured record).

* `GET commissions/places/` — where commissions sit (active);
* `GET commissions/places/<id>/slots/` — that commission's free slots (the coming 30 days);
* `GET, POST commissions/requests/` — my requests / file one (multipart: commission_id,
  reason, slot_id, description, documents repeated): the case and the booking, all or nothing;
* `GET commissions/requests/<id>/` — one of mine (404 for anyone else's);
* `POST commissions/requests/<id>/cancel-booking/` and `…/book/` (`slot_id`) — while the
  case is open.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from insured.models.commissions import CommissionReason
from insured.selectors import insured_person_get_for_user
from insured.selectors.commissions import (
    commission_free_slots,
    commission_get_active,
    commission_request_get_for_user,
    commission_request_state,
    commission_requests_for_user,
    commissions_active,
)
from insured.services.commissions import (
    MAX_DESCRIPTION,
    MAX_DOCUMENTS,
    commission_booking_cancel,
    commission_request_file,
    commission_slot_book,
)
from tamin.core.forms import refuse_control_characters_multiline
from tamin.core.identifiers import INT32_MAX

MAX_ITEMS = 50


class CommissionPlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    service_name = serializers.CharField(source="service.name")
    branch_code = serializers.CharField(source="service.branch.code")
    branch_name = serializers.CharField(source="service.branch.name")
    province = serializers.CharField(source="service.branch.province.name")
    city = serializers.CharField(source="service.branch.city.name")
    address = serializers.CharField(source="service.branch.address")

    class Meta:
        ref_name = "InsuredCommissionPlace"


class CommissionSlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()

    class Meta:
        ref_name = "InsuredCommissionSlot"


class CommissionPlacesApi(APIView):
    @extend_schema(
        operation_id="insured_commission_places",
        responses=CommissionPlaceSerializer(many=True),
        summary="Where medical commissions sit (active ones)",
    )
    def get(self, request: Request) -> Response:
        insured_person_get_for_user(user=request.user)
        return Response(CommissionPlaceSerializer(commissions_active(), many=True).data)


class CommissionSlotsApi(APIView):
    @extend_schema(
        operation_id="insured_commission_slots",
        responses=CommissionSlotSerializer(many=True),
        summary="A commission's free slots in the coming 30 days, earliest first; 404 for one "
        "that is not active",
    )
    def get(self, request: Request, commission_id: int) -> Response:
        insured_person_get_for_user(user=request.user)
        commission = commission_get_active(commission_id=commission_id)
        slots = commission_free_slots(commission=commission)
        return Response(CommissionSlotSerializer(slots, many=True).data)


class CommissionRequestSerializer(serializers.Serializer):
    class BookingSerializer(serializers.Serializer):
        code = serializers.CharField()
        status = serializers.CharField()
        status_label = serializers.CharField(source="get_status_display")
        starts_at = serializers.DateTimeField(source="slot.starts_at")

        class Meta:
            ref_name = "InsuredCommissionBooking"

    id = serializers.IntegerField()
    tracking_code = serializers.CharField(source="case.tracking_code")
    reason = serializers.CharField()
    reason_label = serializers.CharField(source="get_reason_display")
    description = serializers.CharField()
    commission_id = serializers.IntegerField()
    branch_name = serializers.CharField(source="case.branch.name")
    status = serializers.CharField(source="case.status")
    status_label = serializers.CharField(source="case.get_status_display")
    status_reason = serializers.CharField(source="case.status_reason")
    held = serializers.SerializerMethodField(
        help_text="saved without its medical records: not sent to the branch yet"
    )
    due_date = serializers.DateField(source="case.due_date", allow_null=True)
    created_at = serializers.DateTimeField()
    booking = BookingSerializer(allow_null=True, help_text="the latest booking of the request")
    may_cancel_booking = serializers.SerializerMethodField()
    may_book = serializers.SerializerMethodField(
        help_text="the case is open and has no live booking: book a new slot"
    )

    class Meta:
        ref_name = "InsuredCommissionRequest"

    def get_held(self, item) -> bool:
        return item.case.status == "submitted"

    def get_may_cancel_booking(self, item) -> bool:
        return commission_request_state(item).may_cancel

    def get_may_book(self, item) -> bool:
        return commission_request_state(item).may_book


def _slot_id_field() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=INT32_MAX)


class CommissionRequestListApi(APIView):
    class InputSerializer(serializers.Serializer):
        commission_id = serializers.IntegerField(min_value=1, max_value=INT32_MAX)
        reason = serializers.ChoiceField(choices=CommissionReason.choices)
        slot_id = _slot_id_field()
        description = serializers.CharField(
            max_length=MAX_DESCRIPTION,
            required=False,
            default="",
            allow_blank=True,
            validators=[refuse_control_characters_multiline],
        )
        documents = serializers.ListField(
            child=serializers.FileField(),
            required=False,
            default=list,
            help_text=f"medical records: PDF, JPEG or PNG (the field repeated), at most "
            f"{MAX_DOCUMENTS}; without them the case is saved and held",
        )

        class Meta:
            ref_name = "InsuredCommissionRequestInput"

    @extend_schema(
        operation_id="insured_commission_requests",
        responses=CommissionRequestSerializer(many=True),
        summary="My medical commission requests, newest first",
    )
    def get(self, request: Request) -> Response:
        insured_person_get_for_user(user=request.user)
        items = commission_requests_for_user(user=request.user)[:MAX_ITEMS]
        return Response(CommissionRequestSerializer(items, many=True).data)

    @extend_schema(
        operation_id="insured_commission_request_create",
        request={"multipart/form-data": InputSerializer},
        responses={201: CommissionRequestSerializer},
        summary="File a request and book its slot, all or nothing: a slot just taken answers "
        "400 `slot_full` and nothing is stored; a second open request or a bad file: 400",
    )
    def post(self, request: Request) -> Response:
        person = insured_person_get_for_user(user=request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        filed = commission_request_file(
            user=request.user,
            person=person,
            commission_id=values["commission_id"],
            reason=values["reason"],
            slot_id=values["slot_id"],
            description=values["description"],
            documents=values["documents"],
        )
        item = commission_request_get_for_user(user=request.user, request_id=filed.pk)
        return Response(CommissionRequestSerializer(item).data, status=status.HTTP_201_CREATED)


class CommissionRequestApi(APIView):
    @extend_schema(
        operation_id="insured_commission_request",
        responses=CommissionRequestSerializer,
        summary="One of my medical commission requests; 404 for anyone else's",
    )
    def get(self, request: Request, request_id: int) -> Response:
        item = commission_request_get_for_user(user=request.user, request_id=request_id)
        return Response(CommissionRequestSerializer(item).data)


class CommissionCancelBookingApi(APIView):
    @extend_schema(
        operation_id="insured_commission_booking_cancel",
        request=None,
        responses=CommissionRequestSerializer,
        summary="Cancel the request's booking while its case is open (it then waits for a "
        "new slot); 404 for anyone else's",
    )
    def post(self, request: Request, request_id: int) -> Response:
        item = commission_request_get_for_user(user=request.user, request_id=request_id)
        commission_booking_cancel(user=request.user, request_id=item.pk)
        item = commission_request_get_for_user(user=request.user, request_id=item.pk)
        return Response(CommissionRequestSerializer(item).data)


class CommissionBookApi(APIView):
    class InputSerializer(serializers.Serializer):
        slot_id = _slot_id_field()

        class Meta:
            ref_name = "InsuredCommissionBookInput"

    @extend_schema(
        operation_id="insured_commission_book",
        request=InputSerializer,
        responses=CommissionRequestSerializer,
        summary="Book a new slot for an open request without a live booking; a slot just "
        "taken: 400 `slot_full`, nothing changes",
    )
    def post(self, request: Request, request_id: int) -> Response:
        item = commission_request_get_for_user(user=request.user, request_id=request_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commission_slot_book(
            user=request.user, request_id=item.pk, slot_id=data.validated_data["slot_id"]
        )
        item = commission_request_get_for_user(user=request.user, request_id=item.pk)
        return Response(CommissionRequestSerializer(item).data)


urlpatterns = [
    path(
        "commissions/places/",
        CommissionPlacesApi.as_view(),
        name="api-insured-commission-places",
    ),
    path(
        "commissions/places/<int:commission_id>/slots/",
        CommissionSlotsApi.as_view(),
        name="api-insured-commission-slots",
    ),
    path(
        "commissions/requests/",
        CommissionRequestListApi.as_view(),
        name="api-insured-commission-requests",
    ),
    path(
        "commissions/requests/<int:request_id>/",
        CommissionRequestApi.as_view(),
        name="api-insured-commission-request",
    ),
    path(
        "commissions/requests/<int:request_id>/cancel-booking/",
        CommissionCancelBookingApi.as_view(),
        name="api-insured-commission-cancel-booking",
    ),
    path(
        "commissions/requests/<int:request_id>/book/",
        CommissionBookApi.as_view(),
        name="api-insured-commission-book",
    ),
]
