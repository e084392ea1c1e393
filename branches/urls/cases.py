"""URLs of the cases area (included by branches.urls under cases/)."""

from django.urls import path

from branches.views import cases as views

urlpatterns = [
    # Branch staff
    path("staff/", views.case_queue, name="case_queue"),
    path("staff/workload/", views.workload, name="workload"),
    path("staff/<int:case_id>/", views.case_detail_staff, name="case_detail_staff"),
    path("staff/<int:case_id>/assign/", views.case_assign, name="case_assign"),
    path("staff/<int:case_id>/review/", views.case_start_review, name="case_start_review"),
    path("staff/<int:case_id>/request-info/", views.case_request_info, name="case_request_info"),
    path("staff/<int:case_id>/decide/", views.case_decide, name="case_decide"),
    # The applicant
    path("mine/", views.my_cases, name="my_cases"),
    path("mine/<int:case_id>/", views.my_case_detail, name="my_case_detail"),
    path("mine/<int:case_id>/submit/", views.my_case_submit, name="my_case_submit"),
    path("mine/<int:case_id>/answer/", views.my_case_answer, name="my_case_answer"),
    path("mine/<int:case_id>/documents/", views.case_document_upload, name="case_document_upload"),
    # Documents (applicant or staff of the case's branch)
    path(
        "documents/<int:document_id>/", views.case_document_download, name="case_document_download"
    ),
]
