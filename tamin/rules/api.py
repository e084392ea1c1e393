"""Public API of the law's yearly figures: `GET /api/v1/rules/years/`, no sign-in.

It answers the published document of tamin.rules.published, which
`manage.py year_parameters import` and `manage.py monthly_list check --parameters`
read back as they are (docs/operations.md, "Yearly figures").
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tamin.rules.published import published_year_from_row, year_figures_document
from tamin.rules.selectors import year_parameters_published


class RulesYearFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Jalali year")
    min_daily_wage = serializers.IntegerField(help_text="rial")
    min_monthly_wage = serializers.IntegerField(help_text="rial")
    insurable_cap_monthly = serializers.IntegerField(help_text="rial; the daily cap is this / 30")
    insured_rate_permille = serializers.IntegerField()
    employer_rate_permille = serializers.IntegerField()
    government_rate_permille = serializers.IntegerField()
    unemployment_rate_permille = serializers.IntegerField()
    note = serializers.CharField(help_text="where the figures come from")


class RulesYearFiguresDocumentSerializer(serializers.Serializer):
    format = serializers.CharField()
    version = serializers.IntegerField()
    years = RulesYearFiguresSerializer(many=True)


class RulesYearListApi(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        responses=RulesYearFiguresDocumentSerializer,
        summary="The yearly figures of the premium law, as published (newest year first)",
    )
    def get(self, request: Request) -> Response:
        document = year_figures_document(
            published_year_from_row(row) for row in year_parameters_published()
        )
        return Response(RulesYearFiguresDocumentSerializer(document).data)


urlpatterns = [
    path("years/", RulesYearListApi.as_view(), name="api-rules-years"),
]
