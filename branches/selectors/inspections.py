"""Inspection reads: what inspectors found at given workshops (for the people who work there)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from branches.models.inspections import Inspection


def inspections_for_workshops(*, workshop_codes: Iterable[str]) -> QuerySet[Inspection]:
    """Inspections of these workshops, newest first (one query, branch joined)."""
    codes = sorted({code for code in workshop_codes if code})
    return (
        Inspection.objects.filter(workshop_code__in=codes)
        .select_related("branch")
        .order_by("-inspected_on", "-id")
    )
