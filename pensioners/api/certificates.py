"""API of the certificates area under /api/v1/pensioners/: my certificates (salary,
overdue-installment deduction), issuing one, one certificate with its PDF's state, the PDF.

The same selectors and service as the pages: a certificate is issued at once
(`certificate_issue`: the same addressee rules, nothing overdue refused, the daily
limit), its PDF prepared by the worker through the kernel's document request (ask again
while `document.status` is `pending`). Another person's certificate or pension answers
404, like a missing one; an account that is no pensioner gets 404 from every path.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pensioners.models import Pension, PensionCertificate
from pensioners.selectors.certificates import (
    CertificateDocumentState,
    certificate_document_state,
    certificate_document_states,
    certificate_get_for_user,
    certificates_for_user,
)
from pensioners.selectors.pensions import (
    pension_get_for_user,
    pensioner_for_user,
    pensions_for_user,
)
from pensioners.services.certificates import (
    certificate_filename,
    certificate_issue,
)
from tamin.core.api import PdfDownloadMixin
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import parse_positive_int
from tamin.core.pdf import pdf_response
from tamin.core.selectors import document_request_get_for_user

PAGE_SIZE = 20
KIND_HELP = "one of: " + ", ".join(PensionCertificate.Kind.values)


def _pensioner_or_404(request: Request) -> None:
    if pensioner_for_user(user=request.user) is None:
        raise Http404


class CertificateDocumentSerializer(serializers.Serializer):
    request_id = serializers.IntegerField(
        allow_null=True, help_text="the kernel's document request (the page /documents/<id>/)"
    )
    status = serializers.CharField(
        help_text="pending (ask again), ready or failed; empty when none was requested"
    )
    status_label = serializers.CharField(help_text="Persian, to show")
    ready = serializers.BooleanField(help_text="the PDF downloads from download_url")
    failure = serializers.CharField(allow_blank=True, help_text="why preparing it failed, Persian")
    verification_code = serializers.CharField(
        allow_null=True, help_text="printed on the PDF; anyone verifies it at /verify/<code>"
    )
    download_url = serializers.CharField(
        allow_null=True, help_text="the PDF with the app's token, once ready"
    )

    class Meta:
        ref_name = "PensionerCertificateDocument"


def _document_data(
    request: Request, certificate: PensionCertificate, state: CertificateDocumentState
) -> dict:
    download = None
    if state.ready:
        download = request.build_absolute_uri(
            reverse("api-pensioners-certificate-pdf", args=[certificate.pk])
        )
    return CertificateDocumentSerializer(
        {
            "request_id": state.request_id,
            "status": state.status,
            "status_label": state.status_label,
            "ready": state.ready,
            "failure": state.failure,
            "verification_code": state.verification_code,
            "download_url": download,
        }
    ).data


class CertificateSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="the certificate's number")
    kind = serializers.CharField(help_text=KIND_HELP)
    kind_label = serializers.CharField(source="get_kind_display", help_text="Persian, to show")
    addressee = serializers.CharField(help_text="the institution it is addressed to")
    pension_id = serializers.IntegerField()
    pension_number = serializers.CharField(source="pension.number")
    created_at = serializers.DateTimeField(help_text="issued at")
    document = serializers.SerializerMethodField(help_text="the PDF's state")

    class Meta:
        ref_name = "PensionerCertificateSummary"

    @extend_schema_field(CertificateDocumentSerializer)
    def get_document(self, certificate) -> dict:
        states = self.context.get("states")
        state = (
            states[certificate.pk]
            if states is not None
            else certificate_document_state(
                certificate=certificate, user=self.context["request"].user
            )
        )
        return _document_data(self.context["request"], certificate, state)


class CertificateDetailSerializer(CertificateSummarySerializer):
    content = serializers.JSONField(
        help_text="what the certificate states, fixed when issued (amounts in rial, dates "
        "ISO): pensioner_name, national_code, pension_number, pension_kind (+ _label), "
        "start_date, branch_name; salary: monthly_amount and payslip {year, month, "
        "total_payments, total_deductions, total_loans, net} or null; overdue_installments: "
        "loans [{lender, reference, installment_amount, overdue_installments, overdue_total, "
        "remaining_installments, last_deducted}], overdue_total, deducted_monthly, "
        "last_payslip {year, month} or null"
    )

    class Meta:
        ref_name = "PensionerCertificateDetail"


def _detail(request: Request, certificate: PensionCertificate) -> dict:
    return CertificateDetailSerializer(certificate, context={"request": request}).data


def _pension_for(request: Request, pension_id: int | None) -> Pension:
    """The pension asked for (404 if not mine), or my only active pension."""
    if pension_id is not None:
        return pension_get_for_user(user=request.user, pension_id=pension_id)
    active = list(pensions_for_user(user=request.user).filter(status=Pension.Status.ACTIVE)[:2])
    if len(active) == 1:
        return active[0]
    if not active:
        raise ApplicationError(
            _("مستمری برقراری به نام شما نیست؛ گواهی فقط برای مستمری برقرار صادر می‌شود."),
            code="certificate_no_active_pension",
        )
    raise ApplicationError(
        _("چند مستمری دارید؛ مستمری‌ای را که گواهی برای آن است با pension_id مشخص کنید."),
        code="certificate_pension_required",
        extra={"field": "pension_id"},
    )


class CertificatesApi(APIView):
    class InputSerializer(serializers.Serializer):
        kind = serializers.CharField(max_length=32, help_text=KIND_HELP)
        pension_id = serializers.IntegerField(
            required=False,
            allow_null=True,
            min_value=1,
            max_value=2**63 - 1,
            help_text="which pension; may be left out when I have one active pension",
        )
        # Checked by the service, with its Persian messages: trimmed, 2–120 characters,
        # no control characters.
        addressee = serializers.CharField(
            allow_blank=True,
            trim_whitespace=False,
            max_length=1000,
            help_text="the bank, court or institution it is addressed to (2–120 characters)",
        )

        class Meta:
            ref_name = "PensionerCertificateInput"

    class OutputSerializer(serializers.Serializer):
        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        count = serializers.IntegerField()
        certificates = CertificateSummarySerializer(many=True)

        class Meta:
            ref_name = "PensionerCertificatePage"

    @extend_schema(
        operation_id="pensioners_certificates_list",
        parameters=[OpenApiParameter("page", int, description="1 and up; 20 a page")],
        responses=OutputSerializer,
        summary="My certificates, newest first, each with its PDF's state",
    )
    def get(self, request: Request) -> Response:
        _pensioner_or_404(request)
        paginator = Paginator(certificates_for_user(user=request.user), PAGE_SIZE)
        page = paginator.get_page(parse_positive_int(request.query_params.get("page")) or 1)
        items = list(page.object_list)
        context = {
            "request": request,
            "states": certificate_document_states(certificates=items, user=request.user),
        }
        return Response(
            self.OutputSerializer(
                {
                    "page": page.number,
                    "num_pages": paginator.num_pages,
                    "count": paginator.count,
                    "certificates": items,
                },
                context=context,
            ).data
        )

    @extend_schema(
        operation_id="pensioners_certificate_issue",
        request=InputSerializer,
        responses={201: CertificateDetailSerializer},
        summary="Issue a certificate at once: `salary` (the monthly pension in force and the "
        "last payslip) or `overdue_installments` (each loan with overdue installments), "
        "addressed to the institution named. Its PDF is prepared by the worker (ask the "
        "certificate again while `document.status` is `pending`). A bad addressee, nothing "
        "overdue, a pension not active, or more than 10 in a day: 400, nothing issued; "
        "another person's pension: 404",
    )
    def post(self, request: Request) -> Response:
        _pensioner_or_404(request)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pension = _pension_for(request, data.validated_data.get("pension_id"))
        certificate = certificate_issue(
            user=request.user,
            pension=pension,
            kind=data.validated_data["kind"],
            addressee=data.validated_data["addressee"],
        )
        certificate = certificate_get_for_user(user=request.user, certificate_id=certificate.pk)
        return Response(_detail(request, certificate), status=status.HTTP_201_CREATED)


class CertificateDetailApi(APIView):
    @extend_schema(
        operation_id="pensioners_certificate_retrieve",
        responses=CertificateDetailSerializer,
        summary="One certificate: what it states and its PDF's state and download (404 if "
        "not mine)",
    )
    def get(self, request: Request, certificate_id: int) -> Response:
        certificate = certificate_get_for_user(user=request.user, certificate_id=certificate_id)
        return Response(_detail(request, certificate))


class CertificatePdfApi(PdfDownloadMixin, APIView):
    @extend_schema(
        operation_id="pensioners_certificate_pdf",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="the certificate's PDF"
            )
        },
        summary="The certificate's PDF (404 until it is ready, or if not mine)",
    )
    def get(self, request: Request, certificate_id: int):
        certificate = certificate_get_for_user(user=request.user, certificate_id=certificate_id)
        state = certificate_document_state(certificate=certificate, user=request.user)
        if not state.ready:
            raise Http404
        document_request = document_request_get_for_user(
            user=request.user, request_id=state.request_id
        )
        try:
            return pdf_response(document_request.document, certificate_filename(certificate))
        except ApplicationError:
            raise Http404 from None


urlpatterns = [
    path("certificates/", CertificatesApi.as_view(), name="api-pensioners-certificates"),
    path(
        "certificates/<int:certificate_id>/",
        CertificateDetailApi.as_view(),
        name="api-pensioners-certificate",
    ),
    path(
        "certificates/<int:certificate_id>/pdf/",
        CertificatePdfApi.as_view(),
        name="api-pensioners-certificate-pdf",
    ),
]
