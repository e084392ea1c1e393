"""Top-level URL map: composes every app's pages and the API."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from tamin.core import document_views
from tamin.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("hello", core_views.hello, name="hello"),
    path("hello/signed-in", core_views.hello_signed_in, name="hello_signed_in"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("verify/", core_views.verify_form, name="verify_form"),
    path("verify/<str:code>", core_views.verify, name="verify"),
    # Printed codes are typed back by hand, often with a trailing slash: same page
    path("verify/<str:code>/", core_views.verify),
    # Issued documents are prepared by a worker; the person waits on this page.
    path(
        "documents/<int:request_id>/",
        document_views.document_request_page,
        name="document_request",
    ),
    path(
        "documents/<int:request_id>/status/",
        document_views.document_request_status,
        name="document_request_status",
    ),
    path(
        "documents/<int:request_id>/download/",
        document_views.document_request_download,
        name="document_request_download",
    ),
    path(
        "documents/<int:request_id>/retry/",
        document_views.document_request_retry_view,
        name="document_request_retry",
    ),
    path("accounts/", include("tamin.accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("branches/", include("branches.urls")),
    path("employers/", include("employers.urls")),
    path("insured/", include("insured.urls")),
    path("pensioners/", include("pensioners.urls")),
    # Public content pages: news/, faq/, laws/, forms/, about/ (no sign-in).
    path("", include("tamin.content.urls")),
    # The USSD aggregator's gateway and the staff simulator (docs/ussd.md).
    path("ussd/", include("tamin.ussd.urls")),
    path("api/v1/", include("tamin.api")),
    path("admin/", admin.site.urls),
]

# Under /api/ in the API's error shape, elsewhere the portal's pages (tamin/core/api.py)
handler400 = "tamin.core.api.bad_request"
handler403 = "tamin.core.api.permission_denied"
handler404 = "tamin.core.api.page_not_found"
handler500 = "tamin.core.api.server_error"

if settings.DEBUG:
    pass
