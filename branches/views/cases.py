"""Case pages: the applicant's cases and the branch staff's review queue. Thin views.

Staff pages answer 404 to anyone who does not work at the case's branch — or at its agency,
for a case routed to one (`case_staff_required` + `case_get_for_staff`); applicant pages
answer 404 for
another person's case (`case_get_for_applicant`). A broken rule from a service
comes back as a Persian message and changes nothing.
"""

from __future__ import annotations

from dataclasses import asdict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from branches.forms.cases import (
    AnswerForm,
    AssignForm,
    DecisionForm,
    DocumentUploadForm,
    QueueFilterForm,
    RequestInfoForm,
)
from branches.models.cases import OPEN_CASE_STATUSES, CaseStatus, case_status_label
from branches.models.directory import StaffRole
from branches.registry import case_kind_get, case_kind_label, payload_rows
from branches.selectors.cases import (
    AssignedFilter,
    branch_members_for_assignment,
    case_events_for_case,
    case_get_for_applicant,
    case_get_for_staff,
    case_list_for_applicant,
    case_queue_page_for_staff,
    case_queue_version,
    unassigned_open_count,
    workload_per_reviewer,
)
from branches.selectors.documents import case_document_get_for_user
from branches.selectors.staff import place_member_names
from branches.services import cases as case_services
from branches.services.documents import document_file_open
from branches.views.common import case_staff_required
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import parse_positive_int
from tamin.core.services import audit_record

MY_CASES_PAGE_SIZE = 20
EVENT_LABELS = {
    "assigned": _lazy("تعیین کارشناس مسئول"),
    "document_added": _lazy("بارگذاری مدرک"),
}


def _history(case) -> list:
    """The case's events, each with a Persian label: the new status, or what happened."""
    events = list(case_events_for_case(case=case))
    for event in events:
        if event.to_status and event.to_status != event.from_status:
            event.label = case_status_label(event.to_status, at_agency=bool(case.agency_id))
        else:
            event.label = EVENT_LABELS.get(event.action, event.action)
    return events


def _decorate(case, *, today) -> None:
    """Display-only attributes (no queries): the kind's label and whether the SLA has passed."""
    case.kind_label = case_kind_label(case.kind)
    case.is_overdue = bool(
        case.due_date and case.due_date < today and case.status in OPEN_CASE_STATUSES
    )


def _membership_at(
    request: HttpRequest, *, branch_id: int | None = None, agency_id: int | None = None
):
    """The person's membership at the branch, or at the agency; 404 when they do not work there."""
    for membership in request.staff_memberships:
        if agency_id is not None and membership.agency_id == agency_id:
            return membership
        if agency_id is None and branch_id is not None and membership.branch_id == branch_id:
            return membership
    raise Http404


def _membership_of_case(request: HttpRequest, case):
    if case.agency_id:
        return _membership_at(request, agency_id=case.agency_id)
    return _membership_at(request, branch_id=case.branch_id)


def _selected_membership(request: HttpRequest):
    agency_id = parse_positive_int(request.GET.get("agency", ""))
    if agency_id:
        return _membership_at(request, agency_id=agency_id)
    branch_id = parse_positive_int(request.GET.get("branch", ""))
    if branch_id:
        return _membership_at(request, branch_id=branch_id)
    return request.staff_memberships[0]


def _place_ids(membership) -> dict:
    """The selectors' place arguments of a membership: its agency, else its branch."""
    if membership.agency_id:
        return {"agency_id": membership.agency_id}
    return {"branch_id": membership.branch_id}


def _place_query(membership) -> tuple[str, int]:
    """The queue's GET parameter naming the membership's place."""
    if membership.agency_id:
        return "agency", membership.agency_id
    return "branch", membership.branch_id


# --- staff ---------------------------------------------------------------------------


@require_GET
@case_staff_required
def case_queue(request: HttpRequest) -> HttpResponse:
    membership = _selected_membership(request)
    members = place_member_names(**_place_ids(membership))
    branch_memberships = [m for m in request.staff_memberships if m.branch_id]
    form = QueueFilterForm(
        request.GET or None,
        memberships=branch_memberships,
        members=members,
        at_agency=bool(membership.agency_id),
    )
    filters = form.filters()
    place_param, place_id = _place_query(membership)
    # The pages' links carry the filters as the form understood them (never raw input).
    query = QueryDict(mutable=True)
    query.update({name: str(value) for name, value in asdict(filters).items() if value})
    query[place_param] = str(place_id)
    page_number = parse_positive_int(request.GET.get("page", "")) or 1
    # The count and rows are read only when the cached fragment is missing. Its key: the
    # place's version (any change to one of its cases renews it), today (overdue marks), the
    # filters and page, and the person for "assigned to me". Access was checked above
    # (_selected_membership) and again by the selector on a miss.
    page = SimpleLazyObject(
        lambda: case_queue_page_for_staff(
            user=request.user, **_place_ids(membership), filters=filters, page_number=page_number
        )
    )
    queue_key = ":".join(
        (
            case_queue_version(**_place_ids(membership)),
            timezone.localdate().isoformat(),
            query.urlencode(),
            str(page_number),
            str(request.user.pk) if filters.assigned == AssignedFilter.MINE else "",
        )
    )
    return render(
        request,
        "branches/cases/queue.html",
        {
            "membership": membership,
            "place_param": place_param,
            # Places the branch select does not offer: every agency, and every branch from an
            # agency's queue.
            "other_places": [
                m
                for m in request.staff_memberships
                if m is not membership and (m.agency_id or membership.agency_id)
            ],
            "is_head": membership.role == StaffRole.HEAD,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "queue_key": queue_key,
            "queue_cache_seconds": settings.CASE_QUEUE_CACHE_SECONDS,
        },
    )


