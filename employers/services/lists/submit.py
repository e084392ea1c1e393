"""Submit a valid list: contribution records (through `insured.services.records`), the
charge (or, for a corrective list, the difference), the status and the notices, in one
transaction: all or nothing. `monthly_list_submit` reads as its steps:

lock the list and its workshop → supersede the month's list in force → write the
records → book the charge → mark the list submitted → notify the representatives.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice
from operator import itemgetter
from typing import Any

from django.db import connection, transaction
from django.db.models import OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import EntryKind, ListStatus, MonthlyList, MonthlyListRow, Workshop
from employers.selectors.workshops import representatives_of
from employers.services.ledger import ledger_record
from employers.services.lists.registry_checks import list_year_rates
from employers.services.lists.upload import list_next_version
from insured.selectors.lookup import (
    insured_person_id_of_insurance_number,
    insured_persons_by_insurance_numbers,
)
from insured.services.records import (
    RecordLine,
    RecordSource,
    contribution_records_write_lines,
)
from notifications.services import notify
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_period, format_rial, persian_digits
from tamin.core.services import audit_record
from tamin.rules.premiums import PremiumRates, premium_shares, year_figures_unpublished_message

RECORD_SOURCE = "monthly_list"  # insured.models.RecordSource.MONTHLY_LIST


def list_charge_amount(monthly_list: MonthlyList) -> int:
    """What the workshop owes for the list: insured 7% + employer 20% + unemployment 3%."""
    return (
        monthly_list.insured_share + monthly_list.employer_share + monthly_list.unemployment_share
    )


def _year_rates(year: int) -> PremiumRates:
    """The list year's published figures; none (removed since the parse) means no sending."""
    rates = list_year_rates(year)
    if rates is None:
        raise ApplicationError(year_figures_unpublished_message(year), code="rates_unknown_year")
    return rates


@dataclass(frozen=True)
class _Submission:
    """What the steps share: the locked list and workshop, the list it replaces, its rows."""

    monthly_list: MonthlyList
    workshop: Workshop
    previous: MonthlyList | None
    rows: list[tuple]  # the list's rows, values of SUBMIT_ROW_FIELDS, in row order

    @property
    def period(self) -> str:
        return format_period(self.monthly_list.year, self.monthly_list.month)


def _lock_list_and_workshop(*, list_id: int) -> tuple[MonthlyList, Workshop]:
    """The list and its workshop, locked: one submitter per workshop at a time, so the
    month's in-force list is decided here. Only a list checked without errors goes on."""
    monthly_list = MonthlyList.objects.select_for_update().get(pk=list_id)
    workshop = Workshop.objects.select_for_update().get(pk=monthly_list.workshop_id)
    monthly_list.workshop = workshop
    if monthly_list.status != ListStatus.VALID:
        raise ApplicationError(
            _("فقط لیستی که بدون خطا بررسی شده است ارسال می‌شود."), code="not_valid"
        )
    return monthly_list, workshop


def _supersede_list_in_force(
    *, monthly_list: MonthlyList, workshop: Workshop, user: Any
) -> MonthlyList | None:
    """Turn the month's submitted list (if any) into superseded, and number this one."""
    year, month = monthly_list.year, monthly_list.month
    previous = (
        MonthlyList.objects.select_for_update()
        .filter(workshop=workshop, year=year, month=month, status=ListStatus.SUBMITTED)
        .first()
    )
    if previous is not None:
        # Superseded first: the partial unique index allows one submitted list per month.
        previous.status = ListStatus.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
        audit_record(
            action="employers.list_superseded",
            actor=user,
            target=previous,
            after={"by": monthly_list.pk},
        )
    monthly_list.version = list_next_version(workshop=workshop, year=year, month=month)
    return previous


# What a record takes from its list row as it is: the row fields (listfile.fields) that a
# RecordLine also has — days, the money of the month, the job — in RecordLine's order,
# around the employer's share (computed here: `_listed_worker_lines`).
_SHARE_AT = RecordLine._fields.index("employer_share")
RECORD_FIELDS_BEFORE_SHARE = RecordLine._fields[1:_SHARE_AT]
RECORD_FIELDS_AFTER_SHARE = RecordLine._fields[_SHARE_AT + 1 :]
RECORD_FIELDS_FROM_ROW = (*RECORD_FIELDS_BEFORE_SHARE, *RECORD_FIELDS_AFTER_SHARE)

