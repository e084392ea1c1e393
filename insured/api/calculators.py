"""API of the calculators area under /api/v1/insured/calculators/ (GET with query
parameters; nothing is written).

Each view validates its query, reads the signed-in person (`insured_person_get_for_user`:
404 for an account with no insured record) and answers with the rule's figures and its
working (`steps`, Persian), the same selectors as the pages.
"""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from insured.selectors import insured_person_get_for_user
from insured.selectors.calculators import (
    MAX_DAYS_OFF,
    MAX_MONTHS_SERVED,
    marriage_estimate_for_person,
    military_estimate_for_person,
    pension_estimate_for_person,
    sickness_estimate_for_person,
)
from tamin.core.jalali import format_period
from tamin.rules.pension_file import MAX_ADDED_DAYS


class CalculatorMonthSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    label = serializers.SerializerMethodField()
    days = serializers.IntegerField()
    wage = serializers.IntegerField()

    class Meta:
        ref_name = "InsuredCalculatorMonth"

    def get_label(self, month) -> str:
        return format_period(month.year, month.month)


class PensionCalculatorApi(APIView):
    class InputSerializer(serializers.Serializer):
        added_days = serializers.IntegerField(
            min_value=0,
            max_value=MAX_ADDED_DAYS,
            required=False,
            default=0,
            help_text="Added service in days (e.g. purchased military service)",
        )

        class Meta:
            ref_name = "InsuredPensionCalculatorInput"

    class OutputSerializer(serializers.Serializer):
        class FiguresSerializer(serializers.Serializer):
            age = serializers.IntegerField()
            original_days = serializers.IntegerField(source="days")
            added_days = serializers.IntegerField()
            total_days = serializers.IntegerField()
            years = serializers.CharField(source="years_text")
            average_wage = serializers.IntegerField()
            days_covered = serializers.IntegerField(source="average.days_covered")
            wage_sum = serializers.IntegerField(source="average.wage_sum")
            computed_pension = serializers.IntegerField()
            minimum_pension = serializers.IntegerField(allow_null=True)
            floor = serializers.IntegerField(allow_null=True)
            pension = serializers.IntegerField()
            minimum_applied = serializers.BooleanField()

            class Meta:
                ref_name = "InsuredPensionCalculatorFigures"

        class ConditionSerializer(serializers.Serializer):
            label = serializers.CharField(source="condition.label")
            path = serializers.CharField(source="condition.path")
            min_years = serializers.IntegerField(source="condition.min_years")
            min_age = serializers.IntegerField(source="condition.min_age", allow_null=True)
            years = serializers.SerializerMethodField()
            met = serializers.BooleanField()

            class Meta:
                ref_name = "InsuredPensionCalculatorCondition"

            def get_years(self, outcome) -> str:
                return f"{outcome.years_hundredths // 100}.{outcome.years_hundredths % 100:02d}"

        class WalkedSerializer(serializers.Serializer):
            year = serializers.IntegerField()
            month = serializers.IntegerField()
            days = serializers.IntegerField()
            wage = serializers.IntegerField()
            days_used = serializers.IntegerField()
            wage_used = serializers.IntegerField()
            partial = serializers.BooleanField(source="is_partial")

            class Meta:
                ref_name = "InsuredPensionCalculatorWalkedMonth"

        on = serializers.DateField(source="on.togregorian")
        eligible = serializers.BooleanField()
        eligible_from = serializers.DateField(source="eligible_from_gregorian", allow_null=True)
        eligible_once_recorded = serializers.BooleanField()
        continuing = CalculatorMonthSerializer(allow_null=True)
        horizon_years = serializers.IntegerField()
        error = serializers.CharField(allow_blank=True)
        figures = FiguresSerializer(source="result", allow_null=True)
        conditions = ConditionSerializer(source="result.outcomes", many=True, default=())
        steps = serializers.ListField(
            child=serializers.CharField(), source="result.steps", default=()
        )
        walked = WalkedSerializer(source="result.average.months", many=True, default=())
        file = serializers.JSONField(
            help_text="The inputs as the file `manage.py pension compute` reads"
        )

        class Meta:
            ref_name = "InsuredPensionCalculatorOutput"

    @extend_schema(
        parameters=[InputSerializer],
        responses=OutputSerializer,
        summary="Pension calculator: eligible today or from when, and the pension of today",
        description="The months before the current one, `pension_compute` with this year's "
        "figures (exactly what `manage.py pension compute` does with `file`); `eligible_from` "
        "is the first day a retirement condition holds if work goes on as in the last month "
        "(`continuing`, only when recent), null when not within `horizon_years`.",
    )
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        person = insured_person_get_for_user(user=request.user)
        estimate = pension_estimate_for_person(
            person=person, added_days=data.validated_data["added_days"]
        )
        return Response(self.OutputSerializer(estimate).data)


