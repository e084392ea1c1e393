"""Insured pages of the pdfs area (included by insured/urls/__init__.py)."""

from django.urls import path

from insured.views import pdfs as views

urlpatterns = [
    path("records/pdf/", views.records_pdf, name="records_pdf"),
    path("records/declaration/", views.declaration_new, name="declaration_new"),
    path("average-wage/", views.average_wage, name="average_wage"),
]
