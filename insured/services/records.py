"""Record writes: the only way a contribution record or an insured person is written.

A record is never edited in place. Writing a month that already has a current
record (same person × workshop × Jalali year/month) writes a NEW version
(`version + 1`, `supersedes` = the old row) and turns the old one off with a
conditional update (`is_current=True` → False), so two writers racing on the
same month cannot both succeed: the loser's update touches no row, or the
partial unique index `uniq_current_record_per_month` rejects its insert.
Re-sending exactly the same values (an employer uploading the same list again)
writes nothing.

`contribution_records_write_many` takes a whole monthly list in one
transaction with a constant number of queries (one read of the current rows,
one update, one bulk insert, one audit row), whatever the number of rows.

Other apps write through the typed contract: a `RecordSource` (where the records come
from: one workshop's month, e.g. a monthly list) and its `RecordLine`s (one person's
month each, the person named by the id of a `insured.selectors.lookup.PersonRef`),
given to `contribution_records_write_lines`. They never hold an insured model.
"""

from __future__ import annotations

import csv
import datetime
import gc
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice, repeat
from operator import add, itemgetter
from typing import Any, NamedTuple

import jdatetime
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from insured.models import ContributionRecord, InsuredPerson
from insured.models import RecordSource as RecordSourceKind
from insured.selectors.lookup import PersonRef, person_ref
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import is_ascii_digits, normalize_digits, normalize_national_code
from tamin.core.jalali import jalali_month_days, persian_digits, today_jalali
from tamin.core.services import audit_record

SOURCE_KINDS = frozenset(RecordSourceKind.values)
BIGINT_MAX = 2**63 - 1  # a BigIntegerField's largest value
FIRST_RECORD_YEAR = 1300  # nothing older exists in the organization's files
INSURANCE_NUMBER_FIRST = 10_000_001
INSURANCE_NUMBER_LOCK_KEY = 740_401  # PostgreSQL advisory lock: one number assigner at a time
MONEY_FIELDS = (
    "daily_wage",
    "monthly_wage",
    "insurable_benefits",
    "insurable_total",
    "total_pay",
    "insured_share",
    "employer_share",
)
# What makes two versions "the same" (re-sending a list must not add versions).
COMPARED_FIELDS = (
    "workshop_name",
    "days",
    *MONEY_FIELDS,
    "job_code",
    "job_title",
    "branch_id",
)


@dataclass(frozen=True)
class RecordSource:
    """Where a batch of records comes from: one workshop's month, from one document.

    `kind` is a value of `insured.models.RecordSource` ("monthly_list", "objection",
    ...), `ref` the document's own id (the list's id)."""

    kind: str
    ref: str
    workshop_code: str
    workshop_name: str
    branch_id: int | None
    year: int
    month: int


class RecordLine(NamedTuple):
    """One person's month in a `RecordSource`: days, the money of the month, the job.

    A named tuple (immutable, built by keyword like a dataclass): a list makes 10,000 of
    them, and the service checks and copies them as tuples (`LINE_COLUMNS` order)."""

    person_id: int  # PersonRef.id
    days: int
    daily_wage: int
    monthly_wage: int
    insurable_benefits: int
    insurable_total: int
    total_pay: int
    insured_share: int
    employer_share: int
    job_code: str = ""
    job_title: str = ""

    @classmethod
    def no_days(cls, *, person_id: int, job_code: str = "", job_title: str = "") -> RecordLine:
        """A month without work (a corrective list that drops a worker): days and money 0."""
        not_amounts = ("person_id", "job_code", "job_title")
        amounts = {name: 0 for name in cls._fields if name not in not_amounts}
        return cls(person_id=person_id, job_code=job_code, job_title=job_title, **amounts)


@dataclass(frozen=True)
class WriteResult:
    created: int  # months that had no current record
    corrected: int  # months that got a new version
    unchanged: int  # identical to the current version: nothing written


# --- validation --------------------------------------------------------------------

