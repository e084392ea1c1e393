"""USSD pages, namespace "ussd": the aggregator's gateway and the staff simulator."""

from django.urls import path

from tamin.ussd import views

app_name = "ussd"
urlpatterns = [
    path("gateway/", views.gateway, name="gateway"),
    path("simulator/", views.simulator, name="simulator"),
    path("simulator/send/", views.simulator_send, name="simulator_send"),
]
