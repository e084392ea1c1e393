"""Insured API: the contribution record (summary, one year, combined, the last month) and the
average wage.

The same selectors as the record pages; wages before 1386 are null (not shown).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.views import APIView

from insured.selectors import insured_person_get_for_user
from insured.selectors.average_wage import average_wage_for_person
from insured.selectors.records import (
    contribution_record_summary,
    contribution_record_year,
    insured_person_with_record_version_for_user,
    record_last,
    record_year_is_valid,
)


class PeriodSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    label = serializers.CharField()

    class Meta:
        ref_name = "InsuredRecordPeriod"


class WorkshopMonthSerializer(serializers.Serializer):
    workshop_code = serializers.CharField()
    workshop_name = serializers.CharField()
    days = serializers.IntegerField()
    wage = serializers.IntegerField(allow_null=True)

    class Meta:
        ref_name = "InsuredRecordWorkshopMonth"


def _summary_data(request: Request, *, name: str, serializer) -> dict:
    """`serializer`'s reading of the person's record summary, serialized once per version of
    their records (as the record pages are) and kept under the endpoint's own `name`."""
    person = insured_person_with_record_version_for_user(user=request.user)
    if person is None:
        raise Http404
    key = (
        f"insured:api:records-{name}:v1:{person.pk}:{person.national_code}:{person.record_version}"
    )
    data = cache.get(key)
    if data is None:
        summary = contribution_record_summary(person=person)
        data = json.loads(json.dumps(serializer(summary).data, cls=JSONEncoder))
        cache.set(key, data, settings.RECORD_PAGES_CACHE_SECONDS)
    return data


class RecordSummaryApi(APIView):
    class OutputSerializer(serializers.Serializer):
        class WorkshopSerializer(serializers.Serializer):
            workshop_code = serializers.CharField()
            workshop_name = serializers.CharField()
            first = PeriodSerializer()
            last = PeriodSerializer()
            months = serializers.IntegerField()
            days = serializers.IntegerField()

            class Meta:
                ref_name = "InsuredRecordSummaryWorkshop"

        class YearSerializer(serializers.Serializer):
            year = serializers.IntegerField()
            days = serializers.IntegerField()
            counted_days = serializers.IntegerField()
            wage = serializers.IntegerField(allow_null=True)

            class Meta:
                ref_name = "InsuredRecordSummaryYear"

        record_count = serializers.IntegerField()
        reported_days = serializers.IntegerField()
        overlap_days = serializers.IntegerField()
        total_days = serializers.IntegerField()
        years = serializers.DecimalField(max_digits=6, decimal_places=2)
        wage_total = serializers.IntegerField()
        first = PeriodSerializer(allow_null=True)
        last = PeriodSerializer(allow_null=True)
        by_workshop = WorkshopSerializer(many=True)
        by_year = YearSerializer(many=True)

        class Meta:
            ref_name = "InsuredRecordSummaryOutput"

    @extend_schema(
        responses=OutputSerializer,
        summary="Record summary: total days and years, by workshop and by year",
    )
    def get(self, request: Request) -> Response:
        return Response(_summary_data(request, name="summary", serializer=self.OutputSerializer))


class RecordYearApi(APIView):
    class OutputSerializer(serializers.Serializer):
        class MonthSerializer(serializers.Serializer):
            month = serializers.IntegerField()
            name = serializers.CharField()
            month_days = serializers.IntegerField()
            days = serializers.IntegerField()
            counted_days = serializers.IntegerField()
            missing_days = serializers.IntegerField()
            wage = serializers.IntegerField(allow_null=True)
            workshops = WorkshopMonthSerializer(many=True)

            class Meta:
                ref_name = "InsuredRecordYearMonth"

        year = serializers.IntegerField()
        days = serializers.IntegerField()
        counted_days = serializers.IntegerField()
        wage = serializers.IntegerField(allow_null=True)
        wage_shown = serializers.BooleanField()
        months = MonthSerializer(many=True)

        class Meta:
            ref_name = "InsuredRecordYearOutput"

    @extend_schema(
        responses=OutputSerializer, summary="One Jalali year: month by month, days and wage"
    )
    def get(self, request: Request, year: int) -> Response:
        person = insured_person_get_for_user(user=request.user)
        if not record_year_is_valid(year):
            raise Http404
        return Response(
            self.OutputSerializer(contribution_record_year(person=person, year=year)).data
        )


