"""Access tokens of the mobile app: `Authorization: Bearer <access token>`.

`request.user` is the signed-in person and `request.auth` their `ApiSignIn` (the app's
sign-out revokes it). One indexed query per request, plus a write at most once a minute.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from tamin.accounts.selectors import api_access_authenticate
from tamin.accounts.services import api_sign_in_touch, api_token_digest


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace") != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("توکن نامعتبر است.")
        sign_in = api_access_authenticate(
            digest=api_token_digest(header[1].decode(errors="replace"))
        )
        if sign_in is None:
            raise exceptions.AuthenticationFailed(
                "توکن نامعتبر است یا منقضی شده است؛ آن را تمدید کنید یا دوباره وارد شوید."
            )
        api_sign_in_touch(sign_in=sign_in)
        return sign_in.user, sign_in

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Documents the bearer token in the OpenAPI schema (drf-spectacular finds subclasses)."""

    target_class = ApiTokenAuthentication
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "The access token of POST /api/v1/accounts/login/verify/ (then of "
                "token/refresh/), valid API_ACCESS_MINUTES."
            ),
        }
