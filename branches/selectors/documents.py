"""Who may read a case document: the applicant, or active staff of the case's branch (of its
agency, for a case routed to one)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from branches.models import CaseDocument
from branches.models.cases import CaseStatus
from branches.selectors.staff import case_place_staff_q

# Staff see a case only once it reached the branch (never a draft or a held request).
STAFF_HIDDEN_STATUSES = (CaseStatus.DRAFT, CaseStatus.SUBMITTED)


def case_document_get_for_user(*, user, document_id: int) -> CaseDocument:
    """The document if `user` is its case's applicant or works at the case's place (branch or
    agency); else 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    document = (
        CaseDocument.objects.select_related("case")
        .filter(pk=document_id)
        .filter(
            Q(case__applicant=user)
            | (
                case_place_staff_q(user=user, prefix="case__")
                & ~Q(case__status__in=STAFF_HIDDEN_STATUSES)
            )
        )
        .first()
    )
    if document is None:
        raise Http404
    return document
