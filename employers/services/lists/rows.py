"""A worker row as the portal stores it: the values of `listfile.fields.ROW_FIELDS`, in
that order, each text cut to its column (the COPY of the parse and the ORM agree)."""

from __future__ import annotations

from typing import Any

from employers import listfile
from employers.listfile.fields import ROW_FIELD_NAMES, ROW_FIELDS, RowField

ROW_COLUMNS = ROW_FIELD_NAMES


def _fit(value: Any, field: RowField) -> Any:
    return (value or "")[: field.length] if field.length is not None else value


def row_values(row: listfile.ListRow) -> tuple[Any, ...]:
    """The stored values of a parsed row, in the order of ROW_COLUMNS."""
    return tuple(_fit(getattr(row, field.name), field) for field in ROW_FIELDS)