# A checked record is a tuple: its line's values (person, days, money, job: a RecordLine's
# fields, in its order), then its source's (workshop, period, kind). The insert names the
# columns in this order, so a line's values go to the database as they are.
LINE_COLUMNS = ("person_id", "days", *MONEY_FIELDS, "job_code", "job_title")
SOURCE_COLUMNS = (
    "workshop_code",
    "workshop_name",
    "branch_id",
    "year",
    "month",
    "source",
    "source_ref",
)
CLEANED_COLUMNS = (*LINE_COLUMNS, *SOURCE_COLUMNS)
_AT = {name: position for position, name in enumerate(CLEANED_COLUMNS)}
_KEY = itemgetter(_AT["person_id"], _AT["workshop_code"], _AT["year"], _AT["month"])
_COMPARED = itemgetter(*(_AT[name] for name in COMPARED_FIELDS))
_SOURCE_VALUES = itemgetter(*SOURCE_COLUMNS)
# Positions within the money of a line.
_MONTHLY_WAGE, _BENEFITS, _INSURABLE_TOTAL = (
    MONEY_FIELDS.index(name) for name in ("monthly_wage", "insurable_benefits", "insurable_total")
)


def _row_error(message: str, *, index: int | None, code: str) -> ApplicationError:
    if index is not None:
        message = _("ردیف %(row)s: %(message)s") % {
            "row": persian_digits(index + 1),
            "message": message,
        }
    return ApplicationError(message, code=code, extra={"row": index})


def _person_id(row: Mapping[str, Any]) -> Any:
    """The person of a loose row: a saved InsuredPerson's id, or the id it names."""
    if "person_id" in row:
        return row["person_id"]
    person = row["person"]
    return person.pk if isinstance(person, InsuredPerson) else None


def _branch_id(row: Mapping[str, Any]) -> int | None:
    if "branch_id" in row:
        return row["branch_id"]
    branch = row.get("branch")
    return branch.pk if branch is not None else None


def _clean_source(
    row: Mapping[str, Any], *, index: int | None, today: jdatetime.date
) -> dict[str, Any]:
    """The fields a whole source shares (one workshop's month: workshop, period, kind),
    checked; checked once for a source's lines, once per row for loose rows."""
    workshop_code = normalize_digits(str(row["workshop_code"]))
    if len(workshop_code) != 10 or not is_ascii_digits(workshop_code):
        raise _row_error(_("کد کارگاه باید ۱۰ رقم باشد."), index=index, code="workshop_code")
    year, month = int(row["year"]), int(row["month"])
    if not 1 <= month <= 12:
        raise _row_error(_("ماه باید بین ۱ و ۱۲ باشد."), index=index, code="month")
    if year < FIRST_RECORD_YEAR or (year, month) > (today.year, today.month):
        raise _row_error(
            _("دوره %(year)s/%(month)s معتبر نیست (پیش از ۱۳۰۰ یا در آینده).")
            % {"year": persian_digits(year), "month": persian_digits(month)},
            index=index,
            code="period",
        )
    source = row["source"]
    if source not in SOURCE_KINDS:
        raise _row_error(_("منبع سابقه نامعتبر است."), index=index, code="source")
    workshop_name = str(row["workshop_name"]).strip()[:120]
    if not workshop_name:
        raise _row_error(_("نام کارگاه خالی است."), index=index, code="invalid_record")
    return {
        "workshop_code": workshop_code,
        "workshop_name": workshop_name,
        "year": year,
        "month": month,
        "branch_id": _branch_id(row),
        "source": source,
        "source_ref": str(row.get("source_ref") or "")[:64],
    }


