"""API of the insurance of Iranians abroad under /api/v1/insured/ (docs/api.md). Any signed-in
account may use it: the applicant need not be insured yet.

* `GET abroad/quotes/` — each package in force with my age, eligibility, monthly premium,
  reasons and working; `GET abroad/quotes/<code>/` — one (404 for a package not in force);
* `GET abroad/branches/` — the branches a request may go to and the default one;
* `GET, POST abroad/requests/` — my requests / file one (multipart: package_code, country,
  passport_number, sex, father_name, branch_code, passport and residence_proof files);
* `GET abroad/requests/<id>/` — one of mine (404 for anyone else's).
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from insured.models import Sex
from insured.selectors.abroad import (
    abroad_branches,
    abroad_default_branch_code,
    abroad_quote_for_user,
    abroad_quotes_for_user,
    abroad_request_get_for_user,
    abroad_requests_for_user,
)
from insured.services.abroad import MAX_DOCUMENTS, REQUIRED_DOCUMENTS, abroad_request_file
from tamin.core.forms import refuse_control_characters

MAX_ITEMS = 50


class AbroadPackageSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    wage_base = serializers.IntegerField(help_text="rial a month")
    rate_permille = serializers.IntegerField()
    min_age = serializers.IntegerField()
    max_age = serializers.IntegerField()

    class Meta:
        ref_name = "InsuredAbroadPackage"


class AbroadQuoteSerializer(serializers.Serializer):
    package = AbroadPackageSerializer()
    age = serializers.IntegerField(help_text="whole (Jalali) years today")
    eligible = serializers.BooleanField()
    monthly_premium = serializers.IntegerField(help_text="rial; 0 when not eligible")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="why not (Persian)")
    steps = serializers.ListField(child=serializers.CharField(), help_text="the working (Persian)")

    class Meta:
        ref_name = "InsuredAbroadQuote"


class AbroadQuoteListApi(APIView):
    @extend_schema(
        operation_id="insured_abroad_quotes",
        responses=AbroadQuoteSerializer(many=True),
        summary="Each package in force with my monthly premium and its working (empty without "
        "a birth date on the account)",
    )
    def get(self, request: Request) -> Response:
        quotes = abroad_quotes_for_user(user=request.user)
        return Response(AbroadQuoteSerializer(quotes, many=True).data)


class AbroadQuoteApi(APIView):
    @extend_schema(
        operation_id="insured_abroad_quote",
        responses=AbroadQuoteSerializer,
        summary="One package's quote for me; 404 for a package not in force",
    )
    def get(self, request: Request, package_code: str) -> Response:
        quote = abroad_quote_for_user(user=request.user, package_code=package_code)
        return Response(AbroadQuoteSerializer(quote).data)


class AbroadBranchesApi(APIView):
    class OutputSerializer(serializers.Serializer):
        class BranchSerializer(serializers.Serializer):
            code = serializers.CharField()
            name = serializers.CharField()
            province = serializers.CharField(source="province.name")
            city = serializers.CharField(source="city.name")

            class Meta:
                ref_name = "InsuredAbroadBranch"

        default_code = serializers.CharField(allow_null=True)
        branches = BranchSerializer(many=True)

        class Meta:
            ref_name = "InsuredAbroadBranches"

    @extend_schema(
        operation_id="insured_abroad_branches",
        responses=OutputSerializer,
        summary="Branches a request may go to (active main branches) and the default one",
    )
    def get(self, request: Request) -> Response:
        branches = list(abroad_branches())
        data = {"default_code": abroad_default_branch_code(branches), "branches": branches}
        return Response(self.OutputSerializer(data).data)


class AbroadRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField(source="case.tracking_code")
    status = serializers.CharField(source="case.status")
    status_label = serializers.CharField(source="case.get_status_display")
    status_reason = serializers.CharField(source="case.status_reason")
    held = serializers.SerializerMethodField(
        help_text="saved without its required documents: not sent to the branch yet"
    )
    due_date = serializers.DateField(source="case.due_date", allow_null=True)
    branch_code = serializers.CharField(source="case.branch.code")
    branch_name = serializers.CharField(source="case.branch.name")
    created_at = serializers.DateTimeField()
    national_code = serializers.CharField()
    birth_date = serializers.DateField()
    age = serializers.IntegerField()
    country = serializers.CharField()
    passport_number = serializers.CharField()
    package_code = serializers.CharField()
    package_label = serializers.CharField()
    wage_base = serializers.IntegerField()
    rate_permille = serializers.IntegerField()
    monthly_premium = serializers.IntegerField()
    insurance_number = serializers.CharField(
        source="person.insurance_number", allow_null=True, default=None
    )

    class Meta:
        ref_name = "InsuredAbroadRequest"

    def get_held(self, item) -> bool:
        return item.case.status == "submitted"


class AbroadRequestListApi(APIView):
    class InputSerializer(serializers.Serializer):
        package_code = serializers.CharField(max_length=20)
        country = serializers.CharField(max_length=60, validators=[refuse_control_characters])
        passport_number = serializers.CharField(max_length=20)
        sex = serializers.ChoiceField(choices=Sex.choices)
        father_name = serializers.CharField(
            max_length=60, required=False, default="", allow_blank=True
        )
        branch_code = serializers.CharField(
            max_length=8,
            required=False,
            default="",
            allow_blank=True,
            help_text="empty: the default branch (GET abroad/branches/)",
        )
        passport = serializers.ListField(
            child=serializers.FileField(),
            required=False,
            default=list,
            help_text=dict(REQUIRED_DOCUMENTS)["passport"],
        )
        residence_proof = serializers.ListField(
            child=serializers.FileField(),
            required=False,
            default=list,
            help_text=dict(REQUIRED_DOCUMENTS)["residence_proof"],
        )

        class Meta:
            ref_name = "InsuredAbroadRequestInput"

    @extend_schema(
        operation_id="insured_abroad_requests",
        responses=AbroadRequestSerializer(many=True),
        summary="My abroad insurance requests, newest first",
    )
    def get(self, request: Request) -> Response:
        items = abroad_requests_for_user(user=request.user)[:MAX_ITEMS]
        return Response(AbroadRequestSerializer(items, many=True).data)

    @extend_schema(
        operation_id="insured_abroad_request_create",
        request={"multipart/form-data": InputSerializer},
        responses={201: AbroadRequestSerializer},
        summary=f"File a request with its documents (at most {MAX_DOCUMENTS} files); without "
        "the passport or the residence proof it is saved and held, not sent to the branch. "
        "An age outside the package's, a second open request or bad input: 400, nothing stored",
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        documents = [(key, upload) for key, _label in REQUIRED_DOCUMENTS for upload in values[key]]
        filed = abroad_request_file(
            user=request.user,
            package_code=values["package_code"],
            country=values["country"],
            passport_number=values["passport_number"],
            sex=values["sex"],
            father_name=values["father_name"],
            branch_code=values["branch_code"] or None,
            documents=documents,
        )
        item = abroad_request_get_for_user(user=request.user, request_id=filed.pk)
        return Response(AbroadRequestSerializer(item).data, status=status.HTTP_201_CREATED)


class AbroadRequestApi(APIView):
    @extend_schema(
        operation_id="insured_abroad_request",
        responses=AbroadRequestSerializer,
        summary="One of my abroad insurance requests; 404 for anyone else's",
    )
    def get(self, request: Request, request_id: int) -> Response:
        item = abroad_request_get_for_user(user=request.user, request_id=request_id)
        return Response(AbroadRequestSerializer(item).data)


urlpatterns = [
    path("abroad/quotes/", AbroadQuoteListApi.as_view(), name="api-insured-abroad-quotes"),
    path(
        "abroad/quotes/<slug:package_code>/",
        AbroadQuoteApi.as_view(),
        name="api-insured-abroad-quote",
    ),
    path("abroad/branches/", AbroadBranchesApi.as_view(), name="api-insured-abroad-branches"),
    path("abroad/requests/", AbroadRequestListApi.as_view(), name="api-insured-abroad-requests"),
    path(
        "abroad/requests/<int:request_id>/",
        AbroadRequestApi.as_view(),
        name="api-insured-abroad-request",
    ),
]
