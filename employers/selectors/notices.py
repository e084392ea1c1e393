"""Reads of notices: a workshop's inbox and one notice, for its representatives and staff.

A representative sees the workshop's served notices (a paper notice once its service
day is recorded); staff of the workshop's branch see every notice, served or waiting
for paper service. Anything else is a 404.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from branches.selectors.staff import staff_membership_get, staff_memberships_for_user
from employers.models import Notice, Workshop
from employers.selectors.workshops import workshop_get_for_user, workshops_for_user
from tamin.core.jalali import format_period, persian_digits

NOTICE_PAGE_SIZE = 20
PAPER_QUEUE_PAGE_SIZE = 50


def notices_for_workshop(
    *,
    workshop: Workshop,
    kind: str | None = None,
    served_from: datetime.date | None = None,
    served_to: datetime.date | None = None,
    include_unserved: bool = False,
) -> QuerySet[Notice]:
    """The workshop's notices, newest first, optionally of one kind and served in a period."""
    notices = Notice.objects.filter(workshop=workshop)
    if not include_unserved:
        notices = notices.filter(served_at__isnull=False)
    if kind:
        notices = notices.filter(kind=kind)
    if served_from:
        notices = notices.filter(served_at__date__gte=served_from)
    if served_to:
        notices = notices.filter(served_at__date__lte=served_to)
    return notices.order_by("-served_at", "-id")


def notice_get_for_user(*, user, notice_id: int) -> Notice:
    """A served notice of a workshop `user` acts for; 404 otherwise."""
    notice = (
        Notice.objects.select_related("workshop", "branch", "first_opened_by")
        .filter(pk=notice_id, served_at__isnull=False)
        .first()
    )
    if notice is None:
        raise Http404
    workshop_get_for_user(user=user, workshop_id=notice.workshop_id)
    return notice


def notice_get_for_staff(*, user, notice_id: int) -> Notice:
    """Any notice of a workshop of the staff member's branch; 404 otherwise."""
    notice = (
        Notice.objects.select_related("workshop", "branch", "first_opened_by")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None:
        raise Http404
    staff_membership_get(user=user, branch_id=notice.branch_id)
    return notice


def notices_unread_count(*, workshop: Workshop) -> int:
    return Notice.objects.filter(
        workshop=workshop, served_at__isnull=False, first_opened_at__isnull=True
    ).count()


def notices_awaiting_paper_service(*, branch_ids) -> QuerySet[Notice]:
    return (
        Notice.objects.filter(branch_id__in=branch_ids, served_at__isnull=True)
        .select_related("workshop")
        .order_by("created_at", "id")
    )


def notice_inbox_page(
    *,
    workshop: Workshop,
    page: int = 1,
    kind: str | None = None,
    served_from: datetime.date | None = None,
    served_to: datetime.date | None = None,
) -> Page:
    """One page of the workshop's inbox (a count and a page query; no join per row).

    A page number past the end gives the last page.
    """
    notices = notices_for_workshop(
        workshop=workshop, kind=kind, served_from=served_from, served_to=served_to
    ).defer("body", "content")
    return Paginator(notices, NOTICE_PAGE_SIZE).get_page(page)


@dataclass(frozen=True)
class WorkshopInbox:
    workshop: Workshop
    role: str
    unread: int
    total: int


def notice_inboxes_for_user(*, user) -> list[WorkshopInbox]:
    """Every workshop the person acts for, with its served and unread notices (one query)."""
    served = Q(workshop__notices__served_at__isnull=False)
    rows = workshops_for_user(user=user).annotate(
        notices_served=Count("workshop__notices", filter=served),
        notices_unread=Count(
            "workshop__notices",
            filter=served & Q(workshop__notices__first_opened_at__isnull=True),
        ),
    )
    return [
        WorkshopInbox(
            workshop=row.workshop,
            role=row.get_role_display(),
            unread=row.notices_unread,
            total=row.notices_served,
        )
        for row in rows
    ]


def notices_awaiting_paper_service_page(*, user, page: int = 1) -> Page:
    """Notices of the staff member's branches waiting to be handed over on paper, oldest first."""
    branch_ids = staff_memberships_for_user(user=user).values("branch_id")
    notices = notices_awaiting_paper_service(branch_ids=branch_ids).defer("body", "content")
    return Paginator(notices, PAPER_QUEUE_PAGE_SIZE).get_page(page)


# --- what a notice says, as a page shows it ------------------------------------------


@dataclass(frozen=True)
class NoticeLine:
    """One period of a ruling (or a vote): its principal and penalty."""

    year: int
    month: int
    principal: int | None
    penalty: int | None
    description: str

    @property
    def period_label(self) -> str:
        return _period_label(self.year, self.month)


@dataclass(frozen=True)
class NoticeWorker:
    """A worker the inspector found at work who was on no list."""

    national_code: str
    full_name: str
    year: int
    month: int
    days: int
    daily_wage: int

    @property
    def period_label(self) -> str:
        return _period_label(self.year, self.month)


@dataclass(frozen=True)
class NoticeContent:
    lines: list[NoticeLine]
    workers: list[NoticeWorker]
    amounts: list[tuple[str, int]]  # (Persian label, rial)


# The amounts a notice's content may carry, with the label a person reads.
CONTENT_AMOUNTS = (
    ("principal_total", "اصل بدهی"),
    ("penalty_total", "جرائم"),
    ("total", "جمع"),
    ("amount", "مبلغ"),
)


def _period_label(year: int, month: int) -> str:
    if 1 <= month <= 12 and year:
        return format_period(year, month)
    return persian_digits(f"{year}/{month}")


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def workers_from_rows(rows) -> list[NoticeWorker]:
    """Stored rows of workers found on no list (an inspection's, a notice's) as a page reads
    them; anything that is not such a row is left out."""
    return [
        NoticeWorker(
            national_code=str(row.get("national_code") or ""),
            full_name=str(row.get("full_name") or ""),
            year=_int_or_none(row.get("year")) or 0,
            month=_int_or_none(row.get("month")) or 0,
            days=_int_or_none(row.get("days")) or 0,
            daily_wage=_int_or_none(row.get("daily_wage")) or 0,
        )
        for row in rows or ()
        if isinstance(row, dict)
    ]


def notice_content_view(*, notice: Notice) -> NoticeContent:
    """The parts of a notice's canonical content a person reads, in their own shapes: the
    periods of a ruling (`lines`), the workers an inspection found (`workers_not_listed`),
    and the amounts. Keys the page does not know (ids, the term in days) are not shown; the
    title and body already say them in words."""
    content = notice.content if isinstance(notice.content, dict) else {}
    lines = [
        NoticeLine(
            year=_int_or_none(row.get("year")) or 0,
            month=_int_or_none(row.get("month")) or 0,
            principal=_int_or_none(row.get("principal")),
            penalty=_int_or_none(row.get("penalty")),
            description=str(row.get("description") or ""),
        )
        for row in content.get("lines") or ()
        if isinstance(row, dict)
    ]
    workers = workers_from_rows(content.get("workers_not_listed"))
    amounts = [
        (label, _int_or_none(content[key]))
        for key, label in CONTENT_AMOUNTS
        if _int_or_none(content.get(key)) is not None
    ]
    return NoticeContent(lines=lines, workers=workers, amounts=amounts)
