"""Payroll software API routes under /api/v1/payroll/ (employers.api.payroll): the key's
workshop only, authenticated by `Authorization: Api-Key <key>` alone."""

from django.urls import path

from employers.api.payroll import (
    PayrollKeyApi,
    PayrollListDetailApi,
    PayrollListErrorsApi,
    PayrollListsApi,
    PayrollListSubmitApi,
)

urlpatterns = [
    path("key/", PayrollKeyApi.as_view(), name="api-payroll-key"),
    path("lists/", PayrollListsApi.as_view(), name="api-payroll-lists"),
    path("lists/<int:list_id>/", PayrollListDetailApi.as_view(), name="api-payroll-list"),
    path(
        "lists/<int:list_id>/errors/",
        PayrollListErrorsApi.as_view(),
        name="api-payroll-list-errors",
    ),
    path(
        "lists/<int:list_id>/submit/",
        PayrollListSubmitApi.as_view(),
        name="api-payroll-list-submit",
    ),
]
