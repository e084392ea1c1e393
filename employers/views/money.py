"""Money pages: debt, account turnover, paying a list, the bank's callback, the sandbox bank.

Thin views: every page starts from a selector that answers 404 for anyone who
does not act for the workshop. The callback is the only page without a login:
the bank's browser redirect carries no session we may trust, so it trusts only
the signature the gateway verifies.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from employers.models import PaymentStatus
from employers.payments.sandbox_bank import sandbox_bank_result
from employers.selectors.money import (
    monthly_list_get_for_workshop,
    payment_get_for_initiator,
    payment_get_for_user,
    workshop_debt,
)
from employers.selectors.money import (
    turnover as turnover_page,
)
from employers.selectors.rulings import rulings_owed
from employers.selectors.workshops import workshop_get_for_user
from employers.services import money as services
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import has_control_characters, parse_positive_int


@login_required
def debt(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    debt = workshop_debt(workshop=workshop, today=timezone.localdate())
    owed_rulings = rulings_owed(workshop=workshop, unpaid=debt.rulings_unpaid)
    return render(
        request,
        "employers/money/debt.html",
        {"workshop": workshop, "debt": debt, "owed_rulings": owed_rulings},
    )


@login_required
def turnover(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    page_number = request.GET.get("page", "1")
    page = turnover_page(workshop=workshop, page=parse_positive_int(page_number) or 1)
    return render(request, "employers/money/turnover.html", {"workshop": workshop, "page": page})


@login_required
@require_POST
def payment_start(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    list_id = request.POST.get("list_id", "")
    monthly_list = (
        monthly_list_get_for_workshop(workshop=workshop, list_id=parse_positive_int(list_id))
        if parse_positive_int(list_id)
        else None
    )
    try:
        payment = services.payment_start(
            user=request.user, workshop=workshop, monthly_list=monthly_list
        )
        instruction = services.payment_redirect(
            payment=payment,
            callback_url=request.build_absolute_uri(reverse("employers:payment_callback")),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("employers:debt", workshop_id=workshop.pk)
    if instruction.method.upper() == "POST":
        return render(
            request,
            "employers/money/autopost.html",
            {"action": instruction.url, "fields": instruction.fields},
        )
    return redirect(instruction.url)


@csrf_exempt  # the bank posts here from its own page; the signature is the protection
@require_POST
def payment_callback(request: HttpRequest) -> HttpResponse:
    data = request.POST.dict()
    if any(has_control_characters(key + value) for key, value in data.items()):
        # No bank sends these; PostgreSQL would refuse a NUL in the order lookup.
        refused = ApplicationError(
            _("پاسخ بانک معتبر نیست و پذیرفته نشد."), code="payment_callback_malformed"
        )
        return render(
            request, "employers/money/callback_refused.html", {"error": refused}, status=400
        )
    try:
        payment = services.payment_callback(order_id=data.get("order_id", ""), data=data)
    except ApplicationError as exc:
        return render(request, "employers/money/callback_refused.html", {"error": exc}, status=400)
    return redirect("employers:payment_result", order_id=payment.order_id)


@login_required
def payment_result(request: HttpRequest, order_id: str) -> HttpResponse:
    payment = payment_get_for_user(user=request.user, order_id=order_id)
    return render(
        request,
        "employers/money/result.html",
        {"payment": payment, "paid": payment.status == PaymentStatus.PAID},
    )


@login_required
def sandbox_bank(request: HttpRequest, order_id: str) -> HttpResponse:
    """The BANK's page (simulated): pay or cancel, then POST the signed result to our callback."""
    payment = payment_get_for_initiator(user=request.user, order_id=order_id)
    if payment.status != PaymentStatus.INITIATED:
        return redirect("employers:payment_result", order_id=payment.order_id)
    if request.method == "POST":
        fields = sandbox_bank_result(
            order_id=payment.order_id,
            amount=payment.amount,
            paid=request.POST.get("action") == "pay",
        )
        return render(
            request,
            "employers/money/autopost.html",
            {"action": reverse("employers:payment_callback"), "fields": fields},
        )
    return render(request, "employers/money/sandbox_bank.html", {"payment": payment})
