"""Record reads (سوابق): the summary, one year's months, combined records, job titles.

`contribution_record_summary` reads the person's current records in ONE query
(only the columns it needs, as tuples) and computes everything in one pass, so
the page costs the same for one year of history as for thirty-five.

Overlaps: when two workshops report days for the same month the days are not
added twice. Per month, the counted days are
``min(days in that Jalali month, Σ days reported by all workshops)``;
the total is the sum of counted days and years = total / 365 (2 decimals,
rounded half up; DOMAIN.md §3). The page says so next to the total.

Wages are shown only from 1386 on (older records carry no reliable wage).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import jdatetime
from django.db import connection
from django.http import Http404

from insured.models import ContributionRecord, InsuredPerson
from insured.selectors import insured_person_for_user
from tamin.core.jalali import (
    MONTH_NAMES,
    format_number,
    format_period,
    jalali_month_days,
    today_jalali,
)

WAGE_SHOWN_FROM_YEAR = 1386
FIRST_YEAR = 1300
DAYS_PER_YEAR = 365

_COLUMNS = ("workshop_code", "workshop_name", "year", "month", "days", "insurable_total")
_COLUMNS_WITH_JOB = (*_COLUMNS, "job_code", "job_title")


def record_years(days: int) -> Decimal:
    """Contribution years of `days`: days / 365 with 2 decimals."""
    return (Decimal(days) / DAYS_PER_YEAR).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Period:
    year: int
    month: int

    @property
    def label(self) -> str:
        """«فروردین ۱۳۶۹»"""
        return format_period(self.year, self.month)


@dataclass(frozen=True)
class WorkshopTotal:
    workshop_code: str
    workshop_name: str
    first: Period
    last: Period
    months: int
    days: int


@dataclass(frozen=True)
class YearTotal:
    year: int
    days: int  # as reported (sum over workshops)
    counted_days: int  # overlaps counted once
    wage: int | None  # None before 1386


@dataclass(frozen=True)
class WorkshopMonth:
    workshop_code: str
    workshop_name: str
    days: int
    wage: int | None


@dataclass(frozen=True)
class MonthDetail:
    month: int
    month_days: int
    days: int
    counted_days: int
    wage: int | None
    workshops: tuple[WorkshopMonth, ...]

    @property
    def name(self) -> str:
        return MONTH_NAMES[self.month - 1]

    @property
    def overlap(self) -> bool:
        return len(self.workshops) > 1

    @property
    def missing_days(self) -> int:
        """Days of the month not covered (0 for a full month; the whole month when empty)."""
        return self.month_days - self.counted_days


@dataclass(frozen=True)
class YearDetail:
    year: int
    months: tuple[MonthDetail, ...]
    days: int
    counted_days: int
    wage: int | None
    wage_shown: bool


@dataclass(frozen=True)
class Overlap:
    period: Period
    workshops: tuple[WorkshopMonth, ...]
    days: int
    counted_days: int

    @property
    def excess(self) -> int:
        return self.days - self.counted_days


@dataclass(frozen=True)
class Span:
    """A run of consecutive months at one workshop (a line of the combined record)."""

    workshop_code: str
    workshop_name: str
    first: Period
    last: Period
    months: int
    days: int


@dataclass(frozen=True)
class JobTitle:
    job_code: str
    job_title: str
    first: Period
    last: Period
    months: int


@dataclass(frozen=True)
class RecordSummary:
    record_count: int
    reported_days: int  # Σ days of every current record, as in the database
    overlap_days: int  # days reported twice in the same month, not counted
    total_days: int  # reported_days - overlap_days
    years: Decimal
    wage_total: int  # Σ insurable total from 1386 on
    by_workshop: tuple[WorkshopTotal, ...]
    by_year: tuple[YearTotal, ...]
    overlaps: tuple[Overlap, ...]
    spans: tuple[Span, ...]
    job_titles: tuple[JobTitle, ...]
    first: Period | None
    last: Period | None

    @property
    def years_label(self) -> str:
        """«۳۵٫۱۶» (Persian digits and decimal separator)."""
        return format_number(self.years, places=2)


def _wage(year: int, amount: int) -> int | None:
    return amount if year >= WAGE_SHOWN_FROM_YEAR else None


def contribution_record_summary(*, person: InsuredPerson) -> RecordSummary:
    """Everything the record pages show, from one query over the current records."""
    rows = list(
        ContributionRecord.objects.filter(person=person, is_current=True)
        .order_by("year", "month", "workshop_code")
        .values_list(*_COLUMNS_WITH_JOB)
    )
    # Plain tuples and ints inside the loop (frozen dataclasses are slow to build);
    # the result objects are made once per workshop, year, span and job.
    reported_days = 0
    wage_total = 0
    workshops: dict[str, list] = {}  # code -> [name, first, last, months, days]
    years: dict[int, list[int]] = {}  # year -> [days, wage]
    months: dict[int, list[tuple]] = {}  # month number -> [(code, name, days, wage)]
    spans: list[list] = []  # [code, name, first, last, number, months, days]
    open_span: dict[str, list] = {}  # workshop -> its latest span
    jobs: dict[tuple[str, str], list] = {}  # (code, title) -> [first, last, months]

    for code, name, year, month, days, wage, job_code, job_title in rows:
        period = (year, month)
        number = year * 12 + month - 1
        reported_days += days
        if year >= WAGE_SHOWN_FROM_YEAR:
            wage_total += wage
        totals = years.get(year)
        if totals is None:
            years[year] = [days, wage]
        else:
            totals[0] += days
            totals[1] += wage
        entry = (code, name, days, wage)
        same_month = months.get(number)
        if same_month is None:
            months[number] = [entry]
        else:
            same_month.append(entry)

        shop = workshops.get(code)
        if shop is None:
            workshops[code] = [name, period, period, 1, days]
        else:
            shop[0], shop[2], shop[3], shop[4] = name, period, shop[3] + 1, shop[4] + days

        span = open_span.get(code)
        if span is not None and span[4] == number - 1:
            span[1], span[3], span[4], span[5], span[6] = (
                name,
                period,
                number,
                span[5] + 1,
                span[6] + days,
            )
        else:
            span = [code, name, period, period, number, 1, days]
            open_span[code] = span
            spans.append(span)

        if job_code or job_title:
            job = jobs.get((job_code, job_title))
            if job is None:
                jobs[(job_code, job_title)] = [period, period, 1]
            else:
                job[1], job[2] = period, job[2] + 1

    overlaps: list[Overlap] = []
    counted_by_year: dict[int, int] = defaultdict(int)
    for number, entries in months.items():
        year, month = divmod(number, 12)
        month += 1
        days = sum(e[2] for e in entries)
        counted = min(jalali_month_days(year, month), days)
        counted_by_year[year] += counted
        if len(entries) > 1:
            shops = tuple(WorkshopMonth(c, n, d, _wage(year, w)) for c, n, d, w in entries)
            overlaps.append(Overlap(Period(year, month), shops, days, counted))
    total_days = sum(counted_by_year.values())

    return RecordSummary(
        record_count=len(rows),
        reported_days=reported_days,
        overlap_days=reported_days - total_days,
        total_days=total_days,
        years=record_years(total_days),
        wage_total=wage_total,
        by_workshop=tuple(
            sorted(
                (
                    WorkshopTotal(code, w[0], Period(*w[1]), Period(*w[2]), w[3], w[4])
                    for code, w in workshops.items()
                ),
                key=lambda w: (w.first.year, w.first.month, w.workshop_code),
            )
        ),
        by_year=tuple(
            YearTotal(year, v[0], counted_by_year[year], _wage(year, v[1]))
            for year, v in sorted(years.items())
        ),
        overlaps=tuple(overlaps),
        spans=tuple(Span(s[0], s[1], Period(*s[2]), Period(*s[3]), s[5], s[6]) for s in spans),
        job_titles=tuple(
            sorted(
                (
                    JobTitle(code, title, Period(*j[0]), Period(*j[1]), j[2])
                    for (code, title), j in jobs.items()
                ),
                key=lambda j: (j.first.year, j.first.month),
            )
        ),
        first=Period(rows[0][2], rows[0][3]) if rows else None,
        last=Period(rows[-1][2], rows[-1][3]) if rows else None,
    )


def _record_version_sql(person_id_sql: str) -> str:
    """SQL of the records' version of the person whose id is `person_id_sql`: the count and
    the largest id of their current records, as «count-newest» (PostgreSQL and SQLite)."""
    records = ContributionRecord._meta.db_table
    # Only the table's name and a fixed column reference are put in; values go as parameters.
    return (
        f"(SELECT CAST(COUNT(r.id) AS TEXT) || '-' || CAST(COALESCE(MAX(r.id), 0) AS TEXT) "  # noqa: S608
        f"FROM {records} r WHERE r.person_id = {person_id_sql} AND r.is_current)"
    )


def contribution_record_version(*, person: InsuredPerson) -> str:
    """A key that changes whenever the person's current records change (one query).

    Records are never edited in place: a list, a ruling or a branch entry adds a new
    version (a larger id) and takes the old one out of the current set, so the count and
    the largest id of the current records change together with anything the record
    pages show. Pages cache what they render from the records under this key.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_record_version_sql('%s')}", [person.pk])
        return cursor.fetchone()[0]


