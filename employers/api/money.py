"""Employer API: a workshop's debt and account turnover, every workshop's debt in one call,
and starting to pay a list (the same selectors and `payment_start` as the pages)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.selectors.money import (
    debt_overview_for_user,
    monthly_list_get_for_workshop,
    turnover,
    workshop_debt,
)
from employers.selectors.workshops import workshop_get_for_user
from employers.services.money import payment_redirect, payment_start
from tamin.core.identifiers import parse_positive_int


class PaymentStartSerializer(serializers.Serializer):
    """A started payment and where to send the person to pay (a list, an installment)."""

    order_id = serializers.CharField(help_text="the payment's order number")
    amount = serializers.IntegerField(help_text="rial")
    method = serializers.ChoiceField(
        choices=["GET", "POST"],
        help_text="GET: open `url`; POST: submit `fields` to `url` as a form",
    )
    url = serializers.CharField(help_text="the bank's page")
    fields = serializers.DictField(child=serializers.CharField(), help_text="for POST")

    class Meta:
        ref_name = "EmployerPaymentStart"


class WorkshopDebtApi(APIView):
    class OutputSerializer(serializers.Serializer):
        class ListDebtSerializer(serializers.Serializer):
            year = serializers.IntegerField()
            month = serializers.IntegerField()
            label = serializers.CharField()
            list_id = serializers.IntegerField(source="monthly_list.id", allow_null=True)
            charged = serializers.IntegerField()
            paid = serializers.IntegerField()
            outstanding = serializers.IntegerField()
            deadline = serializers.DateField()

            class Meta:
                ref_name = "EmployerDebtList"

        class PenaltySerializer(serializers.Serializer):
            kind = serializers.ChoiceField(choices=["late_payment", "no_list"])
            year = serializers.IntegerField()
            month = serializers.IntegerField()
            months_late = serializers.IntegerField(help_text="late_payment: months accrued")
            permille_per_month = serializers.IntegerField(
                source="permille",
                allow_null=True,
                help_text="the rate, per mille (a month, or once); null when the year's "
                "penalty row was removed after posting",
            )
            amount = serializers.IntegerField(source="accrued", help_text="posted + pending")
            posted = serializers.IntegerField(help_text="in the ledger (turnover)")
            pending = serializers.IntegerField(help_text="accrued, posted by the next run")
            paid = serializers.IntegerField()
            outstanding = serializers.IntegerField()

            class Meta:
                ref_name = "EmployerDebtPenalty"

        estimated_debt = serializers.IntegerField()
        final_debt = serializers.IntegerField()
        penalties_outstanding = serializers.IntegerField(help_text="posted, not yet paid")
        penalties_pending = serializers.IntegerField(help_text="accrued, not yet posted")
        penalties_owed = serializers.IntegerField(help_text="outstanding + pending")
        balance = serializers.IntegerField()
        credit = serializers.IntegerField()
        lists = ListDebtSerializer(many=True)
        penalties = PenaltySerializer(many=True)

        class Meta:
            ref_name = "EmployerDebtOutput"

    @extend_schema(
        responses=OutputSerializer,
        summary="Debt of a workshop: estimated (unpaid lists), final (rulings), penalties (rial)",
    )
    def get(self, request: Request, workshop_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        debt = workshop_debt(workshop=workshop, today=timezone.localdate())
        data = {
            "estimated_debt": debt.estimated.total,
            "final_debt": debt.final,
            "penalties_outstanding": debt.estimated.penalties_outstanding,
            "penalties_pending": debt.penalties_pending,
            "penalties_owed": debt.penalties_owed,
            "balance": debt.balance,
            "credit": debt.estimated.credit,
            "lists": debt.estimated.lists,
            "penalties": debt.penalties,
        }
        return Response(self.OutputSerializer(data).data)


class WorkshopTurnoverApi(APIView):
    class OutputSerializer(serializers.Serializer):
        class RowSerializer(serializers.Serializer):
            id = serializers.IntegerField(source="entry.id")
            created_at = serializers.DateTimeField(source="entry.created_at")
            kind = serializers.CharField(source="entry.kind")
            kind_label = serializers.CharField(source="entry.get_kind_display")
            description = serializers.CharField(source="entry.description")
            year = serializers.IntegerField(source="entry.year", allow_null=True)
            month = serializers.IntegerField(source="entry.month", allow_null=True)
            amount = serializers.IntegerField(source="entry.amount")
            balance = serializers.IntegerField()

            class Meta:
                ref_name = "EmployerTurnoverRow"

        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        count = serializers.IntegerField()
        balance = serializers.IntegerField()
        rows = RowSerializer(many=True)

        class Meta:
            ref_name = "EmployerTurnoverOutput"

    @extend_schema(
        parameters=[OpenApiParameter("page", OpenApiTypes.INT, description="1 = newest rows")],
        responses=OutputSerializer,
        summary="Account turnover: every charge, payment, penalty with the running balance",
    )
    def get(self, request: Request, workshop_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        page = request.query_params.get("page", "1")
        result = turnover(workshop=workshop, page=parse_positive_int(page) or 1)
        return Response(self.OutputSerializer(result).data)


class DebtOverviewApi(APIView):
    class OutputSerializer(serializers.Serializer):
        workshop_id = serializers.IntegerField()
        code = serializers.CharField()
        name = serializers.CharField()
        estimated_debt = serializers.IntegerField(
            source="estimated", help_text="unpaid lists (بدهی برآوردی), rial"
        )
        final_debt = serializers.IntegerField(source="final", help_text="unpaid rulings, rial")
        penalties_owed = serializers.IntegerField(
            source="penalties", help_text="penalties posted and accrued, not yet paid"
        )
        total = serializers.IntegerField(help_text="estimated + final + penalties")
        balance = serializers.IntegerField(help_text="the ledger's sum (negative: credit)")
        credit = serializers.IntegerField()
        oldest_unpaid_list_id = serializers.IntegerField(
            allow_null=True,
            help_text="the in-force list of the oldest period still owing: pay it with "
            "POST workshops/<id>/lists/<list_id>/pay/",
        )

        class Meta:
            ref_name = "EmployerDebtOverviewWorkshop"

    @extend_schema(
        operation_id="employers_debts_overview",
        responses=OutputSerializer(many=True),
        summary="Debt of every workshop I act for (estimated, final, penalties; rial); "
        "[] when none",
    )
    def get(self, request: Request) -> Response:
        overview = debt_overview_for_user(user=request.user, today=timezone.localdate())
        return Response(self.OutputSerializer(overview, many=True).data)


class MonthlyListPayApi(APIView):
    OutputSerializer = PaymentStartSerializer

    @extend_schema(
        operation_id="employers_workshop_list_pay",
        request=None,
        responses={201: OutputSerializer},
        summary="Start paying a submitted list's premium (what is still owed of it): a payment "
        "and where to send the person to pay, as for an installment; the bank returns to the "
        "portal's callback (400 `nothing_to_pay` when it is paid; 404 if not mine or not "
        "submitted)",
    )
    def post(self, request: Request, workshop_id: int, list_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        monthly_list = monthly_list_get_for_workshop(workshop=workshop, list_id=list_id)
        payment = payment_start(user=request.user, workshop=workshop, monthly_list=monthly_list)
        instruction = payment_redirect(
            payment=payment,
            callback_url=request.build_absolute_uri(reverse("employers:payment_callback")),
        )
        data = {
            "order_id": payment.order_id,
            "amount": payment.amount,
            "method": instruction.method.upper(),
            "url": request.build_absolute_uri(instruction.url),
            "fields": instruction.fields,
        }
        return Response(self.OutputSerializer(data).data, status=status.HTTP_201_CREATED)
