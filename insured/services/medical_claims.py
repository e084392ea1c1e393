"""Medical-expense claims (اسناد پزشکی), filed at an agency accepting medical documents.

    person chooses an agency «پذیرش اسناد پزشکی» ──▶ `medical_claim_file`
        a case `insured_medical_claim` routed to THAT agency (`AgencyTarget(…,
        medical_documents=True)`: branches refuses any agency not accepting medical documents,
        and nothing is created), the invoice and the prescription attached, submitted —
        held (not forwarded) while one of them is missing
    agency staff decide ──▶ `medical_claim_decide` (their agency's cases only, else 404)
        accept with the amount approved (1 … amount claimed) or reject with a reason; the
        case's decision (branches) tells the person by SMS + inbox, the amount in its reason.

The claim is decided only through `medical_claim_decide`: the kind's `on_decision` refuses an
acceptance made from the generic case page (it carries no approved amount), inside the same
transaction, so nothing changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.registry import DATE, HIDDEN, RIAL, AgencyTarget, CaseKind, PayloadField
from branches.selectors.cases import case_get_for_kind, case_get_for_staff
from branches.selectors.directory import agency_search
from branches.services.cases import (
    MIN_REASON_LENGTH,
    case_create_draft,
    case_decide,
    case_document_add,
    case_start_review,
    case_submit,
)
from insured.models import InsuredPerson
from insured.models.medical_claims import (
    MEDICAL_CLAIM_CASE_KIND,
    MedicalClaim,
    MedicalServiceKind,
)
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_jalali_date, format_rial
from tamin.core.services import audit_record

MEDICAL_CLAIM = MEDICAL_CLAIM_CASE_KIND
INVOICE = "invoice"
PRESCRIPTION = "prescription"
REQUIRED_DOCUMENTS = (
    (INVOICE, "صورتحساب یا فاکتور پرداخت"),
    (PRESCRIPTION, "نسخه یا دستور پزشک"),
)
# The promised answer, in working days [to confirm]: the same as the branches' requests.
SLA_WORKING_DAYS = 10
# A typo guard, far above any real medical bill (rial).
MAX_AMOUNT = 10**12
MAX_DESCRIPTION = 2000
MAX_NOTE = 2000
# Claims that still stand (a rejected or closed one may be filed again).
_LIVE_CASE_STATUSES = ("draft", "submitted", "forwarded", "under_review", "needs_info", "accepted")


# --- routing ----------------------------------------------------------------------------


def route_to_claim_agency(applicant, payload: dict[str, Any]) -> AgencyTarget:
    """`CaseKind.route`: the agency the person chose, which must accept medical documents."""
    return AgencyTarget(agency=int(payload["agency_id"]), medical_documents=True)


# --- filing -----------------------------------------------------------------------------


def _agency_id(agency_code: str) -> int:
    """The active agency of `agency_code` (whether it accepts medical documents is checked by
    branches when the case is routed)."""
    code = (agency_code or "").strip()[:8]
    agency_id = (
        agency_search().filter(code=code).values_list("pk", flat=True).first() if code else None
    )
    if agency_id is None:
        raise ApplicationError(
            _("کارگزاری انتخاب‌شده پیدا نشد؛ کارگزاری را از فهرست برگزینید."),
            code="medical_claim_agency_unknown",
            extra={"field": "agency"},
        )
    return agency_id


def _checked_claim(*, service_kind: str, expense_date: dt.date, amount_claimed: int) -> None:
    if service_kind not in MedicalServiceKind.values:
        raise ApplicationError(
            _("نوع خدمت درمانی را از فهرست برگزینید."),
            code="medical_claim_service_kind",
            extra={"field": "service_kind"},
        )
    if expense_date > timezone.localdate():
        raise ApplicationError(
            _("تاریخ هزینه نمی‌تواند پس از امروز باشد."),
            code="medical_claim_date_future",
            extra={"field": "expense_date"},
        )
    if not 0 < amount_claimed <= MAX_AMOUNT:
        raise ApplicationError(
            _("مبلغ درخواستی باید عددی مثبت به ریال باشد."),
            code="medical_claim_amount",
            extra={"field": "amount_claimed"},
        )


def _refuse_duplicate(
    *, person: InsuredPerson, service_kind: str, expense_date: dt.date, amount_claimed: int
) -> None:
    """The same bill (kind, date, amount) filed twice while the first still stands."""
    earlier = (
        MedicalClaim.objects.filter(
            person=person,
            service_kind=service_kind,
            expense_date=expense_date,
            amount_claimed=amount_claimed,
            case__status__in=_LIVE_CASE_STATUSES,
        )
        .select_related("case")
        .first()
    )
    if earlier is not None:
        raise ApplicationError(
            _("این هزینه پیش‌تر با کد رهگیری %(code)s ثبت شده است.")
            % {"code": earlier.case.tracking_code},
            code="medical_claim_duplicate",
        )


@transaction.atomic
def medical_claim_file(
    *,
    user,
    person: InsuredPerson,
    agency_code: str,
    service_kind: str,
    expense_date: dt.date,
    amount_claimed: int,
    description: str = "",
    invoice: UploadedFile | None = None,
    prescription: UploadedFile | None = None,
    other_documents: Iterable[UploadedFile] = (),
) -> MedicalClaim:
    """File a medical-expense claim at an agency accepting medical documents; returns it.

    The case is submitted at once: forwarded to the agency when both the invoice and the
    prescription are attached, otherwise saved and held until they are uploaded. A bad file,
    an agency not accepting medical documents or a broken rule: ApplicationError in Persian,
    and nothing is created.
    """
    # One filing at a time per person: the duplicate check below then sees every claim.
    person = InsuredPerson.objects.select_for_update().get(pk=person.pk)
    if person.national_code != getattr(user, "national_code", None):
        raise ApplicationError(_("پرونده بیمه‌ای شما پیدا نشد."), code="insured_unknown")
    _checked_claim(
        service_kind=service_kind, expense_date=expense_date, amount_claimed=amount_claimed
    )
    agency_id = _agency_id(agency_code)
    _refuse_duplicate(
        person=person,
        service_kind=service_kind,
        expense_date=expense_date,
        amount_claimed=amount_claimed,
    )
    service_label = str(MedicalServiceKind(service_kind).label)
    payload = {
        "person_id": person.pk,
        "agency_id": agency_id,
        "service_kind": service_label,
        "expense_date": expense_date.isoformat(),
        "amount_claimed": amount_claimed,
        "description": (description or "").strip()[:MAX_DESCRIPTION],
    }
    subject = _("سند پزشکی: %(service)s، %(date)s، %(amount)s") % {
        "service": service_label,
        "date": format_jalali_date(expense_date),
        "amount": format_rial(amount_claimed),
    }
    case = case_create_draft(applicant=user, kind=MEDICAL_CLAIM, subject=subject, payload=payload)
    uploads = [(INVOICE, invoice), (PRESCRIPTION, prescription)]
    uploads += [("other", upload) for upload in other_documents]
    for document_type, upload in uploads:
        if upload is not None:
            case_document_add(
                case=case, uploaded_by=user, document_type=document_type, upload=upload
            )
    case = case_submit(case=case, actor=user)
    claim = MedicalClaim(
        person=person,
        agency_id=case.agency_id,
        case=case,
        service_kind=service_kind,
        expense_date=expense_date,
        amount_claimed=amount_claimed,
    )
    claim.full_clean()
    claim.save(force_insert=True)
    audit_record(
        action="medical_claim.filed",
        actor=user,
        target=claim,
        after={
            "case": case.tracking_code,
            "agency": case.agency_id,
            "amount_claimed": amount_claimed,
            "status": case.status,
        },
    )
    return claim


# --- the agency's decision -----------------------------------------------------------------


def _claim_for_staff(*, actor, case_id: int):
    """The case (404 unless `actor` works at its agency) and its claim, locked."""
    case = case_get_for_staff(user=actor, case_id=case_id)
    if case.kind != MEDICAL_CLAIM:
        raise Http404
    claim = MedicalClaim.objects.select_for_update().filter(case_id=case.pk).first()
    if claim is None:
        raise Http404
    # Another decision may have committed while this one waited for the claim's lock.
    case.refresh_from_db(fields=["status", "assigned_to"])
    return case, claim


def approved_reason(*, amount_claimed: int, amount_approved: int, note: str = "") -> str:
    """The acceptance's reason as the person reads it (SMS and inbox): the amount first."""
    reason = _("مبلغ تأییدشده %(approved)s از %(claimed)s درخواستی.") % {
        "approved": format_rial(amount_approved),
        "claimed": format_rial(amount_claimed),
    }
    return f"{reason} {note}".strip()


