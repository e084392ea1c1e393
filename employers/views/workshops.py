"""Workshop pages: my workshops, registration, representatives, new worker; branch staff
search and e-notification opt-in. Thin views: every page starts from a selector that
answers 404 for anyone who does not act for (or work at the branch of) the workshop.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from branches.selectors.staff import staff_memberships_for_user
from employers.forms.workshops import (
    ENotificationForm,
    RepresentativeAddForm,
    StaffSearchForm,
    WorkerForm,
    WorkshopRegisterForm,
)
from employers.models import RepresentativeRole
from employers.selectors.workshops import (
    representative_role_for,
    representatives_of,
    workshop_get_for_staff,
    workshop_get_for_user,
    workshop_owner_get_for_user,
    workshops_for_branch_staff,
    workshops_for_user,
)
from employers.services import workshops as services
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import to_jalali_date

STAFF_PAGE_SIZE = 50

# Per-workshop services of the other employer areas; a name that is not (yet) routed is
# simply left out, so the page never shows a dead link.
WORKSHOP_LINKS = (
    (_lazy("لیست‌های ماهانه"), "employers:lists"),
    (_lazy("ارسال لیست ماهانه"), "employers:list_upload"),
    (_lazy("بدهی کارگاه"), "employers:debt"),
    (_lazy("گردش حساب"), "employers:turnover"),
    (_lazy("احکام مطالباتی"), "employers:rulings"),
    (_lazy("صندوق ابلاغیه"), "employers:notice_inbox"),
    (_lazy("گزارش‌های بازرسی"), "employers:inspections"),
    (_lazy("مکاتبات با شعبه"), "employers:correspondence"),
)


def _workshop_links(workshop) -> list[tuple[str, str]]:
    links = []
    for title, url_name in WORKSHOP_LINKS:
        try:
            links.append((title, reverse(url_name, kwargs={"workshop_id": workshop.pk})))
        except NoReverseMatch:
            continue
    return links


@login_required
def workshops(request: HttpRequest) -> HttpResponse:
    rows = list(workshops_for_user(user=request.user))
    return render(request, "employers/workshops/list.html", {"rows": rows})


@login_required
def workshop_detail(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    role = representative_role_for(user=request.user, workshop=workshop)
    return render(
        request,
        "employers/workshops/detail.html",
        {
            "workshop": workshop,
            "role": role,
            "role_label": RepresentativeRole(role).label,
            "is_owner": role == RepresentativeRole.OWNER,
            "links": _workshop_links(workshop),
        },
    )


@login_required
def workshop_register(request: HttpRequest) -> HttpResponse:
    form = WorkshopRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.workshop_register(user=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("درخواست ثبت کارگاه ثبت شد؛ مدارک لازم را در همین پرونده بارگذاری کنید."),
            )
            return redirect("branches:my_case_detail", case_id=case.pk)
    return render(request, "employers/workshops/register.html", {"form": form})


@login_required
def representatives(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_owner_get_for_user(user=request.user, workshop_id=workshop_id)
    form = RepresentativeAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.representative_add(
                actor=request.user,
                workshop=workshop,
                national_code=form.cleaned_data["national_code"],
                role=RepresentativeRole.ACCOUNTANT,
            )
        except ApplicationError as exc:
            form.add_error("national_code", exc.message)
        else:
            messages.success(request, _("حسابدار به کارگاه افزوده شد."))
            return redirect("employers:representatives", workshop_id=workshop.pk)
    return render(
        request,
        "employers/workshops/representatives.html",
        {"workshop": workshop, "rows": list(representatives_of(workshop=workshop)), "form": form},
    )


@login_required
@require_POST
def representative_remove(request: HttpRequest, workshop_id: int, representative_id: int):
    workshop = workshop_owner_get_for_user(user=request.user, workshop_id=workshop_id)
    try:
        services.representative_remove(
            actor=request.user, workshop=workshop, representative_id=representative_id
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("دسترسی نماینده برداشته شد."))
    return redirect("employers:representatives", workshop_id=workshop.pk)


@login_required
def worker_new(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    form = WorkerForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.worker_register(
                actor=request.user, workshop=workshop, **form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            form = WorkerForm()
    return render(
        request,
        "employers/workshops/worker_new.html",
        {"workshop": workshop, "form": form, "result": result},
    )


# --- branch staff ------------------------------------------------------------------


def _require_staff(request: HttpRequest) -> None:
    if not staff_memberships_for_user(user=request.user).exists():
        raise Http404


@login_required
def staff_workshops(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = StaffSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = list(workshops_for_branch_staff(user=request.user, query=query)[:STAFF_PAGE_SIZE])
    return render(
        request, "employers/workshops/staff_list.html", {"form": form, "workshops": found}
    )


@login_required
def staff_e_notification(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_staff(user=request.user, workshop_id=workshop_id)
    initial = {"opt_in": workshop.e_notification_opt_in}
    if workshop.e_notification_form_signed_on:
        initial["signed_on"] = to_jalali_date(workshop.e_notification_form_signed_on).strftime(
            "%Y/%m/%d"
        )
    form = ENotificationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.e_notification_opt_in_record(
                staff_user=request.user,
                workshop=workshop,
                signed_on=form.cleaned_data["signed_on"],
                opt_in=form.cleaned_data["opt_in"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("وضعیت ابلاغ الکترونیک ثبت شد."))
            return redirect("employers:staff_e_notification", workshop_id=workshop.pk)
    return render(
        request,
        "employers/workshops/staff_e_notification.html",
        {"workshop": workshop, "form": form},
    )
