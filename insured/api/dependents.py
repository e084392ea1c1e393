"""API of the dependents area under /api/v1/insured/ (docs/api.md):

* `GET dependents/` — my pending and active dependents, each with the coverage on today (until
  when, covered or not) and the warning of a coverage ending within 60 days or ended;
* `POST dependents/check/` — would this person be covered (Art. 58)? Nothing is saved;
* `POST dependents/` — declare a dependent (multipart: the facts, and files under the key of
  each document the check named); refused with the reasons when not covered; the case is
  held until every document named is there;
* `POST dependents/<id>/remove/` — remove an active dependent at once; 404 for anyone else's;
* `GET booklet/` — treatment eligibility, who is covered today, the warnings, my requests;
* `POST booklet/requests/` — ask for a booklet's issue or renewal for people covered today
  (a special patient: 400, come in person);
* `GET treatment-eligibility/` — eligible or not, the reasons and the working.

Dates are ISO (Gregorian); the pages show them in Jalali.
"""

from __future__ import annotations

import jdatetime
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from insured.models.dependents import InsuredDependent
from insured.selectors import insured_person_get_for_user
from insured.selectors.dependents import (
    booklet_requests_for_user,
    covered_people_from_states,
    dependent_case_held,
    dependent_get_for_user,
    dependent_states,
    treatment_eligibility_for_person,
)
from insured.services.dependents import (
    BOOKLET_KINDS,
    MAX_DOCUMENTS,
    booklet_request_file,
    dependent_add,
    dependent_check,
    dependent_remove,
)
from tamin.core.forms import refuse_control_characters
from tamin.core.jalali import BIRTH_YEAR_MIN, JALALI_YEAR_MAX, JALALI_YEAR_MIN, persian_digits
from tamin.rules.coverage import PROOFS

MAX_REQUESTS = 20


# --- shared shapes ------------------------------------------------------------------------------


class CoverageSerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    until = serializers.DateField(
        allow_null=True, help_text="the last day covered; null: no end date (or never covered)"
    )
    needs_proof = serializers.ListField(
        child=serializers.CharField(), help_text="document keys the branch must see"
    )
    reasons = serializers.ListField(child=serializers.CharField())
    steps = serializers.ListField(child=serializers.CharField())

    class Meta:
        ref_name = "InsuredDependentCoverage"


class DependentStateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="dependent.pk")
    relation = serializers.CharField(source="dependent.relation")
    relation_label = serializers.CharField()
    first_name = serializers.CharField(source="dependent.first_name")
    last_name = serializers.CharField(source="dependent.last_name")
    national_code = serializers.CharField(source="dependent.national_code")
    birth_date = serializers.DateField(source="dependent.birth_date")
    status = serializers.CharField(source="dependent.status")
    status_label = serializers.CharField(source="dependent.get_status_display")
    case_id = serializers.IntegerField(source="dependent.added_case_id", allow_null=True)
    held = serializers.BooleanField(help_text="pending, its case waits for documents")
    covered_today = serializers.BooleanField()
    until = serializers.DateField(allow_null=True)
    ended = serializers.BooleanField(help_text="active, but no longer covered")
    warning = serializers.CharField(help_text="the coverage ends within 60 days or ended")
    renewal_pending = serializers.BooleanField()

    class Meta:
        ref_name = "InsuredDependentState"


class CoveredPersonSerializer(serializers.Serializer):
    national_code = serializers.CharField()
    name = serializers.CharField()
    relation_label = serializers.CharField()
    until = serializers.DateField(allow_null=True)
    dependent_id = serializers.IntegerField(allow_null=True, help_text="null: the insured person")

    class Meta:
        ref_name = "InsuredCoveredPerson"


class EligibilitySerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    days = serializers.IntegerField(allow_null=True, help_text="days found in the window")
    reasons = serializers.ListField(child=serializers.CharField())
    steps = serializers.ListField(child=serializers.CharField())

    class Meta:
        ref_name = "InsuredTreatmentEligibility"


class CaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    branch_name = serializers.CharField(source="branch.name")
    created_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True)

    class Meta:
        ref_name = "InsuredBookletRequestCase"


