"""Kernel reads: issued documents by their public verification code; a person's document requests."""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404

from tamin.core.identifiers import normalize_digits
from tamin.core.models import DocumentRequest, IssuedDocument

_CODE_RE = re.compile(r"[A-Z0-9]{8,16}")


def normalize_verification_code(code: str) -> str:
    """«abcd-ef۲۳ 4567» -> "ABCDEF234567": people type codes from paper, in any case.

    A slash is a separator too, and removing it keeps the result one path segment.
    """
    return re.sub(r"[\s\-‌_/]", "", normalize_digits(code or "")).upper()


def issued_document_get_by_code(*, code: str) -> IssuedDocument | None:
    """The document with this verification code, revoked or not; None if unknown."""
    normalized = normalize_verification_code(code)
    if not _CODE_RE.fullmatch(normalized):
        return None  # cannot exist: spare the database
    return IssuedDocument.objects.filter(verification_code=normalized).first()


def document_request_get_for_user(*, user: Any, request_id: int) -> DocumentRequest:
    """The user's own document request; Http404 for a missing one and someone else's alike."""
    document_request = (
        DocumentRequest.objects.select_related("document")
        .filter(pk=request_id, owner_id=getattr(user, "pk", None))
        .first()
    )
    if document_request is None:
        raise Http404
    return document_request
