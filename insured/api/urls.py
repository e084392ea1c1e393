"""Insured API routes under /api/v1/insured/ (the "My Tamin" app)."""

from django.urls import include, path

from insured.api.objections import ObjectionListApi
from insured.api.person import BankAccountsApi, InsuredMeApi, InsuredRelationshipApi
from insured.api.records import (
    AverageWageApi,
    RecordCombinedApi,
    RecordLastApi,
    RecordSummaryApi,
    RecordYearApi,
)

urlpatterns = [
    path("me/", InsuredMeApi.as_view(), name="api-insured-me"),
    path("records/summary/", RecordSummaryApi.as_view(), name="api-insured-records-summary"),
    path("records/combined/", RecordCombinedApi.as_view(), name="api-insured-records-combined"),
    path("records/last/", RecordLastApi.as_view(), name="api-insured-records-last"),
    path("records/<int:year>/", RecordYearApi.as_view(), name="api-insured-records-year"),
    path("relationship/", InsuredRelationshipApi.as_view(), name="api-insured-relationship"),
    path("bank-accounts/", BankAccountsApi.as_view(), name="api-insured-bank-accounts"),
    path("average-wage/", AverageWageApi.as_view(), name="api-insured-average-wage"),
    path("objections/", ObjectionListApi.as_view(), name="api-insured-objections"),
    # Issue #13: one module per area.
    path("", include("insured.api.dependents")),
    path("", include("insured.api.benefits")),
    path("", include("insured.api.calculators")),
    path("", include("insured.api.abroad")),
    path("", include("insured.api.commissions")),
    path("", include("insured.api.medical_claims")),
]