def insured_person_with_record_version_for_user(*, user) -> InsuredPerson | None:
    """`insured_person_for_user` with its records' version as `person.record_version` (what
    the record pages and the app's record reads are cached under).

    Two plain statements: the person, then the version with the person's id as a value. One
    statement with a correlated subquery was tried and is slower on PostgreSQL: with the id
    unknown at planning time the planner plans the subquery for every partition of the
    records table (0.7 ms of planning against 0.1).
    """
    person = insured_person_for_user(user=user)
    if person is not None:
        person.record_version = contribution_record_version(person=person)
    return person


def record_year_is_valid(year: int) -> bool:
    return FIRST_YEAR <= year <= today_jalali().year


def contribution_record_year(*, person: InsuredPerson, year: int) -> YearDetail:
    """The twelve months of one Jalali year (one query). Http404 for a year out of range."""
    if not record_year_is_valid(year):
        raise Http404("year out of range")
    rows = ContributionRecord.objects.filter(person=person, is_current=True, year=year).order_by(
        "month", "workshop_code"
    )
    by_month: dict[int, list[WorkshopMonth]] = defaultdict(list)
    for code, name, _year, month, days, wage in rows.values_list(*_COLUMNS):
        by_month[month].append(WorkshopMonth(code, name, days, _wage(year, wage)))
    details = []
    for month in range(1, 13):
        entries = tuple(by_month.get(month, ()))
        days = sum(e.days for e in entries)
        month_days = jalali_month_days(year, month)
        wage = sum(e.wage or 0 for e in entries) if year >= WAGE_SHOWN_FROM_YEAR else None
        details.append(MonthDetail(month, month_days, days, min(days, month_days), wage, entries))
    wage_shown = year >= WAGE_SHOWN_FROM_YEAR
    return YearDetail(
        year=year,
        months=tuple(details),
        days=sum(m.days for m in details),
        counted_days=sum(m.counted_days for m in details),
        wage=sum(m.wage or 0 for m in details) if wage_shown else None,
        wage_shown=wage_shown,
    )


