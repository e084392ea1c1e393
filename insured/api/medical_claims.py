"""API of medical-expense claims (اسناد پزشکی) under /api/v1/insured/ (docs/api.md):

* `GET medical-claims/agencies/?province=&city=&q=` — agencies accepting medical documents;
* `GET medical-claims/` — my claims, newest first;
* `POST medical-claims/` — file a claim (multipart: agency code, service kind, expense date,
  amount, `invoice` and `prescription` files); without both files it is saved and held;
* `GET medical-claims/<id>/` — one claim with its amounts' working and documents; 404 for
  anyone else's.

Every view starts from `insured_person_get_for_user` (404 for an account with no insured
record), as the pages do.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from branches.registry import case_kind_get
from insured.models.medical_claims import MedicalServiceKind
from insured.selectors import insured_person_get_for_user
from insured.selectors.medical_claims import (
    agencies_accepting_medical_documents,
    medical_claim_get_for_person,
    medical_claim_working,
    medical_claims_for_person,
)
from insured.services.medical_claims import MAX_AMOUNT, MEDICAL_CLAIM, medical_claim_file
from tamin.core.forms import refuse_control_characters_multiline
from tamin.core.identifiers import has_control_characters

MAX_ITEMS = 100


class MedicalAgencySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    province = serializers.CharField(source="province.name")
    city = serializers.CharField(source="city.name")
    address = serializers.CharField()
    phone = serializers.CharField()
    hours = serializers.CharField()

    class Meta:
        ref_name = "InsuredMedicalAgency"


class MedicalClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField(source="case.tracking_code")
    case_id = serializers.IntegerField()
    status = serializers.CharField(source="case.status")
    status_label = serializers.CharField(source="case.status_label")
    status_reason = serializers.CharField(source="case.status_reason")
    held = serializers.SerializerMethodField(
        help_text="saved without its required documents: not sent to the agency yet"
    )
    agency_code = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    service_kind = serializers.CharField()
    service_kind_label = serializers.CharField(source="get_service_kind_display")
    expense_date = serializers.DateField()
    amount_claimed = serializers.IntegerField(help_text="rial")
    amount_approved = serializers.IntegerField(
        allow_null=True, help_text="rial; set when the agency accepted the claim"
    )
    due_date = serializers.DateField(source="case.due_date", allow_null=True)
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "InsuredMedicalClaim"

    def get_held(self, claim) -> bool:
        return claim.case.status == "submitted"


class MedicalClaimDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    document_type = serializers.CharField()
    document_label = serializers.SerializerMethodField()
    original_name = serializers.CharField()
    size = serializers.IntegerField()
    pages = serializers.IntegerField()

    class Meta:
        ref_name = "InsuredMedicalClaimDocument"

    def get_document_label(self, document) -> str:
        return case_kind_get(MEDICAL_CLAIM).document_label(document.document_type)


class MedicalClaimDetailSerializer(MedicalClaimSerializer):
    steps = serializers.ListField(child=serializers.CharField(), help_text="the working, Persian")
    documents = MedicalClaimDocumentSerializer(many=True)
    missing_documents = serializers.ListField(
        child=serializers.CharField(), help_text="required documents not uploaded yet"
    )

    class Meta:
        ref_name = "InsuredMedicalClaimDetail"


class MedicalAgencyListApi(APIView):
    @extend_schema(
        operation_id="insured_medical_claim_agencies",
        parameters=[
            OpenApiParameter("province", str, description="province slug"),
            OpenApiParameter("city", int, description="city id"),
            OpenApiParameter("q", str, description="text in the name, address, city or code"),
        ],
        responses=MedicalAgencySerializer(many=True),
        summary=f"Agencies accepting medical documents (at most {MAX_ITEMS}; narrow with the "
        "filters)",
    )
    def get(self, request: Request) -> Response:
        insured_person_get_for_user(user=request.user)
        params = request.query_params
        province = params.get("province", "")[:64]
        q = params.get("q", "")[:80]
        if has_control_characters(province) or has_control_characters(q):
            return Response([])  # no agency has one, and PostgreSQL refuses NUL in a query
        agencies = agencies_accepting_medical_documents(
            province=province, city=params.get("city", "")[:12], q=q
        )[:MAX_ITEMS]
        return Response(MedicalAgencySerializer(agencies, many=True).data)


class MedicalClaimListCreateApi(APIView):
    """One path, two operations: GET lists my claims, POST files one."""

    class InputSerializer(serializers.Serializer):
        agency = serializers.CharField(max_length=8, help_text="the agency's code")
        service_kind = serializers.ChoiceField(choices=MedicalServiceKind.choices)
        expense_date = serializers.DateField(help_text="Gregorian ISO date; not in the future")
        amount_claimed = serializers.IntegerField(min_value=1, max_value=MAX_AMOUNT)
        description = serializers.CharField(
            max_length=2000,
            required=False,
            allow_blank=True,
            default="",
            validators=[refuse_control_characters_multiline],
        )
        invoice = serializers.FileField(required=False, allow_null=True, default=None)
        prescription = serializers.FileField(required=False, allow_null=True, default=None)

        class Meta:
            ref_name = "InsuredMedicalClaimInput"

    @extend_schema(
        operation_id="insured_medical_claims_list",
        responses=MedicalClaimSerializer(many=True),
        summary="My medical-expense claims, newest first",
    )
    def get(self, request: Request) -> Response:
        person = insured_person_get_for_user(user=request.user)
        claims = medical_claims_for_person(person=person)[:MAX_ITEMS]
        return Response(MedicalClaimSerializer(claims, many=True).data)

    @extend_schema(
        operation_id="insured_medical_claim_create",
        request={"multipart/form-data": InputSerializer},
        responses={201: MedicalClaimSerializer},
        summary="File a medical-expense claim at an agency accepting medical documents, with "
        "the invoice and the prescription (PDF, JPEG or PNG). Without both it is saved and "
        "held. An agency not accepting medical documents, a bad file or a broken rule: 400 "
        "with a Persian message, nothing stored",
    )
    def post(self, request: Request) -> Response:
        person = insured_person_get_for_user(user=request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        claim = medical_claim_file(
            user=request.user,
            person=person,
            agency_code=values["agency"],
            service_kind=values["service_kind"],
            expense_date=values["expense_date"],
            amount_claimed=values["amount_claimed"],
            description=values["description"],
            invoice=values["invoice"],
            prescription=values["prescription"],
        )
        return Response(MedicalClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


class MedicalClaimDetailApi(APIView):
    @extend_schema(
        operation_id="insured_medical_claim_detail",
        responses=MedicalClaimDetailSerializer,
        summary="One of my claims: status, amounts with their working, documents; 404 for "
        "anyone else's",
    )
    def get(self, request: Request, claim_id: int) -> Response:
        person = insured_person_get_for_user(user=request.user)
        claim = medical_claim_get_for_person(person=person, claim_id=claim_id)
        documents = list(claim.case.documents.all())
        present = {document.document_type for document in documents}
        claim.steps = list(medical_claim_working(claim=claim).steps)
        claim.documents = documents
        claim.missing_documents = [
            label
            for key, label in case_kind_get(MEDICAL_CLAIM).required_documents
            if key not in present
        ]
        return Response(MedicalClaimDetailSerializer(claim).data)


urlpatterns = [
    path(
        "medical-claims/agencies/",
        MedicalAgencyListApi.as_view(),
        name="api-insured-medical-claim-agencies",
    ),
    path("medical-claims/", MedicalClaimListCreateApi.as_view(), name="api-insured-medical-claims"),
    path(
        "medical-claims/<int:claim_id>/",
        MedicalClaimDetailApi.as_view(),
        name="api-insured-medical-claim",
    ),
]
