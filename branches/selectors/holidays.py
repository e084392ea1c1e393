"""Which days are official holidays (Fridays aside), with their names.

Solar rows recur every year on their Jalali month and day, so a year nobody touched
still has its Nowruz; lunar and announced rows are dated. Every caller (SLA working
days, appointment slots and calendar, the 1420 desk) asks here, in one query per window.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import jdatetime
from django.db.models import Q

from branches.models import Holiday, HolidayKind
from tamin.core.jalali import jalali_month_days, to_jalali_date


def holiday_names_between(*, start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """Each holiday from `start` to `end` (both included) → its name; names of two
    holidays on one day are joined («عید نوروز؛ عید سعید فطر»). One query."""
    if end < start:
        return {}
    rows = Holiday.objects.filter(
        Q(kind=HolidayKind.SOLAR) | Q(date__gte=start, date__lte=end)
    ).values_list("kind", "date", "solar_month", "solar_day", "title")
    years = range(to_jalali_date(start).year, to_jalali_date(end).year + 1)
    titles: dict[dt.date, list[str]] = defaultdict(list)
    for kind, date, month, day, title in rows:
        if kind != HolidayKind.SOLAR:
            titles[date].append(title)
            continue
        for year in years:
            if day > jalali_month_days(year, month):
                continue  # 30 Esfand outside a leap year
            day_of_year = jdatetime.date(year, month, day).togregorian()
            if start <= day_of_year <= end:
                titles[day_of_year].append(title)
    return {day: "؛ ".join(dict.fromkeys(names)) for day, names in sorted(titles.items())}


def holiday_dates_between(*, start: dt.date, end: dt.date) -> set[dt.date]:
    return set(holiday_names_between(start=start, end=end))
