"""URLs of the rulings area (included by employers.urls under /employers/rulings/)."""

from django.urls import path

from employers.views import rulings as views

urlpatterns = [
    # The employer: a workshop's served rulings, one ruling, its PDF
    path("<int:workshop_id>/", views.rulings, name="rulings"),
    path("ruling/<int:ruling_id>/", views.ruling_detail, name="ruling_detail"),
    path("ruling/<int:ruling_id>/pdf/", views.ruling_pdf, name="ruling_pdf"),
    # Branch staff
    path("staff/<int:workshop_id>/", views.staff_rulings, name="staff_rulings"),
    path(
        "staff/<int:workshop_id>/new/manual/",
        views.staff_ruling_new_manual,
        name="staff_ruling_new_manual",
    ),
    path(
        "staff/<int:workshop_id>/new/inspection/",
        views.staff_ruling_new_inspection,
        name="staff_ruling_new_inspection",
    ),
    path(
        "staff/<int:workshop_id>/new/no-list/",
        views.staff_ruling_new_no_list,
        name="staff_ruling_new_no_list",
    ),
    path("staff/ruling/<int:ruling_id>/", views.staff_ruling_detail, name="staff_ruling_detail"),
    path("staff/ruling/<int:ruling_id>/edit/", views.staff_ruling_edit, name="staff_ruling_edit"),
    path(
        "staff/ruling/<int:ruling_id>/serve/", views.staff_ruling_serve, name="staff_ruling_serve"
    ),
    path(
        "staff/ruling/<int:ruling_id>/cancel/",
        views.staff_ruling_cancel,
        name="staff_ruling_cancel",
    ),
    path(
        "staff/ruling/<int:ruling_id>/paper-served/",
        views.staff_ruling_paper_served,
        name="staff_ruling_paper_served",
    ),
    path("staff/ruling/<int:ruling_id>/pdf/", views.staff_ruling_pdf, name="staff_ruling_pdf"),
]
