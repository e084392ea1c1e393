"""Employer API: the workshops the signed-in person acts for."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.selectors.workshops import workshops_for_user


class WorkshopListApi(APIView):
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="workshop.id")
        code = serializers.CharField(source="workshop.code")
        name = serializers.CharField(source="workshop.name")
        employer_name = serializers.CharField(source="workshop.employer_name")
        branch = serializers.CharField(source="workshop.branch.name")
        role = serializers.CharField()
        e_notification_opt_in = serializers.BooleanField(source="workshop.e_notification_opt_in")

        class Meta:
            ref_name = "EmployerWorkshop"

    @extend_schema(
        responses=OutputSerializer(many=True), summary="Workshops I act for (owner or accountant)"
    )
    def get(self, request: Request) -> Response:
        rows = workshops_for_user(user=request.user)
        return Response(self.OutputSerializer(rows, many=True).data)
