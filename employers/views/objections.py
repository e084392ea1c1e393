"""Objection pages: the employer objects to a served ruling, follows the objection (its
statuses, hearing and vote), adds documents when the branch asks, and appeals a
first-instance vote; branch staff list their branch's objections and act on one (status,
hearing, vote, the organization's appeal).

Thin views: every page starts from a selector that answers 404 for anyone who does not
act for the workshop (or work at its branch); a refused rule comes back from the service
as a Persian message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches.selectors.staff import staff_memberships_for_user
from employers.forms.objections import (
    AppealForm,
    DocumentsAddForm,
    HearingForm,
    ObjectionFileForm,
    OrganizationAppealForm,
    StaffFilterForm,
    StatusChangeForm,
    VoteForm,
)
from employers.models import Objection, ObjectionStatus
from employers.selectors.objections import (
    STAFF_PAGE_SIZE,
    StaffObjectionFilters,
    objection_appeal_state,
    objection_board_due,
    objection_case,
    objection_documents_addable,
    objection_get_for_staff,
    objection_get_for_user,
    objection_history,
    objection_of_ruling,
    objection_related,
    objection_vote,
    objections_for_staff,
    objections_for_user,
    objections_prefetch_history,
    ruling_get_for_objection,
    ruling_objection_refusal,
    rulings_objectable_for_user,
)
from employers.selectors.workshops import workshop_get_for_user
from employers.services import objections as services
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import parse_positive_int
from tamin.core.jalali import format_code
from tamin.core.services import audit_record
from tamin.rules.disputes import dispute_terms


def _max_documents() -> int | None:
    terms = dispute_terms(on=timezone.localdate())
    return terms.max_objection_documents if terms is not None else None


def _service_error(form, exc: ApplicationError) -> None:
    """The service's message on its field when the form has one, else above the form."""
    field = exc.extra.get("field")
    form.add_error(field if field in form.fields else None, exc.message)


# --- the employer --------------------------------------------------------------------------------


@require_GET
@login_required
def objections(request: HttpRequest) -> HttpResponse:
    """My objections, grouped by workshop, and the rulings I may still object to."""
    workshop = None
    workshop_id = parse_positive_int(request.GET.get("workshop", ""))
    if workshop_id:
        workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    rows = list(
        objections_for_user(
            user=request.user, workshop_id=workshop.pk if workshop else None
        ).prefetch_related(objections_prefetch_history())
    )
    groups = [
        (group_workshop, list(items))
        for group_workshop, items in groupby(rows, key=lambda objection: objection.workshop)
    ]
    objectable = [
        ruling
        for ruling in rulings_objectable_for_user(user=request.user, today=timezone.localdate())
        if workshop is None or ruling.workshop_id == workshop.pk
    ]
    return render(
        request,
        "employers/objections/list.html",
        {"groups": groups, "objectable": objectable, "workshop": workshop},
    )


def _filed(
    request: HttpRequest,
    *,
    form_class,
    max_documents: int,
    file: Callable[..., Objection],
    message: str,
) -> tuple[Any, HttpResponse | None, int]:
    """A form that files a text with documents (an objection, an appeal): on a valid POST
    `file(text=, documents=)` runs, and the answer is the redirect to what was filed;
    otherwise the form to show again and its status."""
    if request.method != "POST":
        return form_class(max_documents=max_documents), None, 200
    form = form_class(request.POST, request.FILES, max_documents=max_documents)
    if form.is_valid():
        try:
            filed = file(text=form.cleaned_data["text"], documents=form.cleaned_data["documents"])
        except ApplicationError as exc:
            _service_error(form, exc)
        else:
            messages.success(request, message % {"code": format_code(filed.tracking_code)})
            return form, redirect("employers:objection_detail", objection_id=filed.pk), 302
    return form, None, 400


@require_http_methods(["GET", "POST"])
@login_required
def objection_file(request: HttpRequest, ruling_id: int) -> HttpResponse:
    ruling = ruling_get_for_objection(user=request.user, ruling_id=ruling_id)
    max_documents = _max_documents() or 0
    form, filed, status = _filed(
        request,
        form_class=ObjectionFileForm,
        max_documents=max_documents,
        file=lambda **fields: services.objection_file(user=request.user, ruling=ruling, **fields),
        message=_("اعتراض شما با کد رهگیری %(code)s ثبت و به شعبه فرستاده شد."),
    )
    if filed is not None:
        return filed
    return render(
        request,
        "employers/objections/file.html",
        {
            "ruling": ruling,
            "form": form,
            "refusal": ruling_objection_refusal(ruling=ruling, today=timezone.localdate()),
            "existing": objection_of_ruling(ruling=ruling),
            "max_documents": max_documents,
        },
        status=status,
    )


