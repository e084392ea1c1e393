"""URLs of the notices area (included by employers.urls under /employers/notices/): the
inbox and one notice, paper service, inspection reports, and the correspondence timeline
(inspection reports and letters are served as notices, so they live here too)."""

from django.urls import path

from employers.views import correspondence, inspections
from employers.views import notices as views

urlpatterns = [
    # The employer
    path("", views.notices_home, name="notices_home"),
    path("<int:workshop_id>/", views.notice_inbox, name="notice_inbox"),
    path("notice/<int:notice_id>/", views.notice_detail, name="notice_detail"),
    path("notice/<int:notice_id>/print/", views.notice_print, name="notice_print"),
    path("<int:workshop_id>/inspections/", inspections.inspections, name="inspections"),
    path(
        "<int:workshop_id>/inspections/<int:inspection_id>/",
        inspections.inspection_detail,
        name="inspection_detail",
    ),
    path(
        "<int:workshop_id>/inspections/<int:inspection_id>/objection/",
        inspections.inspection_objection,
        name="inspection_objection",
    ),
    path(
        "<int:workshop_id>/correspondence/",
        correspondence.correspondence,
        name="correspondence",
    ),
    path("<int:workshop_id>/letter/", correspondence.letter_new, name="letter_new"),
    # Branch staff
    path("staff/paper/", views.staff_paper_notices, name="staff_paper_notices"),
    path("staff/notice/<int:notice_id>/", views.staff_notice, name="staff_notice"),
    path("staff/inspections/", inspections.staff_inspections, name="staff_inspections"),
    path(
        "staff/inspections/new/",
        inspections.staff_inspection_new,
        name="staff_inspection_new",
    ),
    path(
        "staff/correspondence/",
        correspondence.staff_correspondence,
        name="staff_correspondence",
    ),
    path(
        "staff/<int:workshop_id>/correspondence/",
        correspondence.staff_workshop_correspondence,
        name="staff_workshop_correspondence",
    ),
    path(
        "staff/<int:workshop_id>/letter/",
        correspondence.staff_letter_new,
        name="staff_letter_new",
    ),
]
