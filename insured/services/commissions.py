"""Medical commission requests (کمیسیون پزشکی، تعیین ازکارافتادگی): a case and a booked slot.

    insured person files (reason, medical records, a free slot of a commission)
        ──▶ one transaction: case `insured_medical_commission` at the commission's branch
            (documents attached, submitted: forwarded, or held while the medical records are
            missing), then the booking of the slot (branches' conditional seat UPDATE)
        ──▶ CommissionRequest (case + booking)
    the slot was just taken ──▶ the transaction rolls back: no case, no booking, no request;
        the person is told to pick another time
    cancel the booking (case open) ──▶ the seat is released, the request waits for a new slot
    book a new slot (case open, no live booking) ──▶ the request's booking
    branch decides ──▶ `commission_decided`: a booking still ahead is released (the seat goes
        back); branches tells the person of the decision by SMS and inbox.

Refused with a Persian message, nothing stored: an account with no insured record, a second
open request, a slot not of that commission or no longer free, too many files or a file that
is not a clean PDF/JPEG/PNG.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.registry import CODE, HIDDEN, CaseKind, PayloadField
from branches.selectors.appointments import slot_get_bookable
from branches.selectors.cases import case_get_for_kind
from branches.services.appointments import booking_cancel, booking_create, slot_when_text
from branches.services.cases import case_create_draft, case_document_add, case_submit
from branches.services.documents import UploadToCheck, documents_precheck
from insured.models import InsuredPerson
from insured.models.commissions import CommissionReason, CommissionRequest, CommissionService
from insured.selectors.commissions import (
    DECIDED_STATUSES,
    live_booking,
    may_book_new_slot,
    request_is_open,
)
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_code
from tamin.core.services import audit_record

CASE_KIND = "insured_medical_commission"
DOCUMENT_TYPE = "medical_records"
DOCUMENT_LABEL = "مدارک پزشکی (گزارش پزشک معالج، نتایج آزمایش و تصویربرداری، سوابق بستری)"
MAX_DOCUMENTS = 10
MAX_DESCRIPTION = 2000
SLA_WORKING_DAYS = 30
SLOT_ERRORS = ("slot_full", "slot_past", "slot_missing")

SLOT_TAKEN_MESSAGE = (
    "این ساعت همین حالا پر شد و درخواست شما ثبت نشد. لطفاً ساعت دیگری را انتخاب کنید."
)


# --- routing: the branch where the commission sits ----------------------------------------


def route_to_commission_branch(applicant, payload: dict[str, Any]) -> int:
    """`CaseKind.route`: the branch of the commission named in the payload (an active one)."""
    branch_id = (
        CommissionService.objects.filter(
            pk=payload.get("commission_id"), is_active=True, service__is_active=True
        )
        .values_list("service__branch_id", flat=True)
        .first()
    )
    if branch_id is None:
        raise ApplicationError(_("این کمیسیون پزشکی فعال نیست."), code="commission_unknown")
    return branch_id


# --- checks ---------------------------------------------------------------------------------


def _documents_checked(documents: Sequence[UploadedFile]) -> None:
    """Too many files, or one that is not a clean PDF/JPEG/PNG: refused before anything is
    created (the case service checks each again as it stores it)."""
    documents_precheck(
        uploads=[UploadToCheck(upload=upload) for upload in documents],
        max_documents=MAX_DOCUMENTS,
        too_many_code="commission_too_many_documents",
    )


def _slot_of_commission(*, commission: CommissionService, slot_id: int):
    """The slot if it is a free, future slot of this commission; a Persian refusal otherwise."""
    slot = slot_get_bookable(slot_id=slot_id, on_request=True)
    if slot is None or slot.service_id != commission.service_id:
        raise ApplicationError(_(SLOT_TAKEN_MESSAGE), code="slot_full", extra={"field": "slot_id"})
    return slot


def _book(*, user, slot_id: int):
    """booking_create with the commission's message when the seat went to someone else.

    `on_request`: the commission's service is by-request only (the public appointment pages
    neither offer nor book it); this booking is made with the person's request."""
    try:
        return booking_create(person=user, slot_id=slot_id, on_request=True)
    except ApplicationError as exc:
        if exc.code in SLOT_ERRORS:
            raise ApplicationError(
                _(SLOT_TAKEN_MESSAGE), code="slot_full", extra={"field": "slot_id"}
            ) from exc
        raise


