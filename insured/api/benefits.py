"""API of the short-term benefits under /api/v1/insured/ (docs/api.md):

* `GET benefits/<kind>/eligibility/?<facts>` — eligible or the reasons, the amount and its
  working (the same check as the page; `kind` one of marriage, sickness, maternity,
  orthotics, funeral, unemployment);
* `POST benefits/<kind>/requests/` — request it (multipart: the same facts, an optional
  `bank_account_id`, and each document as a file field named by its type); 201 with the
  request, `held` when a required document is missing (saved, not sent to the branch);
* `GET benefits/requests/` — «درخواست‌های من»: every request of the insured person's kinds,
  newest first, with status and the promised answer date;
* `GET benefits/requests/<id>/` — one benefit request with its amount and working (404 for
  anyone else's).

The facts are validated by the page's own forms (one definition of their shape).
"""

from __future__ import annotations

import datetime as dt
import re

from django.forms import BooleanField
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from branches.registry import OTHER_DOCUMENT
from insured.forms.benefits import FACTS_FORMS, facts_form
from insured.selectors import insured_person_get_for_user
from insured.selectors.benefits import (
    BENEFITS,
    benefit_assess,
    benefit_get,
    benefit_request_case,
    benefit_request_get_for_user,
    insured_requests_for_user,
    my_requests_rows,
)
from insured.services.benefits import benefit_request_file
from tamin.core.forms import JalaliDateField
from tamin.core.identifiers import parse_positive_int
from tamin.core.jalali import to_jalali_date

MAX_ITEMS = 100

_FACT_PARAMETERS = [
    OpenApiParameter(
        name,
        OpenApiTypes.STR,
        required=False,
        description=f"{kind}: {field.label}"
        + (
            " (ISO date, e.g. 2024-04-03; a Jalali 1403/01/15 is also read)"
            if isinstance(field, JalaliDateField)
            else ""
        )
        + (" (true or false)" if isinstance(field, BooleanField) else ""),
    )
    for kind, form_class in FACTS_FORMS.items()
    for name, field in form_class.base_fields.items()
]
_FACT_PARAMETERS = list({parameter.name: parameter for parameter in _FACT_PARAMETERS}.values())
_KIND_PARAMETER = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=[str(kind) for kind in BENEFITS],
    description="the benefit; any other: 404",
)

# Each document type a request may carry, with the benefits that ask for it.
_DOCUMENT_TYPES: dict[str, tuple[str, set[str]]] = {}
for _benefit in BENEFITS.values():
    for _type, _label in (*_benefit.documents, OTHER_DOCUMENT):
        _DOCUMENT_TYPES.setdefault(_type, (_label, set()))[1].add(_benefit.kind)


_REQUEST_BODY = inline_serializer(
    "InsuredBenefitRequestInput",
    fields={
        **{
            parameter.name: serializers.CharField(required=False, help_text=parameter.description)
            for parameter in _FACT_PARAMETERS
        },
        "bank_account_id": serializers.IntegerField(
            required=False, help_text="one of my active bank accounts (default: the newest)"
        ),
        **{
            document_type: serializers.FileField(
                required=False, help_text=f"{', '.join(sorted(kinds))}: {label}"
            )
            for document_type, (label, kinds) in _DOCUMENT_TYPES.items()
        },
    },
)


_ISO_DATE = re.compile(r"(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}", re.ASCII)


def _with_jalali_dates(kind: str, data) -> dict:
    """The API's dates are ISO like the rest of /api/v1/ (the calculators'); the page's form
    reads Jalali, so an ISO date of a date field is handed to it as the same Jalali day (a
    Jalali date is still accepted as typed). A date that does not exist stays as sent, for
    the form to refuse."""
    values = {key: data.get(key) for key in data}
    for name, field in FACTS_FORMS[kind].base_fields.items():
        value = values.get(name)
        if (
            isinstance(field, JalaliDateField)
            and isinstance(value, str)
            and _ISO_DATE.fullmatch(value)
        ):
            try:
                day = to_jalali_date(dt.date.fromisoformat(value))
            except ValueError:
                continue
            values[name] = f"{day.year:04d}/{day.month:02d}/{day.day:02d}"
    return values


def _facts(kind: str, data) -> dict:
    form = facts_form(kind, _with_jalali_dates(kind, data))
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    return form.cleaned_data


class AssessmentSerializer(serializers.Serializer):
    kind = serializers.CharField()
    eligible = serializers.BooleanField()
    amount = serializers.IntegerField(help_text="rial; 0 when not eligible")
    daily_amount = serializers.IntegerField(allow_null=True)
    days = serializers.IntegerField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())
    steps = serializers.ListField(child=serializers.CharField(), help_text="the working, Persian")
    terms_year = serializers.IntegerField(allow_null=True)
    facts = serializers.DictField()

    class Meta:
        ref_name = "InsuredBenefitAssessment"


class BenefitRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    tracking_code = serializers.CharField()
    case_id = serializers.IntegerField()
    status = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()
    held = serializers.SerializerMethodField(
        help_text="saved without a required document: not sent to the branch yet"
    )
    due_date = serializers.SerializerMethodField()
    amount = serializers.IntegerField()
    daily_amount = serializers.IntegerField(allow_null=True)
    days = serializers.IntegerField(allow_null=True)
    steps = serializers.ListField(child=serializers.CharField())
    facts = serializers.DictField()
    sheba = serializers.CharField()
    state = serializers.CharField(help_text="pending, accepted, rejected or closed")
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "InsuredBenefitRequest"

    def get_status(self, row) -> str:
        return self.context["case"].status

    def get_status_label(self, row) -> str:
        return self.context["case"].status_label

    def get_held(self, row) -> bool:
        return self.context["case"].status == "submitted"

    def get_due_date(self, row) -> str | None:
        due = self.context["case"].due_date
        return due.isoformat() if due else None


