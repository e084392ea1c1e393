"""Pages of the short-term benefits and «درخواست‌های من» (included by insured/urls/__init__.py).

Each benefit has its own named page (`insured:benefit_<kind>`), so dashboards and the home
page's service desk link one without arguments.
"""

from django.urls import path

from insured.models.benefits import BenefitKind
from insured.views import benefits

urlpatterns = [
    path("benefits/", benefits.benefits, name="benefits"),
    *(
        path(f"benefits/{kind}/", benefits.benefit_page, {"kind": kind}, name=f"benefit_{kind}")
        for kind in BenefitKind.values
    ),
    path("benefits/requests/<int:request_id>/", benefits.benefit_request, name="benefit_request"),
    path("requests/", benefits.my_requests, name="my_requests"),
]