def _check_line(line: tuple, *, index: int | None, month_days: int, source: tuple) -> tuple:
    """One person's month within its source, checked: the person, days, money and job.
    `line` is in `LINE_COLUMNS` order (a RecordLine is such a tuple), `source` the
    source's checked values (`SOURCE_COLUMNS`); returns the values to store
    (`CLEANED_COLUMNS`)."""
    (
        person_id,
        days,
        daily_wage,
        monthly_wage,
        insurable_benefits,
        insurable_total,
        total_pay,
        insured_share,
        employer_share,
        job_code,
        job_title,
    ) = line
    if not isinstance(person_id, int) or person_id <= 0:
        raise _row_error(_("بیمه‌شده ثبت نشده است."), index=index, code="person")
    days = int(days)
    if not 0 <= days <= month_days:
        raise _row_error(
            _("روزهای کارکرد باید بین ۰ و %(max)s (روزهای این ماه) باشد.")
            % {"max": persian_digits(month_days)},
            index=index,
            code="days",
        )
    money = (  # MONEY_FIELDS
        int(daily_wage),
        int(monthly_wage),
        int(insurable_benefits),
        int(insurable_total),
        int(total_pay),
        int(insured_share),
        int(employer_share),
    )
    if min(money) < 0 or max(money) > BIGINT_MAX:
        for amount in money:  # the first amount out of range (in field order) is reported
            if amount < 0:
                raise _row_error(_("مبلغ‌ها نمی‌توانند منفی باشند."), index=index, code="money")
            if amount > BIGINT_MAX:
                raise _row_error(
                    _("مبلغ بیش از اندازه بزرگ است."), index=index, code="invalid_record"
                )
    if money[_INSURABLE_TOTAL] != money[_MONTHLY_WAGE] + money[_BENEFITS]:
        raise _row_error(
            _("جمع دستمزد و مزایای مشمول باید برابر دستمزد ماهانه به‌علاوه مزایای مشمول باشد."),
            index=index,
            code="insurable_total",
        )
    return (
        person_id,
        days,
        *money,
        str(job_code or "")[:6],
        str(job_title or "").strip()[:50],
        *source,
    )


_INT_COLUMNS = slice(0, 2 + len(MONEY_FIELDS))  # person, days, the money
_LINE_VALUES = itemgetter(*range(len(LINE_COLUMNS)))  # a checked row's line values
_JOB_CODE, _JOB_TITLE = len(LINE_COLUMNS) - 2, len(LINE_COLUMNS) - 1


def _columns_hold(columns: list[tuple], *, month_days: int) -> bool:
    """Whether every line passes `_check_line` unchanged but for its job title's strip:
    the same rules, checked a column at a time over the whole list (C loops, not one call
    per line). False only says "check line by line"; it is never an error by itself."""
    person, days, *money = columns[_INT_COLUMNS]
    _monthly, _benefits, _total = (money[i] for i in (_MONTHLY_WAGE, _BENEFITS, _INSURABLE_TOTAL))
    return (
        # Exactly int (not bool, not a numeric string): then int() would change nothing.
        set(map(type, chain.from_iterable(columns[_INT_COLUMNS]))) == {int}
        and min(person) > 0
        and min(days) >= 0
        and max(days) <= month_days
        and min(map(min, money)) >= 0
        and max(map(max, money)) <= BIGINT_MAX
        and list(map(add, _monthly, _benefits)) == list(_total)
        and set(map(type, columns[_JOB_CODE])) == {str}
        and max(map(len, columns[_JOB_CODE])) <= 6
        and set(map(type, columns[_JOB_TITLE])) == {str}
    )


def _check_lines(lines: list[tuple], *, month_days: int, source: tuple) -> list[tuple]:
    """`_check_line` for every line of a source (`CLEANED_COLUMNS` values). A list that
    holds every rule is checked and copied a column at a time; otherwise line by line, so
    an error is the one the first broken line gives, with the same message."""
    width = len(LINE_COLUMNS)
    # A column by position, not zip(*lines): zip would make an iterator per line, 10,000
    # objects for the garbage collector.
    columns = (
        [tuple(map(itemgetter(i), lines)) for i in range(width)]
        if set(map(len, lines)) == {width}
        else None
    )
    if columns is None or not _columns_hold(columns, month_days=month_days):
        return [
            _check_line(line, index=i, month_days=month_days, source=source)
            for i, line in enumerate(lines)
        ]
    titles = list(map(str.strip, columns[_JOB_TITLE]))
    if max(map(len, titles)) > 50:
        titles = [title[:50] for title in titles]
    columns[_JOB_TITLE] = titles
    return list(zip(*columns, *map(repeat, source), strict=False))  # the source repeated


