"""Insured API: my objections to the record (cases of the two objection kinds)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from branches.registry import case_kind_label
from insured.selectors import insured_person_get_for_user
from insured.selectors.inquiries import objections_for_user

MAX_ITEMS = 100


class ObjectionListApi(APIView):
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        tracking_code = serializers.CharField()
        kind = serializers.CharField()
        kind_label = serializers.SerializerMethodField()
        subject = serializers.CharField()
        status = serializers.CharField()
        status_label = serializers.CharField(source="get_status_display")
        status_reason = serializers.CharField()
        branch_name = serializers.CharField(source="branch.name")
        created_at = serializers.DateTimeField()
        due_date = serializers.DateField(allow_null=True)

        class Meta:
            ref_name = "InsuredObjectionOutput"

        def get_kind_label(self, case) -> str:
            return case_kind_label(case.kind)

    @extend_schema(responses=OutputSerializer(many=True), summary="My objections, newest first")
    def get(self, request: Request) -> Response:
        insured_person_get_for_user(user=request.user)  # 404 without an insured record
        cases = objections_for_user(user=request.user)[:MAX_ITEMS]
        return Response(self.OutputSerializer(cases, many=True).data)
