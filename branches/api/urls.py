"""Branches API routes, included by `tamin.api` under /api/v1/: the centres guide
(`centres/…`, public) and online appointments (`appointments/…`)."""

from django.urls import path

from branches.api.appointments import (
    AppointmentCancelApi,
    AppointmentDetailApi,
    AppointmentsApi,
    AppointmentServicesApi,
    AppointmentSlotsApi,
)
from branches.api.directory import (
    CentresAgenciesApi,
    CentresAgencyDetailApi,
    CentresAgencyDutiesApi,
    CentresBranchDetailApi,
    CentresBranchesApi,
    CentresCitiesApi,
    CentresMedicalCentreDetailApi,
    CentresMedicalCentresApi,
    CentresProvincesApi,
    CentresSpecialtiesApi,
)

urlpatterns = [
    path("centres/provinces/", CentresProvincesApi.as_view(), name="api-centres-provinces"),
    path("centres/cities/", CentresCitiesApi.as_view(), name="api-centres-cities"),
    path("centres/agency-duties/", CentresAgencyDutiesApi.as_view(), name="api-centres-duties"),
    path("centres/specialties/", CentresSpecialtiesApi.as_view(), name="api-centres-specialties"),
    path("centres/branches/", CentresBranchesApi.as_view(), name="api-centres-branches"),
    path(
        "centres/branches/<str:code>/",
        CentresBranchDetailApi.as_view(),
        name="api-centres-branch",
    ),
    path("centres/agencies/", CentresAgenciesApi.as_view(), name="api-centres-agencies"),
    path(
        "centres/agencies/<str:code>/",
        CentresAgencyDetailApi.as_view(),
        name="api-centres-agency",
    ),
    path(
        "centres/medical-centres/",
        CentresMedicalCentresApi.as_view(),
        name="api-centres-medical-centres",
    ),
    path(
        "centres/medical-centres/<str:code>/",
        CentresMedicalCentreDetailApi.as_view(),
        name="api-centres-medical-centre",
    ),
    path(
        "appointments/services/",
        AppointmentServicesApi.as_view(),
        name="api-appointments-services",
    ),
    path(
        "appointments/services/<int:service_id>/slots/",
        AppointmentSlotsApi.as_view(),
        name="api-appointments-slots",
    ),
    path("appointments/", AppointmentsApi.as_view(), name="api-appointments"),
    path(
        "appointments/<int:booking_id>/",
        AppointmentDetailApi.as_view(),
        name="api-appointment",
    ),
    path(
        "appointments/<int:booking_id>/cancel/",
        AppointmentCancelApi.as_view(),
        name="api-appointment-cancel",
    ),
]