# --- filing ---------------------------------------------------------------------------------


def _commission_active(commission_id: int) -> CommissionService:
    commission = (
        CommissionService.objects.select_related("service__branch")
        .filter(pk=commission_id, is_active=True, service__is_active=True)
        .first()
    )
    if commission is None or not commission.service.branch.is_active:
        raise ApplicationError(
            _("این کمیسیون پزشکی فعال نیست."),
            code="commission_unknown",
            extra={"field": "commission"},
        )
    return commission


@transaction.atomic
def commission_request_file(
    *,
    user,
    person: InsuredPerson,
    commission_id: int,
    reason: str,
    slot_id: int,
    description: str = "",
    documents: Sequence[UploadedFile] = (),
) -> CommissionRequest:
    """The case, its documents and the booking of `slot_id`, all or nothing.

    Without the medical records the case is saved and held (not forwarded) until they are
    uploaded on the case's page; the slot is booked either way.
    """
    if person.national_code != getattr(user, "national_code", None):
        raise ApplicationError(_("پرونده بیمه‌ای شما پیدا نشد."), code="insured_unknown")
    # One filing at a time per person: a double submit waits here, then sees the first.
    InsuredPerson.objects.select_for_update().filter(pk=person.pk).values_list("pk").first()
    if reason not in CommissionReason.values:
        raise ApplicationError(
            _("موضوع درخواست را انتخاب کنید."), code="commission_reason", extra={"field": "reason"}
        )
    open_request = (
        CommissionRequest.objects.filter(person=person)
        .exclude(case__status__in=DECIDED_STATUSES)
        .select_related("case")
        .first()
    )
    if open_request is not None:
        raise ApplicationError(
            _(
                "درخواست کمیسیون پزشکی شما با کد رهگیری %(code)s هنوز باز است؛ "
                "تا تصمیم شعبه درباره آن، درخواست تازه ممکن نیست."
            )
            % {"code": format_code(open_request.case.tracking_code)},
            code="commission_open_request",
        )
    commission = _commission_active(commission_id)
    documents = list(documents)
    _documents_checked(documents)
    slot = _slot_of_commission(commission=commission, slot_id=slot_id)
    description = (description or "").strip()[:MAX_DESCRIPTION]

    date_text, time_text = slot_when_text(slot.starts_at)
    reason_label = str(CommissionReason(reason).label)
    subject = _("کمیسیون پزشکی: %(reason)s — %(place)s") % {
        "reason": reason_label,
        "place": commission.service.branch.name,
    }
    payload = {
        "person_id": person.pk,
        "commission_id": commission.pk,
        "insurance_number": person.insurance_number,
        "reason": reason_label,
        "slot_at_filing": f"{date_text} ساعت {time_text}",
        "description": description,
    }
    case = case_create_draft(applicant=user, kind=CASE_KIND, subject=subject, payload=payload)
    for upload in documents:
        case_document_add(case=case, uploaded_by=user, document_type=DOCUMENT_TYPE, upload=upload)
    case = case_submit(case=case, actor=user)
    # Last: if the seat went to someone else a moment ago, everything above rolls back.
    booking = _book(user=user, slot_id=slot.pk)
    request = CommissionRequest(
        applicant=user,
        person=person,
        case=case,
        commission=commission,
        booking=booking,
        reason=reason,
        description=description,
    )
    request.full_clean(exclude=["case", "booking"])
    request.save(force_insert=True)
    audit_record(
        action="insured.commission_requested",
        actor=user,
        target=request,
        after={"reason": reason, "booking": booking.code, "case_status": case.status},
        detail={"tracking_code": case.tracking_code, "documents": len(documents)},
    )
    return request


# --- the booking while the case is open -------------------------------------------------


def _locked_request(*, user, request_id: int) -> CommissionRequest:
    request = (
        CommissionRequest.objects.select_for_update(of=("self",))
        .select_related("case", "booking__slot", "commission__service")
        .filter(pk=request_id, applicant=user)
        .first()
    )
    if request is None:
        raise ApplicationError(_("این درخواست پیدا نشد."), code="commission_missing")
    return request