def _clean_row(
    row: Mapping[str, Any], *, index: int | None = None, today: jdatetime.date | None = None
) -> tuple:
    """Check one loose record's rules and return its values (`CLEANED_COLUMNS`: ids, not
    objects).

    These are every rule of the model's fields too (lengths, blanks, ranges, choices), so a
    cleaned row is written without `full_clean`; `today` is read once for a whole list."""
    shared = _clean_source(row, index=index, today=today or today_jalali())
    month_days = jalali_month_days(shared["year"], shared["month"])
    line = (
        _person_id(row),
        row["days"],
        *(row[name] for name in MONEY_FIELDS),
        row.get("job_code"),
        row.get("job_title"),
    )
    return _check_line(line, index=index, month_days=month_days, source=_SOURCE_VALUES(shared))


# --- writes ------------------------------------------------------------------------

WHOLE_MONTH_READ_ROWS = 1000  # from this many rows of one workshop's month, read it whole


def _current_rows_of(keys: set[tuple]) -> Q:
    """Where the current rows of these (person, workshop, year, month) keys are: for a
    large write of one workshop's month (a monthly list) that month, by its index and
    without a list of thousands of persons; otherwise narrowed by person, workshop and
    year. Either way a superset, matched exactly by the caller."""
    periods = {key[1:] for key in keys}
    if len(periods) == 1 and len(keys) >= WHOLE_MONTH_READ_ROWS:
        ((workshop_code, year, month),) = periods
        return Q(is_current=True, workshop_code=workshop_code, year=year, month=month)
    return Q(
        is_current=True,
        person_id__in={k[0] for k in keys},
        workshop_code__in={k[1] for k in keys},
        year__in={k[2] for k in keys},
    )


@transaction.atomic
def contribution_records_write_many(
    *, rows: Iterable[Mapping[str, Any]], actor: Any = None
) -> WriteResult:
    """Write a whole list of records (each row: the keyword arguments of
    `contribution_record_write`) in one transaction; any broken rule rolls all back."""
    today = today_jalali()
    cleaned = [_clean_row(row, index=i, today=today) for i, row in enumerate(rows)]
    return _write_cleaned(cleaned, actor=actor)


def _current_versions(keys: set[tuple]) -> dict[tuple, tuple[int, int, tuple]]:
    """{key: (id, version, compared values)} of the current rows of these keys, locked:
    one read, values only (no model objects: a corrective list reads 10,000 of them)."""
    current = {}
    for pk, version, *values in (
        ContributionRecord.objects.select_for_update()
        .filter(_current_rows_of(keys))
        .values_list(
            "pk", "version", "person_id", "workshop_code", "year", "month", *COMPARED_FIELDS
        )
    ):
        key = tuple(values[:4])
        if key in keys:
            current[key] = (pk, version, tuple(values[4:]))
    return current


