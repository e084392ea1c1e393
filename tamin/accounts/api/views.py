"""Account API for the mobile app: sign-in (password, then SMS or authenticator code) and "me".

Sign-in has no session: the first call returns a signed `challenge` that names
the user, the second factor and the attempt the SMS code is bound to; the
second call sends it back with the code and receives a bearer token.
"""

from __future__ import annotations

from django.core import signing
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tamin.accounts import services
from tamin.accounts.models import ApiToken, Role, User
from tamin.accounts.selectors import user_roles
from tamin.accounts.views import lockout_response
from tamin.core.exceptions import ApplicationError
from tamin.core.forms import NationalCodeField
from tamin.core.net import client_ip

CHALLENGE_SALT = "tamin.accounts.api.challenge"
CHALLENGE_MAX_AGE = 600


class NationalCodeSerializerField(serializers.CharField):
    def to_internal_value(self, data):
        from django.core.exceptions import ValidationError

        try:
            return NationalCodeField().clean(super().to_internal_value(data))
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class LoginApi(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    class InputSerializer(serializers.Serializer):
        national_code = NationalCodeSerializerField()
        password = serializers.CharField(trim_whitespace=False)

        class Meta:
            ref_name = "AccountsLoginInput"

    class OutputSerializer(serializers.Serializer):
        challenge = serializers.CharField()
        method = serializers.ChoiceField(choices=["sms", "totp"])
        mobile_masked = serializers.CharField(allow_blank=True)

        class Meta:
            ref_name = "AccountsLoginOutput"

    @extend_schema(
        request=InputSerializer, responses=OutputSerializer, summary="Sign-in step 1: password"
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        http_request = request._request
        try:
            started = services.login_password_step(
                national_code=data.validated_data["national_code"],
                password=data.validated_data["password"],
                request=http_request,
            )
        except services.LoginLockedOut:
            return lockout_response(http_request)
        challenge = started.challenge
        signed = signing.dumps(
            {
                "user": started.user.pk,
                "method": challenge.method,
                "device": challenge.device_id,
                "attempt": challenge.attempt_id,
            },
            salt=CHALLENGE_SALT,
        )
        return Response(
            self.OutputSerializer(
                {
                    "challenge": signed,
                    "method": challenge.method,
                    "mobile_masked": challenge.mobile_masked,
                }
            ).data
        )


class LoginVerifyApi(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    class InputSerializer(serializers.Serializer):
        challenge = serializers.CharField()
        code = serializers.RegexField(r"^\s*[0-9۰-۹٠-٩]{6}\s*$")
        device_name = serializers.CharField(required=False, allow_blank=True, max_length=80)

        class Meta:
            ref_name = "AccountsLoginVerifyInput"

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()
        expires_at = serializers.DateTimeField()

        class Meta:
            ref_name = "AccountsLoginVerifyOutput"

    @extend_schema(
        request=InputSerializer,
        responses=OutputSerializer,
        summary="Sign-in step 2: the code; returns a bearer token",
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            state = signing.loads(
                data.validated_data["challenge"], salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE
            )
        except signing.BadSignature as exc:
            raise ApplicationError(
                "مهلت ورود تمام شده یا درخواست نامعتبر است؛ دوباره وارد شوید.",
                code="challenge_invalid",
            ) from exc
        user = User.objects.filter(pk=state["user"], is_active=True).first()
        if user is None:
            raise ApplicationError(
                "مهلت ورود تمام شده یا درخواست نامعتبر است؛ دوباره وارد شوید.",
                code="challenge_invalid",
            )
        ip = client_ip(request._request)
        services.login_challenge_verify(
            user=user,
            method=state["method"],
            device_id=state["device"],
            attempt_id=state["attempt"],
            code=data.validated_data["code"],
            ip=ip,
        )
        raw, token = services.api_token_issue(
            user=user, name=data.validated_data.get("device_name", ""), ip=ip
        )
        return Response(self.OutputSerializer({"token": raw, "expires_at": token.expires_at}).data)


class LogoutApi(APIView):
    @extend_schema(
        request=None, responses={204: None}, summary="Revoke the bearer token of this app"
    )
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, ApiToken):
            services.api_token_revoke(token=request.auth, ip=client_ip(request._request))
        return Response(status=status.HTTP_204_NO_CONTENT)


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
