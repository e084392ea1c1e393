"""Inspection writes: an inspector's visit to a workshop, recorded by the branch (audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from branches.models import Branch
from branches.models.inspections import Inspection
from tamin.core.services import audit_record


@transaction.atomic
def inspection_record(
    *,
    workshop_code: str,
    workshop_name: str,
    branch: Branch,
    inspected_on: dt.date,
    inspector_name: str,
    reason: str,
    findings: str,
    workers_seen: int,
    result: str,
    actor=None,
    workers_not_listed: list[dict[str, Any]] | None = None,
) -> Inspection:
    """Record a visit; `workers_not_listed` are the workers found at work on no list of the
    workshop's ([{"national_code", "full_name", "year", "month", "days", "daily_wage"}]),
    checked by the caller (an audience app's form and service)."""
    inspection = Inspection(
        workshop_code=workshop_code,
        workshop_name=workshop_name,
        branch=branch,
        inspected_on=inspected_on,
        inspector_name=inspector_name,
        reason=reason,
        findings=findings,
        workers_seen=workers_seen,
        result=result,
        workers_not_listed=list(workers_not_listed or []),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    inspection.full_clean()
    inspection.save(force_insert=True)
    audit_record(
        action="inspection.recorded",
        actor=actor,
        target=inspection,
        after={
            "workshop_code": workshop_code,
            "result": result,
            "inspected_on": str(inspected_on),
            "workers_not_listed": len(inspection.workers_not_listed),
        },
    )
    return inspection
