"""Working days for SLAs: the Iranian weekend is Friday; rows of `Holiday` are off too."""

from __future__ import annotations

import datetime as dt

from branches.models import Holiday

FRIDAY = 4  # date.weekday(): Monday = 0 … Friday = 4


def _holidays_between(start: dt.date, end: dt.date) -> set[dt.date]:
    return set(
        Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )


def is_working_day(day: dt.date, *, holidays: set[dt.date] | None = None) -> bool:
    if day.weekday() == FRIDAY:
        return False
    if holidays is None:
        return not Holiday.objects.filter(date=day).exists()
    return day not in holidays


def working_days_add(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself never counts).

    One query: the holidays of a window wide enough for any run of Fridays and
    holidays (Nowruz is the longest, about two weeks), widened if it is not.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    window = days * 2 + 30
    while True:
        holidays = _holidays_between(start, start + dt.timedelta(days=window))
        day, left = start, days
        while left and day < start + dt.timedelta(days=window):
            day += dt.timedelta(days=1)
            if is_working_day(day, holidays=holidays):
                left -= 1
        if not left:
            return day
        window *= 2
