"""Parse (in a Celery task): read the stored files through `listfile.load` (the same
recogniser and readers as `monthly_list check`), check them (format, encoding,
reconciliation, identifiers, calendar, caps and rates of that year), add the registry
checks, and store ALL errors — or, when there are none, every row and the totals — in
ONE transaction, so half a list is never stored. It may run again (a worker died
mid-way): rows are written only in that last transaction.

Issues stay `ListIssue` objects until `list_errors_store` writes them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employers import listfile
from employers.listfile.codes import INTERNAL_ERROR
from employers.listfile.types import ListIssue
from employers.models import ListStatus, MonthlyList, MonthlyListRow
from employers.services.bulk import bulk_insert
from employers.services.list_errors import ERROR_FIELDS, list_errors_store
from employers.services.lists.registry_checks import (
    list_year_rates,
    registry_issues,
    with_registry_coverage,
)
from employers.services.lists.rows import ROW_COLUMNS, row_values
from employers.services.lists.storage import monthly_list_files
from employers.services.lists.upload import PARSE_PENDING
from tamin.core.services import audit_record

logger = logging.getLogger(__name__)

PARSE_ABANDONED = "parse_abandoned"
TOTAL_FIELDS = (
    "worker_count",
    "total_days",
    "total_insurable",
    "total_pay",
    "insured_share",
    "employer_share",
    "unemployment_share",
)


def _whole_list_issue(code: str, message: str) -> ListIssue:
    return ListIssue(file="", row=0, field="", code=code, message=message)


def _rows_store(monthly_list: MonthlyList, rows: Iterable[listfile.ListRow]) -> None:
    """Store a list's rows through `bulk_insert` (COPY on PostgreSQL: a 10,000-row list is
    one round trip and no model objects)."""
    bulk_insert(
        model=MonthlyListRow,
        columns=("monthly_list_id", *ROW_COLUMNS),
        rows=((monthly_list.pk, *row_values(row)) for row in rows),
    )


def _begin_parse(*, list_id: int) -> MonthlyList | None:
    with transaction.atomic():
        monthly_list = (
            MonthlyList.objects.select_for_update().select_related("workshop").get(pk=list_id)
        )
        if monthly_list.status not in PARSE_PENDING:
            return None  # already parsed: a repeated task does nothing
        if monthly_list.status != ListStatus.PARSING:
            monthly_list.status = ListStatus.PARSING
            monthly_list.save(update_fields=["status", "updated_at"])
    return monthly_list


def _read_and_check(
    monthly_list: MonthlyList,
) -> tuple[listfile.ParsedList | None, Mapping[str, int], list[ListIssue]]:
    """(parsed list, totals, issues): the file layer's verdict plus the registry's."""
    try:
        parsed = listfile.load(
            monthly_list_files(monthly_list=monthly_list),
            max_bytes=settings.MONTHLY_LIST_MAX_BYTES,
        )
        # The registry says who is covered by unemployment insurance (DSK_BIC).
        parsed = with_registry_coverage(parsed)
        report = listfile.check(parsed, list_year_rates(parsed.header.year))
        issues = [
            *report.issues,
            *registry_issues(
                parsed=parsed,
                workshop=monthly_list.workshop,
                year=monthly_list.year,
                month=monthly_list.month,
                file_format=monthly_list.file_format,
            ),
        ]
    except listfile.ListFileError as exc:
        return None, {}, list(exc.issues)
    except Exception:  # a parser bug must still end the list, with a reason, not hang it
        logger.exception("monthly list %s: unexpected parse failure", monthly_list.pk)
        message = _("پرونده خوانده نشد؛ لطفاً دوباره بارگذاری کنید یا با پشتیبانی تماس بگیرید.")
        return None, {}, [_whole_list_issue(INTERNAL_ERROR, message)]
    return parsed, report.totals, issues


def monthly_list_parse(*, list_id: int) -> MonthlyList | None:
    """Parse and check a stored list; None when it was parsed already. Never raises on bad input."""
    monthly_list = _begin_parse(list_id=list_id)
    if monthly_list is None:
        return None
    parsed, totals, issues = _read_and_check(monthly_list)
    if issues:
        return _finish_parse(list_id=list_id, parsed=None, totals={}, issues=issues)
    return _finish_parse(list_id=list_id, parsed=parsed, totals=totals, issues=[])


@transaction.atomic
def _finish_parse(
    *,
    list_id: int,
    parsed: listfile.ParsedList | None,
    totals: Mapping[str, int],
    issues: list[ListIssue],
) -> MonthlyList:
    """Everything the parse stores, in one transaction: errors, or rows + totals."""
    monthly_list = MonthlyList.objects.select_for_update().get(pk=list_id)
    if monthly_list.status not in PARSE_PENDING:
        return monthly_list
    fields = ["status", *ERROR_FIELDS, "parsed_at", "updated_at"]
    list_errors_store(monthly_list=monthly_list, issues=issues)
    monthly_list.parsed_at = timezone.now()
    if issues or parsed is None:
        monthly_list.status = ListStatus.INVALID
    else:
        MonthlyListRow.objects.filter(monthly_list=monthly_list).delete()
        _rows_store(monthly_list, parsed.rows)
        # Totals as computed from the rows by the checker (a valid list's header equals them).
        for name in TOTAL_FIELDS:
            setattr(monthly_list, name, int(totals.get(name, 0)))
        monthly_list.worker_count = len(parsed.rows)
        monthly_list.status = ListStatus.VALID
        fields += list(TOTAL_FIELDS)
    monthly_list.save(update_fields=fields)
    audit_record(
        action="employers.list_parsed",
        target=monthly_list,
        after={"status": monthly_list.status, "errors": len(issues)},
    )
    return monthly_list


@transaction.atomic
def monthly_list_parse_abandon(*, list_id: int) -> MonthlyList | None:
    """End a list whose parse never finished, time after time (the worker died on it).

    The parse task's give-up hook (tamin.core.task_deliveries): the list becomes invalid
    with a Persian reason, so the requeue sweeper, which only takes uploaded/parsing
    lists, never queues it again. None when the list was no longer waiting for its parse.
    """
    if not MonthlyList.objects.filter(pk=list_id, status__in=PARSE_PENDING).exists():
        return None
    reason = _("پردازش این فهرست چند بار ناتمام ماند؛ فهرست را بررسی و دوباره بارگذاری کنید.")
    issue = _whole_list_issue(PARSE_ABANDONED, reason)
    monthly_list = _finish_parse(list_id=list_id, parsed=None, totals={}, issues=[issue])
    audit_record(action="employers.list_parse_abandoned", target=monthly_list)
    return monthly_list
