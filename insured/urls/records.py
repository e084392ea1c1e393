"""Record pages (سوابق) under /insured/ (namespace "insured")."""

from django.urls import path

from insured.views import records as views

urlpatterns = [
    path("records/", views.records, name="records"),
    path("records/combined/", views.records_combined, name="records_combined"),
    path("records/jobs/", views.job_titles, name="job_titles"),
    path("records/<int:year>/", views.records_year, name="records_year"),
    path(
        "records/<int:year>/<int:month>/<str:workshop_code>/",
        views.record_history,
        name="record_history",
    ),
]
