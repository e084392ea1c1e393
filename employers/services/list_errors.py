"""A monthly list's errors, stored bounded by design.

A broken payroll export can have an error on every row: a 38,000-row list with
76,000 errors once made a 17.7 MB page, and the whole report was one JSON field
read with every view of the list. `list_errors_store` (called by the parse, in
its transaction) therefore keeps
* on the list, `error_count` and `error_summary`: per rule its count and its first
  `MONTHLY_LIST_ERRORS_SHOWN_PER_RULE` errors — all the list page and the API
  overview ever read;
* every error as a `MonthlyListError` row, inserted in batches (COPY on
  PostgreSQL) and read a page (the paginated report) or a chunk (the streamed
  CSV) at a time through `employers.selectors.list_errors`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings

from employers.listfile.types import ListIssue
from employers.models import MonthlyList, MonthlyListError
from employers.services.bulk import bulk_insert

# The list fields `list_errors_store` sets; the caller saves them with its own changes.
ERROR_FIELDS = ("error_count", "error_summary")
ERROR_COLUMNS = ("monthly_list_id", "position", "file", "row", "field", "code", "message")


def _text(value: Any) -> str:
    # A message may quote the file's text; PostgreSQL text cannot hold a NUL character.
    return str(value or "").replace("\x00", "")


def _clean(issue: ListIssue) -> dict[str, Any]:
    """The five keys of an issue, text cut to its column (file and field names are short).
    Here, storing them, issues become dicts for the first time (the JSON edge)."""
    return {
        "file": _text(issue.file)[:16],
        "row": max(int(issue.row or 0), 0),
        "field": _text(issue.field)[:64],
        "code": _text(issue.code)[:40],
        "message": _text(issue.message),
    }


def error_summary_build(issues: Iterable[ListIssue], *, per_rule: int) -> list[dict]:
    """[{"code", "count", "first": [error with its position]}], rules in the order they were
    first met, at most `per_rule` errors kept for each."""
    by_code: dict[str, dict[str, Any]] = {}
    for position, issue in enumerate(issues, start=1):
        error = _clean(issue)
        entry = by_code.setdefault(error["code"], {"code": error["code"], "count": 0, "first": []})
        entry["count"] += 1
        if len(entry["first"]) < per_rule:
            entry["first"].append({"position": position, **error})
    return list(by_code.values())


def list_errors_store(*, monthly_list: MonthlyList, issues: Sequence[ListIssue]) -> None:
    """Replace the list's stored errors with `issues` (in the order found) and set
    ERROR_FIELDS on `monthly_list`; run inside the caller's transaction, which saves them."""
    MonthlyListError.objects.filter(monthly_list=monthly_list).delete()
    bulk_insert(
        model=MonthlyListError,
        columns=ERROR_COLUMNS,
        rows=(
            (monthly_list.pk, position, *(error[key] for key in ERROR_COLUMNS[2:]))
            for position, error in enumerate(map(_clean, issues), start=1)
        ),
    )
    monthly_list.error_count = len(issues)
    monthly_list.error_summary = error_summary_build(
        issues, per_rule=settings.MONTHLY_LIST_ERRORS_SHOWN_PER_RULE
    )
