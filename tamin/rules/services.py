"""Writes of the yearly figures: import a published document (idempotent, audited)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from tamin.core.services import audit_record
from tamin.rules.models import YearParameters
from tamin.rules.premiums import RATE_FIELDS
from tamin.rules.published import PublishedYear

_VALUES = (*RATE_FIELDS[1:], "note")


@dataclass(frozen=True)
class YearFiguresImport:
    created: tuple[int, ...]
    updated: tuple[int, ...]
    unchanged: tuple[int, ...]


@transaction.atomic
def year_parameters_import(
    *, years: Sequence[PublishedYear], actor: Any = None, source: str = ""
) -> YearFiguresImport:
    """Write every year of a published document (`year_figures_parse`/`year_figures_read`
    validated it; one transaction: all or nothing).

    A year whose row already holds the same figures is left alone, so importing the
    same file twice changes nothing; each created or changed year writes an audit row
    with its figures before and after.
    """
    created, updated, unchanged = [], [], []
    for item in years:
        values = item.as_dict()
        year = values.pop("year")
        row = YearParameters.objects.select_for_update().filter(year=year).first()
        before = {name: getattr(row, name) for name in _VALUES} if row else None
        if before == values:
            unchanged.append(year)
            continue
        row = row or YearParameters(year=year)
        for name, value in values.items():
            setattr(row, name, value)
        row.full_clean()
        row.save()
        (updated if before else created).append(year)
        audit_record(
            action="rules.year_parameters_imported",
            actor=actor,
            target=row,
            before=before,
            after=values,
            detail={"source": source[:200]},
        )
    return YearFiguresImport(tuple(created), tuple(updated), tuple(unchanged))