@transaction.atomic
def _write_cleaned(cleaned: list[tuple], *, actor: Any, source: tuple | None = None) -> WriteResult:
    """Write checked rows (`CLEANED_COLUMNS` values): the new versions, the superseded
    ones turned off, one audit row. `source`: the source values every row ends with (a
    source's lines), None for loose rows."""
    if not cleaned:
        return WriteResult(created=0, corrected=0, unchanged=0)
    keys = list(map(_KEY, cleaned))
    seen: set[tuple] = set(keys)
    if len(seen) != len(keys):
        met: set[tuple] = set()
        for i, key in enumerate(keys):
            if key in met:
                raise _row_error(
                    _("این ماه و کارگاه برای این بیمه‌شده دو بار آمده است."),
                    index=i,
                    code="duplicate",
                )
            met.add(key)

    # One read (locked) of every current row the list touches, matched exactly in Python.
    current = _current_versions(seen)

    # The new versions as column values (`RECORD_COLUMNS`, no model objects): the checks
    # have held every field rule, the database keeps the constraints.
    first_version = (1, True, None)
    new_rows: list[tuple] = []
    tail: tuple = ()  # the values every new row ends with, given once
    superseded: list[int] = []
    unchanged = 0
    if not current and source is not None:  # a source's month written for the first time
        new_rows, tail = list(map(_LINE_VALUES, cleaned)), (*source, *first_version)
    elif not current:  # loose rows, none written before
        new_rows, tail = cleaned, first_version
    else:
        for key, values in zip(keys, cleaned, strict=True):
            old = current.get(key)
            if old is None:
                new_rows.append(values + first_version)
            elif old[2] == _COMPARED(values):
                unchanged += 1
            else:
                old_id, old_version, _old_values = old
                new_rows.append((*values, old_version + 1, True, old_id))
                superseded.append(old_id)

    if superseded:
        # Conditional: only rows still current; a concurrent writer leaves fewer.
        turned_off = ContributionRecord.objects.filter(pk__in=superseded, is_current=True).update(
            is_current=False
        )
        if turned_off != len(superseded):
            raise ApplicationError(
                _("سابقه هم‌زمان تغییر کرد؛ دوباره تلاش کنید."), code="concurrent_write"
            )
    try:
        with transaction.atomic():
            _insert_records(new_rows, tail=tail)
    except IntegrityError as exc:
        raise ApplicationError(
            _("سابقه هم‌زمان تغییر کرد؛ دوباره تلاش کنید."), code="concurrent_write"
        ) from exc

    if new_rows:
        changed = set(map(itemgetter(_AT["person_id"]), new_rows))  # first in either form
        # After commit, and never failing the write: the record PDFs of those who asked before.
        transaction.on_commit(lambda: _records_prerender(changed), robust=True)
    result = WriteResult(
        created=len(new_rows) - len(superseded), corrected=len(superseded), unchanged=unchanged
    )
    refs = sorted(set(map(itemgetter(_AT["source_ref"]), cleaned)) - {""})
    audit_record(
        action="insured.records_written",
        actor=actor,
        target_type="insured.contributionrecord",
        target_id=refs[0] if len(refs) == 1 else "",
        detail={
            "rows": len(cleaned),
            "created": result.created,
            "corrected": result.corrected,
            "unchanged": result.unchanged,
            "sources": sorted(set(map(itemgetter(_AT["source"]), cleaned))),
            "source_refs": refs[:20],
            "superseded_ids": superseded[:200],
        },
    )
    return result


def _records_prerender(person_ids: set[int]) -> None:
    # Imported here: the PDF module reads records through the selectors, not the reverse.
    from insured.services.pdfs import records_prerender_for_persons

    records_prerender_for_persons(person_ids=person_ids)


# What a new version stores, in the order of its values (`_write_cleaned`'s new rows).
RECORD_COLUMNS = (*CLEANED_COLUMNS, "version", "is_current", "supersedes_id")


def _copy_available() -> bool:
    return connection.vendor == "postgresql"


def _insert_records(rows: list[tuple], *, tail: tuple = ()) -> None:
    """Insert new record versions (each row's values, then `tail`'s, are `RECORD_COLUMNS`
    values): COPY on PostgreSQL, one statement and no model objects (one `created_at` for
    the whole write); bulk_create elsewhere. The same rows either way."""
    if not rows:
        return
    if not _copy_available():
        ContributionRecord.objects.bulk_create(
            [
                ContributionRecord(**dict(zip(RECORD_COLUMNS, row + tail, strict=True)))
                for row in rows
            ],
            batch_size=2000,
        )
        return
    table = ContributionRecord._meta.db_table
    columns = (*RECORD_COLUMNS, "created_at")
    # An empty field is NULL only in the nullable ids; anywhere else it is an empty text.
    never_null = ", ".join(c for c in columns if c not in COPY_NULLABLE_COLUMNS)
    with connection.wrap_database_errors, connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN "
            f"WITH (FORMAT csv, FORCE_NOT_NULL ({never_null}))",
            _CopyInput(rows, tail=(*tail, timezone.now().isoformat())),
        )


COPY_NULLABLE_COLUMNS = ("branch_id", "supersedes_id")