# What submission reads of a stored row, with its worker's person id (NULL for a number no
# longer in the registry). Plain tuples, not model objects or named tuples: 10,000 of them,
# and a tuple of plain values is one the garbage collector stops following.
SUBMIT_ROW_FIELDS = ("row_number", "insurance_number", "person_id", *RECORD_FIELDS_FROM_ROW)
_ROW_NUMBER, _INSURANCE_NUMBER, _PERSON_ID = range(3)
_INSURABLE_TOTAL = SUBMIT_ROW_FIELDS.index("insurable_total")
_BEFORE_SHARE = slice(3, 3 + len(RECORD_FIELDS_BEFORE_SHARE))
_AFTER_SHARE = slice(_BEFORE_SHARE.stop, None)


def _list_rows(monthly_list: MonthlyList) -> list[tuple]:
    """The rows in row order (`SUBMIT_ROW_FIELDS`), each with its worker's person id: one
    query."""
    rows = (
        MonthlyListRow.objects.filter(monthly_list=monthly_list)
        .annotate(person_id=insured_person_id_of_insurance_number(OuterRef("insurance_number")))
        .order_by("row_number")
        .values_list(*SUBMIT_ROW_FIELDS)
    )
    # The query's own SQL, read whole by the driver: the fields are integers and texts,
    # stored as they are read (no converters), so the ORM's 100-row fetches add nothing.
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _record_source(submission: _Submission) -> RecordSource:
    monthly_list, workshop = submission.monthly_list, submission.workshop
    return RecordSource(
        kind=RECORD_SOURCE,
        ref=str(monthly_list.pk),
        workshop_code=workshop.code,
        workshop_name=workshop.name,
        branch_id=workshop.branch_id,
        year=monthly_list.year,
        month=monthly_list.month,
    )


def _listed_worker_lines(submission: _Submission) -> Iterator[tuple]:
    """A record line for every row (a plain tuple of a RecordLine's values, see
    `contribution_records_write_lines`); every worker must still be in the registry."""
    rates = _year_rates(submission.monthly_list.year)
    return _record_lines(submission.rows, rates=rates)


def _record_lines(rows: list[tuple], *, rates: PremiumRates) -> Iterator[tuple]:
    """The rows' lines, made a column at a time as plain tuples in RecordLine's order (a
    named tuple is a tuple subclass, which the garbage collector never stops following:
    10,000 of them a list made it run a full collection every second submission), read
    without a Python step per line. They stop at the first worker no longer in the
    registry, with that error (the lines before it are checked first, as ever)."""
    if not rows:
        return iter(())
    # A column by position (zip(*rows) would make an iterator per row to collect).
    columns = [tuple(map(itemgetter(i), rows)) for i in range(len(SUBMIT_ROW_FIELDS))]
    persons, totals = columns[_PERSON_ID], columns[_INSURABLE_TOTAL]
    known = persons.index(None) if None in persons else len(rows)
    # The employer's share, computed once per insurable total (a list has a few hundred).
    employer_shares = {
        total: premium_shares(insurable_total=total, rates=rates).employer
        for total in set(totals[:known])
    }
    values = zip(
        persons,
        *columns[_BEFORE_SHARE],
        map(employer_shares.__getitem__, totals),
        *columns[_AFTER_SHARE],
        strict=True,
    )
    if known == len(rows):
        return values
    return chain(islice(values, known), _unknown_worker(rows[known]))


def _unknown_worker(row: tuple) -> Iterator[tuple]:
    """Raises, when read, that the row's worker is no longer in the registry."""
    raise ApplicationError(
        _("ردیف %(row)s: شماره بیمه %(number)s دیگر در سامانه نیست؛ لیست ارسال نشد.")
        % {
            "row": persian_digits(row[_ROW_NUMBER]),
            "number": persian_digits(row[_INSURANCE_NUMBER]),
        },
        code="unknown_worker",
    )
    yield  # a generator: nothing is raised until the lines before it are read


