"""API of the dependents area under /api/v1/pensioners/ (docs/api.md):

* `GET dependents/` — the person's active dependents, each with the papers owed today, their
  period, due date and state;
* `POST dependents/<id>/filings/` — file one paper (multipart: kind, period_key, documents
  repeated); the same checks as the page; 404 for another person's dependent.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pensioners.selectors.dependents import (
    dependent_get_for_user,
    dependent_obligations_for_user,
    filing_case,
)
from pensioners.selectors.pensions import pensioner_for_user
from pensioners.services.dependents import MAX_DOCUMENTS, dependent_obligation_file
from tamin.core.forms import refuse_control_characters
from tamin.rules.dependents import KINDS, period_label


def _pensioner_or_404(request: Request) -> None:
    if pensioner_for_user(user=request.user) is None:
        raise Http404


class DependentPaperSerializer(serializers.Serializer):
    """One paper a dependent owes now."""

    kind = serializers.CharField(help_text="daughter_declaration or student_certificate")
    kind_label = serializers.CharField()
    period_key = serializers.CharField(help_text="«1405» (a year) or «1405-1» (a term)")
    period_label = serializers.CharField()
    opens_on = serializers.DateField(source="paper.opens_on")
    due_on = serializers.DateField()
    state = serializers.ChoiceField(
        choices=[(s, s) for s in ("missing", "submitted", "accepted", "rejected")]
    )
    state_label = serializers.CharField()
    overdue = serializers.BooleanField(help_text="past its due date and not in")
    held = serializers.BooleanField(
        help_text="filed, but its case waits for the required document (not at the branch)"
    )
    warning = serializers.BooleanField(source="is_warning", help_text="missing or rejected")
    filing_id = serializers.IntegerField(source="filing.pk", allow_null=True, default=None)
    case_id = serializers.IntegerField(source="filing.case_id", allow_null=True, default=None)

    class Meta:
        ref_name = "PensionerDependentPaper"


class DependentSerializer(serializers.Serializer):
    """A dependent with the papers owed now."""

    id = serializers.IntegerField(source="dependent.pk")
    relation = serializers.CharField(source="dependent.relation")
    relation_label = serializers.CharField(source="dependent.get_relation_display")
    first_name = serializers.CharField(source="dependent.first_name")
    last_name = serializers.CharField(source="dependent.last_name")
    national_code = serializers.CharField(source="dependent.national_code")
    birth_date = serializers.DateField(source="dependent.birth_date")
    is_disabled = serializers.BooleanField(source="dependent.is_disabled")
    pension_number = serializers.CharField(source="dependent.pension.number")
    papers = DependentPaperSerializer(many=True)

    class Meta:
        ref_name = "PensionerDependent"


class DependentListApi(APIView):
    @extend_schema(
        operation_id="pensioners_dependents_list",
        responses=DependentSerializer(many=True),
        summary="My active dependents, each with the papers owed today (period, due date, "
        "state: missing, submitted, accepted, rejected); 404 for an account that is not a "
        "pensioner",
    )
    def get(self, request: Request) -> Response:
        _pensioner_or_404(request)
        entries = dependent_obligations_for_user(user=request.user, on=timezone.localdate())
        return Response(DependentSerializer(entries, many=True).data)


class DependentFilingApi(APIView):
    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=[(kind, kind) for kind in KINDS])
        period_key = serializers.CharField(
            max_length=12,
            validators=[refuse_control_characters],
            help_text="the period the list gave for this paper",
        )
        documents = serializers.ListField(
            child=serializers.FileField(),
            required=False,
            default=list,
            help_text=f"PDF, JPEG or PNG files (multipart, the field repeated); at most "
            f"{MAX_DOCUMENTS}. Without one the filing is saved and held, not sent to the branch",
        )

        class Meta:
            ref_name = "PensionerDependentFilingInput"

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        dependent_id = serializers.IntegerField()
        kind = serializers.CharField()
        kind_label = serializers.CharField(source="get_kind_display")
        period_key = serializers.CharField()
        period_label = serializers.SerializerMethodField()
        status = serializers.CharField()
        status_label = serializers.CharField(source="get_status_display")
        case_id = serializers.IntegerField()
        tracking_code = serializers.SerializerMethodField()
        held = serializers.SerializerMethodField(
            help_text="saved without its required document: not sent to the branch yet"
        )

        class Meta:
            ref_name = "PensionerDependentFiling"

        def get_period_label(self, filing) -> str:
            return period_label(kind=filing.kind, period_key=filing.period_key)

        def get_tracking_code(self, filing) -> str:
            return self.context["case"].tracking_code

        def get_held(self, filing) -> bool:
            return self.context["case"].status == "submitted"

    @extend_schema(
        operation_id="pensioners_dependent_filing_create",
        request={"multipart/form-data": InputSerializer},
        responses={201: OutputSerializer},
        summary="File a paper of my dependent for its period, with its documents: a case at "
        "my pension's branch. A paper not owed, a second live filing, too many files or a bad "
        "file: 400, nothing stored; another person's dependent: 404",
    )
    def post(self, request: Request, dependent_id: int) -> Response:
        _pensioner_or_404(request)
        dependent = dependent_get_for_user(user=request.user, dependent_id=dependent_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        filing = dependent_obligation_file(
            user=request.user,
            dependent=dependent,
            kind=data.validated_data["kind"],
            period_key=data.validated_data["period_key"],
            documents=data.validated_data["documents"],
        )
        case = filing_case(user=request.user, filing=filing)
        output = self.OutputSerializer(filing, context={"case": case})
        return Response(output.data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("dependents/", DependentListApi.as_view(), name="api-pensioners-dependents"),
    path(
        "dependents/<int:dependent_id>/filings/",
        DependentFilingApi.as_view(),
        name="api-pensioners-dependent-filings",
    ),
]