class _CopyInput:
    """The COPY input (CSV quoted only where a field needs it: the server reads it faster
    than every field quoted; None and an empty text are both an empty field, told apart by
    the column, see `_insert_records`), made a chunk of rows at a time as the driver reads
    it: the server stores one chunk while the next is written, instead of waiting for the
    whole text."""

    CHUNK_ROWS = 250

    def __init__(self, rows: list[tuple], *, tail: tuple) -> None:
        """`rows`' values, then `tail`'s (what every row shares, `created_at` last)."""
        self._rows = iter(rows)
        self._tail = tail
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")
        # Rows that are a line's values (`LINE_COLUMNS`: numbers, then the job's two texts,
        # never None) are written by a format, several times faster than the CSV writer,
        # in a chunk where no job text holds a character CSV quotes; the tail once.
        self._format = None
        if len(tail) == len(RECORD_COLUMNS) + 1 - len(LINE_COLUMNS):
            self._writer.writerow(tail)
            tail_text = self._buffer.getvalue().replace("%", "%%")  # a "%" in a name is text
            self._format = ",".join(["%s"] * len(LINE_COLUMNS)) + f",{tail_text}"

    def read(self, size: int = -1) -> str:  # `size` is ignored: a chunk is rows
        chunk = list(islice(self._rows, self.CHUNK_ROWS))
        if self._format and not _CSV_QUOTED.search(
            "".join(chain.from_iterable(map(_JOB_TEXTS, chunk)))
        ):
            return "".join(map(self._format.__mod__, chunk))
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerows(map(add, chunk, repeat(self._tail)))
        return self._buffer.getvalue()  # "" once every row is written: the end of the input


_CSV_QUOTED = re.compile(r'[,"\r\n]')  # what the CSV writer would quote in a field
_JOB_TEXTS = itemgetter(len(LINE_COLUMNS) - 2, len(LINE_COLUMNS) - 1)


def contribution_records_write_lines(
    *, source: RecordSource, lines: Iterable[RecordLine] | Iterable[tuple], actor: Any = None
) -> WriteResult:
    """Write a source's lines (a whole monthly list) like `contribution_records_write_many`:
    one transaction, the same rules, a constant number of queries. The source's fields
    are checked once (an error is reported at the first row, where the loose rows' check
    would find it), each line's own fields per line.

    A line is a RecordLine or a plain tuple of its values in its field order: a caller
    that makes 10,000 lines hands plain tuples of numbers and texts, which the garbage
    collector stops following (it follows a named tuple, a tuple subclass, for good)."""
    lines = iter(lines)  # read once, as they come: a caller may make them as they are read
    first = next(lines, None)
    if first is None:
        return WriteResult(created=0, corrected=0, unchanged=0)
    shared = _clean_source(
        {
            "workshop_code": source.workshop_code,
            "workshop_name": source.workshop_name,
            "branch_id": source.branch_id,
            "year": source.year,
            "month": source.month,
            "source": source.kind,
            "source_ref": source.ref,
        },
        index=0,
        today=today_jalali(),
    )
    month_days = jalali_month_days(shared["year"], shared["month"])
    source_values = _SOURCE_VALUES(shared)
    with _collector_paused():
        taken = [first]
        try:
            taken.extend(lines)
        except ApplicationError:
            # The lines' maker stopped at a broken line of its own (a worker no longer in
            # the registry): a rule broken by an earlier line is reported first, as line
            # by line.
            for i, line in enumerate(taken):
                _check_line(line, index=i, month_days=month_days, source=source_values)
            raise
        cleaned = _check_lines(taken, month_days=month_days, source=source_values)
        del taken
        result = _write_cleaned(cleaned, actor=actor, source=source_values)
        del cleaned  # freed while the collector is off: it never has to look at them
    return result


