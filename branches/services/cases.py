"""Case writes: the life of a request forwarded to a branch.

    draft ──submit──▶ submitted (held: required documents missing; not forwarded)
      │                  │ documents complete (upload or submit again)
      └──submit──────────┴──▶ forwarded ──start review──▶ under_review
                                                 ▲              │ request info (reason)
                                  answer (note,  │              ▼
                                  documents) ────┴──────── needs_info
    under_review ──decide (reason)──▶ accepted | rejected | closed
    needs_info   ──decide (reason)──▶ closed   (the applicant never answered)

Who may do what (staff are members of the case's branch, `StaffMembership` — or, for a case
routed to an agency, of that agency; the supervising branch's staff then have no part in it):
* the applicant creates the draft, uploads documents (draft, submitted,
  needs_info), submits, and answers a request for information;
* any reviewer of the branch may take an unassigned case (assign it to
  themselves, or start reviewing it, which takes it);
* the head of the branch may assign a case to any active member of the branch;
* only the assignee or the head may request information or decide.

Every service locks the case row, checks the state, writes a `CaseEvent` and an
audit row, and — for each status change — notifies the applicant by SMS and in
the inbox (templates seeded by migration 0002_cases_templates). Deciding runs the
kind's `on_decision(case_id, status)` inside the same transaction and invites the
applicant to the performance survey.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import (
    Agency,
    Branch,
    Case,
    CaseDocument,
    CaseEvent,
    CaseStatus,
    StaffMembership,
)
from branches.models.cases import OPEN_CASE_STATUSES
from branches.models.directory import StaffRole
from branches.registry import AgencyTarget, CaseKind, case_kind_get
from branches.services.calendar import working_days_add
from branches.services.documents import document_discard, document_inspect, document_store
from branches.services.survey import survey_invite
from notifications.services import notify
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import today_jalali
from tamin.core.services import audit_record

UPLOADABLE_STATUSES = (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.NEEDS_INFO)
DECISIONS = (CaseStatus.ACCEPTED, CaseStatus.REJECTED, CaseStatus.CLOSED)
MIN_REASON_LENGTH = 5
MAX_TEXT_LENGTH = 4000
MAX_DOCUMENTS_PER_CASE = 30
TRACKING_CODE_ATTEMPTS = 5


# --- helpers -----------------------------------------------------------------------


def _tracking_code_new() -> str:
    """Service-desk tracking code: Jalali yymmdd + 8 random digits (14 digits, easy to dictate)."""
    today = today_jalali()
    return f"{today.year % 100:02d}{today.month:02d}{today.day:02d}{secrets.randbelow(10**8):08d}"


def _locked(case: Case) -> Case:
    """Re-read the case under a row lock so two staff never move it at once."""
    return Case.objects.select_for_update().select_related("branch").get(pk=case.pk)


def _wrong_state() -> ApplicationError:
    return ApplicationError(_("این کار در وضعیت کنونی پرونده ممکن نیست."), code="case_wrong_state")


def _clean_text(value: str, *, required: bool, field_error: str) -> str:
    text = (value or "").strip()[:MAX_TEXT_LENGTH]
    if required and len(text) < MIN_REASON_LENGTH:
        raise ApplicationError(field_error, code="case_reason_required")
    return text


def _members_of_place(case: Case):
    """The active memberships of the place reviewing `case`: its agency's, else its branch's."""
    if case.agency_id:
        return StaffMembership.objects.filter(
            agency_id=case.agency_id, is_active=True, agency__is_active=True
        )
    return StaffMembership.objects.filter(
        branch_id=case.branch_id, is_active=True, branch__is_active=True
    )


def _membership_for(*, actor, case: Case) -> StaffMembership:
    membership = _members_of_place(case).filter(user=actor).only("id", "role").first()
    if membership is None:
        raise ApplicationError(_("این پرونده به شعبه شما تعلق ندارد."), code="case_other_branch")
    return membership


def _require_assignee_or_head(*, actor, case: Case) -> StaffMembership:
    membership = _membership_for(actor=actor, case=case)
    if membership.role != StaffRole.HEAD and case.assigned_to_id != actor.pk:
        raise ApplicationError(
            _("فقط کارشناس مسئول پرونده یا رئیس شعبه می‌تواند این کار را انجام دهد."),
            code="case_not_assignee",
        )
    return membership


def _require_applicant(*, actor, case: Case) -> None:
    if case.applicant_id != getattr(actor, "pk", None):
        raise ApplicationError(_("این پرونده متعلق به شما نیست."), code="case_not_applicant")


def _missing_documents(*, kind: CaseKind, case: Case) -> list[tuple[str, str]]:
    present = set(case.documents.values_list("document_type", flat=True))
    required = kind.required_documents_for(case.payload)
    return [(key, label) for key, label in required if key not in present]


def _event(*, case: Case, actor, action: str, from_status: str, note: str = "") -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=case.status,
        action=action,
        note=note,
    )


def _audit(*, case: Case, actor, action: str, before: dict, after: dict, **detail: Any) -> None:
    audit_record(
        action=f"case.{action}",
        actor=actor,
        target=case,
        before=before,
        after=after,
        detail={"tracking_code": case.tracking_code, "kind": case.kind, **detail},
    )


def _notify_applicant(
    *, case: Case, event: CaseEvent, kind: CaseKind, template_key: str, **extra: Any
) -> None:
    context = {
        "tracking_code": case.tracking_code,
        "kind_label": kind.label,
        "subject": case.subject,
        "status_label": case.status_label,
        # The messages say where the case is reviewed: the agency's name for an agency's case.
        "branch_name": case.place.name,
        "due_date": case.due_date,
        "reason": case.status_reason,
        **extra,
    }
    notify(
        recipient=case.applicant,
        template_key=template_key,
        context=context,
        channels=["sms", "inbox"],
        idempotency_key=f"case:{case.pk}:event:{event.pk}",
    )


def _move(
    *,
    case: Case,
    actor,
    to_status: str,
    action: str,
    note: str = "",
    fields: Iterable[str] = (),
) -> CaseEvent:
    """Change the status, save, and write the event and audit row of the move."""
    before = {"status": case.status, "assigned_to": case.assigned_to_id}
    from_status = case.status
    case.status = to_status
    case.full_clean()
    case.save(update_fields=["status", "status_reason", *fields, "updated_at"])
    event = _event(case=case, actor=actor, action=action, from_status=from_status, note=note)
    _audit(
        case=case,
        actor=actor,
        action=action,
        before=before,
        after={"status": case.status, "assigned_to": case.assigned_to_id},
        reason=note,
    )
    return event


def _forward(*, case: Case, actor, kind: CaseKind, action: str) -> CaseEvent:
    now = timezone.now()
    case.submitted_at = case.submitted_at or now
    case.forwarded_at = now
    case.due_date = working_days_add(timezone.localdate(), kind.sla_working_days)
    case.status_reason = ""
    event = _move(
        case=case,
        actor=actor,
        to_status=CaseStatus.FORWARDED,
        action=action,
        fields=("submitted_at", "forwarded_at", "due_date"),
    )
    _notify_applicant(case=case, event=event, kind=kind, template_key="case_forwarded")
    return event


def _lookup(target: int | str) -> dict[str, Any]:
    return {"pk": target} if isinstance(target, int) else {"code": str(target)}


def _resolve_agency(target: AgencyTarget) -> Agency:
    agency = (
        Agency.objects.filter(is_active=True, branch__is_active=True, **_lookup(target.agency))
        .select_related("branch")
        .first()
    )
    if agency is None:
        raise ApplicationError(
            _("کارگزاری رسیدگی‌کننده به این درخواست پیدا نشد."), code="case_agency_unknown"
        )
    if target.medical_documents and not agency.accepts_medical_documents:
        raise ApplicationError(
            _("کارگزاری «%(name)s» اسناد پزشکی نمی‌پذیرد؛ یکی از کارگزاری‌های پذیرنده را برگزینید.")
            % {"name": agency.name},
            code="case_agency_no_medical_documents",
        )
    return agency


def _resolve_place(
    *, kind: CaseKind, applicant, payload: dict[str, Any]
) -> tuple[Branch, Agency | None]:
    """The branch reviewing the case, or the agency (with its supervising branch)."""
    target = kind.route(applicant, payload)
    if isinstance(target, AgencyTarget):
        agency = _resolve_agency(target)
        return agency.branch, agency
    branch = Branch.objects.filter(is_active=True, **_lookup(target)).first()
    if branch is None:
        raise ApplicationError(
            _("شعبه رسیدگی‌کننده به این درخواست پیدا نشد."), code="case_branch_unknown"
        )
    return branch, None


# --- the applicant -------------------------------------------------------------------


@transaction.atomic
def case_create_draft(
    *, applicant, kind: str, subject: str, payload: dict[str, Any] | None = None
) -> Case:
    """A new draft of `kind`; the kind's router picks the branch (or the agency) from the
    applicant and payload."""
    case_kind = case_kind_get(kind)
    payload = dict(payload or {})
    subject = (subject or "").strip()[:200]
    if not subject:
        raise ApplicationError(_("موضوع درخواست را بنویسید."), code="case_subject_required")
    branch, agency = _resolve_place(kind=case_kind, applicant=applicant, payload=payload)
    for _attempt in range(TRACKING_CODE_ATTEMPTS):
        case = Case(
            tracking_code=_tracking_code_new(),
            kind=case_kind.key,
            applicant=applicant,
            branch=branch,
            agency=agency,
            subject=subject,
            payload=payload,
            status=CaseStatus.DRAFT,
        )
        case.full_clean(exclude=["tracking_code"])
        try:
            with transaction.atomic():
                case.save(force_insert=True)
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - 10^8 codes a day
        raise ApplicationError(_("ساخت کد رهگیری ممکن نشد؛ دوباره تلاش کنید."), code="case_code")
    _event(case=case, actor=applicant, action="created", from_status="")
    _audit(case=case, actor=applicant, action="created", before={}, after={"status": case.status})
    return case


@transaction.atomic
def case_document_add(
    *, case: Case, uploaded_by, document_type: str, upload: UploadedFile
) -> CaseDocument:
    """Attach a checked file (see `branches.services.documents`) to the applicant's case.

    A held (`submitted`) case whose required documents are now complete is
    forwarded at once.
    """
    case = _locked(case)
    _require_applicant(actor=uploaded_by, case=case)
    if case.status not in UPLOADABLE_STATUSES:
        raise _wrong_state()
    kind = case_kind_get(case.kind)
    if document_type not in dict(kind.document_types):
        raise ApplicationError(_("نوع مدرک برای این درخواست تعریف نشده است."), code="document_kind")
    limit = MAX_DOCUMENTS_PER_CASE
    if kind.document_limit is not None:
        limit = min(limit, kind.document_limit())
    if case.documents.count() >= limit:
        raise ApplicationError(
            _("تعداد مدارک این پرونده به حداکثر رسیده است."), code="document_count"
        )
    inspected = document_inspect(upload=upload)
    stored_name = document_store(data=inspected.data)
    try:
        document = CaseDocument(
            case=case,
            document_type=document_type,
            original_name=(getattr(upload, "name", "") or "document")[-255:],
            stored_name=stored_name,
            content_type=inspected.content_type,
            size=inspected.size,
            pages=inspected.pages,
            sha256=inspected.sha256,
            uploaded_by=uploaded_by,
        )
        document.full_clean()
        document.save(force_insert=True)
    except Exception:
        document_discard(stored_name)
        raise
    # If an outer transaction rolls back later, the file stays behind unreferenced (and unreadable:
    # only a document row leads to it); that is harmless and rarer than a lost upload.
    event = _event(
        case=case,
        actor=uploaded_by,
        action="document_added",
        from_status=case.status,
        note=kind.document_label(document_type),
    )
    audit_record(
        action="case.document_added",
        actor=uploaded_by,
        target=document,
        after={"sha256": document.sha256, "size": document.size, "pages": document.pages},
        detail={"case": case.pk, "document_type": document_type, "event": event.pk},
    )
    if case.status == CaseStatus.SUBMITTED and not _missing_documents(kind=kind, case=case):
        _forward(case=case, actor=uploaded_by, kind=kind, action="forwarded")
    return document


@transaction.atomic
def case_submit(*, case: Case, actor) -> Case:
    """Send the draft: forwarded with a due date when complete, otherwise held as `submitted`."""
    case = _locked(case)
    _require_applicant(actor=actor, case=case)
    if case.status not in (CaseStatus.DRAFT, CaseStatus.SUBMITTED):
        raise _wrong_state()
    kind = case_kind_get(case.kind)
    missing = _missing_documents(kind=kind, case=case)
    if not missing:
        _forward(case=case, actor=actor, kind=kind, action="forwarded")
        return case
    labels = "، ".join(label for _key, label in missing)
    if case.status == CaseStatus.SUBMITTED:
        raise ApplicationError(
            _("مدارک لازم هنوز کامل نیست: %(docs)s") % {"docs": labels},
            code="case_documents_missing",
            extra={"missing": [key for key, _label in missing]},
        )
    case.submitted_at = timezone.now()
    case.status_reason = _("در انتظار مدارک: %(docs)s") % {"docs": labels}
    event = _move(
        case=case,
        actor=actor,
        to_status=CaseStatus.SUBMITTED,
        action="held",
        note=case.status_reason,
        fields=("submitted_at",),
    )
    _notify_applicant(case=case, event=event, kind=kind, template_key="case_held", missing=labels)
    return case


@transaction.atomic
def case_answer_info(
    *,
    case: Case,
    applicant,
    note: str,
    documents: Iterable[tuple[str, UploadedFile]] = (),
) -> Case:
    """The applicant answers a request for information; the case returns to `under_review`."""
    case = _locked(case)
    _require_applicant(actor=applicant, case=case)
    if case.status != CaseStatus.NEEDS_INFO:
        raise _wrong_state()
    note = _clean_text(note, required=True, field_error=_("پاسخ خود را دست‌کم در چند کلمه بنویسید."))
    for document_type, upload in documents:
        case_document_add(
            case=case, uploaded_by=applicant, document_type=document_type, upload=upload
        )
    kind = case_kind_get(case.kind)
    case.status_reason = ""
    event = _move(
        case=case, actor=applicant, to_status=CaseStatus.UNDER_REVIEW, action="answered", note=note
    )
    _notify_applicant(case=case, event=event, kind=kind, template_key="case_info_answered")
    return case


# --- branch staff --------------------------------------------------------------------


@transaction.atomic
def case_assign(*, case: Case, actor, assignee) -> Case:
    """Name the official responsible (میز خدمت).

    A reviewer may only take the case themselves; the head may assign it to any
    active member of the branch. Only open cases (forwarded, under review, needs
    information) can be assigned.
    """
    case = _locked(case)
    membership = _membership_for(actor=actor, case=case)
    if case.status not in OPEN_CASE_STATUSES:
        raise _wrong_state()
    if membership.role != StaffRole.HEAD and assignee.pk != actor.pk:
        raise ApplicationError(
            _("فقط رئیس شعبه می‌تواند پرونده را به کارشناس دیگری بسپارد."),
            code="case_assign_not_head",
        )
    if membership.role != StaffRole.HEAD and case.assigned_to_id not in (None, actor.pk):
        raise ApplicationError(
            _("این پرونده به کارشناس دیگری سپرده شده است."), code="case_assigned_to_other"
        )
    if not _members_of_place(case).filter(user=assignee).exists():
        raise ApplicationError(
            _("کارشناس انتخاب‌شده در این شعبه کار نمی‌کند."), code="case_assignee_other_branch"
        )
    if case.assigned_to_id == assignee.pk:
        return case
    before = {"assigned_to": case.assigned_to_id}
    case.assigned_to = assignee
    case.full_clean()
    case.save(update_fields=["assigned_to", "updated_at"])
    _event(
        case=case,
        actor=actor,
        action="assigned",
        from_status=case.status,
        note=assignee.get_full_name() or assignee.national_code,
    )
    _audit(
        case=case, actor=actor, action="assigned", before=before, after={"assigned_to": assignee.pk}
    )
    return case


@transaction.atomic
def case_start_review(*, case: Case, actor) -> Case:
    """forwarded → under_review; an unassigned case is taken by whoever starts it."""
    case = _locked(case)
    membership = _membership_for(actor=actor, case=case)
    if case.status != CaseStatus.FORWARDED:
        raise _wrong_state()
    if case.assigned_to_id is None:
        case.assigned_to = actor
    elif membership.role != StaffRole.HEAD and case.assigned_to_id != actor.pk:
        raise ApplicationError(
            _("این پرونده به کارشناس دیگری سپرده شده است."), code="case_assigned_to_other"
        )
    kind = case_kind_get(case.kind)
    case.status_reason = ""
    event = _move(
        case=case,
        actor=actor,
        to_status=CaseStatus.UNDER_REVIEW,
        action="review_started",
        fields=("assigned_to",),
    )
    _notify_applicant(case=case, event=event, kind=kind, template_key="case_under_review")
    return case


@transaction.atomic
def case_request_info(*, case: Case, actor, reason: str) -> Case:
    """under_review → needs_info, telling the applicant in writing what is missing."""
    case = _locked(case)
    _require_assignee_or_head(actor=actor, case=case)
    if case.status != CaseStatus.UNDER_REVIEW:
        raise _wrong_state()
    reason = _clean_text(
        reason, required=True, field_error=_("بنویسید چه اطلاعات یا مدرکی لازم است.")
    )
    kind = case_kind_get(case.kind)
    case.status_reason = reason
    event = _move(
        case=case,
        actor=actor,
        to_status=CaseStatus.NEEDS_INFO,
        action="info_requested",
        note=reason,
    )
    _notify_applicant(case=case, event=event, kind=kind, template_key="case_needs_info")
    return case


@transaction.atomic
def case_decide(*, case: Case, actor, status: str, reason: str) -> Case:
    """Accept, reject or close with a written reason (assignee or head only).

    accepted / rejected come from `under_review`; closed also from `needs_info`
    (the applicant never answered). The kind's `on_decision(case_id, status)`
    runs inside this transaction, so if it fails nothing is decided.
    """
    if status not in DECISIONS:
        raise ApplicationError(_("نتیجه بررسی نامعتبر است."), code="case_decision_invalid")
    case = _locked(case)
    _require_assignee_or_head(actor=actor, case=case)
    allowed_from = (
        (CaseStatus.UNDER_REVIEW, CaseStatus.NEEDS_INFO)
        if status == CaseStatus.CLOSED
        else (CaseStatus.UNDER_REVIEW,)
    )
    if case.status not in allowed_from:
        raise _wrong_state()
    reason = _clean_text(reason, required=True, field_error=_("دلیل تصمیم را به روشنی بنویسید."))
    kind = case_kind_get(case.kind)
    case.status_reason = reason
    case.decided_at = timezone.now()
    case.decided_by = actor
    event = _move(
        case=case,
        actor=actor,
        to_status=status,
        action="decided",
        note=reason,
        fields=("decided_at", "decided_by"),
    )
    if kind.on_decision is not None:
        kind.on_decision(case.pk, status)
    survey_invite(respondent=case.applicant, branch=case.branch, case=case)
    _notify_applicant(case=case, event=event, kind=kind, template_key="case_decided")
    return case
