"""Inspection reads: what inspectors found at given workshops (for the people who work there)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from branches.models.inspections import Inspection, InspectionResult


def inspections_for_workshops(*, workshop_codes: Iterable[str]) -> QuerySet[Inspection]:
    """Inspections of these workshops, newest first (one query, branch joined)."""
    codes = sorted({code for code in workshop_codes if code})
    return (
        Inspection.objects.filter(workshop_code__in=codes)
        .select_related("branch")
        .order_by("-inspected_on", "-id")
    )


def inspection_result_choices() -> list[tuple[str, str]]:
    """The results an inspection report may state, (value, Persian label), for a form."""
    return list(InspectionResult.choices)


def inspections_for_branches(*, branch_ids: Iterable[int] | QuerySet) -> QuerySet[Inspection]:
    """Inspections recorded by these branches (ids, or a values("branch_id") queryset read as a
    subquery), newest first (one query, branch joined)."""
    return (
        Inspection.objects.filter(branch_id__in=branch_ids)
        .select_related("branch")
        .order_by("-inspected_on", "-id")
    )
