"""Short-term benefit requests, sent to a branch as cases.

    person checks (`insured.selectors.benefits.benefit_assess`: eligible or the reasons,
    the amount and its working)
        ──▶ `benefit_request_file`: the rule again (never the page's word for it), the
            account to pay into, the documents checked; a case `insured_benefit_<kind>` at
            the branch of the person's last workshop (else of their residence; a funeral
            allowance: the deceased's) with the documents, submitted — forwarded to the
            branch's queue when every required document is there, otherwise saved and held
            until they are uploaded on the case page (branches forwards it then)
        ──▶ BenefitRequest: the facts, amount, working, terms year and Sheba of that moment
    branch decides ──▶ `benefit_request_decided` (inside the decision's transaction): the
        request takes the decision (accepted: the amount is ordered paid into the Sheba;
        rejected or closed: it may be filed again). Branches tells the person by SMS and
        in the inbox (the case's decision message, as for every case).

Refused with a Persian message, nothing stored: not eligible (the reasons), a fact out of
range, no active bank account or another person's, a second live request for the same
thing, too many files, a document type the benefit does not ask for, a file that is not a
clean PDF/JPEG/PNG.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.registry import (
    CODE,
    HIDDEN,
    NUMBER,
    OTHER_DOCUMENT,
    RIAL,
    CaseKind,
    PayloadField,
)
from branches.selectors.cases import case_get_for_kind
from branches.services.cases import case_create_draft, case_document_add, case_submit
from branches.services.documents import UploadToCheck, documents_precheck
from insured.models import BankAccount, InsuredPerson
from insured.models.benefits import BenefitRequest
from insured.selectors.benefits import (
    BENEFITS,
    FACT_FIELDS,
    Assessment,
    Benefit,
    benefit_assess,
    benefit_get,
    facts_payload,
    last_workshop_branch_id,
)
from insured.selectors.lookup import insured_person_by_national_code
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_rial
from tamin.core.services import audit_record

MAX_DOCUMENTS = 10
# Steps joined for the staff case page (one payload value).
STEP_SEPARATOR = " ◀ "


# --- routing ---------------------------------------------------------------------------------


def _branch_for(*, person: InsuredPerson, deceased_national_code: str = "") -> int:
    """The branch of the last workshop (of the deceased for a funeral allowance), else the
    branch of the person's residence."""
    branch_id = None
    if deceased_national_code:
        deceased = insured_person_by_national_code(national_code=deceased_national_code)
        if deceased is not None:
            branch_id = last_workshop_branch_id(person_id=deceased.id)
    else:
        branch_id = last_workshop_branch_id(person_id=person.pk)
    branch_id = branch_id or person.residence_branch_id
    if branch_id is None:
        raise ApplicationError(
            _(
                "شعبه رسیدگی‌کننده مشخص نیست: سابقه‌ای با شعبه معلوم ندارید و شعبه محل سکونت "
                "شما هم ثبت نشده است. لطفاً به یکی از شعب مراجعه کنید."
            ),
            code="benefit_no_branch",
        )
    return branch_id


def route_benefit(applicant, payload: dict[str, Any]) -> int:
    """`CaseKind.route` of the benefit kinds: the person is the applicant's, by national code."""
    person = InsuredPerson.objects.filter(
        pk=payload.get("person_id"),
        national_code=getattr(applicant, "national_code", None) or "-",
    ).first()
    if person is None:
        raise ApplicationError(_("پرونده بیمه‌ای شما پیدا نشد."), code="insured_unknown")
    return _branch_for(
        person=person, deceased_national_code=payload.get("deceased_national_code") or ""
    )


# --- filing -----------------------------------------------------------------------------------


def _documents_checked(*, benefit: Benefit, documents: Sequence[tuple[str, UploadedFile]]) -> None:
    """Refuse too many files, an unknown type, or a file that is not a clean PDF/JPEG/PNG,
    before anything is created or stored (the case service checks each again)."""
    allowed = dict((*benefit.documents, OTHER_DOCUMENT))
    if len(documents) <= MAX_DOCUMENTS and any(kind not in allowed for kind, _file in documents):
        raise ApplicationError(
            _("نوع مدرک برای این درخواست تعریف نشده است."),
            code="document_kind",
            extra={"field": "documents"},
        )
    documents_precheck(
        uploads=[
            UploadToCheck(upload=upload, field=kind, label=allowed[kind])
            for kind, upload in documents
        ],
        max_documents=MAX_DOCUMENTS,
        too_many_code="benefit_too_many_documents",
    )


def _payment_account(*, person: InsuredPerson, bank_account_id: int | None) -> BankAccount:
    accounts = BankAccount.objects.filter(person=person, is_active=True)
    if bank_account_id is not None:
        accounts = accounts.filter(pk=bank_account_id)
    account = accounts.order_by("-created_at", "-id").first()
    if account is None:
        raise ApplicationError(
            _(
                "کمک‌هزینه به حساب بانکی ثبت‌شده شما واریز می‌شود؛ ابتدا در «حساب‌های بانکی» "
                "شماره شبای خود را ثبت کنید."
            )
            if bank_account_id is None
            else _("این حساب بانکی در میان حساب‌های فعال شما نیست."),
            code="benefit_no_account",
            extra={"field": "bank_account"},
        )
    return account


def _not_eligible(assessment: Assessment) -> ApplicationError:
    return ApplicationError(
        " ".join(assessment.reasons) or _("شرایط دریافت این کمک‌هزینه را ندارید."),
        code="benefit_not_eligible",
        extra={"reasons": list(assessment.reasons)},
    )


def _subject(benefit: Benefit, assessment: Assessment) -> str:
    return _("%(label)s، مبلغ %(amount)s") % {
        "label": benefit.label,
        "amount": format_rial(assessment.amount),
    }


