from django.urls import path

from tamin.accounts.api.views import MeApi

urlpatterns = [path("me/", MeApi.as_view(), name="api-accounts-me")]
