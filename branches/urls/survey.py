"""URLs of the survey area (included by branches.urls under survey/)."""

from django.urls import path

from branches.views import survey as views

urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("<int:survey_id>/", views.survey_answer, name="survey_answer"),
    path("results/", views.survey_results, name="survey_results"),
]
