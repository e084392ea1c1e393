"""Employer API routes under /api/v1/employers/ (every workshop path is 404 if not mine)."""

from django.urls import path

from employers.api.clearance import (
    WorkshopClearanceCertificateApi,
    WorkshopClearanceCertificatePrepareApi,
    WorkshopClearanceDetailApi,
    WorkshopClearancesApi,
)
from employers.api.installments import (
    InstallmentPayApi,
    WorkshopInstallmentChoicesApi,
    WorkshopInstallmentPlanDetailApi,
    WorkshopInstallmentPlansApi,
)
from employers.api.lists import MonthlyListErrorsApi, WorkshopMonthlyListsApi
from employers.api.money import (
    DebtOverviewApi,
    MonthlyListPayApi,
    WorkshopDebtApi,
    WorkshopTurnoverApi,
)
from employers.api.notices import WorkshopNoticeDetailApi, WorkshopNoticeListApi
from employers.api.objections import (
    ObjectionAppealApi,
    ObjectionDocumentsAddApi,
    WorkshopObjectionDetailApi,
    WorkshopObjectionsApi,
)
from employers.api.rulings import WorkshopRulingDetailApi, WorkshopRulingListApi
from employers.api.workshops import WorkshopListApi

urlpatterns = [
    path("workshops/", WorkshopListApi.as_view(), name="api-employers-workshops"),
    path(
        "workshops/<int:workshop_id>/lists/",
        WorkshopMonthlyListsApi.as_view(),
        name="api-employers-workshop-lists",
    ),
    path(
        "lists/<int:list_id>/errors/",
        MonthlyListErrorsApi.as_view(),
        name="api-employers-list-errors",
    ),
    path("debts/", DebtOverviewApi.as_view(), name="api-employers-debts"),
    path(
        "workshops/<int:workshop_id>/lists/<int:list_id>/pay/",
        MonthlyListPayApi.as_view(),
        name="api-employers-workshop-list-pay",
    ),
    path(
        "workshops/<int:workshop_id>/debt/",
        WorkshopDebtApi.as_view(),
        name="api-employers-workshop-debt",
    ),
    path(
        "workshops/<int:workshop_id>/turnover/",
        WorkshopTurnoverApi.as_view(),
        name="api-employers-workshop-turnover",
    ),
    path(
        "workshops/<int:workshop_id>/notices/",
        WorkshopNoticeListApi.as_view(),
        name="api-employers-workshop-notices",
    ),
    path(
        "workshops/<int:workshop_id>/notices/<int:notice_id>/",
        WorkshopNoticeDetailApi.as_view(),
        name="api-employers-workshop-notice",
    ),
    path(
        "workshops/<int:workshop_id>/rulings/",
        WorkshopRulingListApi.as_view(),
        name="api-employers-workshop-rulings",
    ),
    path(
        "workshops/<int:workshop_id>/rulings/<int:ruling_id>/",
        WorkshopRulingDetailApi.as_view(),
        name="api-employers-workshop-ruling",
    ),
    path(
        "workshops/<int:workshop_id>/installments/choices/",
        WorkshopInstallmentChoicesApi.as_view(),
        name="api-employers-workshop-installment-choices",
    ),
    path(
        "workshops/<int:workshop_id>/installments/plans/",
        WorkshopInstallmentPlansApi.as_view(),
        name="api-employers-workshop-installment-plans",
    ),
    path(
        "workshops/<int:workshop_id>/installments/plans/<int:plan_id>/",
        WorkshopInstallmentPlanDetailApi.as_view(),
        name="api-employers-workshop-installment-plan",
    ),
    path(
        "workshops/<int:workshop_id>/installments/plans/<int:plan_id>/installments/"
        "<int:number>/pay/",
        InstallmentPayApi.as_view(),
        name="api-employers-workshop-installment-pay",
    ),
    path(
        "workshops/<int:workshop_id>/clearances/",
        WorkshopClearancesApi.as_view(),
        name="api-employers-workshop-clearances",
    ),
    path(
        "workshops/<int:workshop_id>/clearances/<int:clearance_id>/",
        WorkshopClearanceDetailApi.as_view(),
        name="api-employers-workshop-clearance",
    ),
    path(
        "workshops/<int:workshop_id>/clearances/<int:clearance_id>/certificate/",
        WorkshopClearanceCertificateApi.as_view(),
        name="api-employers-workshop-clearance-certificate",
    ),
    path(
        "workshops/<int:workshop_id>/clearances/<int:clearance_id>/certificate/prepare/",
        WorkshopClearanceCertificatePrepareApi.as_view(),
        name="api-employers-workshop-clearance-certificate-prepare",
    ),
    path(
        "workshops/<int:workshop_id>/objections/",
        WorkshopObjectionsApi.as_view(),
        name="api-employers-workshop-objections",
    ),
    path(
        "workshops/<int:workshop_id>/objections/<int:objection_id>/",
        WorkshopObjectionDetailApi.as_view(),
        name="api-employers-workshop-objection",
    ),
    path(
        "workshops/<int:workshop_id>/objections/<int:objection_id>/appeal/",
        ObjectionAppealApi.as_view(),
        name="api-employers-workshop-objection-appeal",
    ),
    path(
        "workshops/<int:workshop_id>/objections/<int:objection_id>/documents/",
        ObjectionDocumentsAddApi.as_view(),
        name="api-employers-workshop-objection-documents",
    ),
]
