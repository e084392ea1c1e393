"""URLs of the payroll software keys (included by employers.urls under payroll/)."""

from django.urls import path

from employers.views import payroll as views

urlpatterns = [
    path("", views.payroll_home, name="payroll_home"),
    path("workshop/<int:workshop_id>/", views.payroll_keys, name="payroll_keys"),
    path("workshop/<int:workshop_id>/new/", views.payroll_key_new, name="payroll_key_new"),
    path(
        "workshop/<int:workshop_id>/keys/<int:key_id>/issued/",
        views.payroll_key_issued,
        name="payroll_key_issued",
    ),
    path(
        "workshop/<int:workshop_id>/keys/<int:key_id>/revoke/",
        views.payroll_key_revoke,
        name="payroll_key_revoke",
    ),
]
