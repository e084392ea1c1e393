"""Reads of medical-expense claims (اسناد پزشکی): the agencies that accept them, the person's
claims (404 for anyone else's), a claim for its agency's staff (404 for anyone else), and the
working of an approved amount."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from branches.selectors.cases import case_get_for_staff
from branches.selectors.directory import agency_search
from insured.models import InsuredPerson
from insured.models.medical_claims import MEDICAL_CLAIM_CASE_KIND, MedicalClaim
from tamin.core.jalali import format_rial
from tamin.core.services import audit_record


def agencies_accepting_medical_documents(
    *, province: str = "", city: int | str | None = None, q: str = ""
) -> QuerySet:
    """Active agencies (of active branches) accepting medical documents, filtered like the
    directory: province by slug, city by id, free text over name, address, city and code."""
    return agency_search(province=province, city=city, q=q, accepts_medical_documents=True)


def agency_accepting_medical_documents(*, code: str):
    """The agency of `code` if it is active and accepts medical documents, else None."""
    code = (code or "").strip()[:8]
    if not code:
        return None
    return agencies_accepting_medical_documents().filter(code=code).first()


def medical_claims_for_person(*, person: InsuredPerson) -> QuerySet[MedicalClaim]:
    """The person's claims, newest first, each with its case and agency (one query)."""
    return (
        MedicalClaim.objects.filter(person=person)
        .select_related("case", "agency")
        .order_by("-created_at", "-id")
    )


def medical_claim_get_for_person(*, person: InsuredPerson, claim_id: int) -> MedicalClaim:
    """One of the person's claims; 404 for a missing claim and someone else's alike."""
    claim = medical_claims_for_person(person=person).filter(pk=claim_id).first()
    if claim is None:
        raise Http404
    return claim


def medical_claim_get_for_staff(*, user, case_id: int, request=None) -> MedicalClaim:
    """The claim of case `case_id` for staff of its agency (`case_get_for_staff`); 404 for
    anyone else, another agency's or a branch's staff alike. Reading it is audited."""
    case = case_get_for_staff(user=user, case_id=case_id)
    if case.kind != MEDICAL_CLAIM_CASE_KIND:
        raise Http404
    claim = MedicalClaim.objects.filter(case_id=case.pk).select_related("person", "agency").first()
    if claim is None:
        raise Http404
    claim.case = case
    audit_record(action="medical_claim.viewed", actor=user, target=claim, request=request)
    return claim


@dataclass(frozen=True)
class ClaimWorking:
    """What the agency approved and how it follows from the claim (Persian lines)."""

    amount_claimed: int
    amount_approved: int | None
    deducted: int | None
    steps: tuple[str, ...]


def medical_claim_working(*, claim: MedicalClaim) -> ClaimWorking:
    """The claim's amounts with their working: claimed, approved, and the difference."""
    claimed = claim.amount_claimed
    approved = claim.amount_approved
    steps = [f"مبلغ درخواستی شما: {format_rial(claimed)}"]
    if approved is None:
        return ClaimWorking(claimed, None, None, tuple(steps))
    deducted = claimed - approved
    steps.append(f"مبلغ تأییدشده کارگزاری: {format_rial(approved)}")
    if deducted:
        steps.append(
            f"کسر شده: {format_rial(claimed)} − {format_rial(approved)} = {format_rial(deducted)}"
        )
    else:
        steps.append("همه مبلغ درخواستی تأیید شد.")
    return ClaimWorking(claimed, approved, deducted, tuple(steps))
