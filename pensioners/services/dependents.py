"""Writes of the dependents area: a dependent's paper filed online as a branch case.

    pensioner files (dependent, paper, period, documents)
        ──▶ case `pensioner_dependent_obligation` at the pensioner's branch (branches):
            documents attached, submitted — forwarded to the branch's queue when the
            required document is there, otherwise saved and held until it is uploaded
            (the branches case page takes it)
        ──▶ DependentObligationFiling (submitted), one live per dependent, paper and period
    branch decides ──▶ `dependent_obligation_decided` (inside the decision's transaction):
        accepted → the filing is accepted; rejected or closed → rejected (owed again).
        Branches tells the applicant by SMS and in the inbox (the case's decision message,
        as for every case).

Refused with a Persian message, nothing stored: another person's dependent, an inactive
one, a paper the rule does not ask of this dependent in that period
(`tamin.rules.dependents`), a second live filing of the same paper and period, too many
files or a file that is not a clean PDF/JPEG/PNG.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.registry import CODE, DATE, HIDDEN, CaseKind, PayloadField
from branches.selectors.cases import case_get_for_kind
from branches.services.cases import case_create_draft, case_document_add, case_submit
from branches.services.documents import UploadToCheck, documents_precheck
from pensioners.models import DependentObligationFiling, Pension, PensionDependent
from pensioners.selectors.dependents import dependent_facts
from tamin.core.exceptions import ApplicationError
from tamin.core.services import audit_record
from tamin.rules.dependents import KINDS, dependent_obligation_terms, paper_owed, period_label

Filing = DependentObligationFiling

CASE_KIND = "pensioner_dependent_obligation"
DOCUMENT_TYPE = "obligation_paper"
DOCUMENT_LABEL = "گواهی اشتغال به تحصیل یا برگه اعلام وضعیت تأهل و اشتغال"
MAX_DOCUMENTS = 5
SLA_WORKING_DAYS = 10


# --- routing: the pensioner's paying branch -----------------------------------------------


def route_to_pensioner_branch(applicant, payload: dict[str, Any]) -> int:
    """`CaseKind.route`: the branch that pays the pension named in the payload, which must be
    the applicant's own (by national code)."""
    branch_id = (
        Pension.objects.filter(
            pk=payload.get("pension_id"),
            pensioner__national_code=getattr(applicant, "national_code", None) or "-",
        )
        .values_list("pensioner__branch_id", flat=True)
        .first()
    )
    if branch_id is None:
        raise ApplicationError(_("پرونده مستمری شما پیدا نشد."), code="pension_unknown")
    return branch_id


# --- filing ---------------------------------------------------------------------------------


def _documents_checked(documents: Sequence[UploadedFile]) -> None:
    """Refuse too many files, or any file that is not a clean PDF/JPEG/PNG, before anything
    is created or stored (the case service checks each again as it stores it)."""
    documents_precheck(
        uploads=[UploadToCheck(upload=upload) for upload in documents],
        max_documents=MAX_DOCUMENTS,
        too_many_code="filing_too_many_documents",
    )


def _locked_dependent(*, user, dependent: PensionDependent) -> PensionDependent:
    national_code = getattr(user, "national_code", None) if user.is_authenticated else None
    locked = (
        PensionDependent.objects.select_for_update(of=("self",))
        .select_related("pension")
        .filter(pk=dependent.pk, pension__pensioner__national_code=national_code or "-")
        .first()
    )
    if locked is None:
        raise ApplicationError(_("این فرد در پرونده مستمری شما نیست."), code="dependent_not_yours")
    if not locked.is_active or locked.pension.status == Pension.Status.ENDED:
        raise ApplicationError(
            _("این فرد دیگر از مستمری شما بهره‌مند نیست و مدرکی از او لازم نیست."),
            code="dependent_inactive",
        )
    return locked


def _second_filing_message(existing: DependentObligationFiling) -> str:
    return _(
        "«%(paper)s» %(name)s برای %(period)s پیش‌تر ثبت شده است (وضعیت: %(status)s)؛ "
        "ثبت دوباره فقط پس از رد شدن آن ممکن است."
    ) % {
        "paper": existing.get_kind_display(),
        "name": existing.dependent.first_name,
        "period": period_label(kind=existing.kind, period_key=existing.period_key),
        "status": existing.get_status_display(),
    }


