"""API of the payslips area under /api/v1/pensioners/: payslips of a year, one payslip, the
last one (what the app and the USSD menu show) and the bank account (Sheba masked).

The same selectors as the pages: another person's payslip answers 404, like a missing
one; an account that is no pensioner gets 404 from every path.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pensioners.selectors.payslips import (
    bank_account_for_user,
    payslip_adjustment_period,
    payslip_get_for_user,
    payslip_last_for_user,
    payslip_years_for_user,
    payslips_for_user,
    sheba_masked,
)
from pensioners.selectors.pensions import pensioner_for_user
from pensioners.services.payslips import period_range_text
from tamin.core.identifiers import parse_positive_int
from tamin.core.jalali import format_period


def _pensioner_or_404(request: Request) -> None:
    if pensioner_for_user(user=request.user) is None:
        raise Http404


class PayslipRowSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="payment, deduction or loan")
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    amount = serializers.IntegerField(help_text="rial")

    class Meta:
        ref_name = "PensionerPayslipRow"


class PayslipSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    period = serializers.SerializerMethodField(help_text="«آذر ۱۴۰۵»")
    pension_number = serializers.CharField(source="pension.number")
    total_payments = serializers.IntegerField()
    total_deductions = serializers.IntegerField()
    total_loans = serializers.IntegerField()
    net = serializers.IntegerField(help_text="payments − deductions − loans, rial")

    class Meta:
        ref_name = "PensionerPayslipSummary"

    def get_period(self, payslip) -> str:
        return format_period(payslip.year, payslip.month)


class PayslipDetailSerializer(PayslipSummarySerializer):
    adjustment_period = serializers.SerializerMethodField(
        help_text="the months a difference row pays for, or null"
    )
    paid_to_sheba_masked = serializers.SerializerMethodField()
    bank_name = serializers.CharField()
    paid_on = serializers.DateField(allow_null=True)
    rows = PayslipRowSerializer(many=True, source="rows.all")

    class Meta:
        ref_name = "PensionerPayslipDetail"

    def get_adjustment_period(self, payslip) -> str | None:
        adjustment = payslip_adjustment_period(payslip=payslip)
        return period_range_text(*adjustment) if adjustment else None

    def get_paid_to_sheba_masked(self, payslip) -> str:
        return sheba_masked(payslip.paid_to_sheba)


class PayslipListApi(APIView):
    class OutputSerializer(serializers.Serializer):
        years = serializers.ListField(child=serializers.IntegerField())
        year = serializers.IntegerField(allow_null=True)
        payslips = PayslipSummarySerializer(many=True)

        class Meta:
            ref_name = "PensionerPayslipListOutput"

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="a Jalali year; default the latest")],
        operation_id="pensioners_payslips_list",
        responses=OutputSerializer,
        summary="My payslips of a year (the years that have payslips, newest first)",
    )
    def get(self, request: Request) -> Response:
        _pensioner_or_404(request)
        years = payslip_years_for_user(user=request.user)
        asked = parse_positive_int(request.query_params.get("year"))
        year = asked or (years[0] if years else None)
        payslips = payslips_for_user(user=request.user, year=year) if year else []
        return Response(
            self.OutputSerializer({"years": years, "year": year, "payslips": payslips}).data
        )


class PayslipDetailApi(APIView):
    @extend_schema(
        operation_id="pensioners_payslip_retrieve",
        responses=PayslipDetailSerializer,
        summary="One payslip: rows, totals, net, account",
    )
    def get(self, request: Request, payslip_id: int) -> Response:
        payslip = payslip_get_for_user(user=request.user, payslip_id=payslip_id)
        return Response(PayslipDetailSerializer(payslip).data)


class PayslipLastApi(APIView):
    class OutputSerializer(serializers.Serializer):
        class RowSerializer(serializers.Serializer):
            kind = serializers.CharField()
            title = serializers.CharField()
            amount = serializers.IntegerField()

            class Meta:
                ref_name = "PensionerPayslipLastRow"

        id = serializers.IntegerField()
        period = serializers.SerializerMethodField()
        year = serializers.IntegerField()
        month = serializers.IntegerField()
        net = serializers.IntegerField()
        rows = RowSerializer(many=True, source="rows.all")

        class Meta:
            ref_name = "PensionerPayslipLastOutput"

        def get_period(self, payslip) -> str:
            return format_period(payslip.year, payslip.month)

    @extend_schema(
        operation_id="pensioners_payslip_last",
        responses=OutputSerializer,
        summary="My last payslip, compact (period, net, rows): the app's and USSD's answer",
    )
    def get(self, request: Request) -> Response:
        payslip = payslip_last_for_user(user=request.user)
        if payslip is None:
            raise Http404
        return Response(self.OutputSerializer(payslip).data)


class BankAccountApi(APIView):
    class OutputSerializer(serializers.Serializer):
        class RequestSerializer(serializers.Serializer):
            tracking_code = serializers.CharField()
            status = serializers.CharField()
            status_label = serializers.CharField()
            is_open = serializers.BooleanField()
            sheba_masked = serializers.CharField()
            bank_name = serializers.CharField()
            created_at = serializers.DateTimeField()
            due_date = serializers.DateField(allow_null=True)
            reason = serializers.CharField()

            class Meta:
                ref_name = "PensionerBankChangeRequest"

        sheba_masked = serializers.CharField(help_text="«IR06…0003»")
        bank_name = serializers.CharField()
        branch_name = serializers.CharField()
        last_request = RequestSerializer(allow_null=True)

        class Meta:
            ref_name = "PensionerBankAccountOutput"

    @extend_schema(
        operation_id="pensioners_bank_account_retrieve",
        responses=OutputSerializer,
        summary="The account my pension is paid to (masked) and my latest change request",
    )
    def get(self, request: Request) -> Response:
        account = bank_account_for_user(user=request.user)
        if account is None:
            raise Http404
        return Response(self.OutputSerializer(account).data)


urlpatterns = [
    path("payslips/", PayslipListApi.as_view(), name="api-pensioners-payslips"),
    path("payslips/last/", PayslipLastApi.as_view(), name="api-pensioners-payslip-last"),
    path("payslips/<int:payslip_id>/", PayslipDetailApi.as_view(), name="api-pensioners-payslip"),
    path("bank-account/", BankAccountApi.as_view(), name="api-pensioners-bank-account"),
]
