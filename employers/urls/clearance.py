"""URLs of the clearance area (included by employers.urls under /employers/clearance/)."""

from django.urls import path

from employers.views import clearance as views

urlpatterns = [
    path("", views.clearance_home, name="clearance_home"),
    path("<int:workshop_id>/", views.clearances, name="clearances"),
    path("<int:workshop_id>/new/", views.clearance_new, name="clearance_new"),
    path("request/<int:clearance_id>/", views.clearance_detail, name="clearance_detail"),
    path("request/<int:clearance_id>/status/", views.clearance_status, name="clearance_status"),
    path(
        "request/<int:clearance_id>/download/",
        views.clearance_download,
        name="clearance_download",
    ),
    path("request/<int:clearance_id>/prepare/", views.clearance_prepare, name="clearance_prepare"),
]
