"""Clearance test helpers: months counted back from today's Jalali month, and a workshop
whose every due month has a list sent and paid in time (so nothing at all is owed).

Dates follow the real calendar: month C is the current Jalali month; the list of month
M is due by the end of M+1, so on any day of C the months up to C-2 are past their
deadline and C-1 is not yet.
"""

from __future__ import annotations

import datetime

import jdatetime
from django.urls import reverse
from django.utils import timezone

from employers.models import EntryKind, LedgerEntry
from tamin.core.jalali import format_period, today_jalali
from tests.employers.factories import RepresentativeFactory
from tests.employers.factories_money import payment_recorded, submitted_list_with_charge

PREMIUM = 1_000_000


def month_back(count: int) -> tuple[int, int]:
    """The (year, month) `count` Jalali months before the current one."""
    today = today_jalali()
    index = today.year * 12 + (today.month - 1) - count
    return index // 12, index % 12 + 1


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def label(period: tuple[int, int]) -> str:
    return format_period(*period)


def at(period: tuple[int, int], day: int, hour: int = 10) -> datetime.datetime:
    date = jdatetime.date(period[0], period[1], day).togregorian()
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


def first_day(period: tuple[int, int]) -> datetime.date:
    return jdatetime.date(period[0], period[1], 1).togregorian()


def list_sent(workshop, period: tuple[int, int], *, on: datetime.datetime, amount: int = PREMIUM):
    """The list of `period` submitted with its charge row dated `on`."""
    item = submitted_list_with_charge(
        workshop=workshop, year=period[0], month=period[1], amount=amount
    )
    LedgerEntry.objects.filter(monthly_list=item, kind=EntryKind.CHARGE).update(created_at=on)
    return item


def paid(workshop, period: tuple[int, int], *, on: datetime.datetime, amount: int = PREMIUM):
    return payment_recorded(
        workshop=workshop, amount=amount, year=period[0], month=period[1], on=on
    )


def sent_and_paid_in_time(workshop, period: tuple[int, int]) -> None:
    """Sent and paid on the 5th of the month after `period` (well before its deadline)."""
    following = next_month(*period)
    list_sent(workshop, period, on=at(following, 5, 9))
    paid(workshop, period, on=at(following, 5, 11))


def clean_representative(*, months: int = 3, **workshop_fields):
    """The owner of a workshop started `months` months ago whose every month past its
    deadline (C-months … C-2) has a list sent and paid in time: nothing is owed."""
    started = month_back(months)
    representative = RepresentativeFactory(
        workshop__started_on=first_day(started),
        workshop__e_notification_opt_in=True,
        user__email="owner@example.ir",
        **{f"workshop__{key}": value for key, value in workshop_fields.items()},
    )
    for count in range(months, 1, -1):
        sent_and_paid_in_time(representative.workshop, month_back(count))
    return representative


def request_clearance(client, representative, data: dict, capture):
    """POST the request form as `representative`; the worker's task runs on commit
    (`capture` is pytest-django's django_capture_on_commit_callbacks)."""
    client.force_login(representative.user)
    with capture(execute=True):
        return client.post(
            reverse("employers:clearance_new", args=[representative.workshop.pk]), data
        )