class _FactDateField(serializers.DateField):
    """An ISO date in the Jalali years the page's form takes (the rule reads it in Jalali:
    a year 500 or 9999 has no Jalali day, and answered 500)."""

    def __init__(self, *, min_year: int = JALALI_YEAR_MIN, not_in_future: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.min_year = min_year
        self.not_in_future = not_in_future

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        first = jdatetime.date(self.min_year, 1, 1).togregorian()
        last = jdatetime.date(JALALI_YEAR_MAX, 12, 29).togregorian()
        if not first <= day <= last:
            low, high = persian_digits(self.min_year), persian_digits(JALALI_YEAR_MAX)
            raise serializers.ValidationError(f"سال باید میان {low} و {high} شمسی باشد.")
        if self.not_in_future and day > timezone.localdate():
            raise serializers.ValidationError("این تاریخ نمی‌تواند در آینده باشد.")
        return day


class _FactsSerializer(serializers.Serializer):
    relation = serializers.ChoiceField(choices=InsuredDependent.Relation.choices)
    birth_date = _FactDateField(min_year=BIRTH_YEAR_MIN, not_in_future=True)
    married = serializers.BooleanField(default=False)
    disabled = serializers.BooleanField(default=False)
    student_certificate_until = _FactDateField(required=False, allow_null=True)
    supported_by_insured = serializers.BooleanField(default=True)
    has_own_pension = serializers.BooleanField(default=False)

    class Meta:
        ref_name = "InsuredDependentFacts"


def _facts(data: dict) -> dict:
    return {
        "relation": data["relation"],
        "birth_date": data["birth_date"],
        "married": data["married"],
        "disabled": data["disabled"],
        "student_certificate_until": data.get("student_certificate_until"),
        "supported_by_insured": data["supported_by_insured"],
        "has_own_pension": data["has_own_pension"],
    }


# --- dependents ------------------------------------------------------------------------------


class DependentListAddApi(APIView):
    class InputSerializer(_FactsSerializer):
        national_code = serializers.CharField(max_length=20)
        first_name = serializers.CharField(max_length=60, validators=[refuse_control_characters])
        last_name = serializers.CharField(max_length=80, validators=[refuse_control_characters])

        class Meta:
            ref_name = "InsuredDependentAddInput"

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        status = serializers.CharField()
        status_label = serializers.CharField(source="get_status_display")
        case_id = serializers.IntegerField(source="added_case_id", allow_null=True)
        held = serializers.SerializerMethodField(
            help_text="saved without every document named: not at the branch yet"
        )

        class Meta:
            ref_name = "InsuredDependentAdded"

        def get_held(self, dependent) -> bool:
            return dependent_case_held(user=self.context["user"], dependent=dependent)

    @extend_schema(
        operation_id="insured_dependents_list",
        responses=DependentStateSerializer(many=True),
        summary="My pending and active dependents with today's coverage and warnings",
    )
    def get(self, request: Request) -> Response:
        person = insured_person_get_for_user(user=request.user)
        states = dependent_states(user=request.user, person=person, on=timezone.localdate())
        return Response(DependentStateSerializer(states, many=True).data)

    @extend_schema(
        operation_id="insured_dependents_add",
        request={"multipart/form-data": InputSerializer},
        responses={201: OutputSerializer},
        summary="Declare a dependent: Art. 58 first (400 with the reasons, nothing saved), then "
        "a branch case held until every document named by the check is uploaded. Files go "
        "under the document keys (" + ", ".join(key for key, _label in PROOFS) + f"), at most "
        f"{MAX_DOCUMENTS} in all",
    )
    def post(self, request: Request) -> Response:
        person = insured_person_get_for_user(user=request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        documents = [
            (key, upload) for key, _label in PROOFS for upload in request.FILES.getlist(key)
        ]
        dependent = dependent_add(
            user=request.user,
            person=person,
            national_code=data.validated_data["national_code"],
            first_name=data.validated_data["first_name"],
            last_name=data.validated_data["last_name"],
            documents=documents,
            **_facts(data.validated_data),
        )
        output = self.OutputSerializer(dependent, context={"user": request.user})
        return Response(output.data, status=status.HTTP_201_CREATED)


class DependentCheckApi(APIView):
    @extend_schema(
        operation_id="insured_dependents_check",
        request=_FactsSerializer,
        responses=CoverageSerializer,
        summary="Would a person with these facts be covered today (Art. 58)? Nothing is saved",
    )
    def post(self, request: Request) -> Response:
        person = insured_person_get_for_user(user=request.user)
        data = _FactsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        coverage = dependent_check(person=person, **_facts(data.validated_data))
        return Response(CoverageSerializer(coverage).data)


class DependentRemoveApi(APIView):
    class InputSerializer(serializers.Serializer):
        reason = serializers.ChoiceField(choices=InsuredDependent.RemovalReason.choices)

        class Meta:
            ref_name = "InsuredDependentRemoveInput"

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        status = serializers.CharField()
        status_label = serializers.CharField(source="get_status_display")
        removal_reason = serializers.CharField()

        class Meta:
            ref_name = "InsuredDependentRemoved"

    @extend_schema(
        operation_id="insured_dependents_remove",
        request=InputSerializer,
        responses={200: OutputSerializer},
        summary="Remove an active dependent at once; a pending one: 400; anyone else's: 404",
    )
    def post(self, request: Request, dependent_id: int) -> Response:
        dependent = dependent_get_for_user(user=request.user, dependent_id=dependent_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        removed = dependent_remove(
            user=request.user, dependent=dependent, reason=data.validated_data["reason"]
        )
        return Response(self.OutputSerializer(removed).data)


# --- booklet and eligibility -------------------------------------------------------------------


class BookletApi(APIView):
    class OutputSerializer(serializers.Serializer):
        eligibility = EligibilitySerializer(allow_null=True)
        covered = CoveredPersonSerializer(many=True)
        warnings = serializers.ListField(child=serializers.CharField())
        requests = CaseSerializer(many=True)

        class Meta:
            ref_name = "InsuredBooklet"

    @extend_schema(
        operation_id="insured_booklet",
        responses=OutputSerializer,
        summary="Treatment eligibility, who may be on the booklet today, coverage warnings, "
        "my booklet requests",
    )
    def get(self, request: Request) -> Response:
        person = insured_person_get_for_user(user=request.user)
        today = timezone.localdate()
        states = dependent_states(user=request.user, person=person, on=today)
        payload = {
            "eligibility": treatment_eligibility_for_person(person=person, on=today),
            "covered": covered_people_from_states(person=person, states=states),
            "warnings": [state.warning for state in states if state.warning],
            "requests": booklet_requests_for_user(user=request.user)[:MAX_REQUESTS],
        }
        return Response(self.OutputSerializer(payload).data)


class BookletRequestApi(APIView):
    class InputSerializer(serializers.Serializer):
        request_kind = serializers.ChoiceField(choices=list(BOOKLET_KINDS.items()))
        national_codes = serializers.ListField(
            child=serializers.CharField(max_length=20),
            min_length=1,
            max_length=20,
            help_text="among the people covered today (GET booklet/)",
        )
        special_patient = serializers.BooleanField(default=False)

        class Meta:
            ref_name = "InsuredBookletRequestInput"

    @extend_schema(
        operation_id="insured_booklet_request",
        request=InputSerializer,
        responses={201: CaseSerializer},
        summary="Ask for a booklet's issue or renewal (a branch case); a special patient, a "
        "person not covered today, no treatment eligibility or an open request: 400",
    )
    def post(self, request: Request) -> Response:
        person = insured_person_get_for_user(user=request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = booklet_request_file(
            user=request.user,
            person=person,
            request_kind=data.validated_data["request_kind"],
            national_codes=data.validated_data["national_codes"],
            special_patient=data.validated_data["special_patient"],
        )
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)


class TreatmentEligibilityApi(APIView):
    class OutputSerializer(serializers.Serializer):
        on = serializers.DateField()
        eligibility = EligibilitySerializer(
            allow_null=True, help_text="null while no terms are in force"
        )
        covered = CoveredPersonSerializer(many=True)

        class Meta:
            ref_name = "InsuredTreatmentEligibilityPage"

    @extend_schema(
        operation_id="insured_treatment_eligibility",
        responses=OutputSerializer,
        summary="Whether I (and so my family) have treatment eligibility today, from the recent "
        "contribution months, with the reasons when not",
    )
    def get(self, request: Request) -> Response:
        person = insured_person_get_for_user(user=request.user)
        today = timezone.localdate()
        states = dependent_states(user=None, person=person, on=today)
        payload = {
            "on": today,
            "eligibility": treatment_eligibility_for_person(person=person, on=today),
            "covered": covered_people_from_states(person=person, states=states),
        }
        return Response(self.OutputSerializer(payload).data)


urlpatterns = [
    path("dependents/", DependentListAddApi.as_view(), name="api-insured-dependents"),
    path("dependents/check/", DependentCheckApi.as_view(), name="api-insured-dependents-check"),
    path(
        "dependents/<int:dependent_id>/remove/",
        DependentRemoveApi.as_view(),
        name="api-insured-dependent-remove",
    ),
    path("booklet/", BookletApi.as_view(), name="api-insured-booklet"),
    path("booklet/requests/", BookletRequestApi.as_view(), name="api-insured-booklet-requests"),
    path(
        "treatment-eligibility/",
        TreatmentEligibilityApi.as_view(),
        name="api-insured-treatment-eligibility",
    ),
]
