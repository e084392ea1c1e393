"""Employer API: the workshop's claim rulings (احکام مطالباتی), once served.

The same selectors as the ruling pages (`employers.selectors.rulings`): a ruling
waiting for paper service, a draft or another workshop's ruling is a 404. What is
still owed of a ruling is the money allocation's (`rulings_outstanding`); the
objection deadline is the one fixed on its notice at service.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.api.claims import PAGE_PARAMETER, PageQuerySerializer, page_of, same_workshop
from employers.models import RulingSource, RulingStatus
from employers.selectors.rulings import (
    ruling_get_for_user,
    ruling_lines,
    ruling_owed,
    ruling_status_label,
    rulings_for_workshop,
)
from employers.selectors.workshops import workshop_get_for_user


class RulingSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="ruling.id")
    number = serializers.CharField(source="ruling.number", help_text="شماره حکم")
    source = serializers.CharField(
        source="ruling.source", help_text="one of: " + ", ".join(RulingSource.values)
    )
    source_label = serializers.CharField(source="ruling.get_source_display")
    status = serializers.CharField(
        source="ruling.status", help_text="one of: " + ", ".join(RulingStatus.values)
    )
    status_label = serializers.CharField(help_text="Persian, to show")
    principal_total = serializers.IntegerField(source="ruling.principal_total", help_text="rial")
    penalty_total = serializers.IntegerField(source="ruling.penalty_total", help_text="rial")
    total = serializers.IntegerField(
        source="ruling.total", help_text="as issued: principal + penalties"
    )
    current_amount = serializers.IntegerField(
        source="ruling.current_amount",
        help_text="what the ruling stands at now (after a board's vote or a penalty waiver)",
    )
    owed = serializers.IntegerField(help_text="still owed of it (current amount less payments)")
    notice_id = serializers.IntegerField(source="ruling.notice_id")
    notice_number = serializers.CharField(source="ruling.notice.number")
    served_at = serializers.DateTimeField(help_text="service: the objection term runs from it")
    objection_until = serializers.DateField(
        source="respond_until",
        allow_null=True,
        help_text="the last day to object to the first-instance board",
    )

    class Meta:
        ref_name = "EmployerRulingSummary"


class WorkshopRulingListApi(APIView):
    class OutputSerializer(serializers.Serializer):
        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        count = serializers.IntegerField()
        rulings = RulingSummarySerializer(many=True, source="items")

        class Meta:
            ref_name = "EmployerRulingPage"

    @extend_schema(
        operation_id="employers_workshop_rulings_list",
        parameters=[PAGE_PARAMETER],
        responses=OutputSerializer,
        summary="The workshop's served claim rulings, newest first, 20 a page, each with what "
        "is still owed of it (404 if not mine)",
    )
    def get(self, request: Request, workshop_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        query = PageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = page_of(
            rulings_for_workshop(workshop=workshop), page=query.validated_data.get("page")
        )
        return Response(self.OutputSerializer(page).data)


class _RulingDetail:
    """A served ruling with what the detail shows (built from the rulings selectors)."""

    def __init__(self, ruling, *, today):
        self.ruling = ruling
        self.status_label = ruling_status_label(ruling)
        self.owed = ruling_owed(ruling=ruling)
        self.lines = ruling_lines(ruling=ruling)
        self.served_at = ruling.notice.served_at
        self.respond_until = ruling.notice.respond_until
        self.within_objection_term = self.respond_until is not None and today <= self.respond_until


class WorkshopRulingDetailApi(APIView):
    class OutputSerializer(RulingSummarySerializer):
        class LineSerializer(serializers.Serializer):
            year = serializers.IntegerField(help_text="Jalali year")
            month = serializers.IntegerField(help_text="Jalali month, 1-12")
            label = serializers.CharField(help_text="the period in Persian")
            principal = serializers.IntegerField(help_text="rial")
            penalty = serializers.IntegerField(help_text="rial")
            total = serializers.IntegerField(help_text="rial")
            description = serializers.CharField(allow_blank=True)

            class Meta:
                ref_name = "EmployerRulingLine"

        legal_basis = serializers.CharField(source="ruling.legal_basis")
        description = serializers.CharField(source="ruling.description", allow_blank=True)
        issued_at = serializers.DateTimeField(source="ruling.created_at")
        delivery = serializers.CharField(source="ruling.notice.delivery")
        delivery_label = serializers.CharField(source="ruling.notice.get_delivery_display")
        within_objection_term = serializers.BooleanField(
            help_text="today is on or before the objection deadline"
        )
        lines = LineSerializer(many=True, help_text="the periods claimed, oldest first")

        class Meta:
            ref_name = "EmployerRuling"

    @extend_schema(
        operation_id="employers_workshop_ruling_retrieve",
        responses=OutputSerializer,
        summary="One served claim ruling: its periods, totals, current amount, what is still "
        "owed, status and objection deadline (404 if not mine)",
    )
    def get(self, request: Request, workshop_id: int, ruling_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        ruling = ruling_get_for_user(user=request.user, ruling_id=ruling_id)
        same_workshop(ruling, workshop=workshop)
        detail = _RulingDetail(ruling, today=timezone.localdate())
        return Response(self.OutputSerializer(detail).data)
