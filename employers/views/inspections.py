"""Inspection pages: the employer's reports (list, one report, the objection) and branch
staff's (the branch's reports, recording one, which serves it as a notice).

Thin views: a representative reaches a report through `inspection_get_for_user` (404 for
another workshop's), staff act only on workshops of their branches.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from employers.forms.inspections import (
    MAX_WORKER_ROWS,
    WORKER_ROWS_STEP,
    InspectionObjectionForm,
    InspectionReportForm,
    WorkerNotListedFormSet,
)
from employers.models import NoticeDelivery
from employers.selectors.inspections import (
    inspection_get_for_user,
    inspections_page_for_staff,
    inspections_page_for_workshop,
)
from employers.selectors.workshops import workshop_get_for_user, workshops_for_branch_staff
from employers.services import inspections as services
from employers.views.notices import page_number, staff_only
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import is_ascii_digits, normalize_digits

# --- the employer ------------------------------------------------------------------


@login_required
def inspections(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    page, reports = inspections_page_for_workshop(workshop=workshop, page=page_number(request))
    return render(
        request,
        "employers/inspections/list.html",
        {"workshop": workshop, "page": page, "reports": reports},
    )


@login_required
def inspection_detail(request: HttpRequest, workshop_id: int, inspection_id: int) -> HttpResponse:
    report = inspection_get_for_user(
        user=request.user, workshop_id=workshop_id, inspection_id=inspection_id
    )
    return render(
        request,
        "employers/inspections/detail.html",
        {
            "workshop": workshop_get_for_user(user=request.user, workshop_id=workshop_id),
            "report": report,
            "inspection": report.inspection,
        },
    )


@login_required
def inspection_objection(
    request: HttpRequest, workshop_id: int, inspection_id: int
) -> HttpResponse:
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    report = inspection_get_for_user(
        user=request.user, workshop_id=workshop_id, inspection_id=inspection_id
    )
    if report.objection is not None:
        messages.info(request, _("برای این گزارش بازرسی قبلاً اعتراض ثبت شده است."))
        return redirect("employers:inspection_detail", workshop.pk, inspection_id)
    form = InspectionObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.inspection_objection_file(
                user=request.user,
                workshop=workshop,
                inspection=report.inspection,
                text=form.cleaned_data["text"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "اعتراض ثبت شد. در صورت نیاز مدارک را بارگذاری کنید و سپس "
                    "«ارسال به شعبه» را بزنید."
                ),
            )
            return redirect("branches:my_case_detail", case_id=case.pk)
    return render(
        request,
        "employers/inspections/objection.html",
        {"workshop": workshop, "inspection": report.inspection, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- branch staff ------------------------------------------------------------------


@staff_only
def staff_inspections(request: HttpRequest) -> HttpResponse:
    page = inspections_page_for_staff(user=request.user, page=page_number(request))
    return render(
        request,
        "employers/inspections/staff_list.html",
        {"page": page, "paper": NoticeDelivery.PAPER},
    )


def _worker_rows(formset) -> list[services.WorkerFound]:
    return [
        services.WorkerFound(**form.cleaned_data)
        for form in formset.forms
        if form.has_changed() and form.cleaned_data
    ]


@staff_only
def staff_inspection_new(request: HttpRequest) -> HttpResponse:
    """Record an inspection of a workshop of the staff member's branch; serving it follows.

    «ردیف بیشتر» posts the form back with more empty worker rows, without checking it.
    """
    if request.method != "POST":
        code = normalize_digits(request.GET.get("workshop", ""))
        initial = {"workshop_code": code} if is_ascii_digits(code) and len(code) == 10 else {}
        form = InspectionReportForm(initial=initial)
        formset = WorkerNotListedFormSet(prefix="workers")
        return _staff_form(request, form, formset, show_errors=False)
    data = request.POST.copy()
    if "add_rows" in data:
        total_key = "workers-TOTAL_FORMS"
        current = int(data.get(total_key) or 0) if is_ascii_digits(data.get(total_key, "")) else 0
        data[total_key] = str(min(current + WORKER_ROWS_STEP, MAX_WORKER_ROWS))
        form = InspectionReportForm(data)
        formset = WorkerNotListedFormSet(data, prefix="workers")
        return _staff_form(request, form, formset, show_errors=False)
    form = InspectionReportForm(data)
    formset = WorkerNotListedFormSet(data, prefix="workers")
    if form.is_valid() and formset.is_valid():
        workshop = (
            workshops_for_branch_staff(user=request.user)
            .filter(code=form.cleaned_data["workshop_code"])
            .first()
        )
        if workshop is None:
            form.add_error("workshop_code", _("کارگاهی با این کد در شعبه شما نیست."))
        else:
            try:
                notice = services.inspection_report_record(
                    staff_user=request.user,
                    workshop=workshop,
                    inspected_on=form.cleaned_data["inspected_on"],
                    inspector_name=form.cleaned_data["inspector_name"],
                    reason=form.cleaned_data["reason"],
                    findings=form.cleaned_data["findings"],
                    workers_seen=form.cleaned_data["workers_seen"],
                    result=form.cleaned_data["result"],
                    workers_not_listed=_worker_rows(formset),
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                if notice.served_at:
                    messages.success(
                        request,
                        _("گزارش بازرسی ثبت و به صندوق ابلاغیه کارگاه ابلاغ شد."),
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "گزارش بازرسی ثبت شد. کارگاه ابلاغ الکترونیک ندارد: نسخه چاپی را "
                            "تحویل دهید و روز تحویل را ثبت کنید."
                        ),
                    )
                return redirect("employers:staff_notice", notice_id=notice.pk)
    return _staff_form(request, form, formset, show_errors=True, status=400)


def _staff_form(request, form, formset, *, show_errors: bool, status: int = 200):
    return render(
        request,
        "employers/inspections/staff_new.html",
        {"form": form, "formset": formset, "show_errors": show_errors},
        status=status,
    )