@require_GET
@case_staff_required
def workload(request: HttpRequest) -> HttpResponse:
    """The head's view of open cases per member of the branch (or agency)."""
    membership = _selected_membership(request)
    if membership.role != StaffRole.HEAD:
        raise Http404
    return render(
        request,
        "branches/cases/workload.html",
        {
            "membership": membership,
            "place_param": _place_query(membership)[0],
            "rows": workload_per_reviewer(**_place_ids(membership)),
            "unassigned": unassigned_open_count(**_place_ids(membership)),
        },
    )


def _staff_detail(request: HttpRequest, case, *, status: int = 200, **forms) -> HttpResponse:
    membership = _membership_of_case(request, case)
    is_head = membership.role == StaffRole.HEAD
    members = branch_members_for_assignment(**_place_ids(membership))
    kind = _kind_or_none(case.kind)
    today = timezone.localdate()
    _decorate(case, today=today)
    is_open = case.status in OPEN_CASE_STATUSES
    may_decide = is_open and (is_head or case.assigned_to_id == request.user.pk)
    context = {
        "case": case,
        "membership": membership,
        "is_head": is_head,
        "kind": kind,
        "payload_rows": payload_rows(kind, case.payload),
        "documents": list(case.documents.all()),
        "events": _history(case),
        "may_take": is_open and not is_head and case.assigned_to_id is None,
        "may_assign": is_open and is_head,
        "may_start": case.status == CaseStatus.FORWARDED
        and (is_head or case.assigned_to_id in (None, request.user.pk)),
        "may_request_info": may_decide and case.status == CaseStatus.UNDER_REVIEW,
        "may_decide": may_decide and case.status != CaseStatus.FORWARDED,
        "place_param": _place_query(membership)[0],
        # A kind deciding on its own page (e.g. with an approved amount) is linked to instead.
        "decision_url": reverse(kind.decision_url_name, kwargs={"case_id": case.pk})
        if kind is not None and kind.decision_url_name
        else "",
        "assign_form": forms.get("assign_form") or AssignForm(members=members),
        "info_form": forms.get("info_form") or RequestInfoForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
    }
    return render(request, "branches/cases/staff_detail.html", context, status=status)


def _kind_or_none(key: str):
    try:
        return case_kind_get(key)
    except ApplicationError:
        return None