@transaction.atomic
def medical_claim_decide(
    *, actor, case_id: int, accepted: bool, amount_approved: int | None, note: str = ""
) -> MedicalClaim:
    """The agency's decision: accept with `amount_approved` (1 … the amount claimed) or reject
    with a written reason (`note`). Only staff of the claim's agency (404 for anyone else), and
    only the assignee or the head, as for every case; a forwarded claim is taken for review by
    whoever decides it. The person is told by SMS and inbox (branches' case decision)."""
    case, claim = _claim_for_staff(actor=actor, case_id=case_id)
    if case.status not in ("forwarded", "under_review"):
        raise ApplicationError(
            _("این سند در وضعیت کنونی قابل تصمیم‌گیری نیست."), code="medical_claim_wrong_state"
        )
    note = (note or "").strip()[:MAX_NOTE]
    if accepted:
        if amount_approved is None or not 0 < amount_approved <= claim.amount_claimed:
            raise ApplicationError(
                _("مبلغ تأییدشده باید بیش از صفر و حداکثر %(claimed)s باشد.")
                % {"claimed": format_rial(claim.amount_claimed)},
                code="medical_claim_approved_amount",
                extra={"field": "amount_approved"},
            )
        reason = approved_reason(
            amount_claimed=claim.amount_claimed, amount_approved=amount_approved, note=note
        )
    else:
        if len(note) < MIN_REASON_LENGTH:
            raise ApplicationError(
                _("دلیل رد سند را به روشنی بنویسید."),
                code="medical_claim_reason_required",
                extra={"field": "note"},
            )
        amount_approved = None
        reason = note
    if case.status == "forwarded":
        case = case_start_review(case=case, actor=actor)
    before = {"amount_approved": claim.amount_approved}
    claim.amount_approved = amount_approved
    claim.decided_at = timezone.now()
    claim.decided_by = actor
    claim.full_clean()
    claim.save(update_fields=["amount_approved", "decided_at", "decided_by", "updated_at"])
    case_decide(
        case=case, actor=actor, status="accepted" if accepted else "rejected", reason=reason
    )
    audit_record(
        action="medical_claim.decided",
        actor=actor,
        target=claim,
        before=before,
        after={"accepted": accepted, "amount_approved": amount_approved},
        detail={"case": case.tracking_code},
    )
    return claim