class RecordCombinedApi(APIView):
    class OutputSerializer(serializers.Serializer):
        class SpanSerializer(serializers.Serializer):
            workshop_code = serializers.CharField()
            workshop_name = serializers.CharField()
            first = PeriodSerializer()
            last = PeriodSerializer()
            months = serializers.IntegerField()
            days = serializers.IntegerField()

            class Meta:
                ref_name = "InsuredRecordCombinedSpan"

        class OverlapSerializer(serializers.Serializer):
            period = PeriodSerializer()
            workshops = WorkshopMonthSerializer(many=True)
            days = serializers.IntegerField()
            counted_days = serializers.IntegerField()
            excess = serializers.IntegerField()

            class Meta:
                ref_name = "InsuredRecordCombinedOverlap"

        total_days = serializers.IntegerField()
        overlap_days = serializers.IntegerField()
        spans = SpanSerializer(many=True)
        overlaps = OverlapSerializer(many=True)

        class Meta:
            ref_name = "InsuredRecordCombinedOutput"

    @extend_schema(
        responses=OutputSerializer,
        summary="Combined record (سوابق تلفیقی): runs of months per workshop and overlaps",
    )
    def get(self, request: Request) -> Response:
        return Response(_summary_data(request, name="combined", serializer=self.OutputSerializer))


class AverageWageApi(APIView):
    class OutputSerializer(serializers.Serializer):
        class UsedMonthSerializer(serializers.Serializer):
            year = serializers.IntegerField()
            month = serializers.IntegerField()
            days = serializers.IntegerField()
            wage = serializers.IntegerField()
            days_used = serializers.IntegerField()
            wage_used = serializers.IntegerField()

            class Meta:
                ref_name = "InsuredAverageWageMonth"

        average = serializers.IntegerField()
        wage_sum = serializers.IntegerField()
        days_covered = serializers.IntegerField()
        required_days = serializers.IntegerField()
        divisor = serializers.IntegerField()
        complete = serializers.BooleanField()
        missing_days = serializers.IntegerField()
        months = UsedMonthSerializer(many=True)

        class Meta:
            ref_name = "InsuredAverageWageOutput"

    @extend_schema(
        responses=OutputSerializer,
        summary="Average monthly wage of the last two years (730 days), with the months used",
    )
    def get(self, request: Request) -> Response:
        person = insured_person_get_for_user(user=request.user)
        return Response(self.OutputSerializer(average_wage_for_person(person=person)).data)


class RecordLastApi(APIView):
    class OutputSerializer(serializers.Serializer):
        year = serializers.IntegerField()
        month = serializers.IntegerField()
        month_label = serializers.CharField(help_text="«اسفند ۱۴۰۳»")
        month_days = serializers.IntegerField(help_text="the days the Jalali month has")
        days = serializers.IntegerField(help_text="recorded days, overlaps counted once")
        last_worked_day = serializers.DateField(
            help_text="the month's last day: the lists record days per month, not which days"
        )
        wage = serializers.IntegerField(
            allow_null=True, help_text="the month's insurable wage, rial; null before 1386"
        )
        workshop_code = serializers.CharField(help_text="the workshop with the most days")
        workshop_name = serializers.CharField()
        workshops = WorkshopMonthSerializer(many=True)

        class Meta:
            ref_name = "InsuredRecordLastOutput"

    @extend_schema(
        operation_id="insured_records_last",
        responses=OutputSerializer,
        summary="The last month with recorded days (آخرین سابقه): days, last worked day, wage "
        "and workshop, as the records year page shows it; 404 without any record",
    )
    def get(self, request: Request) -> Response:
        person = insured_person_get_for_user(user=request.user)
        last = record_last(insured=person)
        if last is None:
            raise Http404
        return Response(self.OutputSerializer(last).data)
