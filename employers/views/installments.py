"""Installment pages: the workshop's plans and rulings, proposing a plan, a plan's
installments, and paying an installment or one ruling through the payment adapter.

Thin views: each starts from a selector that answers 404 for anyone who does not act
for the workshop; the services check the rules. Proposing is a GET (the choices, then
the preview of one) and agreeing is the confirmation POST of that preview. Paying
goes to the gateway exactly as paying a list does, and comes back through the same
callback (employers.views.money).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers.forms.installments import InstallmentPayForm, PlanAgreeForm, PlanChoiceForm
from employers.models import Payment
from employers.selectors.installments import (
    installment_get_for_plan,
    installment_plan_get_for_user,
    installment_plan_proposal,
    installment_plan_view,
    installment_plans_for_workshop,
    ruling_get_for_workshop,
    ruling_payment_offers,
)
from employers.selectors.workshops import workshop_get_for_user
from employers.services import installments as services
from employers.services import money as money_services
from tamin.core.exceptions import ApplicationError


@login_required
def home(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """The workshop's rulings still owed (each payable, with its waiver term) and plans."""
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    today = timezone.localdate()
    proposal = installment_plan_proposal(workshop=workshop, today=today)
    return render(
        request,
        "employers/installments/home.html",
        {
            "workshop": workshop,
            "proposal": proposal,
            "offers": ruling_payment_offers(workshop=workshop, today=today, terms=proposal.terms),
            "plans": installment_plans_for_workshop(workshop=workshop),
        },
    )


@login_required
def propose(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """GET: the choices of the table, and with ?down_payment_percent= the preview.
    POST: agree the previewed plan."""
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    if request.method == "POST":
        form = PlanAgreeForm(request.POST)
        if form.is_valid():
            try:
                plan = services.installment_plan_agree(
                    user=request.user,
                    workshop=workshop,
                    down_payment_percent=form.cleaned_data["down_payment_percent"],
                    expected_total=form.cleaned_data["expected_total"],
                )
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("توافق تقسیط ثبت شد. پیش‌پرداخت را تا سررسید آن بپردازید."),
                )
                return redirect("employers:installment_plan", plan_id=plan.pk)
        else:
            messages.error(request, _("انتخاب شما ناقص بود؛ دوباره انتخاب کنید."))
        return redirect("employers:installment_propose", workshop_id=workshop.pk)

    proposal = installment_plan_proposal(workshop=workshop, today=timezone.localdate())
    chosen = None
    schedule = []
    choice_error = ""
    form = PlanChoiceForm(request.GET if "down_payment_percent" in request.GET else None)
    if form.is_bound:
        if form.is_valid():
            chosen = form.cleaned_data["down_payment_percent"]
            refusal = proposal.choice_refusal(chosen)
            if refusal is None:
                schedule = proposal.schedule(chosen)
            else:
                choice_error = refusal.message
                chosen = None
        else:
            choice_error = form.errors["down_payment_percent"][0]
    return render(
        request,
        "employers/installments/propose.html",
        {
            "workshop": workshop,
            "proposal": proposal,
            "chosen": chosen,
            "schedule": schedule,
            "choice_error": choice_error,
        },
    )


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = installment_plan_get_for_user(user=request.user, plan_id=plan_id)
    view = installment_plan_view(plan=plan, today=timezone.localdate())
    return render(
        request,
        "employers/installments/plan.html",
        {"workshop": plan.workshop, "view": view},
    )


def _to_gateway(request: HttpRequest, payment: Payment) -> HttpResponse:
    instruction = money_services.payment_redirect(
        payment=payment,
        callback_url=request.build_absolute_uri(reverse("employers:payment_callback")),
    )
    if instruction.method.upper() == "POST":
        return render(
            request,
            "employers/money/autopost.html",
            {"action": instruction.url, "fields": instruction.fields},
        )
    return redirect(instruction.url)


@login_required
@require_POST
def installment_pay(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = installment_plan_get_for_user(user=request.user, plan_id=plan_id)
    form = InstallmentPayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("قسط انتخاب‌شده معتبر نیست."))
        return redirect("employers:installment_plan", plan_id=plan.pk)
    installment = installment_get_for_plan(plan=plan, number=form.cleaned_data["number"])
    try:
        payment = money_services.payment_start(
            user=request.user, workshop=plan.workshop, installment=installment
        )
        return _to_gateway(request, payment)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("employers:installment_plan", plan_id=plan.pk)


@login_required
@require_POST
def ruling_pay(request: HttpRequest, workshop_id: int, ruling_id: int) -> HttpResponse:
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    ruling = ruling_get_for_workshop(workshop=workshop, ruling_id=ruling_id)
    try:
        payment = money_services.payment_start(user=request.user, workshop=workshop, ruling=ruling)
        return _to_gateway(request, payment)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("employers:installments", workshop_id=workshop.pk)
