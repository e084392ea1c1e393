"""Pages of the payslips area: payslips by year, one payslip and its PDF, the bank account."""

from django.urls import path

from pensioners.views import payslips as views

urlpatterns = [
    path("payslips/", views.payslips, name="payslips"),
    path("payslips/<int:payslip_id>/", views.payslip_detail, name="payslip_detail"),
    path("payslips/<int:payslip_id>/pdf/", views.payslip_pdf, name="payslip_pdf"),
    path("bank-account/", views.bank_account, name="bank_account"),
]
