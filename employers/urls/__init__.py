"""Employer pages, namespace "employers"; each area keeps its own module."""

from django.urls import include, path

app_name = "employers"
urlpatterns = [
    path("", include("employers.urls.workshops")),
    path("lists/", include("employers.urls.lists")),
    path("money/", include("employers.urls.money")),
    path("notices/", include("employers.urls.notices")),
    path("rulings/", include("employers.urls.rulings")),
    path("objections/", include("employers.urls.objections")),
    path("installments/", include("employers.urls.installments")),
    path("clearance/", include("employers.urls.clearance")),
    path("serving/", include("employers.urls.serving")),
    path("payroll/", include("employers.urls.payroll")),
]
