"""Employer API: the workshop's inbox of served notices (ابلاغ الکترونیک).

Reading one notice through the API is the app *opening* it: the first opening by a
representative is recorded as the receipt (who and when, `notice_open`), exactly
as on the notice page. The receipt changes no term: every deadline runs from
`served_at`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.api.claims import (
    PAGE_PARAMETER,
    IsoDateField,
    PageQuerySerializer,
    same_workshop,
)
from employers.models import NoticeKind
from employers.selectors.notices import (
    notice_get_for_user,
    notice_inbox_page,
    notices_unread_count,
)
from employers.selectors.workshops import workshop_get_for_user
from employers.services.notices import notice_open


class NoticeSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="the notice's number (شماره ابلاغیه)")
    kind = serializers.CharField(help_text="one of: " + ", ".join(NoticeKind.values))
    kind_label = serializers.CharField(source="get_kind_display", help_text="Persian, to show")
    title = serializers.CharField()
    delivery = serializers.CharField(help_text="electronic (the inbox) or paper")
    delivery_label = serializers.CharField(source="get_delivery_display")
    served_at = serializers.DateTimeField(help_text="service: every term runs from this instant")
    respond_until = serializers.DateField(
        allow_null=True, help_text="the last day to object or appeal (null: no term)"
    )
    first_opened_at = serializers.DateTimeField(
        allow_null=True, help_text="the receipt: first opening by a representative (null: unread)"
    )

    class Meta:
        ref_name = "EmployerNoticeSummary"


class WorkshopNoticeListApi(APIView):
    class FilterSerializer(PageQuerySerializer):
        kind = serializers.ChoiceField(choices=NoticeKind.choices, required=False)
        served_from = IsoDateField(required=False, help_text="ISO date, inclusive")
        served_to = IsoDateField(required=False, help_text="ISO date, inclusive")

        class Meta:
            ref_name = "EmployerNoticeFilter"

        def validate(self, attrs):
            start, end = attrs.get("served_from"), attrs.get("served_to")
            if start and end and start > end:
                raise serializers.ValidationError(
                    {"served_to": _("پایان بازه نمی‌تواند پیش از آغاز آن باشد.")}
                )
            return attrs

    class OutputSerializer(serializers.Serializer):
        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        count = serializers.IntegerField(help_text="notices matching the filter")
        unread = serializers.IntegerField(help_text="served notices of the workshop not yet opened")
        notices = NoticeSummarySerializer(many=True, source="items")

        class Meta:
            ref_name = "EmployerNoticePage"

    @extend_schema(
        parameters=[
            PAGE_PARAMETER,
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=NoticeKind.values, description="only this kind"
            ),
            OpenApiParameter("served_from", OpenApiTypes.DATE, description="served on or after"),
            OpenApiParameter("served_to", OpenApiTypes.DATE, description="served on or before"),
        ],
        operation_id="employers_workshop_notices_list",
        responses=OutputSerializer,
        summary="The workshop's served notices, newest first, 20 a page (404 if not mine)",
    )
    def get(self, request: Request, workshop_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.validated_data
        page = notice_inbox_page(
            workshop=workshop,
            page=filters.get("page") or 1,
            kind=filters.get("kind"),
            served_from=filters.get("served_from"),
            served_to=filters.get("served_to"),
        )
        data = {
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "count": page.paginator.count,
            "unread": notices_unread_count(workshop=workshop),
            "items": page.object_list,
        }
        return Response(self.OutputSerializer(data).data)


class WorkshopNoticeDetailApi(APIView):
    class OutputSerializer(NoticeSummarySerializer):
        body = serializers.CharField()
        content = serializers.JSONField(
            help_text="what the notice says, as data (the ruling's lines, the hearing's time…)"
        )
        content_sha256 = serializers.CharField(
            help_text="SHA-256 of the canonical content, printed on the notice"
        )
        verification_code = serializers.CharField(
            source="document.verification_code",
            allow_null=True,
            default=None,
            help_text="code of its PDF, verifiable at /verify/<code> (null: no PDF)",
        )

        class Meta:
            ref_name = "EmployerNotice"

    @extend_schema(
        operation_id="employers_workshop_notice_retrieve",
        responses=OutputSerializer,
        summary="One served notice; reading it records the receipt (first opening by a "
        "representative: who and when), which changes no term (404 if not mine)",
    )
    def get(self, request: Request, workshop_id: int, notice_id: int) -> Response:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
        notice = notice_get_for_user(user=request.user, notice_id=notice_id)
        same_workshop(notice, workshop=workshop)
        notice = notice_open(user=request.user, notice=notice)
        return Response(self.OutputSerializer(notice).data)
