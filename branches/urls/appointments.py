"""URLs of the appointments area (included by branches.urls under appointments/)."""

from django.urls import path

from branches.views import appointments as views

urlpatterns = [
    path("", views.appointments, name="appointments"),
    path(
        "place/<str:kind>/<int:place_id>/", views.appointment_services, name="appointment_services"
    ),
    path("service/<int:service_id>/", views.appointment_calendar, name="appointment_calendar"),
    path("book/", views.appointment_book, name="appointment_book"),
    path("mine/", views.my_appointments, name="my_appointments"),
    path("mine/<int:booking_id>/cancel/", views.appointment_cancel, name="appointment_cancel"),
    path(
        "mine/<int:booking_id>/reschedule/",
        views.appointment_reschedule,
        name="appointment_reschedule",
    ),
    path("staff/", views.staff_checkin, name="staff_checkin"),
]