@require_GET
@case_staff_required
def case_detail_staff(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get_for_staff(user=request.user, case_id=case_id)
    # Reading a person's case is itself something staff answer for.
    audit_record(action="case.viewed", actor=request.user, target=case, request=request)
    return _staff_detail(request, case)


def _staff_action(request: HttpRequest, case, action, *, success: str) -> HttpResponse:
    try:
        action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
        audit_record(
            action="case.staff_action_refused",
            actor=request.user,
            target=case,
            request=request,
            detail={"code": exc.code, "path": request.path},
        )
    else:
        messages.success(request, success)
    return redirect("branches:case_detail_staff", case_id=case.pk)


@require_POST
@case_staff_required
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get_for_staff(user=request.user, case_id=case_id)
    if request.POST.get("take") == "1":
        assignee = request.user
    else:
        form = AssignForm(
            request.POST,
            members=branch_members_for_assignment(**_place_ids(_membership_of_case(request, case))),
        )
        if not form.is_valid():
            return _staff_detail(request, case, status=400, assign_form=form)
        assignee = form.cleaned_data["assignee"].user
    return _staff_action(
        request,
        case,
        lambda: case_services.case_assign(case=case, actor=request.user, assignee=assignee),
        success=_("کارشناس مسئول پرونده تعیین شد."),
    )


@require_POST
@case_staff_required
def case_start_review(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get_for_staff(user=request.user, case_id=case_id)
    return _staff_action(
        request,
        case,
        lambda: case_services.case_start_review(case=case, actor=request.user),
        success=_("بررسی پرونده آغاز شد."),
    )


@require_POST
@case_staff_required
def case_request_info(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get_for_staff(user=request.user, case_id=case_id)
    form = RequestInfoForm(request.POST)
    if not form.is_valid():
        return _staff_detail(request, case, status=400, info_form=form)
    return _staff_action(
        request,
        case,
        lambda: case_services.case_request_info(
            case=case, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        success=_("درخواست اطلاعات تکمیلی برای متقاضی فرستاده شد."),
    )


@require_POST
@case_staff_required
def case_decide(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get_for_staff(user=request.user, case_id=case_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _staff_detail(request, case, status=400, decision_form=form)
    return _staff_action(
        request,
        case,
        lambda: case_services.case_decide(
            case=case,
            actor=request.user,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        ),
        success=_("تصمیم ثبت شد و به متقاضی اطلاع داده شد."),
    )


# --- the applicant -------------------------------------------------------------------


@require_GET
@login_required
def my_cases(request: HttpRequest) -> HttpResponse:
    page = Paginator(case_list_for_applicant(user=request.user), MY_CASES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    for case in page.object_list:
        _decorate(case, today=today)
    return render(request, "branches/cases/my_cases.html", {"page": page})


def _my_detail(request: HttpRequest, case, *, status: int = 200, **forms) -> HttpResponse:
    kind = _kind_or_none(case.kind)
    _decorate(case, today=timezone.localdate())
    documents = list(case.documents.all())
    present = {document.document_type for document in documents}
    required = kind.required_documents_for(case.payload) if kind else ()
    missing = [label for key, label in required if key not in present]
    context = {
        "case": case,
        "kind": kind,
        "documents": documents,
        "missing": missing,
        "events": _history(case),
        "may_upload": kind is not None and case.status in case_services.UPLOADABLE_STATUSES,
        "may_submit": kind is not None and case.status in (CaseStatus.DRAFT, CaseStatus.SUBMITTED),
        "may_answer": kind is not None and case.status == CaseStatus.NEEDS_INFO,
        "max_mb": f"{settings.BRANCH_DOCUMENT_MAX_BYTES / (1024 * 1024):g}",
        "max_pages": settings.BRANCH_DOCUMENT_MAX_PAGES,
    }
    if kind is not None:
        context["upload_form"] = forms.get("upload_form") or DocumentUploadForm(kind=kind)
        context["answer_form"] = forms.get("answer_form") or AnswerForm(kind=kind)
    return render(request, "branches/cases/my_case_detail.html", context, status=status)


@require_GET
@login_required
def my_case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get_for_applicant(user=request.user, case_id=case_id)
    return _my_detail(request, case)


@require_POST
@login_required
def case_document_upload(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get_for_applicant(user=request.user, case_id=case_id)
    kind = _kind_or_none(case.kind)
    if kind is None:
        raise Http404
    form = DocumentUploadForm(request.POST, request.FILES, kind=kind)
    if form.is_valid():
        try:
            case_services.case_document_add(
                case=case,
                uploaded_by=request.user,
                document_type=form.cleaned_data["document_type"],
                upload=form.cleaned_data["file"],
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("مدرک بارگذاری شد."))
            return redirect("branches:my_case_detail", case_id=case.pk)
    return _my_detail(request, case, status=400, upload_form=form)


@require_POST
@login_required
def my_case_submit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get_for_applicant(user=request.user, case_id=case_id)
    try:
        case = case_services.case_submit(case=case, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if case.status == CaseStatus.FORWARDED and case.agency_id:
            messages.success(request, _("درخواست شما به کارگزاری ارسال شد."))
        elif case.status == CaseStatus.FORWARDED:
            messages.success(request, _("درخواست شما به شعبه ارسال شد."))
        else:
            messages.warning(
                request, _("درخواست ثبت شد اما تا بارگذاری مدارک لازم به شعبه ارسال نمی‌شود.")
            )
    return redirect("branches:my_case_detail", case_id=case.pk)


@require_POST
@login_required
def my_case_answer(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get_for_applicant(user=request.user, case_id=case_id)
    kind = _kind_or_none(case.kind)
    if kind is None:
        raise Http404
    form = AnswerForm(request.POST, request.FILES, kind=kind)
    if form.is_valid():
        try:
            case_services.case_answer_info(
                case=case,
                applicant=request.user,
                note=form.cleaned_data["note"],
                documents=form.documents(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("پاسخ شما برای شعبه فرستاده شد."))
            return redirect("branches:my_case_detail", case_id=case.pk)
    return _my_detail(request, case, status=400, answer_form=form)


# --- documents -----------------------------------------------------------------------


@require_GET
@login_required
def case_document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    """Serve a document to its applicant or to staff of its branch; always as an attachment."""
    document = case_document_get_for_user(user=request.user, document_id=document_id)
    try:
        handle = document_file_open(document.stored_name)  # FileResponse closes it
    except (OSError, ValueError):
        raise Http404 from None
    if document.case.applicant_id != request.user.pk:
        audit_record(
            action="case.document_viewed",
            actor=request.user,
            target=document,
            request=request,
            detail={"case": document.case_id},
        )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
