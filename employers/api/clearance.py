"""Employer API: clearance certificates (مفاصا حساب) of the workshop.

The same selectors and services as the clearance pages: a request
(`clearance_request_file`) is issued at once when nothing stands in the way (smart
issuance) or goes to the branch with each reason; an issued certificate's PDF is
prepared by the worker, carries a verification code (anyone verifies it at
`/verify/<code>`) and is served to the workshop's inbox. The PDF is downloaded from
this API with the app's token.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.api.claims import (
    PAGE_PARAMETER,
    IsoDateField,
    PageQuerySerializer,
    page_of,
    same_workshop,
)
from employers.models import ClearanceKind, ClearanceStatus
from employers.selectors.clearance import (
    clearance_branch_review,
    clearance_certificate_state,
    clearance_get_for_user,
    clearance_reasons_summary,
    clearances_for_workshop,
)
from employers.selectors.workshops import workshop_get_for_user
from employers.services.clearance import (
    CONTRACT_AMOUNT_MAX,
    CONTRACT_NUMBER_MAX_LENGTH,
    CONTRACT_PARTY_MAX_LENGTH,
    clearance_certificate_filename,
    clearance_certificate_prepare,
    clearance_request_file,
)
from tamin.core.api import PdfDownloadMixin
from tamin.core.exceptions import ApplicationError
from tamin.core.pdf import pdf_response

KIND_HELP = "one of: " + ", ".join(ClearanceKind.values)
STATUS_HELP = "one of: " + ", ".join(ClearanceStatus.values)


class ClearanceSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    kind = serializers.CharField(help_text=KIND_HELP)
    kind_label = serializers.CharField(source="get_kind_display", help_text="Persian, to show")
    contract_number = serializers.CharField(allow_blank=True, help_text="Art. 38 only")
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display", help_text="Persian")
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "EmployerClearanceSummary"


class ClearanceDetailSerializer(ClearanceSummarySerializer):
    class ContractSerializer(serializers.Serializer):
        number = serializers.CharField(source="contract_number")
        party = serializers.CharField(source="contract_party", help_text="the main employer")
        amount = serializers.IntegerField(source="contract_amount", help_text="rial")
        start = serializers.DateField(source="contract_start")
        end = serializers.DateField(source="contract_end")

        class Meta:
            ref_name = "EmployerClearanceContract"

    class ReasonSerializer(serializers.Serializer):
        code = serializers.CharField(
            help_text="missing_month, start_unknown, list_debt, ruling_debt or penalty_debt"
        )
        message = serializers.CharField(help_text="Persian, to show")
        year = serializers.IntegerField(required=False, help_text="Jalali, when of a period")
        month = serializers.IntegerField(required=False)
        amount = serializers.IntegerField(required=False, help_text="rial, when a debt")
        ruling_id = serializers.IntegerField(required=False)

        class Meta:
            ref_name = "EmployerClearanceReason"

    class ReviewSerializer(serializers.Serializer):
        status_label = serializers.CharField(help_text="the branch case's status, Persian")
        reason = serializers.CharField(allow_blank=True)
        branch_name = serializers.CharField()
        due_date = serializers.DateField(allow_null=True)

        class Meta:
            ref_name = "EmployerClearanceReview"

    class CertificateSerializer(serializers.Serializer):
        ready = serializers.BooleanField(help_text="the PDF is ready to download")
        pending = serializers.BooleanField(help_text="the worker is preparing it: ask again")
        failure = serializers.CharField(
            allow_blank=True, help_text="why preparing it failed (Persian); prepare it again"
        )
        verification_code = serializers.CharField(
            allow_null=True, help_text="verifiable by anyone at /verify/<code>"
        )
        download_url = serializers.CharField(allow_null=True, help_text="the PDF, with the token")
        notice_id = serializers.IntegerField(
            allow_null=True, help_text="the certificate served to the workshop's inbox"
        )

        class Meta:
            ref_name = "EmployerClearanceCertificate"

    contract = serializers.SerializerMethodField(help_text="Art. 38 only")
    reasons = ReasonSerializer(many=True, help_text="why it went to the branch (empty: issued)")
    reasons_summary = serializers.SerializerMethodField(help_text="one Persian clause")
    review = serializers.SerializerMethodField(help_text="the branch's side, when forwarded")
    certificate = serializers.SerializerMethodField(help_text="when issued")

    class Meta:
        ref_name = "EmployerClearance"

    @extend_schema_field(ContractSerializer(allow_null=True))
    def get_contract(self, clearance) -> dict | None:
        if clearance.kind != ClearanceKind.CONTRACT:
            return None
        return self.ContractSerializer(clearance).data

    def get_reasons_summary(self, clearance) -> str:
        return clearance_reasons_summary(reasons=clearance.reasons)

    @extend_schema_field(ReviewSerializer(allow_null=True))
    def get_review(self, clearance) -> dict | None:
        user = self.context["request"].user
        review = clearance_branch_review(clearance=clearance, user=user)
        return self.ReviewSerializer(review).data if review is not None else None

    @extend_schema_field(CertificateSerializer(allow_null=True))
    def get_certificate(self, clearance) -> dict | None:
        state = clearance_certificate_state(clearance=clearance)
        if state is None:
            return None
        document = clearance.document
        download = reverse(
            "api-employers-workshop-clearance-certificate",
            args=[clearance.workshop_id, clearance.pk],
        )
        return self.CertificateSerializer(
            {
                "ready": state.ready,
                "pending": state.pending,
                "failure": state.failure,
                "verification_code": document.verification_code if document else None,
                "download_url": self.context["request"].build_absolute_uri(download)
                if document
                else None,
                "notice_id": clearance.notice_id,
            }
        ).data


def _detail_data(request: Request, clearance) -> dict:
    return ClearanceDetailSerializer(clearance, context={"request": request}).data


class WorkshopClearancesApi(APIView):
    class InputSerializer(serializers.Serializer):
        kind = serializers.CharField(max_length=16, help_text=KIND_HELP)
        contract_number = serializers.CharField(
            required=False, allow_blank=True, max_length=CONTRACT_NUMBER_MAX_LENGTH, default=""
        )
        contract_party = serializers.CharField(
            required=False, allow_blank=True, max_length=CONTRACT_PARTY_MAX_LENGTH, default=""
        )
        contract_amount = serializers.IntegerField(
            required=False, allow_null=True, min_value=1, max_value=CONTRACT_AMOUNT_MAX
        )
        contract_start = IsoDateField(required=False, allow_null=True)
        contract_end = IsoDateField(required=False, allow_null=True)

        class Meta:
            ref_name = "EmployerClearanceRequestInput"

    class OutputSerializer(serializers.Serializer):
        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        count = serializers.IntegerField()
        clearances = ClearanceSummarySerializer(many=True, source="items")

        class Meta:
            ref_name = "EmployerClearancePage"

    @extend_schema(
        operation_id="employers_workshop_clearances_list",
        parameters=[PAGE_PARAMETER],
        responses=OutputSerializer,
        summary="The workshop's clearance requests, newest first, 20 a page (404 if not mine)",
    )
    def get(self, request: Request, workshop_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        query = PageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = page_of(
            clearances_for_workshop(workshop=workshop), page=query.validated_data.get("page")
        )
        return Response(self.OutputSerializer(page).data)

    @extend_schema(
        operation_id="employers_workshop_clearance_request",
        request=InputSerializer,
        responses={201: ClearanceDetailSerializer},
        summary="Ask for a clearance certificate: a transfer (Art. 37) or a contract (Art. 38, "
        "with its number, party, amount, start and end). Issued at once when every month has "
        "a list and nothing is owed; otherwise forwarded to the branch with each reason "
        "(status `forwarded`). A broken contract rule or a request of the same kind still "
        "before the branch: 400, nothing filed",
    )
    def post(self, request: Request, workshop_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        clearance = clearance_request_file(
            user=request.user, workshop=workshop, **data.validated_data
        )
        clearance = clearance_get_for_user(user=request.user, clearance_id=clearance.pk)
        return Response(_detail_data(request, clearance), status=status.HTTP_201_CREATED)


def _clearance_of_workshop(request: Request, workshop_id: int, clearance_id: int):
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    clearance = clearance_get_for_user(user=request.user, clearance_id=clearance_id)
    same_workshop(clearance, workshop=workshop)
    return clearance


class WorkshopClearanceDetailApi(APIView):
    @extend_schema(
        operation_id="employers_workshop_clearance_retrieve",
        responses=ClearanceDetailSerializer,
        summary="One clearance request: status, reasons, the branch's review, and once issued "
        "the certificate (verification code, download) (404 if not mine)",
    )
    def get(self, request: Request, workshop_id: int, clearance_id: int) -> Response:
        clearance = _clearance_of_workshop(request, workshop_id, clearance_id)
        return Response(_detail_data(request, clearance))


class WorkshopClearanceCertificateApi(PdfDownloadMixin, APIView):
    @extend_schema(
        operation_id="employers_workshop_clearance_certificate",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="the certificate's PDF"
            )
        },
        summary="The issued certificate's PDF (404 until it is ready, or if not mine)",
    )
    def get(self, request: Request, workshop_id: int, clearance_id: int):
        clearance = _clearance_of_workshop(request, workshop_id, clearance_id)
        if clearance.status != ClearanceStatus.ISSUED or clearance.document is None:
            raise Http404
        try:
            return pdf_response(clearance.document, clearance_certificate_filename(clearance))
        except ApplicationError:
            raise Http404 from None


class WorkshopClearanceCertificatePrepareApi(APIView):
    @extend_schema(
        operation_id="employers_workshop_clearance_certificate_prepare",
        request=None,
        responses={202: ClearanceDetailSerializer},
        summary="Prepare the issued certificate's PDF again (its preparation failed or was "
        "lost); 400 if not issued (404 if not mine)",
    )
    def post(self, request: Request, workshop_id: int, clearance_id: int) -> Response:
        clearance = _clearance_of_workshop(request, workshop_id, clearance_id)
        if clearance.document_id is None:
            clearance_certificate_prepare(clearance=clearance, user=request.user)
        clearance = clearance_get_for_user(user=request.user, clearance_id=clearance.pk)
        return Response(_detail_data(request, clearance), status=status.HTTP_202_ACCEPTED)
