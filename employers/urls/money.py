"""URLs of the money area (included by employers.urls under /employers/money/)."""

from django.urls import path

from employers.views import money as views

urlpatterns = [
    path("<int:workshop_id>/debt/", views.debt, name="debt"),
    path("<int:workshop_id>/turnover/", views.turnover, name="turnover"),
    path("<int:workshop_id>/pay/", views.payment_start, name="payment_start"),
    path("callback/", views.payment_callback, name="payment_callback"),
    path("result/<str:order_id>/", views.payment_result, name="payment_result"),
    path("sandbox-bank/<str:order_id>/", views.sandbox_bank, name="sandbox_bank"),
]
