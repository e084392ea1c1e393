"""Kernel writes: the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from tamin.core.models import AuditLog
from tamin.core.net import client_ip

# AuditLog.action/target_type/target_id are CharField(max_length=64).
_AUDIT_FIELD_MAX = 64


def _loggable(value: Any) -> Any:
    """The value with every string safe for PostgreSQL text and jsonb.

    Both refuse NUL (and a lone surrogate cannot be encoded at all), so a probe with
    such bytes used to fail the audit write itself; they are kept visible as escapes.
    """
    if isinstance(value, str):
        return value.replace("\x00", "\\x00").encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {_loggable(key): _loggable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_loggable(item) for item in value]
    return value


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
        action=_loggable(action)[:_AUDIT_FIELD_MAX],
        actor=actor,
        target_type=_loggable(target_type)[:_AUDIT_FIELD_MAX],
        target_id=_loggable(str(target_id or ""))[:_AUDIT_FIELD_MAX],
        before=_loggable(before),
        after=_loggable(after),
        ip_address=client_ip(request),
        detail=_loggable(detail or {}),
    )
