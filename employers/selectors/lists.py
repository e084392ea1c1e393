"""Monthly list reads: the per-month overview of a workshop, one list, its rows, the deadline.

Every read starts from `workshop_get_for_user`, so a list of someone else's
workshop is a 404 exactly like a list that does not exist.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import jdatetime
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from employers.models import ListStatus, MonthlyList, MonthlyListRow, Workshop
from employers.selectors.workshops import workshop_get_for_user
from tamin.core.jalali import format_period, jalali_month_days, to_jalali_date, today_jalali

# Lists that count as "sent" for the month (the in-force one and the ones it replaced).
SENT_STATUSES = (ListStatus.SUBMITTED, ListStatus.SUPERSEDED)


def list_deadline(year: int, month: int) -> datetime.date:
    """DOMAIN.md §3: list and premium are due by the last day of the following Jalali month."""
    if month == 12:
        year, month = year + 1, 1
    else:
        month += 1
    return jdatetime.date(year, month, jalali_month_days(year, month)).togregorian()


def previous_jalali_month(today: jdatetime.date | None = None) -> tuple[int, int]:
    today = today or today_jalali()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def list_sent_on(submitted_at: datetime.datetime | None) -> datetime.date | None:
    """The Tehran date a list was sent, as the penalties count days (never the UTC date:
    from 20:30 UTC on, it is already the next day in Tehran)."""
    if submitted_at is None:
        return None
    return timezone.localdate(submitted_at, timezone.get_default_timezone())


def list_is_late(*, year: int, month: int, sent_on: datetime.date | None, today=None) -> bool:
    """Sent after the deadline, or not sent and the deadline has passed."""
    deadline = list_deadline(year, month)
    if sent_on is not None:
        return sent_on > deadline
    today = today or today_jalali().togregorian()
    return today > deadline


@dataclass(frozen=True)
class MonthOverview:
    year: int
    month: int
    deadline: datetime.date
    latest: MonthlyList | None  # the newest upload of the month, whatever its state
    in_force: MonthlyList | None  # the submitted list (after corrections, the last version)
    first_sent_on: datetime.date | None
    is_late: bool
    is_paid: bool = False  # its premium is charged and nothing of it is owed

    @property
    def label(self) -> str:
        return format_period(self.year, self.month)


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _first_due_month(
    *, workshop: Workshop, listed: list[tuple[int, int]], due_now: tuple[int, int]
) -> tuple[int, int]:
    """The workshop's start month; when the start is unknown, its first list's month."""
    if workshop.started_on is not None:
        started = to_jalali_date(workshop.started_on)
        return (started.year, started.month)
    return min([*listed, due_now])


def monthly_lists_overview(*, workshop: Workshop, today=None) -> list[MonthOverview]:
    """One line per month from the workshop's start to the month due now (and any month
    uploaded ahead), newest first: every month a list was due, sent or not. Two queries."""
    # money builds on this module (deadlines), so it is read here, not at import time
    from employers.selectors.money import periods_paid

    lists = list(
        MonthlyList.objects.filter(workshop=workshop)
        .only("id", "year", "month", "version", "status", "submitted_at", "created_at")
        .order_by("year", "month", "id")
    )
    by_month: dict[tuple[int, int], list[MonthlyList]] = {}
    for item in lists:
        by_month.setdefault((item.year, item.month), []).append(item)
    due_now = previous_jalali_month(to_jalali_date(today) if today else None)
    period = _first_due_month(workshop=workshop, listed=list(by_month), due_now=due_now)
    last = max([*by_month, due_now])
    # only a sent list charges a premium, so without one there is no ledger to read
    sent_any = any(item.status in SENT_STATUSES for item in lists)
    paid = periods_paid(workshop=workshop) if sent_any else set()
    overview = []
    while period <= last:
        items = by_month.get(period, [])
        sent = [i for i in items if i.status in SENT_STATUSES and i.submitted_at]
        sent_on = list_sent_on(min((i.submitted_at for i in sent), default=None))
        overview.append(
            MonthOverview(
                year=period[0],
                month=period[1],
                deadline=list_deadline(*period),
                latest=items[-1] if items else None,
                in_force=next((i for i in items if i.status == ListStatus.SUBMITTED), None),
                first_sent_on=sent_on,
                is_late=list_is_late(year=period[0], month=period[1], sent_on=sent_on, today=today),
                is_paid=period in paid,
            )
        )
        period = _next_month(*period)
    overview.reverse()
    return overview


@dataclass(frozen=True)
class YearOverview:
    year: int
    months: list[MonthOverview]  # newest first

    @property
    def overdue(self) -> int:
        """Months of the year whose deadline passed with no list sent."""
        return sum(1 for m in self.months if m.is_late and m.first_sent_on is None)


def monthly_lists_by_year(*, workshop: Workshop, today=None) -> list[YearOverview]:
    """The overview grouped by Jalali year, newest first (a long-lived workshop has decades)."""
    years: dict[int, list[MonthOverview]] = {}
    for month in monthly_lists_overview(workshop=workshop, today=today):
        years.setdefault(month.year, []).append(month)
    return [YearOverview(year=year, months=months) for year, months in years.items()]


def monthly_list_get_for_user(*, user, list_id: int) -> MonthlyList:
    """The list if `user` acts for its workshop; 404 when missing or someone else's."""
    workshop_id = (
        MonthlyList.objects.filter(pk=list_id).values_list("workshop_id", flat=True).first()
    )
    if workshop_id is None:
        raise Http404
    workshop = workshop_get_for_user(user=user, workshop_id=workshop_id)
    monthly_list = MonthlyList.objects.get(pk=list_id)
    monthly_list.workshop = workshop
    return monthly_list


def monthly_list_rows(*, monthly_list: MonthlyList) -> QuerySet[MonthlyListRow]:
    return MonthlyListRow.objects.filter(monthly_list=monthly_list).order_by("row_number")
