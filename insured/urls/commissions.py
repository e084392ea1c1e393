"""Pages of the medical commissions area (included by insured/urls/__init__.py)."""

from django.urls import path

from insured.views import commissions

urlpatterns = [
    path("commissions/", commissions.commissions, name="commissions"),
    path("commissions/new/", commissions.commission_new, name="commission_new"),
    path(
        "commissions/<int:request_id>/",
        commissions.commission_detail,
        name="commission_detail",
    ),
    path(
        "commissions/<int:request_id>/cancel-booking/",
        commissions.commission_cancel_booking,
        name="commission_cancel_booking",
    ),
    path(
        "commissions/<int:request_id>/book/",
        commissions.commission_book,
        name="commission_book",
    ),
]
