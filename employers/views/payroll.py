"""Payroll software keys: the workshop's owner issues a key to a payroll vendor, sees it
once, lists and revokes keys. Owner only: every page starts from
`workshop_owner_get_for_user`, so an accountant or a stranger gets 404.

The key is shown once: issuing stores it in the session only until the page that shows
it is opened (redirect after POST, so reloading never issues a second key); that page
takes it out of the session and is never cached, so opening it again shows no key.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from employers.forms.payroll import PayrollKeyForm
from employers.selectors.payroll import (
    payroll_key_get_for_owner,
    payroll_keys_of,
    workshops_owned_by,
)
from employers.selectors.workshops import workshop_owner_get_for_user
from employers.services import payroll as services
from tamin.core.exceptions import ApplicationError
from tamin.core.net import client_ip

SHOW_ONCE_KEY = "payroll_key_show_once"


@login_required
def payroll_home(request: HttpRequest) -> HttpResponse:
    """The workshops the person owns, each leading to its keys."""
    return render(
        request,
        "employers/payroll/home.html",
        {"workshops": list(workshops_owned_by(user=request.user))},
    )


@login_required
def payroll_keys(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_owner_get_for_user(user=request.user, workshop_id=workshop_id)
    return render(
        request,
        "employers/payroll/keys.html",
        {"workshop": workshop, "keys": list(payroll_keys_of(workshop=workshop))},
    )


@login_required
def payroll_key_new(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_owner_get_for_user(user=request.user, workshop_id=workshop_id)
    form = PayrollKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            raw, key = services.payroll_key_issue(
                actor=request.user,
                workshop=workshop,
                name=form.cleaned_data["name"],
                may_submit=form.cleaned_data["may_submit"],
                ip=client_ip(request),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            request.session[SHOW_ONCE_KEY] = {"key_id": key.pk, "raw": raw}
            return redirect("employers:payroll_key_issued", workshop_id=workshop.pk, key_id=key.pk)
    return render(request, "employers/payroll/new.html", {"workshop": workshop, "form": form})


@never_cache
@login_required
def payroll_key_issued(request: HttpRequest, workshop_id: int, key_id: int) -> HttpResponse:
    key = payroll_key_get_for_owner(user=request.user, workshop_id=workshop_id, key_id=key_id)
    held = request.session.get(SHOW_ONCE_KEY) or {}
    raw = ""
    if held.get("key_id") == key.pk:
        raw = held.get("raw", "")
        del request.session[SHOW_ONCE_KEY]
    return render(
        request,
        "employers/payroll/issued.html",
        {"workshop": key.workshop, "key": key, "raw": raw},
    )


@login_required
def payroll_key_revoke(request: HttpRequest, workshop_id: int, key_id: int) -> HttpResponse:
    """GET asks to confirm; POST revokes."""
    key = payroll_key_get_for_owner(user=request.user, workshop_id=workshop_id, key_id=key_id)
    if request.method == "POST":
        services.payroll_key_revoke(
            actor=request.user, workshop=key.workshop, key_id=key.pk, ip=client_ip(request)
        )
        messages.success(request, _("کلید باطل شد؛ این نرم‌افزار دیگر با آن به پرتال دسترسی ندارد."))
        return redirect("employers:payroll_keys", workshop_id=key.workshop.pk)
    return render(request, "employers/payroll/revoke.html", {"workshop": key.workshop, "key": key})
