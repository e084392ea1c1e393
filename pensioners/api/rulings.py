"""API of the rulings area under /api/v1/pensioners/: the person's pensions with their
amount, their rulings, one ruling with its history, and how a pension was computed.

The same selectors as the pages: a person who is not a pensioner sees empty lists, and
another person's pension or ruling is a 404.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pensioners.selectors.rulings import (
    pension_computation_for_user,
    pensions_with_amount_for_user,
    ruling_get_for_user,
    ruling_history,
    rulings_for_user,
)
from tamin.core.words import number_to_words


class PensionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    relation = serializers.CharField()
    share_permille = serializers.IntegerField()
    insured_name = serializers.CharField()
    start_date = serializers.DateField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    amount = serializers.IntegerField(allow_null=True, help_text="Monthly amount in force (rial)")

    class Meta:
        ref_name = "PensionersPension"


class RulingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    pension_id = serializers.IntegerField()
    pension_number = serializers.CharField(source="pension.number")
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    year = serializers.IntegerField()
    effective_from = serializers.DateField()
    amount_before = serializers.IntegerField()
    amount_after = serializers.IntegerField()
    increase_permille = serializers.IntegerField()
    increase_fixed = serializers.IntegerField()
    minimum_applied = serializers.BooleanField()

    class Meta:
        ref_name = "PensionersRuling"


class PensionListApi(APIView):
    @extend_schema(
        responses=PensionSerializer(many=True),
        summary="The signed-in pensioner's pensions with the monthly amount in force",
    )
    def get(self, request: Request) -> Response:
        pensions = pensions_with_amount_for_user(user=request.user)
        return Response(PensionSerializer(pensions, many=True).data)


class RulingListApi(APIView):
    @extend_schema(
        responses=RulingSerializer(many=True),
        summary="Every ruling (grant, yearly increases) of the pensioner's pensions, newest first",
    )
    def get(self, request: Request) -> Response:
        return Response(RulingSerializer(rulings_for_user(user=request.user), many=True).data)


class RulingHistoryRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="ruling.id")
    number = serializers.CharField(source="ruling.number")
    kind = serializers.CharField(source="ruling.kind")
    year = serializers.IntegerField(source="ruling.year")
    effective_from = serializers.DateField(source="ruling.effective_from")
    amount_before = serializers.IntegerField(allow_null=True, help_text="null for the grant")
    amount_after = serializers.IntegerField()
    change = serializers.IntegerField(allow_null=True)

    class Meta:
        ref_name = "PensionersRulingHistoryRow"


class RulingDetailApi(APIView):
    class OutputSerializer(RulingSerializer):
        original_days = serializers.IntegerField()
        added_days = serializers.IntegerField()
        years = serializers.SerializerMethodField()
        average_wage = serializers.IntegerField()
        amount_words = serializers.SerializerMethodField()
        history = serializers.SerializerMethodField()

        class Meta:
            ref_name = "PensionersRulingDetail"

        def get_years(self, ruling) -> str:
            hundredths = ruling.years_hundredths
            return f"{hundredths // 100}.{hundredths % 100:02d}"

        def get_amount_words(self, ruling) -> str:
            return f"{number_to_words(ruling.amount_after)} ریال"

        @extend_schema_field(RulingHistoryRowSerializer(many=True))
        def get_history(self, ruling) -> list[dict]:
            rows = ruling_history(pension=ruling.pension, until=ruling)
            return RulingHistoryRowSerializer(rows, many=True).data

    @extend_schema(
        responses=OutputSerializer,
        summary="One ruling: service, basis, amount in digits and words, history up to it",
    )
    def get(self, request: Request, ruling_id: int) -> Response:
        ruling = ruling_get_for_user(user=request.user, ruling_id=ruling_id)
        return Response(self.OutputSerializer(ruling).data)


class PensionComputationApi(APIView):
    class OutputSerializer(serializers.Serializer):
        class MonthSerializer(serializers.Serializer):
            year = serializers.IntegerField()
            month = serializers.IntegerField()
            days = serializers.IntegerField()
            wage = serializers.IntegerField()
            days_used = serializers.IntegerField()
            wage_used = serializers.IntegerField()
            partial = serializers.BooleanField()

            class Meta:
                ref_name = "PensionersComputationMonth"

        class FiguresSerializer(serializers.Serializer):
            original_days = serializers.IntegerField(source="days")
            added_days = serializers.IntegerField()
            years = serializers.CharField(source="years_text")
            average_wage = serializers.IntegerField()
            computed_pension = serializers.IntegerField()
            minimum_pension = serializers.IntegerField(allow_null=True)
            floor = serializers.IntegerField(allow_null=True)
            pension = serializers.IntegerField()
            minimum_applied = serializers.BooleanField()
            days_covered = serializers.IntegerField(source="average.days_covered")
            wage_sum = serializers.IntegerField(source="average.wage_sum")

            class Meta:
                ref_name = "PensionersComputationFigures"

        pension_id = serializers.IntegerField(source="pension.id")
        available = serializers.BooleanField()
        is_survivor = serializers.BooleanField()
        share_permille = serializers.IntegerField()
        base_amount = serializers.IntegerField(allow_null=True)
        share_amount = serializers.IntegerField(allow_null=True)
        matches_ruling = serializers.BooleanField()
        figures = FiguresSerializer(source="result", allow_null=True)
        steps = serializers.ListField(child=serializers.CharField())
        walked = MonthSerializer(many=True)
        file = serializers.JSONField(
            allow_null=True, help_text="The inputs as the file `manage.py pension compute` reads"
        )

        class Meta:
            ref_name = "PensionersComputationOutput"

    @extend_schema(
        responses=OutputSerializer,
        summary="How a pension was computed: figures, steps, the months walked, the input file",
    )
    def get(self, request: Request, pension_id: int) -> Response:
        view = pension_computation_for_user(user=request.user, pension_id=pension_id)
        return Response(self.OutputSerializer(view).data)


urlpatterns = [
    path("pensions/", PensionListApi.as_view(), name="api-pensioners-pensions"),
    path(
        "pensions/<int:pension_id>/computation/",
        PensionComputationApi.as_view(),
        name="api-pensioners-pension-computation",
    ),
    path("rulings/", RulingListApi.as_view(), name="api-pensioners-rulings"),
    path("rulings/<int:ruling_id>/", RulingDetailApi.as_view(), name="api-pensioners-ruling"),
]
