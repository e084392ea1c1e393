"""Pages of the dependents area: dependents, the treatment booklet, treatment eligibility."""

from django.urls import path

from insured.views import dependents

urlpatterns = [
    path("dependents/", dependents.dependents, name="dependents"),
    path("dependents/add/", dependents.dependent_add_view, name="dependent_add"),
    path(
        "dependents/<int:dependent_id>/remove/",
        dependents.dependent_remove_view,
        name="dependent_remove",
    ),
    path("booklet/", dependents.booklet, name="booklet"),
    path("treatment-eligibility/", dependents.treatment_eligibility, name="treatment_eligibility"),
]
