"""Insert many rows of one table in batches: COPY on PostgreSQL, bulk_create elsewhere.

A 10,000-row list, or its 76,000 errors, is then a few round trips and, on
PostgreSQL, no model objects; memory stays bounded by the batch, not the total.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models

COPY_BATCH_ROWS = 10_000
CREATE_BATCH_ROWS = 2_000


def _batches(rows: Iterable[Sequence[Any]], size: int) -> Iterable[list[Sequence[Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def bulk_insert(
    *, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert `rows` (value tuples in the order of `columns`, attnames such as
    "monthly_list_id") into `model`'s table. Runs inside the caller's transaction."""
    if connection.vendor != "postgresql":
        for batch in _batches(rows, CREATE_BATCH_ROWS):
            model.objects.bulk_create(
                [model(**dict(zip(columns, values, strict=True))) for values in batch]
            )
        return
    table = model._meta.db_table
    column_list = ", ".join(columns)
    with connection.cursor() as cursor:
        for batch in _batches(rows, COPY_BATCH_ROWS):
            buffer = io.StringIO()
            # Every field quoted: in COPY's CSV an unquoted empty field would be NULL, not "".
            csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(batch)
            buffer.seek(0)
            cursor.copy_expert(f"COPY {table} ({column_list}) FROM STDIN WITH (FORMAT csv)", buffer)
