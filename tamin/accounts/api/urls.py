from django.urls import path

from tamin.accounts.api.views import LoginApi, LoginVerifyApi, LogoutApi, MeApi

urlpatterns = [
    path("login/", LoginApi.as_view(), name="api-accounts-login"),
    path("login/verify/", LoginVerifyApi.as_view(), name="api-accounts-login-verify"),
    path("logout/", LogoutApi.as_view(), name="api-accounts-logout"),
    path("me/", MeApi.as_view(), name="api-accounts-me"),
]
