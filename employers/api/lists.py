"""Employer API: a workshop's monthly lists with their status, totals and first errors;
every error of one list, a page at a time. The payroll software API (employers.api.payroll)
answers with the same serializers and `monthly_list_errors_page`."""

from __future__ import annotations

from django.core.paginator import Paginator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.models import MonthlyList
from employers.selectors.list_errors import (
    ERRORS_PER_PAGE,
    monthly_list_errors,
    monthly_list_first_errors,
)
from employers.selectors.lists import monthly_list_get_for_user
from employers.selectors.money import monthly_lists_for_workshop
from employers.selectors.workshops import workshop_get_for_user

# A broken file can have an error on every row; the overview gives the first errors of
# each rule, at most this many (every error: MonthlyListErrorsApi, or the CSV report).
ERRORS_SHOWN = 100


class ErrorSerializer(serializers.Serializer):
    """`{file, row, field, code, message}`, the shape of `monthly_list check --json`."""

    file = serializers.CharField(allow_blank=True)
    row = serializers.IntegerField()
    field = serializers.CharField(allow_blank=True)
    code = serializers.CharField()
    message = serializers.CharField()

    class Meta:
        ref_name = "EmployerMonthlyListError"


ERRORS_PAGE_PARAMETERS = [
    OpenApiParameter("page", OpenApiTypes.INT, description="1 = the first errors found"),
    OpenApiParameter("code", OpenApiTypes.STR, description="only the errors of this rule"),
]


def monthly_list_errors_page(*, monthly_list: MonthlyList, page: str | None, code: str) -> dict:
    """One page of a list's errors (of one rule if `code`), 100 a page in the order found:
    `{page, num_pages, count, errors}`. The portal's API and the payroll API both answer it."""
    paginator = Paginator(
        monthly_list_errors(monthly_list=monthly_list, code=code), ERRORS_PER_PAGE
    )
    if not code:
        paginator.count = monthly_list.error_count  # known from the parse: no COUNT
    current = paginator.get_page(page)
    return {
        "page": current.number,
        "num_pages": paginator.num_pages,
        "count": paginator.count,
        "errors": current.object_list,
    }


class WorkshopMonthlyListsApi(APIView):
    class OutputSerializer(serializers.Serializer):
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
            return obj.error_count

        @extend_schema_field(ErrorSerializer(many=True))
        def get_errors(self, obj) -> list[dict]:
            first = monthly_list_first_errors(monthly_list=obj, limit=ERRORS_SHOWN)
            return ErrorSerializer(first, many=True).data

    @extend_schema(
        responses=OutputSerializer(many=True),
        summary="Monthly lists of a workshop: status, totals and the first errors of each rule "
        "(404 if not mine)",
    )
    def get(self, request: Request, workshop_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        return Response(
            self.OutputSerializer(monthly_lists_for_workshop(workshop=workshop), many=True).data
        )


class MonthlyListErrorsApi(APIView):
    class OutputSerializer(serializers.Serializer):
        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        count = serializers.IntegerField()
        errors = ErrorSerializer(many=True)

        class Meta:
            ref_name = "EmployerMonthlyListErrorsPage"

    @extend_schema(
        parameters=ERRORS_PAGE_PARAMETERS,
        responses=OutputSerializer,
        summary="Every error of one monthly list, 100 a page, in the order found (404 if not mine)",
    )
    def get(self, request: Request, list_id: int) -> Response:
        monthly_list = monthly_list_get_for_user(user=request.user, list_id=list_id)
        return Response(
            self.OutputSerializer(
                monthly_list_errors_page(
                    monthly_list=monthly_list,
                    page=request.query_params.get("page"),
                    code=request.query_params.get("code", ""),
                )
            ).data
        )
