"""URLs of the objections area (included by employers.urls under /employers/objections/)."""

from django.urls import path

from employers.views import objections as views

urlpatterns = [
    # The employer
    path("", views.objections, name="objections"),
    path("ruling/<int:ruling_id>/new/", views.objection_file, name="objection_file"),
    path("<int:objection_id>/", views.objection_detail, name="objection_detail"),
    path(
        "<int:objection_id>/documents/",
        views.objection_documents_add,
        name="objection_documents_add",
    ),
    path("<int:objection_id>/appeal/", views.objection_appeal, name="objection_appeal"),
    # Branch staff
    path("staff/", views.staff_objections, name="staff_objections"),
    path("staff/<int:objection_id>/", views.staff_objection_detail, name="staff_objection_detail"),
    path(
        "staff/<int:objection_id>/status/",
        views.staff_objection_status,
        name="staff_objection_status",
    ),
    path(
        "staff/<int:objection_id>/hearing/",
        views.staff_objection_hearing,
        name="staff_objection_hearing",
    ),
    path("staff/<int:objection_id>/vote/", views.staff_objection_vote, name="staff_objection_vote"),
    path(
        "staff/<int:objection_id>/appeal/",
        views.staff_objection_appeal,
        name="staff_objection_appeal",
    ),
]
