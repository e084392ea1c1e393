"""Working days for SLAs: the Iranian weekend is Friday; official holidays are off too
(`branches.selectors.holidays`: solar ones every year, lunar ones by their dated rows)."""

from __future__ import annotations

import datetime as dt

from branches.selectors.holidays import holiday_dates_between

FRIDAY = 4  # date.weekday(): Monday = 0 … Friday = 4


def is_working_day(day: dt.date, *, holidays: set[dt.date] | None = None) -> bool:
    if day.weekday() == FRIDAY:
        return False
    if holidays is None:
        holidays = holiday_dates_between(start=day, end=day)
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
        holidays = holiday_dates_between(start=start, end=start + dt.timedelta(days=window))
        day, left = start, days
        while left and day < start + dt.timedelta(days=window):
            day += dt.timedelta(days=1)
            if is_working_day(day, holidays=holidays):
                left -= 1
        if not left:
            return day
        window *= 2
