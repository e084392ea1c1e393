"""URLs of the 1420 contact desk (included by branches.urls under desk/)."""

from django.urls import path

from branches.views import desk as views

urlpatterns = [
    path("", views.contact, name="contact"),
    path("tickets/new/", views.ticket_new, name="ticket_new"),
    path("tickets/", views.my_tickets, name="my_tickets"),
    path("tickets/<int:ticket_id>/", views.my_ticket_detail, name="my_ticket_detail"),
    path("queue/", views.ticket_queue, name="ticket_queue"),
    path("queue/<int:ticket_id>/", views.ticket_detail_staff, name="ticket_detail_staff"),
]
