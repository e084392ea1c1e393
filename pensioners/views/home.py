"""The pensioner's home: each pension with its amount in force and where to go next."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from pensioners.selectors.dependents import dependent_obligation_warnings
from pensioners.selectors.payslips import payslip_last_card_for_user
from pensioners.selectors.rulings import pensions_with_amount_for_user
from pensioners.views.common import pensioner_required


@pensioner_required
def home(request):
    # Each pension's amount in force comes with it (one query, whatever their number).
    pensions = [
        {"pension": pension, "amount": pension.amount or 0}
        for pension in pensions_with_amount_for_user(user=request.user)
    ]
    return render(
        request,
        "pensioners/home.html",
        {
            "pensioner": request.pensioner,
            "pensions": pensions,
            "last_payslip": payslip_last_card_for_user(user=request.user),
            "dependent_warnings": dependent_obligation_warnings(
                user=request.user, on=timezone.localdate()
            ),
        },
    )
