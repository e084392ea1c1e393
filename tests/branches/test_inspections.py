"""Inspections: recorded by a service (audited), read by workshop codes newest first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from branches.models import InspectionResult
from branches.selectors.inspections import inspections_for_workshops
from branches.services.inspections import inspection_record
from tamin.core.models import AuditLog
from tests.branches.factories import BranchFactory

pytestmark = pytest.mark.django_db


def _record(code: str, day: int, **overrides):
    fields = {
        "workshop_code": code,
        "workshop_name": "کارگاه",
        "branch": BranchFactory(),
        "inspected_on": dt.date(2025, 1, day),
        "inspector_name": "بازرس",
        "reason": "",
        "findings": "",
        "workers_seen": 3,
        "result": InspectionResult.COMPLIANT,
    }
    return inspection_record(**(fields | overrides))


def test_inspections_of_given_workshops_newest_first(django_assert_num_queries):
    older = _record("1000000001", 1)
    newer = _record("1000000001", 5)
    _record("2000000002", 9)
    with django_assert_num_queries(1):
        rows = list(inspections_for_workshops(workshop_codes=["1000000001", ""]))
        assert [r.branch.name for r in rows]
    assert rows == [newer, older]


def test_no_workshops_means_no_inspections():
    _record("1000000001", 1)
    assert not inspections_for_workshops(workshop_codes=[]).exists()


def test_recording_is_audited_and_checked():
    inspection = _record("1000000001", 1)
    assert AuditLog.objects.filter(
        action="inspection.recorded", target_id=str(inspection.pk)
    ).exists()
    with pytest.raises(ValidationError):
        _record("1000000001", 2, result="unknown")
