"""Insured pages of the objections and inquiries areas (included by insured/urls/__init__.py)."""

from django.urls import path

from insured.views import inquiries, objections

urlpatterns = [
    path("objections/", objections.objections, name="objections"),
    path(
        "objections/missing-days/",
        objections.objection_missing_days,
        name="objection_missing_days",
    ),
    path(
        "objections/missing-record/",
        objections.objection_missing_record,
        name="objection_missing_record",
    ),
    path("identity/", inquiries.identity, name="identity"),
    path("relationship/", inquiries.relationship, name="relationship"),
    path("bank-accounts/", inquiries.bank_accounts, name="bank_accounts"),
    path(
        "bank-accounts/<int:account_id>/deactivate/",
        inquiries.bank_account_deactivate_view,
        name="bank_account_deactivate",
    ),
    path("file/", inquiries.efile, name="efile"),
    path("inspections/", inquiries.inspections, name="inspections"),
    path("inspections/request/", inquiries.inspection_request, name="inspection_request"),
]
