"""Employer API: objections to claim rulings and appeals of the boards' votes.

The same selectors and services as the objection pages (`employers.selectors.objections`,
`employers.services.objections`): an objection is filed in one request with its text and
its documents (multipart: `documents` repeated, at most the terms' count; JSON for text
alone), within the term fixed on the ruling's notice; a late one, a second one, a 19th
document or a file that is not a clean PDF/JPEG/PNG is refused with a Persian message and
nothing is stored. When the branch says documents are missing, the one who filed adds
them; a first-instance vote above the threshold is appealed within its term.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.api.claims import PAGE_PARAMETER, PageQuerySerializer, page_of, same_workshop
from employers.models import ObjectionSide, ObjectionStatus
from employers.selectors.objections import (
    objection_appeal_state,
    objection_case,
    objection_documents_addable,
    objection_get_for_user,
    objection_history,
    objection_related,
    objection_vote,
    objections_for_user,
    objections_prefetch_history,
    ruling_get_for_objection,
)
from employers.selectors.workshops import workshop_get_for_user
from employers.services.objections import (
    objection_appeal_file,
    objection_documents_add,
    objection_file,
)
from tamin.core.forms import refuse_control_characters_multiline
from tamin.rules.disputes import dispute_terms

STATUS_HELP = "one of: " + ", ".join(ObjectionStatus.values)


class HistorySerializer(serializers.Serializer):
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display", help_text="Persian")
    note = serializers.CharField(allow_blank=True, help_text="the branch's note (Persian)")
    changed_at = serializers.DateTimeField()

    class Meta:
        ref_name = "EmployerObjectionStatusChange"


class VoteSerializer(serializers.Serializer):
    board = serializers.CharField(help_text="first (first-instance) or review")
    board_label = serializers.CharField(source="get_board_display")
    amount = serializers.IntegerField(help_text="what the ruling stands at by the vote, rial")
    reasoning = serializers.CharField(help_text="the vote's text")
    decided_on = serializers.DateField()
    notice_id = serializers.IntegerField(allow_null=True)
    served_at = serializers.DateTimeField(source="notice.served_at", allow_null=True, default=None)
    appeal_until = serializers.DateField(
        allow_null=True, help_text="appealable until this day (null: not appealable)"
    )
    is_final = serializers.BooleanField()

    class Meta:
        ref_name = "EmployerBoardVote"


class ObjectionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    ruling_id = serializers.IntegerField()
    ruling_number = serializers.CharField(source="ruling.number")
    stage = serializers.CharField(help_text="first (to the first-instance board) or review")
    stage_label = serializers.CharField(source="get_stage_display")
    side = serializers.CharField(help_text="who objected: " + ", ".join(ObjectionSide.values))
    side_label = serializers.CharField(source="get_side_display")
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display", help_text="Persian")
    created_at = serializers.DateTimeField()
    hearing_at = serializers.DateTimeField(allow_null=True)
    hearing_place = serializers.CharField(allow_blank=True)
    vote = serializers.SerializerMethodField()

    class Meta:
        ref_name = "EmployerObjectionSummary"

    @extend_schema_field(VoteSerializer(allow_null=True))
    def get_vote(self, objection) -> dict | None:
        vote = objection_vote(objection=objection)
        return VoteSerializer(vote).data if vote is not None else None


class ObjectionRowSerializer(ObjectionSummarySerializer):
    history = HistorySerializer(many=True, source="history.all")

    class Meta:
        ref_name = "EmployerObjectionRow"


class ObjectionDetailSerializer(ObjectionSummarySerializer):
    class DocumentSerializer(serializers.Serializer):
        name = serializers.CharField(source="original_name")
        pages = serializers.IntegerField()
        size = serializers.IntegerField(help_text="bytes")
        uploaded_at = serializers.DateTimeField(source="created_at")

        class Meta:
            ref_name = "EmployerObjectionDocument"

    class AppealSerializer(serializers.Serializer):
        may_appeal = serializers.BooleanField(help_text="an appeal may be filed today")
        appealable = serializers.BooleanField(help_text="the vote was above the threshold")
        until = serializers.DateField(allow_null=True, help_text="the last day to appeal")
        appeal_id = serializers.IntegerField(
            source="appeal.id", allow_null=True, default=None, help_text="the appeal filed"
        )

        class Meta:
            ref_name = "EmployerObjectionAppealState"

    text = serializers.CharField()
    ruling_current_amount = serializers.IntegerField(source="ruling.current_amount")
    answers_notice_id = serializers.IntegerField(help_text="the notice it answers")
    answers_notice_number = serializers.CharField(source="answers_notice.number")
    hearing_notice_id = serializers.IntegerField(allow_null=True)
    history = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    max_documents = serializers.SerializerMethodField()
    may_add_documents = serializers.SerializerMethodField()
    appeal = serializers.SerializerMethodField()
    related = serializers.SerializerMethodField()

    class Meta:
        ref_name = "EmployerObjection"

    def _case(self, objection):
        cache = self.context.setdefault("cases", {})
        if objection.pk not in cache:
            cache[objection.pk] = objection_case(objection=objection)
        return cache[objection.pk]

    @extend_schema_field(HistorySerializer(many=True))
    def get_history(self, objection) -> list[dict]:
        return HistorySerializer(objection_history(objection=objection), many=True).data

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, objection) -> list[dict]:
        case = self._case(objection)
        documents = case.documents.order_by("created_at", "id") if case is not None else []
        return self.DocumentSerializer(documents, many=True).data

    def get_max_documents(self, objection) -> int | None:
        terms = dispute_terms(on=timezone.localdate())
        return terms.max_objection_documents if terms is not None else None

    def get_may_add_documents(self, objection) -> bool:
        return objection_documents_addable(
            objection=objection, case=self._case(objection), user=self.context["request"].user
        )

    @extend_schema_field(AppealSerializer(allow_null=True))
    def get_appeal(self, objection) -> dict | None:
        state = objection_appeal_state(objection=objection, today=timezone.localdate())
        return self.AppealSerializer(state).data if state is not None else None

    @extend_schema_field(ObjectionSummarySerializer(many=True))
    def get_related(self, objection) -> list[dict]:
        """The other stage of the same ruling (the appeal, or the objection it answers)."""
        return ObjectionSummarySerializer(objection_related(objection=objection), many=True).data


def _detail(request: Request, objection) -> dict:
    return ObjectionDetailSerializer(objection, context={"request": request}).data


class _TextAndDocumentsSerializer(serializers.Serializer):
    text = serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        validators=[refuse_control_characters_multiline],
        help_text="why (at least one sentence)",
    )
    documents = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text="PDF, JPEG or PNG files (multipart, the field repeated); at most the "
        "terms' count (18)",
    )


class WorkshopObjectionsApi(APIView):
    class InputSerializer(_TextAndDocumentsSerializer):
        ruling_id = serializers.IntegerField(min_value=1, help_text="the served ruling")

        class Meta:
            ref_name = "EmployerObjectionFileInput"

    class OutputSerializer(serializers.Serializer):
        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        count = serializers.IntegerField()
        objections = ObjectionRowSerializer(many=True, source="items")

        class Meta:
            ref_name = "EmployerObjectionPage"

    @extend_schema(
        operation_id="employers_workshop_objections_list",
        parameters=[PAGE_PARAMETER],
        responses=OutputSerializer,
        summary="The workshop's objections and appeals, newest first, 20 a page, each with its "
        "status, history, hearing and vote (404 if not mine)",
    )
    def get(self, request: Request, workshop_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        query = PageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        objections = objections_for_user(
            user=request.user, workshop_id=workshop.pk
        ).prefetch_related(objections_prefetch_history())
        page = page_of(objections, page=query.validated_data.get("page"))
        return Response(self.OutputSerializer(page).data)

    @extend_schema(
        operation_id="employers_workshop_objection_file",
        request={
            "multipart/form-data": InputSerializer,
            "application/json": InputSerializer,
        },
        responses={201: ObjectionDetailSerializer},
        summary="Object to a served ruling (first-instance board) with its documents, within "
        "the term; late (the message says the day the term ended), a second objection, too "
        "many documents or a bad file: 400, nothing stored",
    )
    def post(self, request: Request, workshop_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ruling = ruling_get_for_objection(
            user=request.user, ruling_id=data.validated_data["ruling_id"]
        )
        same_workshop(ruling, workshop=workshop)
        objection = objection_file(
            user=request.user,
            ruling=ruling,
            text=data.validated_data["text"],
            documents=data.validated_data["documents"],
        )
        objection = objection_get_for_user(user=request.user, objection_id=objection.pk)
        return Response(_detail(request, objection), status=status.HTTP_201_CREATED)


def _objection_of_workshop(request: Request, workshop_id: int, objection_id: int):
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    objection = objection_get_for_user(user=request.user, objection_id=objection_id)
    same_workshop(objection, workshop=workshop)
    return objection


class WorkshopObjectionDetailApi(APIView):
    @extend_schema(
        operation_id="employers_workshop_objection_retrieve",
        responses=ObjectionDetailSerializer,
        summary="One objection: status and history, documents, hearing, vote, whether it may "
        "be appealed and until when (404 if not mine)",
    )
    def get(self, request: Request, workshop_id: int, objection_id: int) -> Response:
        objection = _objection_of_workshop(request, workshop_id, objection_id)
        return Response(_detail(request, objection))


class ObjectionAppealApi(APIView):
    class InputSerializer(_TextAndDocumentsSerializer):
        class Meta:
            ref_name = "EmployerObjectionAppealInput"

    @extend_schema(
        operation_id="employers_workshop_objection_appeal",
        request={
            "multipart/form-data": InputSerializer,
            "application/json": InputSerializer,
        },
        responses={201: ObjectionDetailSerializer},
        summary="Appeal the first-instance vote of this objection to the review board, within "
        "its term; at or below the threshold, late, or a second appeal: 400, nothing stored",
    )
    def post(self, request: Request, workshop_id: int, objection_id: int) -> Response:
        objection = _objection_of_workshop(request, workshop_id, objection_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = objection_appeal_file(
            user=request.user,
            objection=objection,
            text=data.validated_data["text"],
            documents=data.validated_data["documents"],
        )
        appeal = objection_get_for_user(user=request.user, objection_id=appeal.pk)
        return Response(_detail(request, appeal), status=status.HTTP_201_CREATED)


class ObjectionDocumentsAddApi(APIView):
    class InputSerializer(serializers.Serializer):
        documents = serializers.ListField(
            child=serializers.FileField(), help_text="PDF, JPEG or PNG files (the field repeated)"
        )
        note = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=1000,
            default="",
            validators=[refuse_control_characters_multiline],
        )

        class Meta:
            ref_name = "EmployerObjectionDocumentsInput"

    @extend_schema(
        operation_id="employers_workshop_objection_documents_add",
        request={"multipart/form-data": InputSerializer},
        responses=ObjectionDetailSerializer,
        summary="Add the documents the branch asked for (status «documents missing»; only the "
        "one who filed; the total stays within the terms' count): 400 otherwise, nothing stored",
    )
    def post(self, request: Request, workshop_id: int, objection_id: int) -> Response:
        objection = _objection_of_workshop(request, workshop_id, objection_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        objection_documents_add(
            user=request.user,
            objection=objection,
            documents=data.validated_data["documents"],
            note=data.validated_data["note"],
        )
        objection = objection_get_for_user(user=request.user, objection_id=objection.pk)
        return Response(_detail(request, objection))