def _employer_detail(
    request: HttpRequest, objection: Objection, *, status: int = 200, documents_form=None
) -> HttpResponse:
    case = objection_case(objection=objection)
    is_filer = case is not None and case.applicant_id == request.user.pk
    return render(
        request,
        "employers/objections/detail.html",
        {
            "objection": objection,
            "vote": objection_vote(objection=objection),
            "history": list(objection_history(objection=objection)),
            "documents": list(case.documents.all()) if case is not None else [],
            "is_filer": is_filer,
            "case": case,
            "appeal": objection_appeal_state(objection=objection, today=timezone.localdate()),
            "related": objection_related(objection=objection),
            "may_add_documents": objection_documents_addable(
                objection=objection, case=case, user=request.user
            ),
            "documents_form": documents_form or DocumentsAddForm(),
            "max_documents": _max_documents(),
        },
        status=status,
    )


@require_GET
@login_required
def objection_detail(request: HttpRequest, objection_id: int) -> HttpResponse:
    objection = objection_get_for_user(user=request.user, objection_id=objection_id)
    return _employer_detail(request, objection)


@require_POST
@login_required
def objection_documents_add(request: HttpRequest, objection_id: int) -> HttpResponse:
    objection = objection_get_for_user(user=request.user, objection_id=objection_id)
    form = DocumentsAddForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.objection_documents_add(
                user=request.user,
                objection=objection,
                documents=form.cleaned_data["documents"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as exc:
            _service_error(form, exc)
        else:
            messages.success(request, _("مدارک تکمیلی بارگذاری و برای شعبه فرستاده شد."))
            return redirect("employers:objection_detail", objection_id=objection.pk)
    return _employer_detail(request, objection, status=400, documents_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def objection_appeal(request: HttpRequest, objection_id: int) -> HttpResponse:
    """The employer's appeal of a first-instance vote to the review board."""
    objection = objection_get_for_user(user=request.user, objection_id=objection_id)
    state = objection_appeal_state(objection=objection, today=timezone.localdate())
    max_documents = _max_documents() or 0
    form, filed, status = _filed(
        request,
        form_class=AppealForm,
        max_documents=max_documents,
        file=lambda **fields: services.objection_appeal_file(
            user=request.user, objection=objection, **fields
        ),
        message=_("تجدیدنظرخواهی شما با کد رهگیری %(code)s ثبت شد."),
    )
    if filed is not None:
        return filed
    return render(
        request,
        "employers/objections/appeal.html",
        {"objection": objection, "state": state, "form": form, "max_documents": max_documents},
        status=status,
    )


# --- branch staff ----------------------------------------------------------------------------------


def _memberships(request: HttpRequest) -> list:
    """The person's branch memberships; 404 for anyone who works at no branch."""
    memberships = list(staff_memberships_for_user(user=request.user))
    if not memberships:
        raise Http404
    return memberships


@require_GET
@login_required
def staff_objections(request: HttpRequest) -> HttpResponse:
    memberships = _memberships(request)
    branches = [(membership.branch_id, membership.branch.name) for membership in memberships]
    form = StaffFilterForm(request.GET or None, branches=branches)
    filters = StaffObjectionFilters()
    if form.is_valid():
        filters = StaffObjectionFilters(
            status=form.cleaned_data.get("status") or "",
            branch_id=form.cleaned_data.get("branch"),
            query=form.cleaned_data.get("q") or "",
        )
    page = Paginator(objections_for_staff(user=request.user, filters=filters), STAFF_PAGE_SIZE)
    current = page.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "employers/objections/staff_list.html",
        {"form": form, "page": current, "query": query.urlencode()},
    )


def _staff_detail(request: HttpRequest, objection: Objection, *, status: int = 200, **forms):
    moves = services.allowed_moves(objection=objection)
    case = objection_case(objection=objection)
    vote = objection_vote(objection=objection)
    appeal = objection_appeal_state(objection=objection, today=timezone.localdate())
    context = {
        "objection": objection,
        "vote": vote,
        "history": list(objection_history(objection=objection)),
        "case": case,
        "documents": list(case.documents.all()) if case is not None else [],
        "board_due": objection_board_due(objection=objection),
        "related": objection_related(objection=objection),
        "appeal": appeal,
        # A form sent back with its errors is shown even where the action is no longer
        # offered, so the person reads why it was refused.
        "moves": moves or ("status_form" in forms),
        "may_set_hearing": (vote is None and objection.status in services.HEARING_FROM)
        or "hearing_form" in forms,
        "may_record_vote": (vote is None and objection.status == ObjectionStatus.HEARING_SET)
        or "vote_form" in forms,
        "may_appeal": (appeal is not None and appeal.may_appeal) or "appeal_form" in forms,
        "status_form": forms.get("status_form") or StatusChangeForm(moves=moves),
        "hearing_form": forms.get("hearing_form") or HearingForm(),
        "vote_form": forms.get("vote_form") or VoteForm(),
        "appeal_form": forms.get("appeal_form") or OrganizationAppealForm(),
    }
    return render(request, "employers/objections/staff_detail.html", context, status=status)


@require_GET
@login_required
def staff_objection_detail(request: HttpRequest, objection_id: int) -> HttpResponse:
    _memberships(request)
    objection = objection_get_for_staff(user=request.user, objection_id=objection_id)
    audit_record(
        action="employers.objection_viewed", actor=request.user, target=objection, request=request
    )
    return _staff_detail(request, objection)


def _staff_act(request: HttpRequest, objection: Objection, *, form, name: str, act, success: str):
    """Validate `form`, run `act(cleaned_data)`; on a refusal show the page again with the
    message on the form (status 400), on success go back to the page with `success`."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ApplicationError as exc:
            _service_error(form, exc)
            audit_record(
                action="employers.objection_staff_action_refused",
                actor=request.user,
                target=objection,
                request=request,
                detail={"code": exc.code, "path": request.path},
            )
        else:
            messages.success(request, success)
            return redirect("employers:staff_objection_detail", objection_id=objection.pk)
    return _staff_detail(request, objection, status=400, **{name: form})


@require_POST
@login_required
def staff_objection_status(request: HttpRequest, objection_id: int) -> HttpResponse:
    _memberships(request)
    objection = objection_get_for_staff(user=request.user, objection_id=objection_id)
    form = StatusChangeForm(request.POST, moves=services.allowed_moves(objection=objection))
    return _staff_act(
        request,
        objection,
        form=form,
        name="status_form",
        act=lambda data: services.objection_status_change(
            staff_user=request.user, objection=objection, status=data["status"], note=data["note"]
        ),
        success=_("وضعیت اعتراض تغییر کرد و به کارفرما پیامک شد."),
    )


@require_POST
@login_required
def staff_objection_hearing(request: HttpRequest, objection_id: int) -> HttpResponse:
    _memberships(request)
    objection = objection_get_for_staff(user=request.user, objection_id=objection_id)
    form = HearingForm(request.POST)
    return _staff_act(
        request,
        objection,
        form=form,
        name="hearing_form",
        act=lambda data: services.objection_hearing_set(
            staff_user=request.user,
            objection=objection,
            hearing_at=form.hearing_at(),
            place=data["place"],
        ),
        success=_("وقت رسیدگی تعیین و به کارگاه ابلاغ شد."),
    )


@require_POST
@login_required
def staff_objection_vote(request: HttpRequest, objection_id: int) -> HttpResponse:
    _memberships(request)
    objection = objection_get_for_staff(user=request.user, objection_id=objection_id)
    form = VoteForm(request.POST)
    return _staff_act(
        request,
        objection,
        form=form,
        name="vote_form",
        act=lambda data: services.objection_vote_record(
            staff_user=request.user,
            objection=objection,
            amount=data["amount"],
            reasoning=data["reasoning"],
            decided_on=data["decided_on"],
        ),
        success=_("رأی هیأت ثبت و به کارگاه ابلاغ شد."),
    )


@require_POST
@login_required
def staff_objection_appeal(request: HttpRequest, objection_id: int) -> HttpResponse:
    _memberships(request)
    objection = objection_get_for_staff(user=request.user, objection_id=objection_id)
    form = OrganizationAppealForm(request.POST)
    return _staff_act(
        request,
        objection,
        form=form,
        name="appeal_form",
        act=lambda data: services.objection_appeal_file_for_organization(
            staff_user=request.user, objection=objection, text=data["text"]
        ),
        success=_("تجدیدنظرخواهی سازمان ثبت شد."),
    )