def _payload(*, person: InsuredPerson, assessment: Assessment, sheba: str) -> dict[str, Any]:
    return {
        "person_id": person.pk,
        "insurance_number": person.insurance_number,
        **facts_payload(assessment),
        "amount": assessment.amount,
        "daily_amount": assessment.daily_amount,
        "days": assessment.days,
        "terms_year": assessment.terms_year,
        "sheba": sheba,
        "working": STEP_SEPARATOR.join(assessment.steps),
    }


@transaction.atomic
def benefit_request_file(
    *,
    user,
    person: InsuredPerson,
    kind: str,
    facts: Mapping[str, Any],
    documents: Sequence[tuple[str, UploadedFile]] = (),
    bank_account_id: int | None = None,
) -> BenefitRequest:
    """Request the benefit `kind` for `facts` with `documents` ((type, file) pairs); returns
    the request. Forwarded to the branch when every required document came, else held."""
    if person.national_code != getattr(user, "national_code", None):
        raise ApplicationError(_("پرونده بیمه‌ای شما پیدا نشد."), code="insured_unknown")
    benefit = benefit_get(kind)
    # One filing at a time per person: two tabs never pass the live-request check together.
    InsuredPerson.objects.select_for_update().filter(pk=person.pk).first()
    assessment = benefit_assess(person=person, kind=benefit.kind, facts=facts)
    if not assessment.eligible:
        raise _not_eligible(assessment)
    account = _payment_account(person=person, bank_account_id=bank_account_id)
    documents = list(documents)
    _documents_checked(benefit=benefit, documents=documents)

    case = case_create_draft(
        applicant=user,
        kind=benefit.case_kind,
        subject=_subject(benefit, assessment),
        payload=_payload(person=person, assessment=assessment, sheba=account.sheba),
    )
    for document_type, upload in documents:
        case_document_add(case=case, uploaded_by=user, document_type=document_type, upload=upload)
    case = case_submit(case=case, actor=user)

    row = BenefitRequest(
        person=person,
        kind=benefit.kind,
        case_id=case.pk,
        tracking_code=case.tracking_code,
        facts=assessment.facts,
        amount=assessment.amount,
        daily_amount=assessment.daily_amount,
        days=assessment.days,
        steps=list(assessment.steps),
        terms_year=assessment.terms_year,
        sheba=account.sheba,
        live_key=assessment.live_key,
    )
    # The case id is new, and the one live request per key is the constraint's to hold.
    row.full_clean(exclude=["case_id"], validate_constraints=False)
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:  # a live request of the same key: the last guard
        raise ApplicationError(
            _("درخواست دیگری برای همین مورد پیش‌تر ثبت شده است."), code="benefit_request_exists"
        ) from None
    audit_record(
        action="insured.benefit_requested",
        actor=user,
        target=row,
        after={"kind": row.kind, "amount": row.amount, "state": row.state},
        detail={
            "tracking_code": case.tracking_code,
            "terms_year": row.terms_year,
            "documents": len(documents),
            "held": case.status == "submitted",
        },
    )
    return row


# --- the branch's decision ------------------------------------------------------------------

_STATES = {
    "accepted": BenefitRequest.State.ACCEPTED,
    "rejected": BenefitRequest.State.REJECTED,
    "closed": BenefitRequest.State.CLOSED,
}


def benefit_request_decided(case_id: int, status: str) -> None:
    """`CaseKind.on_decision` of every benefit kind: the request takes the branch's decision.

    Accepted: the amount computed at the request is ordered paid into its Sheba; rejected or
    closed: the request no longer blocks a new one for the same thing.
    """
    row = BenefitRequest.objects.select_for_update().filter(case_id=case_id).first()
    if row is None:
        raise ApplicationError(_("درخواست کمک‌هزینه این پرونده پیدا نشد."), code="benefit_unknown")
    case = case_get_for_kind(case_id=case_id, kind=BENEFITS[row.kind].case_kind)
    before = row.state
    row.state = _STATES.get(status, BenefitRequest.State.CLOSED)
    row.decided_at = timezone.now()
    row.save(update_fields=["state", "decided_at", "updated_at"])
    audit_record(
        action="insured.benefit_decided",
        actor=case.decided_by,
        target=row,
        before={"state": before},
        after={"state": row.state},
        detail={"tracking_code": case.tracking_code, "amount": row.amount, "sheba": row.sheba},
    )


# --- the kinds (registered from insured.kinds) ----------------------------------------------


def _case_kind(benefit: Benefit) -> CaseKind:
    return CaseKind(
        key=benefit.case_kind,
        label=benefit.label,
        route=route_benefit,
        required_documents=benefit.documents,
        sla_working_days=benefit.sla_working_days,
        on_decision=benefit_request_decided,
        document_limit=lambda: MAX_DOCUMENTS,
        payload_fields=(
            PayloadField("person_id", "بیمه‌شده", shown_as=HIDDEN),
            PayloadField("insurance_number", "شماره بیمه", shown_as=CODE),
            *FACT_FIELDS[benefit.kind],
            PayloadField("amount", "مبلغ محاسبه‌شده", shown_as=RIAL),
            PayloadField("daily_amount", "مبلغ روزانه", shown_as=RIAL),
            PayloadField("days", "روزهای قابل پرداخت", shown_as=NUMBER),
            PayloadField("terms_year", "سال ضوابط"),
            PayloadField("sheba", "شماره شبای واریز", shown_as=CODE),
            PayloadField("working", "روش محاسبه"),
        ),
    )


CASE_KINDS = tuple(_case_kind(benefit) for benefit in BENEFITS.values())
