"""Employer API: installment plans (تقسیط بدهی) of the workshop's final debt.

The same selectors and services as the installment pages: the choices come from
`installment_plan_proposal` (which also says why a plan cannot be agreed), agreeing is
`installment_plan_agree` with the total the app showed (a debt that changed since is
refused, nothing agreed), and paying an installment starts a payment through the
payment adapter (`payment_start(installment=…)`) and answers where to send the person:
the same gateway, callback and result page as paying a list.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.api.claims import PAGE_PARAMETER, PageQuerySerializer, page_of, same_workshop
from employers.api.money import PaymentStartSerializer
from employers.forms.installments import TOTAL_MAX
from employers.models import InstallmentStatus, PlanStatus
from employers.selectors.installments import (
    installment_get_for_plan,
    installment_plan_get_for_user,
    installment_plan_proposal,
    installment_plan_view,
    installment_plans_for_workshop,
)
from employers.selectors.workshops import workshop_get_for_user
from employers.services.installments import installment_plan_agree
from employers.services.money import payment_redirect, payment_start
from tamin.core.exceptions import ApplicationError


class RefusalSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="stable, for the app to branch on")
    message = serializers.CharField(help_text="Persian, to show")

    class Meta:
        ref_name = "EmployerInstallmentRefusal"


class ScheduledInstallmentSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="0 = the down payment")
    due_on = serializers.DateField()
    amount = serializers.IntegerField(help_text="rial")

    class Meta:
        ref_name = "EmployerScheduledInstallment"


class WorkshopInstallmentChoicesApi(APIView):
    class QuerySerializer(serializers.Serializer):
        down_payment_percent = serializers.IntegerField(required=False, min_value=1, max_value=100)

        class Meta:
            ref_name = "EmployerInstallmentChoicesQuery"

    class OutputSerializer(serializers.Serializer):
        class ChoiceSerializer(serializers.Serializer):
            down_payment_percent = serializers.IntegerField(source="percent")
            installments = serializers.IntegerField(help_text="how many after the down payment")
            down_payment = serializers.IntegerField(help_text="rial")
            installment_amount = serializers.IntegerField(
                help_text="each installment, rial (the last takes the remainder)"
            )

            class Meta:
                ref_name = "EmployerInstallmentChoice"

        class WaiverSerializer(serializers.Serializer):
            ruling_id = serializers.IntegerField(source="ruling.id")
            ruling_number = serializers.CharField(source="ruling.number")
            amount = serializers.IntegerField(help_text="penalties agreeing today waives, rial")

            class Meta:
                ref_name = "EmployerInstallmentWaiver"

        final_debt = serializers.IntegerField(
            source="final", help_text="still owed of the rulings, before any waiver"
        )
        waived = serializers.IntegerField(help_text="penalties agreeing today would waive")
        total = serializers.IntegerField(help_text="what a plan agreed today covers")
        minimum_total = serializers.IntegerField(
            source="terms.installment_minimum_total", allow_null=True
        )
        first_due = serializers.DateField(allow_null=True, help_text="the down payment's due day")
        replan_of = serializers.IntegerField(
            source="replan_of.id", allow_null=True, help_text="the defaulted plan this re-plans"
        )
        refusal = RefusalSerializer(
            allow_null=True, help_text="why no plan can be agreed today (null: one can)"
        )
        choices = ChoiceSerializer(source="choice_rows", many=True)
        waivers = WaiverSerializer(many=True)
        schedule = ScheduledInstallmentSerializer(
            many=True, help_text="with ?down_payment_percent=: the plan it would make"
        )

        class Meta:
            ref_name = "EmployerInstallmentChoices"

    @extend_schema(
        operation_id="employers_workshop_installment_choices",
        parameters=[
            OpenApiParameter(
                "down_payment_percent",
                OpenApiTypes.INT,
                description="a share of the table: answer its schedule too (400 if not allowed)",
            )
        ],
        responses=OutputSerializer,
        summary="What a plan for today's final debt may be: the table's choices (down payment "
        "share → installments), the penalties it waives, or why none can be agreed "
        "(404 if not mine)",
    )
    def get(self, request: Request, workshop_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        proposal = installment_plan_proposal(workshop=workshop, today=timezone.localdate())
        percent = query.validated_data.get("down_payment_percent")
        schedule = []
        if percent is not None:
            refusal = proposal.choice_refusal(percent)
            if refusal is not None:
                raise ApplicationError(refusal.message, code=refusal.code)
            schedule = proposal.schedule(percent)
        data = {
            "final": proposal.final,
            "waived": proposal.waived,
            "total": proposal.total,
            "terms": proposal.terms,
            "first_due": proposal.first_due,
            "replan_of": proposal.replan_of,
            "refusal": proposal.refusal,
            "choice_rows": proposal.choice_rows,
            "waivers": proposal.waivers,
            "schedule": schedule,
        }
        return Response(self.OutputSerializer(data).data)


class PlanSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text="one of: " + ", ".join(PlanStatus.values))
    status_label = serializers.CharField(source="get_status_display")
    total = serializers.IntegerField(help_text="rial")
    down_payment_percent = serializers.IntegerField()
    installment_count = serializers.IntegerField(help_text="after the down payment")
    agreed_at = serializers.DateTimeField()
    defaulted_at = serializers.DateTimeField(allow_null=True)
    replan_of = serializers.IntegerField(source="replan_of_id", allow_null=True)

    class Meta:
        ref_name = "EmployerInstallmentPlanSummary"


class PlanDetailSerializer(serializers.Serializer):
    class InstallmentSerializer(serializers.Serializer):
        number = serializers.IntegerField(source="installment.number", help_text="0 = down payment")
        title = serializers.CharField(help_text="Persian, to show")
        due_on = serializers.DateField(source="installment.due_on")
        amount = serializers.IntegerField(source="installment.amount", help_text="rial")
        status = serializers.CharField(
            source="installment.status", help_text="one of: " + ", ".join(InstallmentStatus.values)
        )
        status_label = serializers.CharField(help_text="Persian, to show")
        paid_at = serializers.DateTimeField(source="installment.paid_at", allow_null=True)
        payable = serializers.BooleanField(help_text="the next one to pay")

        class Meta:
            ref_name = "EmployerInstallment"

    class RulingRefSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        number = serializers.CharField()

        class Meta:
            ref_name = "EmployerInstallmentPlanRuling"

    plan = PlanSummarySerializer()
    paid = serializers.IntegerField(help_text="rial")
    remaining = serializers.IntegerField(help_text="rial")
    grace_days = serializers.IntegerField(
        allow_null=True, help_text="days after a due day before the plan defaults"
    )
    rulings = RulingRefSerializer(many=True, help_text="the rulings the plan covers")
    installments = InstallmentSerializer(source="rows", many=True)

    class Meta:
        ref_name = "EmployerInstallmentPlan"


class WorkshopInstallmentPlansApi(APIView):
    class InputSerializer(serializers.Serializer):
        down_payment_percent = serializers.IntegerField(
            min_value=1, max_value=100, help_text="a share of the table (see the choices)"
        )
        expected_total = serializers.IntegerField(
            min_value=0,
            max_value=TOTAL_MAX,
            help_text="the total the person was shown; a debt changed since is refused",
        )

        class Meta:
            ref_name = "EmployerInstallmentPlanAgreeInput"

    class OutputSerializer(serializers.Serializer):
        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        count = serializers.IntegerField()
        plans = PlanSummarySerializer(many=True, source="items")

        class Meta:
            ref_name = "EmployerInstallmentPlanPage"

    @extend_schema(
        operation_id="employers_workshop_installment_plans_list",
        parameters=[PAGE_PARAMETER],
        responses=OutputSerializer,
        summary="The workshop's installment plans, newest first (404 if not mine)",
    )
    def get(self, request: Request, workshop_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        query = PageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        plans = installment_plans_for_workshop(workshop=workshop)
        return Response(
            self.OutputSerializer(page_of(plans, page=query.validated_data.get("page"))).data
        )

    @extend_schema(
        operation_id="employers_workshop_installment_plan_agree",
        request=InputSerializer,
        responses={201: PlanDetailSerializer},
        summary="Agree a plan at a down payment share of the table; refused below the minimum, "
        "outside the table, with an active plan, past the re-plans allowed, or when the "
        "debt changed since it was shown (400, nothing agreed)",
    )
    def post(self, request: Request, workshop_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = installment_plan_agree(
            user=request.user,
            workshop=workshop,
            down_payment_percent=data.validated_data["down_payment_percent"],
            expected_total=data.validated_data["expected_total"],
        )
        view = installment_plan_view(plan=plan, today=timezone.localdate())
        return Response(PlanDetailSerializer(view).data, status=status.HTTP_201_CREATED)


def _plan_of_workshop(request: Request, workshop_id: int, plan_id: int):
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    plan = installment_plan_get_for_user(user=request.user, plan_id=plan_id)
    same_workshop(plan, workshop=workshop)
    return plan


class WorkshopInstallmentPlanDetailApi(APIView):
    @extend_schema(
        operation_id="employers_workshop_installment_plan_retrieve",
        responses=PlanDetailSerializer,
        summary="One plan with its installments, what is paid and what remains (404 if not mine)",
    )
    def get(self, request: Request, workshop_id: int, plan_id: int) -> Response:
        plan = _plan_of_workshop(request, workshop_id, plan_id)
        view = installment_plan_view(plan=plan, today=timezone.localdate())
        return Response(PlanDetailSerializer(view).data)


class InstallmentPayApi(APIView):
    OutputSerializer = PaymentStartSerializer

    @extend_schema(
        operation_id="employers_workshop_installment_pay",
        request=None,
        responses={201: OutputSerializer},
        summary="Start paying an installment (the next one due of an active plan): a payment "
        "and where to send the person to pay; the bank returns to the portal's callback "
        "(400 out of order, not due, or a plan not active; 404 if not mine)",
    )
    def post(self, request: Request, workshop_id: int, plan_id: int, number: int) -> Response:
        plan = _plan_of_workshop(request, workshop_id, plan_id)
        installment = installment_get_for_plan(plan=plan, number=number)
        payment = payment_start(user=request.user, workshop=plan.workshop, installment=installment)
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
