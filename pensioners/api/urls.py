"""The pensioners' API (`/api/v1/pensioners/`), one module per area (docs/api.md)."""

from django.urls import include, path

urlpatterns = [
    path("", include("pensioners.api.rulings")),
    path("", include("pensioners.api.payslips")),
    path("", include("pensioners.api.certificates")),
    path("", include("pensioners.api.dependents")),
]