@contextmanager
def _collector_paused() -> Iterator[None]:
    """CPython's cyclic garbage collector off for one list's write: its 40,000 tuples of
    plain values hold no cycle, so every pass over them (≈ 55 a list, and a full pass over
    the whole process now and then, which costs more than the write) would find nothing.
    Reference counting still frees everything; the collector resumes as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@transaction.atomic
def contribution_record_write(
    *,
    person: InsuredPerson,
    workshop_code: str,
    workshop_name: str,
    year: int,
    month: int,
    days: int,
    daily_wage: int,
    monthly_wage: int,
    insurable_benefits: int,
    insurable_total: int,
    total_pay: int,
    insured_share: int,
    employer_share: int,
    job_code: str = "",
    job_title: str = "",
    branch: Any = None,
    source: str,
    source_ref: str = "",
    actor: Any = None,
) -> ContributionRecord:
    """Write one month; returns the current version afterwards (new, corrected or unchanged)."""
    row = {
        "person": person,
        "workshop_code": workshop_code,
        "workshop_name": workshop_name,
        "year": year,
        "month": month,
        "days": days,
        "daily_wage": daily_wage,
        "monthly_wage": monthly_wage,
        "insurable_benefits": insurable_benefits,
        "insurable_total": insurable_total,
        "total_pay": total_pay,
        "insured_share": insured_share,
        "employer_share": employer_share,
        "job_code": job_code,
        "job_title": job_title,
        "branch": branch,
        "source": source,
        "source_ref": source_ref,
    }
    values = dict(zip(CLEANED_COLUMNS, _clean_row(row), strict=True))
    contribution_records_write_many(rows=[row], actor=actor)
    return ContributionRecord.objects.get(
        person=person,
        workshop_code=values["workshop_code"],
        year=values["year"],
        month=values["month"],
        is_current=True,
    )


# --- persons -----------------------------------------------------------------------


def _next_insurance_number() -> str:
    """Max + 1 over the 8-digit numbers, under a transaction-scoped lock.

    On PostgreSQL `pg_advisory_xact_lock` serializes assigners until commit (a
    `select_for_update` on the max row would not stop a concurrent insert); on
    SQLite writes are serialized anyway. The unique index is the last guard.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INSURANCE_NUMBER_LOCK_KEY])
    last = (
        InsuredPerson.objects.filter(insurance_number__regex=r"^[0-9]{8}$")
        .order_by("-insurance_number")
        .values_list("insurance_number", flat=True)
        .first()
    )
    return f"{max(int(last) + 1 if last else 0, INSURANCE_NUMBER_FIRST):08d}"


@transaction.atomic
def insured_person_register(
    *,
    national_code: str,
    first_name: str,
    last_name: str,
    father_name: str,
    birth_date: datetime.date,
    sex: str,
    nationality: str,
    insurance_number: str | None = None,
    residence_branch: Any = None,
    actor: Any = None,
) -> InsuredPerson:
    """Register an insured person; a new 8-digit insurance number is assigned when none is given."""
    national_code = normalize_national_code(national_code)
    if InsuredPerson.objects.filter(national_code=national_code).exists():
        raise ApplicationError(
            _("بیمه‌شده‌ای با این کد ملی قبلاً ثبت شده است."), code="duplicate_national_code"
        )
    if insurance_number is not None:
        insurance_number = normalize_digits(insurance_number)
        if InsuredPerson.objects.filter(insurance_number=insurance_number).exists():
            raise ApplicationError(
                _("این شماره بیمه قبلاً به شخص دیگری داده شده است."),
                code="duplicate_insurance_number",
            )
    else:
        insurance_number = _next_insurance_number()
    person = InsuredPerson(
        insurance_number=insurance_number,
        national_code=national_code,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        father_name=(father_name or "").strip(),
        birth_date=birth_date,
        sex=sex,
        nationality=nationality or "ایرانی",
        residence_branch=residence_branch,
    )
    try:
        person.full_clean(validate_unique=False)
    except ValidationError as exc:
        raise ApplicationError("؛ ".join(exc.messages), code="invalid_person") from exc
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        raise ApplicationError(
            _("بیمه‌شده هم‌زمان ثبت شد؛ دوباره تلاش کنید."), code="concurrent_register"
        ) from exc
    audit_record(
        action="insured.person_registered",
        actor=actor,
        target=person,
        after={"insurance_number": insurance_number, "national_code": national_code},
    )
    return person


def insured_person_register_ref(**arguments: Any) -> PersonRef:
    """`insured_person_register` for another app (an employer registering a worker):
    the same keyword arguments, the new person answered as a PersonRef."""
    return person_ref(insured_person_register(**arguments))