def _dropped_worker_lines(submission: _Submission) -> list[RecordLine]:
    """A worker the corrective list no longer names had no days that month after all:
    their month gets a zero version (the old version stays in the history)."""
    if submission.previous is None:
        return []
    listed = {row[_INSURANCE_NUMBER] for row in submission.rows}
    dropped = [
        row
        for row in MonthlyListRow.objects.filter(monthly_list=submission.previous).order_by(
            "row_number"
        )
        if row.insurance_number not in listed
    ]
    persons = insured_persons_by_insurance_numbers(r.insurance_number for r in dropped)
    return [
        RecordLine.no_days(
            person_id=persons[row.insurance_number].id,
            job_code=row.job_code,
            job_title=row.job_title,
        )
        for row in dropped
        if row.insurance_number in persons
    ]


def _write_records(submission: _Submission, *, user: Any) -> None:
    contribution_records_write_lines(
        source=_record_source(submission),
        lines=chain(_listed_worker_lines(submission), _dropped_worker_lines(submission)),
        actor=user,
    )


def _book_charge(submission: _Submission, *, user: Any) -> int:
    """The month's charge for a first list; the difference for a corrective one. Returns
    what the list charges in all."""
    monthly_list, previous = submission.monthly_list, submission.previous
    amount = list_charge_amount(monthly_list)
    if previous is None:
        ledger_record(
            workshop=submission.workshop,
            kind=EntryKind.CHARGE,
            amount=amount,
            description=_("حق بیمه لیست %(period)s") % {"period": submission.period},
            monthly_list=monthly_list,
            year=monthly_list.year,
            month=monthly_list.month,
            actor=user,
        )
    elif amount != list_charge_amount(previous):
        ledger_record(
            workshop=submission.workshop,
            kind=EntryKind.ADJUSTMENT,
            amount=amount - list_charge_amount(previous),
            description=_("لیست اصلاحی %(period)s (نسخه %(version)s)")
            % {"period": submission.period, "version": persian_digits(monthly_list.version)},
            monthly_list=monthly_list,
            year=monthly_list.year,
            month=monthly_list.month,
            actor=user,
        )
    return amount


def _mark_submitted(submission: _Submission, *, user: Any, amount: int) -> None:
    monthly_list = submission.monthly_list
    monthly_list.status = ListStatus.SUBMITTED
    monthly_list.submitted_at = timezone.now()
    monthly_list.submitted_by = user
    monthly_list.save(
        update_fields=["status", "version", "submitted_at", "submitted_by", "updated_at"]
    )
    audit_record(
        action="employers.list_submitted",
        actor=user,
        target=monthly_list,
        after={
            "version": monthly_list.version,
            "rows": len(submission.rows),
            "amount": amount,
            "supersedes": submission.previous.pk if submission.previous else None,
        },
    )


def _notify_representatives(submission: _Submission, *, amount: int) -> None:
    monthly_list, workshop = submission.monthly_list, submission.workshop
    context = {
        "workshop": workshop.name,
        "code": persian_digits(workshop.code),
        "period": submission.period,
        "version": persian_digits(monthly_list.version),
        "corrective": submission.previous is not None,
        "workers": persian_digits(len(submission.rows)),
        "amount": format_rial(amount),
    }
    for representative in representatives_of(workshop=workshop):
        notify(
            recipient=representative.user,
            template_key="monthly_list_submitted",
            context=context,
            channels=["inbox"],
            idempotency_key=f"monthly_list_submitted:{monthly_list.pk}:{representative.user_id}",
        )


@transaction.atomic
def monthly_list_submit(*, user: Any, list_id: int) -> MonthlyList:
    """Send a valid list: records + charge + status together, or nothing at all."""
    monthly_list, workshop = _lock_list_and_workshop(list_id=list_id)
    previous = _supersede_list_in_force(monthly_list=monthly_list, workshop=workshop, user=user)
    submission = _Submission(
        monthly_list=monthly_list,
        workshop=workshop,
        previous=previous,
        rows=_list_rows(monthly_list),
    )
    _write_records(submission, user=user)
    amount = _book_charge(submission, user=user)
    _mark_submitted(submission, user=user, amount=amount)
    _notify_representatives(submission, amount=amount)
    return monthly_list
