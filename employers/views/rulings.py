"""Claim ruling pages: the employer's rulings and one ruling (with its PDF); branch staff's
rulings of a workshop, the three issue forms, a ruling with its actions (edit, serve,
cancel, the paper service day, the PDF).

Thin views: every page starts from a selector that answers 404 for anyone who does not
act for the workshop (a served ruling only) or work at its branch; the services check
the rules and refuse with a Persian message, which the page shows with nothing changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers.forms.rulings import (
    InspectionRulingForm,
    NoListRulingForm,
    PaperServedForm,
    RulingTextForm,
    form_data_of,
    line_formset,
    ruling_lines_of,
    with_one_more_line,
)
from employers.models import RulingSource
from employers.selectors.rulings import (
    inspections_for_ruling,
    missing_list_months,
    ruling_get_for_staff,
    ruling_get_for_user,
    ruling_is_draft,
    ruling_lines,
    ruling_owed,
    ruling_status_label,
    rulings_for_workshop,
)
from employers.selectors.workshops import workshop_get_for_staff, workshop_get_for_user
from employers.services import rulings as services
from employers.services.notices import notice_open, notice_paper_served_record
from employers.services.ruling_pdf import ruling_pdf_request
from tamin.core.document_requests import document_request_usable
from tamin.core.exceptions import ApplicationError
from tamin.core.models import DocumentRequest


def _to_document(document_request: DocumentRequest) -> HttpResponse:
    if document_request_usable(document_request):
        return redirect("document_request_download", request_id=document_request.pk)
    return redirect("document_request", request_id=document_request.pk)


def _ruling_context(ruling) -> dict:
    notice = ruling.notice
    return {
        "ruling": ruling,
        "workshop": ruling.workshop,
        "notice": notice,
        "lines": ruling_lines(ruling=ruling),
        "owed": ruling_owed(ruling=ruling),
        "status_label": ruling_status_label(ruling),
        "source_label": RulingSource(ruling.source).label,
        "amount_changed": notice is not None
        and notice.served_at is not None
        and ruling.current_amount != ruling.total,
    }


# --- the employer ---------------------------------------------------------------


@login_required
def rulings(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    rows = rulings_for_workshop(workshop=workshop)
    return render(request, "employers/rulings/list.html", {"workshop": workshop, "rows": rows})


@login_required
def ruling_detail(request: HttpRequest, ruling_id: int) -> HttpResponse:
    ruling = ruling_get_for_user(user=request.user, ruling_id=ruling_id)
    # Reading the served ruling is reading its notice: the first opening is the receipt.
    ruling.notice = notice_open(user=request.user, notice=ruling.notice)
    context = _ruling_context(ruling)
    context["within_term"] = (
        ruling.notice.respond_until is not None
        and timezone.localdate() <= ruling.notice.respond_until
    )
    return render(request, "employers/rulings/detail.html", context)


@login_required
@require_POST
def ruling_pdf(request: HttpRequest, ruling_id: int) -> HttpResponse:
    ruling = ruling_get_for_user(user=request.user, ruling_id=ruling_id)
    return _to_document(ruling_pdf_request(user=request.user, ruling=ruling))


# --- branch staff ---------------------------------------------------------------


@login_required
def staff_rulings(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_staff(user=request.user, workshop_id=workshop_id)
    rows = rulings_for_workshop(workshop=workshop, include_unserved=True)
    return render(
        request, "employers/rulings/staff_list.html", {"workshop": workshop, "rows": rows}
    )


def _issued(request: HttpRequest, ruling) -> HttpResponse:
    messages.success(
        request,
        _("پیش‌نویس حکم ثبت شد؛ پس از بازبینی، آن را ابلاغ کنید."),
    )
    return redirect("employers:staff_ruling_detail", ruling_id=ruling.pk)


def _lines_page(request: HttpRequest, *, template: str, context: dict, save) -> HttpResponse:
    """The lines + texts form of a ruling by hand (new or a draft's edit).

    «افزودن سطر» re-shows the posted form with one more row, saving nothing.
    `save(lines, legal_basis, description)` calls the service.
    """
    show_errors = True
    if request.method == "POST" and "add_line" in request.POST:
        data = with_one_more_line(request.POST)
        formset, text_form, show_errors = line_formset(data=data), RulingTextForm(data), False
    elif request.method == "POST":
        formset, text_form = line_formset(data=request.POST), RulingTextForm(request.POST)
        if formset.is_valid() and text_form.is_valid():
            try:
                return save(
                    ruling_lines_of(formset),
                    text_form.cleaned_data["legal_basis"],
                    text_form.cleaned_data["description"],
                )
            except ApplicationError as exc:
                text_form.add_error(None, exc.message)
    else:
        formset, text_form = context.pop("initial_forms", (line_formset(), RulingTextForm()))
        show_errors = False
    context.update({"formset": formset, "text_form": text_form, "show_errors": show_errors})
    status = 400 if request.method == "POST" and show_errors else 200
    return render(request, template, context, status=status)


@login_required
def staff_ruling_new_manual(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_staff(user=request.user, workshop_id=workshop_id)

    def save(lines, legal_basis, description):
        ruling = services.ruling_issue_manual(
            staff_user=request.user,
            workshop=workshop,
            lines=lines,
            legal_basis=legal_basis,
            description=description,
        )
        return _issued(request, ruling)

    return _lines_page(
        request,
        template="employers/rulings/staff_new_manual.html",
        context={"workshop": workshop},
        save=save,
    )


@login_required
def staff_ruling_new_inspection(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_staff(user=request.user, workshop_id=workshop_id)
    inspections = inspections_for_ruling(workshop=workshop)
    form = InspectionRulingForm(request.POST or None, inspections=inspections)
    if request.method == "POST" and form.is_valid():
        try:
            ruling = services.ruling_issue_from_inspection(
                staff_user=request.user,
                workshop=workshop,
                inspection_id=form.cleaned_data["inspection"],
                legal_basis=form.cleaned_data["legal_basis"],
                description=form.cleaned_data["description"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return _issued(request, ruling)
    return render(
        request,
        "employers/rulings/staff_new_inspection.html",
        {"workshop": workshop, "form": form, "inspections": inspections},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def staff_ruling_new_no_list(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_staff(user=request.user, workshop_id=workshop_id)
    months = missing_list_months(workshop=workshop, today=timezone.localdate())
    form = NoListRulingForm(request.POST or None, months=months)
    if request.method == "POST" and form.is_valid():
        try:
            ruling = services.ruling_issue_for_missing_lists(
                staff_user=request.user,
                workshop=workshop,
                periods=form.cleaned_data["periods"],
                worker_count=form.cleaned_data["worker_count"],
                legal_basis=form.cleaned_data["legal_basis"],
                description=form.cleaned_data["description"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return _issued(request, ruling)
    return render(
        request,
        "employers/rulings/staff_new_no_list.html",
        {"workshop": workshop, "form": form, "months": months},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def staff_ruling_detail(request: HttpRequest, ruling_id: int) -> HttpResponse:
    ruling = ruling_get_for_staff(user=request.user, ruling_id=ruling_id)
    context = _ruling_context(ruling)
    notice = ruling.notice
    context.update(
        {
            "is_draft": ruling_is_draft(ruling),
            "awaiting_paper": notice is not None and notice.served_at is None,
            "paper_form": PaperServedForm(),
        }
    )
    return render(request, "employers/rulings/staff_detail.html", context)


@login_required
def staff_ruling_edit(request: HttpRequest, ruling_id: int) -> HttpResponse:
    ruling = ruling_get_for_staff(user=request.user, ruling_id=ruling_id)
    if not ruling_is_draft(ruling):
        messages.error(
            request, _("حکم ابلاغ‌شده قابل ویرایش نیست؛ تغییر مبلغ آن تنها با رأی هیأت است.")
        )
        return redirect("employers:staff_ruling_detail", ruling_id=ruling.pk)
    manual = ruling.source == RulingSource.MANUAL

    def save(lines, legal_basis, description):
        services.ruling_draft_update(
            staff_user=request.user,
            ruling=ruling,
            legal_basis=legal_basis,
            description=description,
            lines=lines if manual else None,
        )
        messages.success(request, _("پیش‌نویس حکم به‌روز شد."))
        return redirect("employers:staff_ruling_detail", ruling_id=ruling.pk)

    if not manual:
        form = RulingTextForm(
            request.POST or None,
            initial={"legal_basis": ruling.legal_basis, "description": ruling.description},
        )
        if request.method == "POST" and form.is_valid():
            try:
                return save(
                    None, form.cleaned_data["legal_basis"], form.cleaned_data["description"]
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
        return render(
            request,
            "employers/rulings/staff_edit_texts.html",
            {"ruling": ruling, "workshop": ruling.workshop, "form": form},
            status=400 if form.is_bound and form.errors else 200,
        )
    data = form_data_of(
        lines=ruling_lines(ruling=ruling),
        legal_basis=ruling.legal_basis,
        description=ruling.description,
    )
    return _lines_page(
        request,
        template="employers/rulings/staff_edit_manual.html",
        context={
            "ruling": ruling,
            "workshop": ruling.workshop,
            "initial_forms": (line_formset(data=data), RulingTextForm(data)),
        },
        save=save,
    )


def _act(request: HttpRequest, ruling, action, success: str) -> HttpResponse:
    try:
        action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("employers:staff_ruling_detail", ruling_id=ruling.pk)


@login_required
@require_POST
def staff_ruling_serve(request: HttpRequest, ruling_id: int) -> HttpResponse:
    ruling = ruling_get_for_staff(user=request.user, ruling_id=ruling_id)
    success = (
        _("حکم ابلاغ الکترونیک شد و در کارپوشهٔ کارگاه قرار گرفت.")
        if ruling.workshop.e_notification_opt_in
        else _("حکم برای ابلاغ کاغذی آماده شد؛ پس از تحویل، تاریخ ابلاغ را ثبت کنید.")
    )
    return _act(
        request,
        ruling,
        lambda: services.ruling_serve(staff_user=request.user, ruling=ruling),
        success,
    )


@login_required
@require_POST
def staff_ruling_cancel(request: HttpRequest, ruling_id: int) -> HttpResponse:
    ruling = ruling_get_for_staff(user=request.user, ruling_id=ruling_id)
    return _act(
        request,
        ruling,
        lambda: services.ruling_cancel(staff_user=request.user, ruling=ruling),
        _("پیش‌نویس حکم ابطال شد."),
    )


@login_required
@require_POST
def staff_ruling_paper_served(request: HttpRequest, ruling_id: int) -> HttpResponse:
    ruling = ruling_get_for_staff(user=request.user, ruling_id=ruling_id)
    form = PaperServedForm(request.POST)
    if ruling.notice is None:
        messages.error(request, _("این حکم هنوز برای ابلاغ فرستاده نشده است."))
    elif not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        return _act(
            request,
            ruling,
            lambda: notice_paper_served_record(
                staff_user=request.user,
                notice=ruling.notice,
                served_on=form.cleaned_data["served_on"],
            ),
            _("تاریخ ابلاغ کاغذی ثبت شد؛ مبلغ حکم بدهی قطعی کارگاه شد."),
        )
    return redirect("employers:staff_ruling_detail", ruling_id=ruling.pk)


@login_required
@require_POST
def staff_ruling_pdf(request: HttpRequest, ruling_id: int) -> HttpResponse:
    ruling = ruling_get_for_staff(user=request.user, ruling_id=ruling_id)
    try:
        document_request = ruling_pdf_request(user=request.user, ruling=ruling)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("employers:staff_ruling_detail", ruling_id=ruling.pk)
    return _to_document(document_request)
