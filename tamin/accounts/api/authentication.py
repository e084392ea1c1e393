"""Bearer tokens for the mobile app: `Authorization: Bearer <token>`."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from tamin.accounts.selectors import api_token_authenticate
from tamin.accounts.services import api_token_digest, api_token_touch


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace") != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("توکن نامعتبر است.")
        token = api_token_authenticate(digest=api_token_digest(header[1].decode(errors="replace")))
        if token is None:
            raise exceptions.AuthenticationFailed(
                "توکن نامعتبر است یا منقضی شده است؛ دوباره وارد شوید."
            )
        api_token_touch(token=token)
        return token.user, token

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
            "description": "POST /api/v1/accounts/login/ then login/verify/",
        }
