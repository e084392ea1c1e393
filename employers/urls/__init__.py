"""Employer pages, namespace "employers"; each area keeps its own module."""

from django.urls import include, path

app_name = "employers"
urlpatterns = [
    path("", include("employers.urls.workshops")),
    path("lists/", include("employers.urls.lists")),
    path("money/", include("employers.urls.money")),
]
