"""Who may read a case document: the applicant, or active staff of the case's branch."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from branches.models import CaseDocument, StaffMembership
from branches.models.cases import CaseStatus

# Staff see a case only once it reached the branch (never a draft or a held request).
STAFF_HIDDEN_STATUSES = (CaseStatus.DRAFT, CaseStatus.SUBMITTED)


def case_document_get_for_user(*, user, document_id: int) -> CaseDocument:
    """The document if `user` is its case's applicant or works at the case's branch; else 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    works_there = StaffMembership.objects.filter(
        user=user, is_active=True, branch_id=OuterRef("case__branch_id"), branch__is_active=True
    )
    document = (
        CaseDocument.objects.select_related("case")
        .filter(pk=document_id)
        .filter(
            Q(case__applicant=user)
            | (Exists(works_there) & ~Q(case__status__in=STAFF_HIDDEN_STATUSES))
        )
        .first()
    )
    if document is None:
        raise Http404
    return document
