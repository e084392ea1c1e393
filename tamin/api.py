"""The REST API (`/api/v1/`) behind the "My Tamin" app: every app's API routes and the schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

urlpatterns = [
    path("accounts/", include("tamin.accounts.api.urls")),
    path("insured/", include("insured.api.urls")),
    path("employers/", include("employers.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
]