class BenefitEligibilityApi(APIView):
    @extend_schema(
        operation_id="insured_benefit_eligibility",
        parameters=[_KIND_PARAMETER, *_FACT_PARAMETERS],
        responses=AssessmentSerializer,
        summary="Whether I may have this benefit for these facts, how much, and the working; "
        "a fact out of range: 400",
    )
    def get(self, request: Request, kind: str) -> Response:
        benefit = benefit_get(kind)
        person = insured_person_get_for_user(user=request.user)
        facts = _facts(benefit.kind, request.query_params)
        assessment = benefit_assess(person=person, kind=benefit.kind, facts=facts)
        data = {
            "kind": assessment.kind,
            "eligible": assessment.eligible,
            "amount": assessment.amount,
            "daily_amount": assessment.daily_amount,
            "days": assessment.days,
            "reasons": list(assessment.reasons),
            "steps": list(assessment.steps),
            "terms_year": assessment.terms_year,
            "facts": assessment.facts,
        }
        return Response(AssessmentSerializer(data).data)


class BenefitRequestCreateApi(APIView):
    @extend_schema(
        operation_id="insured_benefit_request_create",
        parameters=[_KIND_PARAMETER],
        request={"multipart/form-data": _REQUEST_BODY},
        responses={201: BenefitRequestSerializer},
        summary="Request a benefit: the facts of the eligibility check as form fields, each "
        "document a file field named by its type (docs/api.md). Not eligible, a bad file or a "
        "second live request: 400, nothing stored",
    )
    def post(self, request: Request, kind: str) -> Response:
        benefit = benefit_get(kind)
        person = insured_person_get_for_user(user=request.user)
        facts = _facts(benefit.kind, request.data)
        documents = [
            (document_type, upload)
            for document_type, _label in (*benefit.documents, OTHER_DOCUMENT)
            for upload in request.FILES.getlist(document_type)
        ]
        account_id = request.data.get("bank_account_id")
        bank_account_id = parse_positive_int(account_id) if account_id not in (None, "") else None
        if account_id not in (None, "") and bank_account_id is None:
            raise ValidationError({"bank_account_id": ["شناسه حساب بانکی معتبر نیست."]})
        row = benefit_request_file(
            user=request.user,
            person=person,
            kind=benefit.kind,
            facts=facts,
            documents=documents,
            bank_account_id=bank_account_id,
        )
        case = benefit_request_case(user=request.user, row=row)
        output = BenefitRequestSerializer(row, context={"case": case})
        return Response(output.data, status=status.HTTP_201_CREATED)


class BenefitRequestDetailApi(APIView):
    @extend_schema(
        operation_id="insured_benefit_request_detail",
        responses=BenefitRequestSerializer,
        summary="One of my benefit requests: status, amount and working; anyone else's: 404",
    )
    def get(self, request: Request, request_id: int) -> Response:
        row = benefit_request_get_for_user(user=request.user, request_id=request_id)
        case = benefit_request_case(user=request.user, row=row)
        return Response(BenefitRequestSerializer(row, context={"case": case}).data)


class MyRequestsApi(APIView):
    class OutputSerializer(serializers.Serializer):
        case_id = serializers.IntegerField(source="case.pk")
        tracking_code = serializers.CharField(source="case.tracking_code")
        kind = serializers.CharField(source="case.kind")
        kind_label = serializers.CharField()
        subject = serializers.CharField(source="case.subject")
        status = serializers.CharField(source="case.status")
        status_label = serializers.CharField(source="case.status_label")
        held = serializers.BooleanField()
        created_at = serializers.DateTimeField(source="case.created_at")
        due_date = serializers.DateField(source="case.due_date", allow_null=True)
        benefit_request_id = serializers.SerializerMethodField()
        amount = serializers.SerializerMethodField()

        class Meta:
            ref_name = "InsuredMyRequest"

        def get_benefit_request_id(self, item) -> int | None:
            return item.benefit.pk if item.benefit else None

        def get_amount(self, item) -> int | None:
            return item.benefit.amount if item.benefit else None

    @extend_schema(
        operation_id="insured_my_requests",
        responses=OutputSerializer(many=True),
        summary="My requests of every insured kind (objections, benefits, …), newest first, "
        "with status and the promised answer date (at most 100)",
    )
    def get(self, request: Request) -> Response:
        insured_person_get_for_user(user=request.user)  # 404 without an insured record
        rows = my_requests_rows(cases=insured_requests_for_user(user=request.user)[:MAX_ITEMS])
        return Response(self.OutputSerializer(rows, many=True).data)


urlpatterns = [
    path("benefits/requests/", MyRequestsApi.as_view(), name="api-insured-my-requests"),
    path(
        "benefits/requests/<int:request_id>/",
        BenefitRequestDetailApi.as_view(),
        name="api-insured-benefit-request",
    ),
    path(
        "benefits/<slug:kind>/eligibility/",
        BenefitEligibilityApi.as_view(),
        name="api-insured-benefit-eligibility",
    ),
    path(
        "benefits/<slug:kind>/requests/",
        BenefitRequestCreateApi.as_view(),
        name="api-insured-benefit-request-create",
    ),
]
