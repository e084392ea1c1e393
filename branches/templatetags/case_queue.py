"""The staff queue's table rows, written in Python.

Fifty rows of seven cells in the template language were most of the queue page's time
(a variable lookup, a filter and an escape per cell). The tag writes the same markup from
`CaseQueueRow`s with the same display functions as the filters (`code`, `fa`, `jdate`):
each column's label once per table, each kind's and status's label once per kind and
status, and the date once per due date.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from branches.models.cases import case_status_label
from branches.registry import case_kind_label
from tamin.core import jalali
from tamin.core.templatetags.fa import code, fa_digits

register = template.Library()

SUBJECT_CHARS = 60

_ROW = (
    '<tr class="case-row{overdue_class}" data-tracking-code="{tracking_code}">'
    '<td data-label="{code_label}" class="text-nowrap"><a href="{href}">{code}</a></td>'
    '<td data-label="{kind_label}">{kind}</td>'
    '<td data-label="{subject_label}">{subject}</td>'
    '<td data-label="{applicant_label}">{applicant}</td>'
    '<td data-label="{state_label}">{state}</td>'
    '<td data-label="{due_label}"><span>{due}{overdue_badge}</span></td>'
    '<td data-label="{assignee_label}">{assignee}</td>'
    "</tr>"
)


def column_labels() -> dict[str, str]:
    """The column headers, also each stacked cell's label on a phone (data-label)."""
    return {
        "code_label": gettext("کد رهگیری"),
        "kind_label": gettext("نوع درخواست"),
        "subject_label": gettext("موضوع"),
        "applicant_label": gettext("متقاضی"),
        "state_label": gettext("وضعیت"),
        "due_label": gettext("موعد پاسخ"),
        "assignee_label": gettext("کارشناس مسئول"),
    }


@register.simple_tag
def case_queue_headers() -> dict[str, str]:
    return column_labels()


@register.simple_tag
def case_queue_rows(rows) -> str:
    """`<tr>`s of the queue table, one per `CaseQueueRow`, overdue ones marked."""
    today = timezone.localdate()
    labels = column_labels()
    overdue_badge = format_html(' <span class="badge bg-danger">{}</span>', gettext("گذشته از موعد"))
    unassigned = format_html('<span class="text-muted">{}</span>', gettext("تعیین نشده"))
    # The detail address of case 0, its number swapped per row: one reverse per table.
    href_template = reverse("branches:case_detail_staff", args=[0])
    href_head, href_tail = href_template.rsplit("/0/", 1)
    kinds: dict[str, str] = {}
    states: dict[tuple[str, bool], str] = {}
    dates: dict = {}
    parts = []
    for row in rows:
        if row.kind not in kinds:
            kinds[row.kind] = case_kind_label(row.kind)
        state_key = (row.status, row.at_agency)
        if state_key not in states:
            states[state_key] = case_status_label(row.status, at_agency=row.at_agency)
        if row.due_date is not None and row.due_date not in dates:
            dates[row.due_date] = jalali.format_jalali_date(row.due_date)
        is_overdue = row.due_date is not None and row.due_date < today
        parts.append(
            format_html(
                _ROW,
                overdue_class=" table-danger" if is_overdue else "",
                tracking_code=row.tracking_code,
                href=f"{href_head}/{row.id}/{href_tail}",
                code=code(row.tracking_code),
                kind=kinds[row.kind],
                subject=Truncator(row.subject).chars(SUBJECT_CHARS),
                applicant=fa_digits(row.applicant_name),
                state=states[state_key],
                due=dates.get(row.due_date, ""),
                overdue_badge=overdue_badge if is_overdue else "",
                assignee=fa_digits(row.assignee_name) if row.assignee_name else unassigned,
                **labels,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - each row is built by format_html
