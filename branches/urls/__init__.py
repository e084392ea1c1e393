"""All branch pages, namespace "branches"; each area keeps its own module."""

from django.urls import include, path

app_name = "branches"
urlpatterns = [
    path("", include("branches.urls.directory")),
    path("cases/", include("branches.urls.cases")),
    path("appointments/", include("branches.urls.appointments")),
    path("desk/", include("branches.urls.desk")),
    path("survey/", include("branches.urls.survey")),
]