def contribution_record_history(
    *, person: InsuredPerson, workshop_code: str, year: int, month: int
) -> tuple[ContributionRecord, ...]:
    """Every version of one month at one workshop, newest first (shows corrections).

    `person` comes from `insured_person_get_for_user`, so another person's month
    is never reachable; no version at all → Http404.
    """
    versions = tuple(
        ContributionRecord.objects.filter(
            person=person, workshop_code=workshop_code, year=year, month=month
        ).order_by("-version")
    )
    if not versions:
        raise Http404
    return versions


@dataclass(frozen=True)
class LastRecord:
    """The last month with recorded days (آخرین سابقه): the app's and USSD's «last record».

    The monthly lists record how many days a person worked in a month, not which
    days, so `last_worked_day` is the LAST DAY OF THAT MONTH (Gregorian, ISO in the
    API) — the latest day the record can vouch for, not a day anyone reported.
    The figures are the records year page's for that month (`contribution_record_year`):
    `days` counts overlapping workshops once, `wage` is the month's total over its
    workshops (None before 1386, as everywhere). `workshop_code`/`workshop_name` are
    the workshop with the most days that month (the first by code on a tie);
    `workshops` lists every workshop of the month.
    """

    year: int
    month: int
    month_label: str  # «اسفند ۱۴۰۳»
    month_days: int  # the days the Jalali month has
    days: int  # recorded days, overlaps counted once (≤ month_days)
    last_worked_day: datetime.date
    wage: int | None
    workshop_code: str
    workshop_name: str
    workshops: tuple[WorkshopMonth, ...]


def record_last(*, insured: InsuredPerson) -> LastRecord | None:
    """The person's last month with recorded days, or None without one (two queries)."""
    last = (
        ContributionRecord.objects.filter(person=insured, is_current=True, days__gt=0)
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )
    if last is None:
        return None
    year, month = last
    detail = contribution_record_year(person=insured, year=year).months[month - 1]
    worked = [w for w in detail.workshops if w.days > 0]
    main = max(worked, key=lambda w: w.days)  # max keeps the first (by code) on a tie
    return LastRecord(
        year=year,
        month=month,
        month_label=format_period(year, month),
        month_days=detail.month_days,
        days=detail.counted_days,
        last_worked_day=jdatetime.date(year, month, detail.month_days).togregorian(),
        wage=detail.wage,
        workshop_code=main.workshop_code,
        workshop_name=main.workshop_name,
        workshops=detail.workshops,
    )
