"""Account API for the mobile app: sign-in (password, then SMS or authenticator code),
token refresh, sign-out (this device, everywhere) and "me".

Sign-in has no session: the first call returns a signed `challenge` that names
the user, the second factor and the attempt the SMS code is bound to; the
second call sends it back with the code and receives an access token (sent as
`Authorization: Bearer …`) and a refresh token that `token/refresh/` exchanges for
a new pair (services.api_tokens).
"""

from __future__ import annotations

from django.core import signing
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tamin.accounts import services
from tamin.accounts.models import ApiSignIn, Role, User
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


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(help_text="Sent as `Authorization: Bearer <access>`.")
    access_expires_at = serializers.DateTimeField()
    refresh = serializers.CharField(help_text="For token/refresh/; spent by it.")
    refresh_expires_at = serializers.DateTimeField()
    token_type = serializers.ChoiceField(choices=["Bearer"])

    class Meta:
        ref_name = "AccountsTokenPair"


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    extra = serializers.DictField()

    class Meta:
        ref_name = "AccountsError"


def _token_pair_data(pair: services.ApiTokenPair) -> dict:
    return TokenPairSerializer(
        {
            "access": pair.access,
            "access_expires_at": pair.access_expires_at,
            "refresh": pair.refresh,
            "refresh_expires_at": pair.refresh_expires_at,
            "token_type": "Bearer",
        }
    ).data


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

    @extend_schema(
        request=InputSerializer,
        responses=TokenPairSerializer,
        summary="Sign-in step 2: the code; returns an access and a refresh token",
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
        pair = services.api_sign_in_create(
            user=user, device_name=data.validated_data.get("device_name", ""), ip=ip
        )
        return Response(_token_pair_data(pair))


class RefreshInvalid(exceptions.AuthenticationFailed):
    """401 `refresh_invalid`: the app must sign in again."""

    default_code = services.REFRESH_INVALID_CODE
    default_detail = services.REFRESH_INVALID_MESSAGE


class TokenRefreshApi(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    class InputSerializer(serializers.Serializer):
        refresh = serializers.CharField(max_length=200, trim_whitespace=True)

        class Meta:
            ref_name = "AccountsTokenRefreshInput"

    @extend_schema(
        request=InputSerializer,
        responses={200: TokenPairSerializer, 401: ErrorSerializer},
        summary="A new access and refresh token for a refresh token, which is spent",
        description=(
            "The refresh token is spent: presenting it again revokes the whole sign-in "
            "(every access and refresh token of it). An unknown, expired, spent or revoked "
            "refresh token answers 401 `refresh_invalid`: sign in again."
        ),
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            pair = services.api_sign_in_refresh(
                refresh=data.validated_data["refresh"], ip=client_ip(request._request)
            )
        except ApplicationError as exc:
            raise RefreshInvalid(exc.message) from exc
        return Response(_token_pair_data(pair))

    def get_authenticate_header(self, request: Request) -> str:
        # A 401 needs a WWW-Authenticate challenge (DRF answers 403 without one).
        return "Bearer"


class LogoutApi(APIView):
    @extend_schema(
        request=None,
        responses={204: None},
        summary="Sign this device out: its access and refresh tokens die",
    )
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, ApiSignIn):
            services.api_sign_in_revoke(sign_in=request.auth, ip=client_ip(request._request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutEverywhereApi(APIView):
    @extend_schema(
        request=None,
        responses={204: None},
        summary="Sign out everywhere: every web session and app sign-in of the person dies",
    )
    def post(self, request: Request) -> Response:
        services.user_sign_out_everywhere(user=request.user, ip=client_ip(request._request))
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