class _PastDateField(serializers.DateField):
    """An ISO date not in the future and not before the person's birth (the view checks
    the birth: the serializer does not know the person)."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if day > timezone.localdate():
            raise serializers.ValidationError("این تاریخ نمی‌تواند در آینده باشد.")
        return day


class _BenefitOutputSerializer(serializers.Serializer):
    """What every benefit calculator answers besides its own figures."""

    computed = serializers.SerializerMethodField()
    missing = serializers.CharField(
        allow_blank=True, help_text="Why nothing was computed (a figure of the year not recorded)"
    )
    year = serializers.IntegerField(allow_null=True, help_text="The Jalali year of the terms")
    eligible = serializers.BooleanField(source="result.eligible", default=False)
    reasons = serializers.ListField(
        child=serializers.CharField(), source="result.reasons", default=()
    )
    steps = serializers.ListField(child=serializers.CharField(), source="result.steps", default=())

    def get_computed(self, estimate) -> bool:
        return estimate.result is not None


def _refuse_before_birth(person, day, field: str) -> None:
    if day < person.birth_date:
        raise serializers.ValidationError({field: ["این تاریخ پیش از تاریخ تولد شماست."]})


class MarriageCalculatorApi(APIView):
    class InputSerializer(serializers.Serializer):
        marriage_date = _PastDateField(help_text="ISO date of the permanent marriage")
        employed_on_marriage = serializers.BooleanField(default=False)
        first_permanent_marriage = serializers.BooleanField(default=True)

        class Meta:
            ref_name = "InsuredMarriageCalculatorInput"

    class OutputSerializer(_BenefitOutputSerializer):
        amount = serializers.IntegerField(source="result.amount", default=0)
        note = serializers.CharField(
            allow_blank=True, help_text="What the records show for the month of the marriage"
        )

        class Meta:
            ref_name = "InsuredMarriageCalculatorOutput"

    @extend_schema(
        parameters=[InputSerializer],
        responses=OutputSerializer,
        summary="Marriage allowance calculator (Art. 85): eligibility, amount, working",
    )
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        person = insured_person_get_for_user(user=request.user)
        _refuse_before_birth(person, data.validated_data["marriage_date"], "marriage_date")
        estimate = marriage_estimate_for_person(person=person, **data.validated_data)
        return Response(self.OutputSerializer(estimate).data)


class MilitaryCalculatorApi(APIView):
    class InputSerializer(serializers.Serializer):
        months_served = serializers.IntegerField(min_value=1, max_value=MAX_MONTHS_SERVED)

        class Meta:
            ref_name = "InsuredMilitaryCalculatorInput"

    class OutputSerializer(_BenefitOutputSerializer):
        cost = serializers.IntegerField(source="result.cost", default=0)
        insured_share = serializers.IntegerField(source="result.insured_share", default=0)
        government_share = serializers.IntegerField(source="result.government_share", default=0)
        average_wage = serializers.IntegerField(source="result.average_wage", default=0)
        monthly_contribution = serializers.IntegerField(
            source="result.monthly_contribution", default=0
        )

        class Meta:
            ref_name = "InsuredMilitaryCalculatorOutput"

    @extend_schema(
        parameters=[InputSerializer],
        responses=OutputSerializer,
        summary="Military service purchase calculator: cost, insured and government shares",
    )
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        person = insured_person_get_for_user(user=request.user)
        estimate = military_estimate_for_person(person=person, **data.validated_data)
        return Response(self.OutputSerializer(estimate).data)


class SicknessCalculatorApi(APIView):
    class InputSerializer(serializers.Serializer):
        start = _PastDateField(help_text="ISO date of the first day of sick leave")
        days_off = serializers.IntegerField(min_value=1, max_value=MAX_DAYS_OFF)
        hospitalized = serializers.BooleanField(default=False)
        work_accident = serializers.BooleanField(default=False)
        has_dependents = serializers.BooleanField(default=False)

        class Meta:
            ref_name = "InsuredSicknessCalculatorInput"

    class OutputSerializer(_BenefitOutputSerializer):
        amount = serializers.IntegerField(source="result.amount", default=0)
        daily_amount = serializers.IntegerField(
            source="result.daily_amount", allow_null=True, default=None
        )
        days = serializers.IntegerField(source="result.days", allow_null=True, default=None)

        class Meta:
            ref_name = "InsuredSicknessCalculatorOutput"

    @extend_schema(
        parameters=[InputSerializer],
        responses=OutputSerializer,
        summary="Sickness wage compensation calculator: daily amount, days paid, total",
    )
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        person = insured_person_get_for_user(user=request.user)
        _refuse_before_birth(person, data.validated_data["start"], "start")
        estimate = sickness_estimate_for_person(person=person, **data.validated_data)
        return Response(self.OutputSerializer(estimate).data)


urlpatterns = [
    path(
        "calculators/pension/",
        PensionCalculatorApi.as_view(),
        name="api-insured-calculator-pension",
    ),
    path(
        "calculators/marriage/",
        MarriageCalculatorApi.as_view(),
        name="api-insured-calculator-marriage",
    ),
    path(
        "calculators/military/",
        MilitaryCalculatorApi.as_view(),
        name="api-insured-calculator-military",
    ),
    path(
        "calculators/sickness/",
        SicknessCalculatorApi.as_view(),
        name="api-insured-calculator-sickness",
    ),
]
