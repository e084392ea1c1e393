"""Kernel reads: issued documents by their public verification code."""

from __future__ import annotations

import re

from tamin.core.identifiers import normalize_digits
from tamin.core.models import IssuedDocument

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
