"""Kernel writes: the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from tamin.core.models import AuditLog
from tamin.core.net import client_ip


def audit_record(
    *,
    action: str,
    actor: Any = None,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str | int = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditLog:
    """Append one audit row. Called inside the caller's transaction."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or target.pk
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditLog.objects.create(
        action=action,
        actor=actor,
        target_type=target_type,
        target_id=str(target_id or ""),
        before=before,
        after=after,
        ip_address=client_ip(request),
        detail=detail or {},
    )