@transaction.atomic
def dependent_obligation_file(
    *,
    user,
    dependent: PensionDependent,
    kind: str,
    period_key: str,
    documents: Sequence[UploadedFile] = (),
) -> DependentObligationFiling:
    """File the paper `kind` of `dependent` for `period_key`; returns the filing (submitted).

    The case goes to the pensioner's branch with the documents; without the required
    document it is saved and held (not forwarded) until the document is uploaded.
    """
    dependent = _locked_dependent(user=user, dependent=dependent)
    if kind not in KINDS:
        raise ApplicationError(_("نوع مدرک معتبر نیست."), code="paper_kind")
    today = timezone.localdate()
    terms = dependent_obligation_terms(on=today)
    paper = (
        paper_owed(dependent=dependent_facts(dependent), on=today, terms=terms, kind=kind)
        if terms is not None
        else None
    )
    kind_label = str(Filing.Kind(kind).label)
    if paper is None or paper.period_key != period_key:
        raise ApplicationError(
            _("«%(paper)s» برای %(name)s در این دوره لازم نیست یا دوره آن گذشته است.")
            % {"paper": kind_label, "name": dependent.first_name},
            code="paper_not_owed",
        )
    existing = (
        Filing.objects.filter(dependent=dependent, kind=kind, period_key=period_key)
        .exclude(status=Filing.Status.REJECTED)
        .select_related("dependent")
        .first()
    )
    if existing is not None:
        raise ApplicationError(_second_filing_message(existing), code="filing_exists")
    documents = list(documents)
    _documents_checked(documents)

    period = period_label(kind=kind, period_key=period_key)
    subject = _("%(paper)s — %(name)s، %(period)s") % {
        "paper": kind_label,
        "name": f"{dependent.first_name} {dependent.last_name}",
        "period": period,
    }
    payload = {
        "pension_id": dependent.pension_id,
        "pension_number": dependent.pension.number,
        "dependent_id": dependent.pk,
        "dependent_name": f"{dependent.first_name} {dependent.last_name}",
        "dependent_national_code": dependent.national_code,
        "relation": dependent.get_relation_display(),
        "birth_date": dependent.birth_date.isoformat(),
        "kind": kind,
        "paper": kind_label,
        "period_key": period_key,
        "period": period,
        "due_on": paper.due_on.isoformat(),
    }
    case = case_create_draft(applicant=user, kind=CASE_KIND, subject=subject, payload=payload)
    for upload in documents:
        case_document_add(case=case, uploaded_by=user, document_type=DOCUMENT_TYPE, upload=upload)
    case = case_submit(case=case, actor=user)

    filing = Filing(
        dependent=dependent,
        kind=kind,
        period_key=period_key,
        case_id=case.pk,
        status=Filing.Status.SUBMITTED,
    )
    try:
        with transaction.atomic():
            filing.save(force_insert=True)
    except IntegrityError:  # the unique live filing per period: the last guard
        raise ApplicationError(
            _("این مدرک برای این دوره پیش‌تر ثبت شده است."), code="filing_exists"
        ) from None
    audit_record(
        action="pensioners.dependent_obligation_filed",
        actor=user,
        target=filing,
        after={"kind": kind, "period_key": period_key, "status": filing.status},
        detail={
            "dependent": dependent.pk,
            "tracking_code": case.tracking_code,
            "documents": len(documents),
            "held": case.status == "submitted",
        },
    )
    return filing


# --- the branch's decision ---------------------------------------------------------------


def dependent_obligation_decided(case_id: int, status: str) -> None:
    """`CaseKind.on_decision`: accepted → the filing is accepted; rejected or closed →
    rejected, so the paper is owed again and may be filed anew."""
    case = case_get_for_kind(case_id=case_id, kind=CASE_KIND)
    filing = Filing.objects.select_for_update().filter(case_id=case_id).first()
    if filing is None:
        raise ApplicationError(
            _("مدرک ثبت‌شده این درخواست پیدا نشد."), code="dependent_filing_unknown"
        )
    before = filing.status
    filing.status = Filing.Status.ACCEPTED if status == "accepted" else Filing.Status.REJECTED
    filing.save(update_fields=["status", "updated_at"])
    audit_record(
        action="pensioners.dependent_obligation_decided",
        actor=case.decided_by,
        target=filing,
        before={"status": before},
        after={"status": filing.status},
        detail={"tracking_code": case.tracking_code, "case_status": status},
    )


# --- the kind (registered from pensioners.kinds) -----------------------------------------

CASE_KINDS = (
    CaseKind(
        key=CASE_KIND,
        label="مدرک افراد تبعی مستمری‌بگیر",
        route=route_to_pensioner_branch,
        required_documents=((DOCUMENT_TYPE, DOCUMENT_LABEL),),
        sla_working_days=SLA_WORKING_DAYS,
        on_decision=dependent_obligation_decided,
        document_limit=lambda: MAX_DOCUMENTS,
        payload_fields=(
            PayloadField("pension_id", "مستمری", shown_as=HIDDEN),
            PayloadField("dependent_id", "فرد تبعی", shown_as=HIDDEN),
            PayloadField("kind", "نوع مدرک", shown_as=HIDDEN),
            PayloadField("period_key", "دوره", shown_as=HIDDEN),
            PayloadField("pension_number", "شماره مستمری", shown_as=CODE),
            PayloadField("dependent_name", "نام فرد تبعی"),
            PayloadField("dependent_national_code", "کد ملی فرد تبعی", shown_as=CODE),
            PayloadField("relation", "نسبت"),
            PayloadField("birth_date", "تاریخ تولد", shown_as=DATE),
            PayloadField("paper", "مدرک"),
            PayloadField("period", "دوره"),
            PayloadField("due_on", "مهلت", shown_as=DATE),
        ),
    ),
)
