"""The staff queue's table rows, written in Python.

Fifty rows of seven cells in the template language were most of the queue page's time
(a variable lookup, a filter and an escape per cell). The tag writes the same markup from
`CaseQueueRow`s with the same display functions as the filters (`code`, `fa`, `jdate`):
each column's label once per table, each kind's and status's label once per kind and
status, and the date once per due date; values escaped by the standard library's
`html.escape` (the same five characters as Django's `escape`).
"""

from __future__ import annotations

from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from branches.models.cases import case_status_label
from branches.registry import case_kind_label
from tamin.core import jalali
from tamin.core.templatetags.fa import code, fa_digits

register = template.Library()

SUBJECT_CHARS = 60


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
    # Escaped once per table; html.escape is what Django's escape does (& < > " '), without
    # its lazy-string checks on every call.
    labels = {name: escape(label) for name, label in column_labels().items()}
    overdue_badge = f' <span class="badge bg-danger">{escape(gettext("گذشته از موعد"))}</span>'
    unassigned = f'<span class="text-muted">{escape(gettext("تعیین نشده"))}</span>'
    # The detail address of case 0, its number swapped per row: one reverse per table.
    href_head, href_tail = reverse("branches:case_detail_staff", args=[0]).rsplit("/0/", 1)
    href_head, href_tail = escape(href_head), escape(href_tail)
    kinds: dict[str, str] = {}
    states: dict[tuple[str, bool], str] = {}
    dates: dict = {}
    parts = []
    for row in rows:
        kind = kinds.get(row.kind)
        if kind is None:
            kind = kinds[row.kind] = escape(case_kind_label(row.kind))
        state = states.get((row.status, row.at_agency))
        if state is None:
            state = states[row.status, row.at_agency] = escape(
                case_status_label(row.status, at_agency=row.at_agency)
            )
        due = ""
        if row.due_date is not None:
            due = dates.get(row.due_date)
            if due is None:
                due = dates[row.due_date] = escape(jalali.format_jalali_date(row.due_date))
        is_overdue = row.due_date is not None and row.due_date < today
        assignee = escape(fa_digits(row.assignee_name)) if row.assignee_name else unassigned
        parts.append(
            f'<tr class="case-row{" table-danger" if is_overdue else ""}" '
            f'data-tracking-code="{escape(row.tracking_code)}">'
            f'<td data-label="{labels["code_label"]}" class="text-nowrap">'
            f'<a href="{href_head}/{int(row.id)}/{href_tail}">{code(row.tracking_code)}</a></td>'
            f'<td data-label="{labels["kind_label"]}">{kind}</td>'
            f'<td data-label="{labels["subject_label"]}">'
            f"{escape(Truncator(row.subject).chars(SUBJECT_CHARS))}</td>"
            f'<td data-label="{labels["applicant_label"]}">'
            f"{escape(fa_digits(row.applicant_name))}</td>"
            f'<td data-label="{labels["state_label"]}">{state}</td>'
            f'<td data-label="{labels["due_label"]}"><span>{due}'
            f"{overdue_badge if is_overdue else ''}</span></td>"
            f'<td data-label="{labels["assignee_label"]}">{assignee}</td>'
            "</tr>"
        )
    # Every value above is escaped; code() returns its own escaped markup.
    return mark_safe("".join(parts))  # noqa: S308
