"""URLs of the workshops area (included by employers.urls)."""

from django.urls import path

from employers.views import workshops as views

urlpatterns = [
    path("", views.workshops, name="workshops"),
    path("register/", views.workshop_register, name="workshop_register"),
    path("<int:workshop_id>/", views.workshop_detail, name="workshop_detail"),
    path("<int:workshop_id>/representatives/", views.representatives, name="representatives"),
    path(
        "<int:workshop_id>/representatives/<int:representative_id>/remove/",
        views.representative_remove,
        name="representative_remove",
    ),
    path("<int:workshop_id>/workers/new/", views.worker_new, name="worker_new"),
    # Branch staff
    path("staff/", views.staff_workshops, name="staff_workshops"),
    path(
        "staff/<int:workshop_id>/e-notification/",
        views.staff_e_notification,
        name="staff_e_notification",
    ),
]
