"""Account API for the mobile app: who am I and which roles do I hold."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tamin.accounts.models import Role
from tamin.accounts.selectors import user_roles


class MeApi(APIView):
    class OutputSerializer(serializers.Serializer):
        national_code = serializers.CharField()
        first_name = serializers.CharField()
        last_name = serializers.CharField()
        mobile = serializers.CharField()
        email = serializers.EmailField(allow_blank=True)
        roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))

        class Meta:
            ref_name = "AccountsMeOutput"

    @extend_schema(responses=OutputSerializer, summary="The signed-in person and their roles")
    def get(self, request: Request) -> Response:
        user = request.user
        data = {
            "national_code": user.national_code,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "mobile": user.mobile,
            "email": user.email,
            "roles": list(user_roles(user=user)),
        }
        return Response(self.OutputSerializer(data).data)
