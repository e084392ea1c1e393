"""Employer API: a workshop's monthly lists with their status, totals and errors."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.selectors.money import monthly_lists_for_workshop
from employers.selectors.workshops import workshop_get_for_user

# A broken file can have an error on every row; the list shows the first ones
# (the full report is the downloadable error report of the list page).
ERRORS_SHOWN = 100


class WorkshopMonthlyListsApi(APIView):
    class OutputSerializer(serializers.Serializer):
        class ErrorSerializer(serializers.Serializer):
            file = serializers.CharField()
            row = serializers.IntegerField()
            field = serializers.CharField(allow_blank=True)
            code = serializers.CharField()
            message = serializers.CharField()

            class Meta:
                ref_name = "EmployerMonthlyListError"

        class TotalsSerializer(serializers.Serializer):
            total_days = serializers.IntegerField()
            total_insurable = serializers.IntegerField()
            total_pay = serializers.IntegerField()
            insured_share = serializers.IntegerField()
            employer_share = serializers.IntegerField()
            unemployment_share = serializers.IntegerField()

            class Meta:
                ref_name = "EmployerMonthlyListTotals"

        id = serializers.IntegerField()
        year = serializers.IntegerField()
        month = serializers.IntegerField()
        version = serializers.IntegerField()
        status = serializers.CharField()
        status_label = serializers.CharField(source="get_status_display")
        file_format = serializers.CharField()
        worker_count = serializers.IntegerField()
        totals = TotalsSerializer(source="*")
        error_count = serializers.SerializerMethodField()
        errors = serializers.SerializerMethodField()
        created_at = serializers.DateTimeField()
        submitted_at = serializers.DateTimeField(allow_null=True)

        class Meta:
            ref_name = "EmployerMonthlyList"

        def get_error_count(self, obj) -> int:
            return len(obj.errors or [])

        @extend_schema(responses=ErrorSerializer(many=True))
        def get_errors(self, obj) -> list[dict]:
            rows = [
                {
                    "file": str(error.get("file", "")),
                    "row": int(error.get("row", 0) or 0),
                    "field": str(error.get("field", "") or ""),
                    "code": str(error.get("code", "")),
                    "message": str(error.get("message", "")),
                }
                for error in (obj.errors or [])[:ERRORS_SHOWN]
            ]
            return self.ErrorSerializer(rows, many=True).data

    @extend_schema(
        responses=OutputSerializer(many=True),
        summary="Monthly lists of a workshop: status, totals and the first errors (404 if not mine)",
    )
    def get(self, request: Request, workshop_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        return Response(
            self.OutputSerializer(monthly_lists_for_workshop(workshop=workshop), many=True).data
        )
