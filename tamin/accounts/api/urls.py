from django.urls import path

from tamin.accounts.api.views import (
    LoginApi,
    LoginVerifyApi,
    LogoutApi,
    LogoutEverywhereApi,
    MeApi,
    TokenRefreshApi,
)

urlpatterns = [
    path("login/", LoginApi.as_view(), name="api-accounts-login"),
    path("login/verify/", LoginVerifyApi.as_view(), name="api-accounts-login-verify"),
    path("token/refresh/", TokenRefreshApi.as_view(), name="api-accounts-token-refresh"),
    path("logout/", LogoutApi.as_view(), name="api-accounts-logout"),
    path(
        "logout-everywhere/", LogoutEverywhereApi.as_view(), name="api-accounts-logout-everywhere"
    ),
    path("me/", MeApi.as_view(), name="api-accounts-me"),
]