@transaction.atomic
def commission_booking_cancel(*, user, request_id: int) -> CommissionRequest:
    """Cancel the request's live booking; the case stays open and waits for a new slot."""
    request = _locked_request(user=user, request_id=request_id)
    if not request_is_open(request):
        raise ApplicationError(
            _("شعبه درباره این درخواست تصمیم گرفته است و نوبت آن دیگر تغییر نمی‌کند."),
            code="commission_decided",
        )
    booking = live_booking(request)
    if booking is None:
        raise ApplicationError(_("این درخواست نوبت فعالی ندارد."), code="commission_no_booking")
    booking_cancel(person=user, booking_id=booking.pk)
    audit_record(
        action="insured.commission_booking_cancelled",
        actor=user,
        target=request,
        before={"booking": booking.code},
        after={"booking": None},
        detail={"tracking_code": request.case.tracking_code},
    )
    request.booking.refresh_from_db()
    return request


@transaction.atomic
def commission_slot_book(*, user, request_id: int, slot_id: int) -> CommissionRequest:
    """Book a new slot of the request's commission while its case is open and it has no live
    booking; a slot just taken changes nothing."""
    request = _locked_request(user=user, request_id=request_id)
    if not request_is_open(request):
        raise ApplicationError(
            _("شعبه درباره این درخواست تصمیم گرفته است و نوبت تازه لازم نیست."),
            code="commission_decided",
        )
    if not may_book_new_slot(request):
        raise ApplicationError(
            _("این درخواست نوبت دارد؛ برای زمان دیگر، نخست نوبت کنونی را لغو کنید."),
            code="commission_has_booking",
        )
    slot = _slot_of_commission(commission=request.commission, slot_id=slot_id)
    before = request.booking.code if request.booking else None
    request.booking = _book(user=user, slot_id=slot.pk)
    request.save(update_fields=["booking", "updated_at"])
    audit_record(
        action="insured.commission_booked",
        actor=user,
        target=request,
        before={"booking": before},
        after={"booking": request.booking.code},
        detail={"tracking_code": request.case.tracking_code},
    )
    return request


# --- the branch's decision -------------------------------------------------------------------


def commission_decided(case_id: int, status: str) -> None:
    """`CaseKind.on_decision`: whatever the decision, a booking still ahead is released so its
    seat goes back to others (branches sends the cancellation SMS with it)."""
    case = case_get_for_kind(case_id=case_id, kind=CASE_KIND)
    request = (
        CommissionRequest.objects.select_for_update(of=("self",))
        .select_related("booking__slot")
        .filter(case_id=case.pk)
        .first()
    )
    if request is None:
        return
    booking = live_booking(request)
    if booking is not None and booking.slot.starts_at > timezone.now():
        booking_cancel(person=case.applicant, booking_id=booking.pk)
        audit_record(
            action="insured.commission_booking_released",
            actor=case.decided_by,
            target=request,
            before={"booking": booking.code},
            detail={"tracking_code": case.tracking_code, "case_status": status},
        )


# --- the kind (registered from insured.kinds) ---------------------------------------------------

CASE_KINDS = (
    CaseKind(
        key=CASE_KIND,
        label="کمیسیون پزشکی (تعیین ازکارافتادگی)",
        route=route_to_commission_branch,
        required_documents=((DOCUMENT_TYPE, DOCUMENT_LABEL),),
        sla_working_days=SLA_WORKING_DAYS,
        on_decision=commission_decided,
        document_limit=lambda: MAX_DOCUMENTS,
        payload_fields=(
            PayloadField("person_id", "بیمه‌شده", shown_as=HIDDEN),
            PayloadField("commission_id", "کمیسیون", shown_as=HIDDEN),
            PayloadField("insurance_number", "شماره بیمه", shown_as=CODE),
            PayloadField("reason", "موضوع"),
            PayloadField("slot_at_filing", "نوبت کمیسیون هنگام ثبت"),
            PayloadField("description", "توضیح متقاضی"),
        ),
    ),
)
