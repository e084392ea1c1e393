"""URLs of the installments area (included by employers.urls under /employers/installments/)."""

from django.urls import path

from employers.views import installments as views

urlpatterns = [
    path("<int:workshop_id>/", views.home, name="installments"),
    path("<int:workshop_id>/propose/", views.propose, name="installment_propose"),
    path(
        "<int:workshop_id>/rulings/<int:ruling_id>/pay/",
        views.ruling_pay,
        name="installment_ruling_pay",
    ),
    path("plans/<int:plan_id>/", views.plan_detail, name="installment_plan"),
    path("plans/<int:plan_id>/pay/", views.installment_pay, name="installment_pay"),
]
