"""Insured pages, mounted at /insured/ (namespace "insured").

Each area owns its own module; this file only composes them.
"""

from django.urls import include, path

app_name = "insured"

urlpatterns = [
    path("", include("insured.urls.records")),
    path("", include("insured.urls.pdfs")),
    path("", include("insured.urls.inquiries")),
    path("", include("insured.urls.dependents")),
    path("", include("insured.urls.benefits")),
    path("", include("insured.urls.calculators")),
    path("", include("insured.urls.abroad")),
    path("", include("insured.urls.commissions")),
    path("", include("insured.urls.medical_claims")),
]
