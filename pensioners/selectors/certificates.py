"""Reads of the certificates area: a person's certificates (404 for anyone else's), the
loans with overdue installments a certificate of deduction states, the last payslip a
salary certificate quotes, and the state of each certificate's PDF.

Payslips are read from the models directly (`Payslip`, `PayslipRow`): the payslips area
owns their writes; a certificate only quotes the latest one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from pensioners.models import Payslip, PayslipRow, Pension, PensionCertificate, PensionLoan
from pensioners.selectors.pensions import pensions_for_user
from tamin.core import pdf
from tamin.core.document_requests import document_request_usable
from tamin.core.models import DocumentRequest

# The kernel document kind of both certificates' PDF (registered by pensioners.kinds).
CERTIFICATE_DOCUMENT_KIND = "pensioners.certificate"


def certificates_for_user(*, user) -> QuerySet[PensionCertificate]:
    """The signed-in person's certificates (every pension), newest first; empty for others."""
    return (
        PensionCertificate.objects.filter(pension__in=pensions_for_user(user=user).values("pk"))
        .select_related("pension", "pension__pensioner")
        .order_by("-created_at", "-id")
    )


def certificate_get_for_user(*, user, certificate_id: int) -> PensionCertificate:
    """One of the person's certificates, or 404 (a missing one and another's alike)."""
    certificate = certificates_for_user(user=user).filter(pk=certificate_id).first()
    if certificate is None:
        raise Http404
    return certificate


def overdue_loans_for_pension(*, pension: Pension) -> QuerySet[PensionLoan]:
    """The pension's loans still being repaid that have overdue installments, oldest first."""
    return PensionLoan.objects.filter(
        pension=pension, status=PensionLoan.Status.ACTIVE, overdue_installments__gt=0
    ).order_by("started_on", "id")


def pensions_with_overdue_loans(*, pensions) -> set[int]:
    """Of these pensions, the ids of those with an overdue installment (one query)."""
    return set(
        PensionLoan.objects.filter(
            pension__in=pensions, status=PensionLoan.Status.ACTIVE, overdue_installments__gt=0
        ).values_list("pension_id", flat=True)
    )


def payslip_latest(*, pension: Pension) -> Payslip | None:
    """The pension's newest payslip (by its Jalali year and month), or None."""
    return Payslip.objects.filter(pension=pension).order_by("-year", "-month", "-id").first()


def loan_last_deductions(*, payslip: Payslip | None, loans) -> dict[int, int]:
    """What `payslip` deducted for each of these loans (loan id → rial; absent: nothing)."""
    if payslip is None:
        return {}
    deducted: dict[int, int] = {}
    rows = PayslipRow.objects.filter(
        payslip=payslip, kind=PayslipRow.Kind.LOAN, loan__in=loans
    ).values_list("loan_id", "amount")
    for loan_id, amount in rows:
        deducted[loan_id] = deducted.get(loan_id, 0) + amount
    return deducted


def certificates_issued_since(*, pensioner_id: int, since: datetime.datetime) -> int:
    """How many certificates the pensioner was issued from `since` on (the daily limit)."""
    return PensionCertificate.objects.filter(
        pension__pensioner_id=pensioner_id, created_at__gte=since
    ).count()


def local_day_start(now: datetime.datetime | None = None) -> datetime.datetime:
    """Midnight of today in the portal's time zone (Tehran), as an aware datetime."""
    local = timezone.localtime(now or timezone.now())
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class CertificateDocumentState:
    """Where a certificate's PDF stands, for a page or the API."""

    request_id: int | None
    status: str  # pending, ready, failed, or "" when no request exists
    status_label: str
    ready: bool  # ready and the file is in the store: it downloads
    failure: str
    verification_code: str | None


_NO_REQUEST = CertificateDocumentState(None, "", "", False, "", None)


def _state(
    document_request: DocumentRequest | None, *, check_store: bool
) -> CertificateDocumentState:
    if document_request is None:
        return _NO_REQUEST
    document = document_request.document
    if check_store:
        ready = document_request_usable(document_request)
    else:
        ready = document_request.status == DocumentRequest.Status.READY and document is not None
    return CertificateDocumentState(
        request_id=document_request.pk,
        status=document_request.status,
        status_label=str(document_request.get_status_display()),
        ready=ready,
        failure=document_request.failure,
        verification_code=document.verification_code if document is not None else None,
    )


def certificate_content_key(certificate: PensionCertificate) -> str:
    """The content key of the certificate's PDF: one certificate is one document."""
    return pdf.document_content_key(
        kind=CERTIFICATE_DOCUMENT_KIND,
        data={"certificate": certificate.pk, "kind": certificate.kind},
    )


def _latest_requests(*, certificates: list[PensionCertificate], user) -> dict[str, DocumentRequest]:
    """The newest document request (content key → request) of each certificate's PDF.

    The newest, not the one issuing started: a failed render retried from the kernel's
    page is a new request for the same content.
    """
    keys = [certificate_content_key(c) for c in certificates if c.document_request_id is not None]
    if not keys:
        return {}
    latest: dict[str, DocumentRequest] = {}
    requests = (
        DocumentRequest.objects.select_related("document")
        .filter(
            owner_id=getattr(user, "pk", None),
            kind=CERTIFICATE_DOCUMENT_KIND,
            content_key__in=keys,
        )
        .order_by("-created_at", "-id")
    )
    for document_request in requests:
        latest.setdefault(document_request.content_key, document_request)
    return latest


def certificate_document_state(
    *, certificate: PensionCertificate, user
) -> CertificateDocumentState:
    """The state of the certificate's PDF (its newest document request) for its owner."""
    document_request = _latest_requests(certificates=[certificate], user=user).get(
        certificate_content_key(certificate)
    )
    return _state(document_request, check_store=True)


def certificate_document_states(
    *, certificates: list[PensionCertificate], user
) -> dict[int, CertificateDocumentState]:
    """Each certificate's PDF state (certificate id → state), in one query: for lists.

    Without the file-store check of `certificate_document_state` (a list shows the
    status; the request's own page checks the file before offering it).
    """
    latest = _latest_requests(certificates=certificates, user=user)
    return {
        certificate.pk: _state(latest.get(certificate_content_key(certificate)), check_store=False)
        for certificate in certificates
    }
