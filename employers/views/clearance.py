"""Clearance certificate pages: the person's workshops, a workshop's requests, the request
form, one request (its reasons when forwarded, its certificate when issued), the PDF's
polled status, download and "prepare again".

Thin views: every page starts from `workshop_get_for_user` or `clearance_get_for_user`,
which answer 404 for anyone who does not act for the workshop. The PDF is rendered by
the worker (`employers.services.clearance`); the request page polls its state with htmx.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from employers.forms.clearance import ClearanceRequestForm
from employers.models import ClearanceStatus
from employers.selectors.clearance import (
    clearance_branch_review,
    clearance_certificate_state,
    clearance_get_for_user,
    clearance_reasons_summary,
    clearances_for_workshop,
)
from employers.selectors.workshops import workshop_get_for_user, workshops_for_user
from employers.services import clearance as services
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_code
from tamin.core.pdf import pdf_response


@login_required
def clearance_home(request: HttpRequest) -> HttpResponse:
    rows = list(workshops_for_user(user=request.user))
    return render(request, "employers/clearance/home.html", {"rows": rows})


@login_required
def clearances(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    items = list(clearances_for_workshop(workshop=workshop))
    return render(request, "employers/clearance/list.html", {"workshop": workshop, "items": items})


def _outcome_message(request: HttpRequest, clearance) -> None:
    code = format_code(clearance.tracking_code)
    if clearance.status == ClearanceStatus.ISSUED:
        messages.success(
            request,
            _(
                "گواهی مفاصا حساب با کد رهگیری %(code)s صادر شد؛ فایل آن در حال آماده‌سازی "
                "است و به صندوق ابلاغ کارگاه هم فرستاده می‌شود."
            )
            % {"code": code},
        )
        return
    messages.warning(
        request,
        _(
            "مفاصا حساب به‌صورت خودکار صادر نشد، چون %(why)s. درخواست با کد رهگیری %(code)s "
            "برای رسیدگی به %(branch)s ارجاع شد؛ دلیل‌ها در همین صفحه آمده است."
        )
        % {
            "why": clearance_reasons_summary(reasons=clearance.reasons),
            "code": code,
            "branch": clearance.workshop.branch.name,
        },
    )


@login_required
def clearance_new(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    form = ClearanceRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            clearance = services.clearance_request_file(
                user=request.user, workshop=workshop, **form.cleaned_data
            )
        except ApplicationError as exc:
            field = exc.extra.get("field")
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            _outcome_message(request, clearance)
            return redirect("employers:clearance_detail", clearance_id=clearance.pk)
    return render(request, "employers/clearance/new.html", {"workshop": workshop, "form": form})


def _detail_context(request: HttpRequest, clearance_id: int) -> dict:
    clearance = clearance_get_for_user(user=request.user, clearance_id=clearance_id)
    return {
        "clearance": clearance,
        "workshop": clearance.workshop,
        "certificate": clearance_certificate_state(clearance=clearance),
        "review": clearance_branch_review(clearance=clearance, user=request.user),
    }


@never_cache
@require_GET
@login_required
def clearance_detail(request: HttpRequest, clearance_id: int) -> HttpResponse:
    return render(
        request, "employers/clearance/detail.html", _detail_context(request, clearance_id)
    )


@never_cache
@require_GET
@login_required
def clearance_status(request: HttpRequest, clearance_id: int) -> HttpResponse:
    """The certificate fragment htmx swaps in every 2 s while the worker renders it."""
    clearance = clearance_get_for_user(user=request.user, clearance_id=clearance_id)
    context = {
        "clearance": clearance,
        "certificate": clearance_certificate_state(clearance=clearance),
    }
    return render(request, "employers/clearance/_certificate.html", context)


@require_GET
@login_required
def clearance_download(request: HttpRequest, clearance_id: int) -> HttpResponse:
    clearance = clearance_get_for_user(user=request.user, clearance_id=clearance_id)
    if clearance.status != ClearanceStatus.ISSUED or clearance.document is None:
        raise Http404
    try:
        return pdf_response(clearance.document, services.clearance_certificate_filename(clearance))
    except ApplicationError:
        raise Http404 from None


@require_POST
@login_required
def clearance_prepare(request: HttpRequest, clearance_id: int) -> HttpResponse:
    """Prepare the PDF again (its render failed or its message was lost)."""
    clearance = clearance_get_for_user(user=request.user, clearance_id=clearance_id)
    if clearance.document_id is None:
        try:
            services.clearance_certificate_prepare(clearance=clearance, user=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return redirect("employers:clearance_detail", clearance_id=clearance.pk)
