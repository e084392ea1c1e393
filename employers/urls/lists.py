"""URLs of the lists area (included by employers.urls under lists/)."""

from django.urls import path

from employers.views import lists as views

urlpatterns = [
    path("workshop/<int:workshop_id>/", views.lists, name="lists"),
    path("workshop/<int:workshop_id>/upload/", views.list_upload, name="list_upload"),
    path("template.csv", views.list_template_csv, name="list_template_csv"),
    path("<int:list_id>/", views.list_detail, name="list_detail"),
    path("<int:list_id>/status/", views.list_status, name="list_status"),
    path("<int:list_id>/errors/", views.list_errors, name="list_errors"),
    path("<int:list_id>/errors.csv", views.list_errors_csv, name="list_errors_csv"),
    path("<int:list_id>/submit/", views.list_submit, name="list_submit"),
    path("<int:list_id>/dbf/", views.list_dbf_download, name="list_dbf_download"),
]
