"""The REST API (`/api/v1/`) behind the "My Tamin" app: every app's API routes and the schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files; its start-up script is served at `?script`.

    The split view keeps the page free of inline script (our Content-Security-Policy
    allows none), and our template drops the stock one's inline style block.
    """

    template_name = "api/docs.html"


urlpatterns = [
    path("accounts/", include("tamin.accounts.api.urls")),
    path("insured/", include("insured.api.urls")),
    path("employers/", include("employers.api.urls")),
    # Payroll software, with the key a workshop's owner issued it (docs/payroll-api.md).
    path("payroll/", include("employers.api.payroll_urls")),
    path("pensioners/", include("pensioners.api.urls")),
    # centres/… (the centres guide) and appointments/…
    path("", include("branches.api.urls")),
    path("rules/", include("tamin.rules.api")),
    # Public content: news, common questions, laws and circulars, sample forms, about.
    path("content/", include("tamin.content.api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
]
