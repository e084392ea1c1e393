"""Inspection writes: an inspector's visit to a workshop, recorded by the branch (audited)."""

from __future__ import annotations

import datetime as dt

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
) -> Inspection:
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
    )
    inspection.full_clean()
    inspection.save(force_insert=True)
    audit_record(
        action="inspection.recorded",
        actor=actor,
        target=inspection,
        after={"workshop_code": workshop_code, "result": result, "inspected_on": str(inspected_on)},
    )
    return inspection