def medical_claim_decided(case_id: int, status: str) -> None:
    """`CaseKind.on_decision`, inside the decision's transaction: an acceptance must come from
    `medical_claim_decide` (which set the amount approved); a rejection or a closing from the
    generic case page clears any amount."""
    claim = MedicalClaim.objects.select_for_update().filter(case_id=case_id).first()
    if claim is None:
        return
    if status == "accepted":
        if claim.amount_approved is None:
            raise ApplicationError(
                _(
                    "پذیرش سند پزشکی با مبلغ تأییدشده است؛ تصمیم را در صفحه «رسیدگی به سند "
                    "پزشکی» ثبت کنید."
                ),
                code="medical_claim_decide_on_its_page",
            )
        return
    if claim.amount_approved is not None or claim.decided_at is None:
        case = case_get_for_kind(case_id=case_id, kind=MEDICAL_CLAIM)
        claim.amount_approved = None
        claim.decided_at = case.decided_at
        claim.decided_by = case.decided_by
        claim.save(update_fields=["amount_approved", "decided_at", "decided_by", "updated_at"])


# --- the kind (registered from insured.kinds) ------------------------------------------------------

CASE_KINDS = (
    CaseKind(
        key=MEDICAL_CLAIM,
        label="اسناد پزشکی (هزینه درمان)",
        required_documents=REQUIRED_DOCUMENTS,
        route=route_to_claim_agency,
        sla_working_days=SLA_WORKING_DAYS,
        on_decision=medical_claim_decided,
        decision_url_name="insured:medical_claim_decide",
        payload_fields=(
            PayloadField("person_id", "بیمه‌شده", shown_as=HIDDEN),
            PayloadField("agency_id", "کارگزاری", shown_as=HIDDEN),
            PayloadField("service_kind", "نوع خدمت"),
            PayloadField("expense_date", "تاریخ هزینه", shown_as=DATE),
            PayloadField("amount_claimed", "مبلغ درخواستی", shown_as=RIAL),
            PayloadField("description", "توضیح متقاضی"),
        ),
    ),
)
