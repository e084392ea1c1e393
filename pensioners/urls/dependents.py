"""Pages of the dependents area: the dependents and their papers, and filing one
(pensioners.views.dependents)."""

from django.urls import path

from pensioners.views import dependents

urlpatterns = [
    path("dependents/", dependents.dependents, name="dependents"),
    path(
        "dependents/<int:dependent_id>/filings/",
        dependents.dependent_filing_file,
        name="dependent_filing_file",
    ),
]
