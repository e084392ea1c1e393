"""Objections to claim rulings and the boards' votes (DOMAIN.md §5).

    ruling served ──(employer, within the term)──▶ objection registered
        (a branch case of kind `employer_ruling_objection` carries its text and up to
        `max_objection_documents` documents to the branch's review queue)
    branch staff move it: registered → calculation review → recalculation → before the
        board ⇄ documents missing (the employer adds documents) … (`TRANSITIONS`)
    staff set the hearing ──▶ a HEARING notice, status «hearing set»
    staff record the board's vote ──▶ a BOARD_VOTE notice; when it is served
        (`board_vote_served`, in the serving transaction) what is owed on the ruling
        becomes the vote's amount through `ruling_amount_change`, and
        · at or below the appeal threshold, or a review board's vote: final at once
          (the objection is accepted or rejected, the ruling final);
        · above it: «vote confirmed»; either side may appeal to the review board
          within the vote's term (an objection of stage `review`); a vote not
          appealed in its term becomes final (`objections_finality_sweep`, beat).
    a ruling served and not objected to in its term becomes final (same sweep).

Every term and threshold comes from `tamin.rules.disputes` (the objection term was
fixed on the ruling's notice at service, the appeal term on the vote's). Each status
change is an `ObjectionStatusChange` row, an audit row, and an SMS + inbox message
(`employer_objection_status`) to every active representative of the workshop.

The case is the carrier, not a second source of truth: it is forwarded when the
objection is filed, asks for information when documents are missing (so the one who
filed may answer with documents), and is closed when the objection ends (rejected,
or its vote recorded). Deciding it from the generic queue is refused by the kind's
`on_decision`, so the objection's own page is where it is decided.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.registry import CODE, HIDDEN, RIAL, CaseKind, PayloadField
from branches.selectors.cases import case_get_for_kind
from branches.selectors.staff import staff_membership_get
from branches.services.cases import (
    case_answer_info,
    case_create_draft,
    case_decide,
    case_document_add,
    case_request_info,
    case_start_review,
    case_submit,
)
from branches.services.documents import document_inspect
from employers.models import (
    BoardVote,
    ClaimRuling,
    Notice,
    NoticeKind,
    Objection,
    ObjectionSide,
    ObjectionStage,
    ObjectionStatus,
    ObjectionStatusChange,
    Representative,
    RulingStatus,
)
from employers.services.notices import notice_serve
from employers.services.rulings import ruling_amount_change
from notifications.services import notify
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import (
    format_code,
    format_jalali_date,
    format_jalali_datetime,
    format_rial,
    persian_digits,
    today_jalali,
)
from tamin.core.services import audit_record
from tamin.rules.disputes import (
    DisputeTerms,
    dispute_terms,
    ruling_objection_until,
    vote_is_appealable,
)

CASE_KIND = "employer_ruling_objection"
DOCUMENT_TYPE = "other"  # the kind asks for no particular document: each is «سایر مدارک»
MIN_TEXT_LENGTH = 10
MAX_TEXT_LENGTH = 4000
MAX_NOTE_LENGTH = 300
MAX_PLACE_LENGTH = 200
TRACKING_CODE_ATTEMPTS = 5
# Branch queue target for a new objection (the legal term to put it before the board is
# DisputeParameters.board_within_days, shown on the staff page).
CASE_SLA_WORKING_DAYS = 10

# The case statuses this module reads (branches.models is private to branches).
_CASE_FORWARDED = "forwarded"
_CASE_NEEDS_INFO = "needs_info"
_CASE_DONE = ("accepted", "rejected", "closed")

S = ObjectionStatus

# The moves branch staff make by hand on the objection page. «hearing set» comes only
# from setting the hearing, «vote confirmed», «accepted» and «rejected» after a vote
# only from the vote's service and finality; «rejected» by hand ends an objection the
# branch cannot take to the board (its documents never came, it is inadmissible).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.REGISTERED: (S.CALCULATION_REVIEW, S.BEFORE_BOARD, S.DOCUMENTS_MISSING, S.REJECTED),
    S.CALCULATION_REVIEW: (S.RECALCULATION, S.BEFORE_BOARD, S.DOCUMENTS_MISSING, S.REJECTED),
    S.RECALCULATION: (S.CALCULATION_REVIEW, S.BEFORE_BOARD, S.DOCUMENTS_MISSING),
    S.DOCUMENTS_MISSING: (S.CALCULATION_REVIEW, S.BEFORE_BOARD, S.REJECTED),
    S.BEFORE_BOARD: (S.CALCULATION_REVIEW, S.DOCUMENTS_MISSING),
    S.HEARING_SET: (S.BEFORE_BOARD,),  # the hearing was called off
    S.VOTE_CONFIRMED: (),
    S.ACCEPTED: (),
    S.REJECTED: (),
}
NOTE_REQUIRED = (S.DOCUMENTS_MISSING, S.REJECTED)
HEARING_FROM = (S.BEFORE_BOARD, S.HEARING_SET)
ENDED = (S.ACCEPTED, S.REJECTED)


# --- helpers ---------------------------------------------------------------------------


def _terms(*, on: datetime.date) -> DisputeTerms:
    terms = dispute_terms(on=on)
    if terms is None:
        raise ApplicationError(
            _("مقررات رسیدگی به اعتراض برای امروز تعریف نشده است؛ با شعبه تماس بگیرید."),
            code="dispute_terms_missing",
        )
    return terms


def _clean_text(value: str, *, message: str, minimum: int = MIN_TEXT_LENGTH) -> str:
    text = (value or "").strip()
    if len(text) < minimum:
        raise ApplicationError(message, code="objection_text_required", extra={"field": "text"})
    if len(text) > MAX_TEXT_LENGTH:
        raise ApplicationError(
            _("متن حداکثر %(max)s نویسه است.") % {"max": persian_digits(MAX_TEXT_LENGTH)},
            code="objection_text_long",
            extra={"field": "text"},
        )
    return text


def _is_representative(*, user, workshop_id: int) -> bool:
    return Representative.objects.filter(
        user=user, workshop_id=workshop_id, is_active=True, workshop__is_active=True
    ).exists()


def _require_representative(*, user, workshop_id: int) -> None:
    if not _is_representative(user=user, workshop_id=workshop_id):
        raise ApplicationError(
            _("شما نماینده این کارگاه نیستید."), code="objection_not_representative"
        )


def _locked(objection: Objection) -> Objection:
    return (
        Objection.objects.select_for_update(of=("self",))
        .select_related("workshop", "ruling", "answers_notice")
        .get(pk=objection.pk)
    )


def _documents_checked(*, documents: Sequence[UploadedFile], allowed: int, present: int) -> None:
    """Refuse too many files, or any file that is not a clean PDF/JPEG/PNG, before
    anything is created or stored (the case service checks each again as it stores it)."""
    if present + len(documents) > allowed:
        if present:
            message = _(
                "هر اعتراض حداکثر %(max)s مدرک دارد؛ %(present)s مدرک پیش‌تر بارگذاری شده و "
                "%(new)s مدرک دیگر بیش از حد مجاز است. هیچ مدرکی ذخیره نشد."
            ) % {
                "max": persian_digits(allowed),
                "present": persian_digits(present),
                "new": persian_digits(len(documents)),
            }
        else:
            message = _(
                "هر اعتراض حداکثر %(max)s مدرک دارد و شما %(count)s مدرک فرستادید؛ "
                "هیچ مدرکی ذخیره نشد."
            ) % {"max": persian_digits(allowed), "count": persian_digits(len(documents))}
        raise ApplicationError(message, code="objection_too_many_documents")
    for upload in documents:
        try:
            document_inspect(upload=upload)
        except ApplicationError as exc:
            name = (getattr(upload, "name", "") or "")[-80:]
            raise ApplicationError(
                _("مدرک «%(name)s»: %(reason)s") % {"name": name, "reason": exc.message},
                code=exc.code,
            ) from None


def _tracking_code_new() -> str:
    """For an objection without a case (the organization's appeal): Jalali yymmdd + 8 digits,
    the shape of a case's tracking code."""
    today = today_jalali()
    return f"{today.year % 100:02d}{today.month:02d}{today.day:02d}{secrets.randbelow(10**8):08d}"


def _ruling_status_set(*, ruling: ClaimRuling, status: str, actor, reason: str) -> None:
    """A change of the ruling's status alone (what is owed stays: no ledger row)."""
    if ruling.status == status:
        return
    before = ruling.status
    ruling.status = status
    ruling.save(update_fields=["status", "updated_at"])
    audit_record(
        action="employers.ruling_status_changed",
        actor=actor,
        target=ruling,
        before={"status": before},
        after={"status": status},
        detail={"reason": reason},
    )


def _status_record(
    *, objection: Objection, status: str, note: str = "", actor=None
) -> ObjectionStatusChange:
    """Set the status, write its history row and audit row, and tell the representatives."""
    before = objection.status
    objection.status = status
    objection.save(update_fields=["status", "updated_at"])
    change = ObjectionStatusChange.objects.create(
        objection=objection,
        status=status,
        note=note[:MAX_NOTE_LENGTH],
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        action="employers.objection_status_changed",
        actor=actor,
        target=objection,
        before={"status": before},
        after={"status": status},
        detail={"note": change.note, "change": change.pk},
    )
    _tell_representatives(objection=objection, change=change)
    return change


def _tell_representatives(*, objection: Objection, change: ObjectionStatusChange) -> None:
    """An SMS and an inbox message per status change to every active representative
    (one idempotency key per change and person, so a repeated call sends nothing)."""
    context = {
        "workshop_code": format_code(objection.workshop.code),
        "tracking_code": format_code(objection.tracking_code),
        "status": str(ObjectionStatus(change.status).label),
        "note": change.note,
    }
    representatives = Representative.objects.filter(
        workshop_id=objection.workshop_id, is_active=True
    ).select_related("user")
    for representative in representatives:
        notify(
            recipient=representative.user,
            template_key="employer_objection_status",
            context=context,
            channels=("sms", "inbox"),
            idempotency_key=f"objection-status:{change.pk}:user:{representative.user_id}",
        )


def _stage_label(stage: str) -> str:
    return str(ObjectionStage(stage).label)


# --- the case that carries it ----------------------------------------------------------------


def route_to_branch(applicant, payload: dict[str, Any]) -> int:
    """`CaseKind.route`: the workshop's branch, which the filing service put in the payload."""
    return int(payload["branch_id"])


def objection_case_decided(case_id: int, status: str) -> None:
    """`CaseKind.on_decision`: only this module closes an objection's case (when the
    objection ended or its vote was recorded); a decision from the generic queue is refused
    and, raised inside `case_decide`, changes nothing."""
    objection = Objection.objects.filter(case_id=case_id).first()
    if objection is None:
        return
    if objection.status in ENDED or BoardVote.objects.filter(objection=objection).exists():
        return
    raise ApplicationError(
        _(
            "این پرونده اعتراض به حکم مطالباتی است؛ رسیدگی و تصمیم آن در صفحه همان اعتراض "
            "(اعتراض‌های کارگاه‌ها) ثبت می‌شود."
        ),
        code="objection_decide_on_its_page",
    )


def _case_of(objection: Objection):
    if objection.case_id is None:
        return None
    return case_get_for_kind(case_id=objection.case_id, kind=CASE_KIND)


def _case_reviewing(case, *, actor):
    """The case under review (a forwarded one is taken by whoever acts first)."""
    if case.status == _CASE_FORWARDED:
        return case_start_review(case=case, actor=actor)
    return case


def _case_ask_documents(*, objection: Objection, actor, reason: str) -> None:
    case = _case_of(objection)
    if case is None:
        raise ApplicationError(
            _("این تجدیدنظرخواهی از سوی سازمان است؛ مدرکی از کارفرما خواسته نمی‌شود."),
            code="objection_no_case",
        )
    if case.status == _CASE_NEEDS_INFO:
        return
    case_request_info(case=_case_reviewing(case, actor=actor), actor=actor, reason=reason)


def _case_close(*, objection: Objection, actor, status: str, reason: str) -> None:
    case = _case_of(objection)
    if case is None or case.status in _CASE_DONE:
        return
    case = _case_reviewing(case, actor=actor)
    if case.status == _CASE_NEEDS_INFO:
        status = "closed"  # the only decision a case awaiting information may take
    case_decide(case=case, actor=actor, status=status, reason=reason)


def _case_open(
    *, user, objection_stage: str, ruling: ClaimRuling, documents: Sequence[UploadedFile]
):
    """Create the case (routed to the workshop's branch), attach the documents, submit it:
    with no required documents it is forwarded to the branch's queue at once."""
    workshop = ruling.workshop
    subject = _("%(stage)s: حکم مطالباتی %(number)s، کارگاه %(name)s") % {
        "stage": _("اعتراض")
        if objection_stage == ObjectionStage.FIRST_INSTANCE
        else _("تجدیدنظرخواهی"),
        "number": format_code(ruling.number),
        "name": workshop.name,
    }
    payload = {
        "branch_id": workshop.branch_id,
        "workshop_code": workshop.code,
        "workshop_name": workshop.name,
        "ruling_number": ruling.number,
        "amount": ruling.current_amount,
        "stage": _stage_label(objection_stage),
    }
    case = case_create_draft(applicant=user, kind=CASE_KIND, subject=subject, payload=payload)
    for upload in documents:
        case_document_add(case=case, uploaded_by=user, document_type=DOCUMENT_TYPE, upload=upload)
    return case_submit(case=case, actor=user)


CASE_KINDS = (
    CaseKind(
        key=CASE_KIND,
        label="اعتراض به حکم مطالباتی",
        route=route_to_branch,
        sla_working_days=CASE_SLA_WORKING_DAYS,
        on_decision=objection_case_decided,
        # The branch's own case page may not take an objection past its documents' limit.
        document_limit=lambda: _terms(on=timezone.localdate()).max_objection_documents,
        payload_fields=(
            PayloadField("branch_id", "شعبه", shown_as=HIDDEN),
            PayloadField("workshop_code", "کد کارگاه", shown_as=CODE),
            PayloadField("workshop_name", "نام کارگاه"),
            PayloadField("ruling_number", "شماره حکم", shown_as=CODE),
            PayloadField("amount", "مبلغ حکم هنگام اعتراض", shown_as=RIAL),
            PayloadField("stage", "مرحله"),
        ),
    ),
)


def _objection_insert(objection: Objection, *, second_message: str) -> None:
    """Insert; the unique (ruling, stage) constraint is the last guard of a second one."""
    try:
        with transaction.atomic():
            objection.save(force_insert=True)
    except IntegrityError:
        raise ApplicationError(second_message, code="objection_exists") from None


# --- the employer: objecting to a ruling ----------------------------------------------------


def _second_objection_message() -> str:
    return _("برای این حکم پیش‌تر اعتراض ثبت شده است؛ اعتراض دوم به یک حکم پذیرفته نمی‌شود.")


def ruling_objection_deadline(*, ruling: ClaimRuling) -> datetime.date | None:
    """The last day to object: fixed on the ruling's notice at service (computed from the
    terms in force on the service day for a notice served without one); None if not served."""
    notice = ruling.notice
    if notice is None or notice.served_at is None:
        return None
    if notice.respond_until is not None:
        return notice.respond_until
    served_on = timezone.localtime(notice.served_at).date()
    return ruling_objection_until(terms=_terms(on=served_on), served_on=served_on)


@transaction.atomic
def objection_file(
    *, user, ruling: ClaimRuling, text: str, documents: Sequence[UploadedFile] = ()
) -> Objection:
    """The employer objects to a served ruling within its term (first instance)."""
    ruling = (
        ClaimRuling.objects.select_for_update(of=("self",))
        .select_related("workshop", "notice")
        .get(pk=ruling.pk)
    )
    _require_representative(user=user, workshop_id=ruling.workshop_id)
    deadline = ruling_objection_deadline(ruling=ruling)
    if deadline is None or ruling.status in (RulingStatus.DRAFT, RulingStatus.CANCELLED):
        raise ApplicationError(
            _("این حکم هنوز ابلاغ نشده است یا ابطال شده است و اعتراض به آن ممکن نیست."),
            code="ruling_not_served",
        )
    if Objection.objects.filter(ruling=ruling, stage=ObjectionStage.FIRST_INSTANCE).exists():
        raise ApplicationError(_second_objection_message(), code="objection_exists")
    today = timezone.localdate()
    if today > deadline:
        raise ApplicationError(
            _(
                "مهلت اعتراض به این حکم در تاریخ %(date)s به پایان رسیده است و اعتراض پس از "
                "مهلت پذیرفته نمی‌شود."
            )
            % {"date": format_jalali_date(deadline)},
            code="objection_late",
            extra={"term_ended_on": deadline.isoformat()},
        )
    if ruling.status != RulingStatus.SERVED:
        raise ApplicationError(
            _("این حکم قطعی شده است و اعتراض به آن ممکن نیست."), code="ruling_not_objectable"
        )
    terms = _terms(on=today)
    text = _clean_text(text, message=_("شرح اعتراض را دست‌کم در یک جمله بنویسید."))
    documents = list(documents)
    _documents_checked(documents=documents, allowed=terms.max_objection_documents, present=0)
    case = _case_open(
        user=user, objection_stage=ObjectionStage.FIRST_INSTANCE, ruling=ruling, documents=documents
    )
    objection = Objection(
        ruling=ruling,
        workshop=ruling.workshop,
        stage=ObjectionStage.FIRST_INSTANCE,
        side=ObjectionSide.EMPLOYER,
        tracking_code=case.tracking_code,
        status=S.REGISTERED,
        text=text,
        filed_by=user,
        answers_notice=ruling.notice,
        case_id=case.pk,
    )
    _objection_insert(objection, second_message=_second_objection_message())
    audit_record(
        action="employers.objection_filed",
        actor=user,
        target=objection,
        after={"ruling": ruling.number, "stage": objection.stage, "documents": len(documents)},
    )
    _ruling_status_set(
        ruling=ruling, status=RulingStatus.OBJECTED, actor=user, reason=objection.tracking_code
    )
    _status_record(objection=objection, status=S.REGISTERED, actor=user)
    return objection


@transaction.atomic
def objection_documents_add(
    *, user, objection: Objection, documents: Sequence[UploadedFile], note: str = ""
) -> Objection:
    """While documents are missing, the one who filed adds documents (the total stays within
    `max_objection_documents`); the case returns to the branch with them."""
    objection = _locked(objection)
    _require_representative(user=user, workshop_id=objection.workshop_id)
    if objection.status != S.DOCUMENTS_MISSING:
        raise ApplicationError(
            _("افزودن مدرک فقط وقتی ممکن است که شعبه نقص مدارک اعلام کرده باشد."),
            code="objection_documents_not_asked",
        )
    case = _case_of(objection)
    if case is None or case.applicant_id != user.pk:
        raise ApplicationError(
            _("مدارک تکمیلی را همان کسی بارگذاری می‌کند که اعتراض را ثبت کرده است."),
            code="objection_not_filer",
        )
    if case.status != _CASE_NEEDS_INFO:
        raise ApplicationError(
            _("شعبه در حال حاضر مدرکی از شما نخواسته است."), code="objection_documents_not_asked"
        )
    documents = list(documents)
    if not documents:
        raise ApplicationError(_("دست‌کم یک مدرک انتخاب کنید."), code="objection_documents_empty")
    terms = _terms(on=timezone.localdate())
    _documents_checked(
        documents=documents,
        allowed=terms.max_objection_documents,
        present=case.documents.count(),
    )
    note = (note or "").strip() or _("مدارک تکمیلی اعتراض بارگذاری شد.")
    case_answer_info(
        case=case,
        applicant=user,
        note=note,
        documents=[(DOCUMENT_TYPE, upload) for upload in documents],
    )
    audit_record(
        action="employers.objection_documents_added",
        actor=user,
        target=objection,
        after={"documents": len(documents)},
    )
    return objection


# --- branch staff: statuses, the hearing, the vote ---------------------------------------------


def _require_staff(*, staff_user, objection: Objection) -> None:
    staff_membership_get(user=staff_user, branch_id=objection.workshop.branch_id)  # 404 otherwise


def allowed_moves(*, objection: Objection) -> tuple[str, ...]:
    """The statuses staff may choose by hand now (none once a vote is recorded)."""
    if BoardVote.objects.filter(objection=objection).exists():
        return ()
    moves = TRANSITIONS.get(objection.status, ())
    if objection.case_id is None:
        moves = tuple(status for status in moves if status != S.DOCUMENTS_MISSING)
    return moves


@transaction.atomic
def objection_status_change(
    *, staff_user, objection: Objection, status: str, note: str = ""
) -> Objection:
    """Branch staff move an objection to one of the statuses its table allows."""
    objection = _locked(objection)
    _require_staff(staff_user=staff_user, objection=objection)
    if status not in allowed_moves(objection=objection):
        target = ObjectionStatus(status).label if status in ObjectionStatus.values else status
        raise ApplicationError(
            _("اعتراض در وضعیت «%(now)s» است و به «%(to)s» نمی‌رود.")
            % {"now": ObjectionStatus(objection.status).label, "to": target},
            code="objection_wrong_status",
        )
    note = (note or "").strip()
    if status in NOTE_REQUIRED and len(note) < 5:
        raise ApplicationError(
            _("برای «%(status)s» توضیح بنویسید: چه مدرکی لازم است یا دلیل رد چیست.")
            % {"status": ObjectionStatus(status).label},
            code="objection_note_required",
            extra={"field": "note"},
        )
    if objection.status == S.HEARING_SET and status == S.BEFORE_BOARD:
        # The hearing was called off: the page no longer shows it (its notice stays served).
        objection.hearing_at = None
        objection.hearing_place = ""
        objection.save(update_fields=["hearing_at", "hearing_place", "updated_at"])
    _status_record(objection=objection, status=status, note=note, actor=staff_user)
    if status == S.DOCUMENTS_MISSING:
        _case_ask_documents(objection=objection, actor=staff_user, reason=note)
    elif status == S.REJECTED:
        _case_close(objection=objection, actor=staff_user, status="rejected", reason=note)
        _objection_rejected_by_branch(objection=objection, actor=staff_user)
    return objection


def _objection_rejected_by_branch(*, objection: Objection, actor) -> None:
    """The ruling (or, for an appeal, the first-instance vote) stands, and is final."""
    ruling = ClaimRuling.objects.select_for_update().get(pk=objection.ruling_id)
    if objection.stage == ObjectionStage.REVIEW:
        BoardVote.objects.filter(
            objection__ruling=ruling, board=ObjectionStage.FIRST_INSTANCE
        ).update(is_final=True, updated_at=timezone.now())
    _ruling_status_set(
        ruling=ruling, status=RulingStatus.FINAL, actor=actor, reason=objection.tracking_code
    )


@transaction.atomic
def objection_hearing_set(
    *, staff_user, objection: Objection, hearing_at: datetime.datetime, place: str
) -> Objection:
    """Set (or move) the board's hearing: served to the workshop as a notice."""
    objection = _locked(objection)
    _require_staff(staff_user=staff_user, objection=objection)
    if (
        objection.status not in HEARING_FROM
        or BoardVote.objects.filter(objection=objection).exists()
    ):
        raise ApplicationError(
            _("وقت رسیدگی برای اعتراضی تعیین می‌شود که در هیأت طرح شده و رأی آن ثبت نشده است."),
            code="objection_hearing_wrong_status",
        )
    if timezone.is_naive(hearing_at):
        raise ValueError("hearing_at must be aware")
    if hearing_at <= timezone.now():
        raise ApplicationError(
            _("وقت رسیدگی باید در آینده باشد."),
            code="objection_hearing_past",
            extra={"field": "hearing_on"},
        )
    place = (place or "").strip()
    if not place or len(place) > MAX_PLACE_LENGTH:
        raise ApplicationError(
            _("محل رسیدگی را بنویسید (حداکثر ۲۰۰ نویسه)."),
            code="objection_hearing_place",
            extra={"field": "place"},
        )
    number = Notice.objects.filter(serve_key__startswith=f"hearing:{objection.pk}:").count() + 1
    board = _stage_label(objection.stage)
    when = format_jalali_datetime(hearing_at)
    ruling = objection.ruling
    body = _(
        "جلسه رسیدگی %(board)s به اعتراض %(code)s (حکم مطالباتی %(ruling)s) در تاریخ و ساعت "
        "%(when)s در %(place)s برگزار می‌شود. حضور کارفرما یا نماینده او با مدارک لازم است."
    ) % {
        "board": board,
        "code": format_code(objection.tracking_code),
        "ruling": format_code(ruling.number),
        "when": when,
        "place": place,
    }
    notice = notice_serve(
        workshop=objection.workshop,
        kind=NoticeKind.HEARING,
        serve_key=f"hearing:{objection.pk}:{number}",
        title=_("دعوت به جلسه %(board)s، اعتراض %(code)s")
        % {"board": board, "code": format_code(objection.tracking_code)},
        body=body,
        content={
            "objection_id": objection.pk,
            "tracking_code": objection.tracking_code,
            "ruling_number": ruling.number,
            "board": objection.stage,
            "hearing_at": hearing_at.isoformat(),
            "place": place,
        },
        issued_by=staff_user,
    )
    before = {
        "hearing_at": objection.hearing_at.isoformat() if objection.hearing_at else None,
        "hearing_place": objection.hearing_place,
    }
    objection.hearing_at = hearing_at
    objection.hearing_place = place
    objection.hearing_notice = notice
    objection.save(update_fields=["hearing_at", "hearing_place", "hearing_notice", "updated_at"])
    audit_record(
        action="employers.objection_hearing_set",
        actor=staff_user,
        target=objection,
        before=before,
        after={
            "hearing_at": hearing_at.isoformat(),
            "hearing_place": place,
            "notice": notice.number,
        },
    )
    _status_record(
        objection=objection,
        status=S.HEARING_SET,
        note=_("%(when)s، %(place)s") % {"when": when, "place": place},
        actor=staff_user,
    )
    return objection


@transaction.atomic
def objection_vote_record(
    *, staff_user, objection: Objection, amount: int, reasoning: str, decided_on: datetime.date
) -> BoardVote:
    """Record the board's vote (the amount the ruling now stands at) and serve it.

    What is owed changes when the vote is served (`board_vote_served`): at once with the
    workshop's e-notification opt-in, otherwise when staff record its paper service.
    """
    objection = _locked(objection)
    _require_staff(staff_user=staff_user, objection=objection)
    if objection.status != S.HEARING_SET:
        raise ApplicationError(
            _("رأی هیأت پس از تعیین وقت رسیدگی ثبت می‌شود."), code="objection_vote_wrong_status"
        )
    if BoardVote.objects.filter(objection=objection).exists():
        raise ApplicationError(_("رأی این اعتراض پیش‌تر ثبت شده است."), code="objection_vote_exists")
    ruling = ClaimRuling.objects.select_for_update().get(pk=objection.ruling_id)
    amount = int(amount)
    if amount < 0 or amount > ruling.total:
        raise ApplicationError(
            _("مبلغ رأی باید از صفر تا مبلغ حکم (%(total)s) باشد.")
            % {"total": format_rial(ruling.total)},
            code="objection_vote_amount",
            extra={"field": "amount"},
        )
    today = timezone.localdate()
    hearing_day = timezone.localtime(objection.hearing_at).date() if objection.hearing_at else None
    if decided_on > today or (hearing_day is not None and decided_on < hearing_day):
        raise ApplicationError(
            _("تاریخ رأی باید از روز جلسه رسیدگی (%(hearing)s) تا امروز باشد.")
            % {"hearing": format_jalali_date(hearing_day)},
            code="objection_vote_date",
            extra={"field": "decided_on"},
        )
    reasoning = _clean_text(reasoning, message=_("متن و استدلال رأی را بنویسید."))
    terms = _terms(on=today)
    appealable = objection.stage == ObjectionStage.FIRST_INSTANCE and vote_is_appealable(
        terms=terms, amount=amount
    )
    vote = BoardVote.objects.create(
        objection=objection,
        board=objection.stage,
        amount=amount,
        reasoning=reasoning,
        decided_on=decided_on,
        recorded_by=staff_user,
    )
    audit_record(
        action="employers.board_vote_recorded",
        actor=staff_user,
        target=vote,
        after={"amount": amount, "board": vote.board, "appealable": appealable},
    )
    board = _stage_label(objection.stage)
    _case_close(
        objection=objection,
        actor=staff_user,
        status="closed",
        reason=_("رأی %(board)s ثبت شد و به کارگاه ابلاغ می‌شود.") % {"board": board},
    )
    if appealable:
        term = _(" این رأی ظرف %(days)s روز از ابلاغ قابل تجدیدنظرخواهی در هیأت تجدیدنظر است.") % {
            "days": persian_digits(terms.vote_appeal_days)
        }
    else:
        term = _(" این رأی قطعی است.")
    notice = notice_serve(
        workshop=objection.workshop,
        kind=NoticeKind.BOARD_VOTE,
        serve_key=f"vote:{vote.pk}",
        title=_("رأی %(board)s، اعتراض %(code)s")
        % {"board": board, "code": format_code(objection.tracking_code)},
        body=_(
            "%(board)s در تاریخ %(date)s درباره اعتراض %(code)s به حکم مطالباتی %(ruling)s "
            "رأی داد: مبلغ حکم %(amount)s است.\n%(reasoning)s\n%(term)s"
        )
        % {
            "board": board,
            "date": format_jalali_date(decided_on),
            "code": format_code(objection.tracking_code),
            "ruling": format_code(ruling.number),
            "amount": format_rial(amount),
            "reasoning": reasoning,
            "term": term.strip(),
        },
        content={
            "vote_id": vote.pk,
            "objection_id": objection.pk,
            "ruling_id": ruling.pk,
            "board": vote.board,
            "amount": amount,
            "previous_amount": ruling.current_amount,
            "decided_on": decided_on.isoformat(),
            "appealable": appealable,
            "appeal_threshold": terms.appeal_threshold,
        },
        respond_days=terms.vote_appeal_days if appealable else None,
        issued_by=staff_user,
    )
    vote.notice = notice
    vote.save(update_fields=["notice", "updated_at"])
    return vote


# --- a vote served, a vote final ------------------------------------------------------------------


def _vote_locked(*, vote_id, workshop_id: int | None = None) -> BoardVote | None:
    """The vote under its row lock, its objection locked first: the order every writer of
    an objection and its vote takes (staff actions, appeals, service, the sweep)."""
    filters: dict[str, Any] = {"pk": vote_id}
    if workshop_id is not None:
        filters["objection__workshop_id"] = workshop_id
    objection_id = (
        BoardVote.objects.filter(**filters).values_list("objection_id", flat=True).first()
    )
    if objection_id is None:
        return None
    list(Objection.objects.select_for_update().filter(pk=objection_id).values_list("pk"))
    return (
        BoardVote.objects.select_for_update(of=("self",))
        .select_related("objection__workshop", "notice")
        .get(pk=vote_id)
    )


def board_vote_served(notice: Notice) -> None:
    """The BOARD_VOTE hook (in the serving transaction, electronic or paper): what is owed on
    the ruling becomes the vote's amount; the vote is final at once unless appealable."""
    vote = _vote_locked(vote_id=notice.content.get("vote_id"), workshop_id=notice.workshop_id)
    if vote is None or vote.is_final or vote.appeal_until is not None:
        return
    objection = vote.objection
    appealable = bool(notice.content.get("appealable"))
    ruling = ClaimRuling.objects.get(pk=objection.ruling_id)
    ruling_amount_change(
        ruling=ruling,
        new_amount=vote.amount,
        description=_("رأی %(board)s، اعتراض %(code)s")
        % {"board": _stage_label(vote.board), "code": format_code(objection.tracking_code)},
        status=RulingStatus.DECIDED if appealable else RulingStatus.FINAL,
        actor=vote.recorded_by,
    )
    if appealable:
        vote.appeal_until = notice.respond_until
        vote.save(update_fields=["appeal_until", "updated_at"])
        _status_record(
            objection=objection,
            status=S.VOTE_CONFIRMED,
            note=_("مبلغ رأی %(amount)s؛ مهلت تجدیدنظرخواهی تا %(until)s")
            % {
                "amount": format_rial(vote.amount),
                "until": format_jalali_date(notice.respond_until),
            },
            actor=vote.recorded_by,
        )
    else:
        _vote_final(vote=vote, notice=notice, actor=vote.recorded_by)


def _vote_final(*, vote: BoardVote, notice: Notice, actor) -> None:
    """Mark the vote final, close its objection as accepted or rejected (did the vote move
    the amount the objector's way?), and make the ruling final."""
    vote.is_final = True
    vote.save(update_fields=["is_final", "updated_at"])
    objection = vote.objection
    previous = int(notice.content.get("previous_amount", vote.amount))
    if objection.side == ObjectionSide.ORGANIZATION:
        accepted = vote.amount > previous
    else:
        accepted = vote.amount < previous
    audit_record(
        action="employers.board_vote_final",
        actor=actor,
        target=vote,
        after={"amount": vote.amount, "accepted": accepted},
    )
    _status_record(
        objection=objection,
        status=S.ACCEPTED if accepted else S.REJECTED,
        note=_("رأی قطعی: مبلغ حکم %(amount)s") % {"amount": format_rial(vote.amount)},
        actor=actor,
    )
    ruling = ClaimRuling.objects.select_for_update().get(pk=objection.ruling_id)
    _ruling_status_set(
        ruling=ruling, status=RulingStatus.FINAL, actor=actor, reason=objection.tracking_code
    )


# --- appeals to the review board ---------------------------------------------------------------


def _appeal_checked(*, objection: Objection, today: datetime.date) -> BoardVote:
    """The first-instance vote an appeal may answer now; a Persian refusal otherwise."""
    vote = (
        BoardVote.objects.select_for_update(of=("self",))
        .select_related("notice")
        .filter(objection=objection)
        .first()
    )
    if objection.stage != ObjectionStage.FIRST_INSTANCE or vote is None:
        raise ApplicationError(
            _("تجدیدنظرخواهی فقط از رأی هیأت بدوی ممکن است."), code="appeal_no_vote"
        )
    notice = vote.notice
    if notice is None or notice.served_at is None:
        raise ApplicationError(
            _("رأی هیأت بدوی هنوز ابلاغ نشده است؛ مهلت تجدیدنظرخواهی از ابلاغ آغاز می‌شود."),
            code="appeal_vote_not_served",
        )
    if not notice.content.get("appealable"):
        threshold = notice.content.get("appeal_threshold")
        raise ApplicationError(
            _(
                "مبلغ رأی هیأت بدوی %(amount)s است و رأی تا مبلغ %(threshold)s قطعی است؛ "
                "تجدیدنظرخواهی از آن پذیرفته نمی‌شود."
            )
            % {
                "amount": format_rial(vote.amount),
                "threshold": format_rial(int(threshold)) if threshold is not None else "",
            },
            code="appeal_below_threshold",
        )
    if Objection.objects.filter(
        ruling_id=objection.ruling_id, stage=ObjectionStage.REVIEW
    ).exists():
        raise ApplicationError(_second_appeal_message(), code="appeal_exists")
    until = vote.appeal_until or notice.respond_until
    if vote.is_final or until is None or today > until:
        ended = format_jalali_date(until) if until else ""
        raise ApplicationError(
            _("مهلت تجدیدنظرخواهی از این رأی در تاریخ %(date)s به پایان رسیده است و رأی قطعی است.")
            % {"date": ended},
            code="appeal_late",
            extra={"term_ended_on": until.isoformat() if until else ""},
        )
    return vote


def _second_appeal_message() -> str:
    return _("از این رأی پیش‌تر تجدیدنظرخواهی شده است و پرونده در هیأت تجدیدنظر است.")


def _appeal_register(
    *, objection: Objection, vote: BoardVote, side: str, text: str, user, case=None
) -> Objection:
    appeal = Objection(
        ruling_id=objection.ruling_id,
        workshop=objection.workshop,
        stage=ObjectionStage.REVIEW,
        side=side,
        tracking_code=case.tracking_code if case is not None else _tracking_code_new(),
        status=S.REGISTERED,
        text=text,
        filed_by=user,
        answers_notice=vote.notice,
        case_id=case.pk if case is not None else None,
    )
    for _attempt in range(TRACKING_CODE_ATTEMPTS):
        if not Objection.objects.filter(tracking_code=appeal.tracking_code).exists():
            break
        appeal.tracking_code = _tracking_code_new()
    _objection_insert(appeal, second_message=_second_appeal_message())
    audit_record(
        action="employers.objection_appealed",
        actor=user,
        target=appeal,
        after={"side": side, "vote": vote.pk, "amount": vote.amount},
    )
    ruling = ClaimRuling.objects.select_for_update().get(pk=objection.ruling_id)
    _ruling_status_set(
        ruling=ruling, status=RulingStatus.OBJECTED, actor=user, reason=appeal.tracking_code
    )
    _status_record(objection=appeal, status=S.REGISTERED, actor=user)
    return appeal


@transaction.atomic
def objection_appeal_file(
    *, user, objection: Objection, text: str, documents: Sequence[UploadedFile] = ()
) -> Objection:
    """The employer appeals the first-instance vote to the review board, within its term."""
    objection = _locked(objection)
    _require_representative(user=user, workshop_id=objection.workshop_id)
    today = timezone.localdate()
    vote = _appeal_checked(objection=objection, today=today)
    text = _clean_text(text, message=_("شرح تجدیدنظرخواهی را دست‌کم در یک جمله بنویسید."))
    documents = list(documents)
    terms = _terms(on=today)
    _documents_checked(documents=documents, allowed=terms.max_objection_documents, present=0)
    ruling = ClaimRuling.objects.select_related("workshop").get(pk=objection.ruling_id)
    case = _case_open(
        user=user, objection_stage=ObjectionStage.REVIEW, ruling=ruling, documents=documents
    )
    return _appeal_register(
        objection=objection,
        vote=vote,
        side=ObjectionSide.EMPLOYER,
        text=text,
        user=user,
        case=case,
    )


@transaction.atomic
def objection_appeal_file_for_organization(
    *, staff_user, objection: Objection, text: str
) -> Objection:
    """Branch staff appeal the first-instance vote for the organization, within its term."""
    objection = _locked(objection)
    _require_staff(staff_user=staff_user, objection=objection)
    vote = _appeal_checked(objection=objection, today=timezone.localdate())
    text = _clean_text(text, message=_("دلایل تجدیدنظرخواهی سازمان را بنویسید."))
    return _appeal_register(
        objection=objection,
        vote=vote,
        side=ObjectionSide.ORGANIZATION,
        text=text,
        user=staff_user,
    )


# --- the beat: terms that ended ----------------------------------------------------------------


def objections_finality_sweep(*, today: datetime.date | None = None) -> int:
    """Make final what the passing of a term made final; safe to run any number of times.

    * a first-instance vote whose appeal term ended with no appeal;
    * a ruling served, not objected to, whose objection term ended.
    Each item in its own transaction, re-checked under its row lock. Returns how many.
    """
    today = today or timezone.localdate()
    done = 0
    vote_ids = list(
        BoardVote.objects.filter(
            board=ObjectionStage.FIRST_INSTANCE, is_final=False, appeal_until__lt=today
        )
        .exclude(objection__ruling__objections__stage=ObjectionStage.REVIEW)
        .values_list("pk", flat=True)
    )
    for vote_id in vote_ids:
        done += _vote_term_ended(vote_id=vote_id, today=today)
    ruling_ids = list(
        ClaimRuling.objects.filter(status=RulingStatus.SERVED, notice__respond_until__lt=today)
        .exclude(objections__isnull=False)
        .values_list("pk", flat=True)
    )
    for ruling_id in ruling_ids:
        done += _ruling_term_ended(ruling_id=ruling_id, today=today)
    return done


@transaction.atomic
def _vote_term_ended(*, vote_id: int, today: datetime.date) -> int:
    vote = _vote_locked(vote_id=vote_id)
    if vote is None:
        return 0
    appealed = Objection.objects.filter(
        ruling_id=vote.objection.ruling_id, stage=ObjectionStage.REVIEW
    ).exists()
    if vote.is_final or vote.appeal_until is None or vote.appeal_until >= today or appealed:
        return 0
    _vote_final(vote=vote, notice=vote.notice, actor=None)
    return 1


@transaction.atomic
def _ruling_term_ended(*, ruling_id: int, today: datetime.date) -> int:
    ruling = (
        ClaimRuling.objects.select_for_update(of=("self",))
        .select_related("notice")
        .get(pk=ruling_id)
    )
    notice = ruling.notice
    if (
        ruling.status != RulingStatus.SERVED
        or notice is None
        or notice.respond_until is None
        or notice.respond_until >= today
        or Objection.objects.filter(ruling=ruling).exists()
    ):
        return 0
    _ruling_status_set(
        ruling=ruling,
        status=RulingStatus.FINAL,
        actor=None,
        reason=f"objection term ended {notice.respond_until.isoformat()}",
    )
    return 1
