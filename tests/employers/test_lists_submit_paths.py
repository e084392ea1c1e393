"""List submission writes records by COPY on PostgreSQL and by bulk_create elsewhere (the
ORM path every list took before): the same rows, values and ledger either way, compared
column by column for real lists — a first list, and a corrective one that changes a
worker's days and drops another (new versions superseding the old, a zero month)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from employers.models import LedgerEntry, MonthlyList, MonthlyListRow
from employers.services import lists as services
from insured.models import ContributionRecord
from insured.services import records as record_services
from tests.employers.factories_lists import MONTH, YEAR, list_setup

pytestmark = pytest.mark.django_db

# Every column but the id and the time of writing.
RECORD_COLUMNS = tuple(
    f.attname
    for f in ContributionRecord._meta.concrete_fields
    if f.attname not in ("id", "created_at")
)
LEDGER_COLUMNS = (
    "workshop_id",
    "kind",
    "amount",
    "description",
    "monthly_list_id",
    "year",
    "month",
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class _Undo(Exception):
    pass


def _upload(setup, capture, **kwargs) -> MonthlyList:
    with capture(execute=True):
        monthly_list = services.monthly_list_upload(
            user=setup.user,
            workshop=setup.workshop,
            files=setup.uploads(**kwargs),
            year=YEAR,
            month=MONTH,
        )
    monthly_list.refresh_from_db()
    assert monthly_list.status == "valid", monthly_list.error_summary
    return monthly_list


def _submitted(*, setup, list_id: int, copy: bool, monkeypatch) -> tuple[list, list]:
    """(records, ledger rows) that submitting `list_id` writes, by COPY or by bulk_create;
    rolled back afterwards so the other path starts from the same database."""
    monkeypatch.setattr(record_services, "_copy_available", lambda: copy)
    written: tuple[list, list] = ([], [])
    try:
        with transaction.atomic():
            services.monthly_list_submit(user=setup.user, list_id=list_id)
            written = (
                list(
                    ContributionRecord.objects.filter(workshop_code=setup.workshop.code)
                    .order_by("person_id", "version")
                    .values_list(*RECORD_COLUMNS)
                ),
                list(
                    LedgerEntry.objects.filter(workshop=setup.workshop)
                    .order_by("id")
                    .values_list(*LEDGER_COLUMNS)
                ),
            )
            raise _Undo
    except _Undo:
        pass
    monkeypatch.undo()
    return written


def _assert_same(copied, created):
    assert len(copied[0]) == len(created[0]) > 0
    for copied_row, created_row in zip(copied[0], created[0], strict=True):
        assert dict(zip(RECORD_COLUMNS, copied_row, strict=True)) == dict(
            zip(RECORD_COLUMNS, created_row, strict=True)
        )
    assert copied[1] == created[1]
    assert len(copied[1]) >= 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_a_first_list_writes_the_same_records_and_ledger_by_copy_as_by_bulk_create(
    django_capture_on_commit_callbacks, monkeypatch
):
    # given a valid list of five workers
    setup = list_setup(workers=5)
    monthly_list = _upload(setup, django_capture_on_commit_callbacks)
    # when it is submitted by COPY, and (from the same database) by bulk_create
    copied = _submitted(setup=setup, list_id=monthly_list.pk, copy=True, monkeypatch=monkeypatch)
    created = _submitted(setup=setup, list_id=monthly_list.pk, copy=False, monkeypatch=monkeypatch)
    # then both wrote the same records, column by column, and the same charge
    _assert_same(copied, created)
    # and the records are the list's rows
    rows = {r.insurance_number: r for r in MonthlyListRow.objects.filter(monthly_list=monthly_list)}
    by_column = [dict(zip(RECORD_COLUMNS, r, strict=True)) for r in copied[0]]
    assert sorted(r["days"] for r in by_column) == sorted(r.days for r in rows.values())
    assert sorted(r["insurable_total"] for r in by_column) == sorted(
        r.insurable_total for r in rows.values()
    )
    assert {r["source_ref"] for r in by_column} == {str(monthly_list.pk)}
    assert {(r["version"], r["is_current"], r["supersedes_id"]) for r in by_column} == {
        (1, True, None)
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_a_corrective_list_writes_the_same_versions_by_copy_as_by_bulk_create(
    django_capture_on_commit_callbacks, monkeypatch
):
    # given a submitted list of three workers
    setup = list_setup(workers=3)
    first = _upload(setup, django_capture_on_commit_callbacks)
    services.monthly_list_submit(user=setup.user, list_id=first.pk)
    # and a corrective list: 29 days each, the last worker left out
    second = _upload(setup, django_capture_on_commit_callbacks, days=29, workers=setup.workers[:2])
    # when it is submitted by COPY, and (from the same database) by bulk_create
    copied = _submitted(setup=setup, list_id=second.pk, copy=True, monkeypatch=monkeypatch)
    created = _submitted(setup=setup, list_id=second.pk, copy=False, monkeypatch=monkeypatch)
    # then both wrote the same versions, column by column, and the same adjustment
    _assert_same(copied, created)
    current = [
        dict(zip(RECORD_COLUMNS, r, strict=True))
        for r in copied[0]
        if r[RECORD_COLUMNS.index("is_current")]
    ]
    assert sorted(r["days"] for r in current) == [0, 29, 29]
    assert all(r["version"] == 2 and r["supersedes_id"] for r in current)
    assert [kind for _, kind, *_ in copied[1]] == ["charge", "adjustment"]


def _list_with_a_worker_gone(capture, *, gone: int):
    """A valid list of three workers, the one at index `gone` since left the registry
    (their insurance number changed): (setup, the list, the number gone)."""
    from insured.models import InsuredPerson

    setup = list_setup(workers=3)
    monthly_list = _upload(setup, capture)
    number = setup.workers[gone].insurance_number
    InsuredPerson.objects.filter(insurance_number=number).update(insurance_number="38888888")
    return setup, monthly_list, number


def _submit_error(setup, monthly_list):
    """Submit the list; the error it stops with (nothing is written)."""
    from tamin.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as error:
        services.monthly_list_submit(user=setup.user, list_id=monthly_list.pk)
    assert not ContributionRecord.objects.exists()
    assert not LedgerEntry.objects.exists()
    return error.value


def test_a_worker_gone_from_the_registry_stops_the_list_at_their_row(
    django_capture_on_commit_callbacks,
):
    # given a valid list of three workers, the second of whom has since left the registry
    from tamin.core.jalali import persian_digits

    setup, monthly_list, gone = _list_with_a_worker_gone(django_capture_on_commit_callbacks, gone=1)
    row = MonthlyListRow.objects.get(monthly_list=monthly_list, insurance_number=gone)
    # when it is submitted, then the error names that row and number; nothing is written
    error = _submit_error(setup, monthly_list)
    assert error.code == "unknown_worker"
    assert persian_digits(row.row_number) in error.message
    assert persian_digits(gone) in error.message


def test_a_broken_row_before_a_worker_gone_from_the_registry_is_reported_first(
    django_capture_on_commit_callbacks,
):
    # given a valid list of three workers: the third has since left the registry, and the
    # second row's days were changed past the month's in the table after the check
    from tamin.core.jalali import persian_digits

    setup, monthly_list, _gone = _list_with_a_worker_gone(
        django_capture_on_commit_callbacks, gone=2
    )
    rows = MonthlyListRow.objects.filter(monthly_list=monthly_list).order_by("row_number")
    rows.filter(pk=rows[1].pk).update(days=40)
    # when it is submitted, then the records service names the second row's days, as it
    # checks row by row; nothing is written
    error = _submit_error(setup, monthly_list)
    assert (error.code, error.extra) == ("days", {"row": 1})
    assert persian_digits(2) in error.message


def _submit_queries(setup, capture, *, workers: int) -> int:
    """How many queries submitting a first list of `workers` workers takes (rolled back)."""
    from django.test.utils import CaptureQueriesContext

    monthly_list = _upload(setup, capture, workers=setup.workers[:workers])
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            services.monthly_list_submit(user=setup.user, list_id=monthly_list.pk)
            raise _Undo
    except _Undo:
        pass
    return len(queries)


def test_submitting_costs_the_same_queries_whatever_the_list_length(
    django_capture_on_commit_callbacks,
):
    # given a workshop with six workers: a list of two of them and a list of all six
    setup = list_setup(workers=6)
    # when each is submitted
    two = _submit_queries(setup, django_capture_on_commit_callbacks, workers=2)
    six = _submit_queries(setup, django_capture_on_commit_callbacks, workers=6)
    # then the rows, their workers and their records cost the same queries
    # (the rows and the workers' ids are one query, the records one COPY or bulk insert)
    assert two == six


def test_a_lists_record_lines_are_values_the_garbage_collector_stops_following(
    django_capture_on_commit_callbacks,
):
    # given a valid list of three workers, read as submission reads it
    import gc

    from employers.services.lists import submit
    from insured.services.records import RecordLine

    setup = list_setup(workers=3)
    monthly_list = _upload(setup, django_capture_on_commit_callbacks)
    rows = submit._list_rows(monthly_list)
    # when its record lines are made and a collection has run
    lines = list(submit._record_lines(rows, rates=submit._year_rates(YEAR)))
    gc.collect()
    # then they are RecordLine's values in its order, and no longer followed by the
    # collector (a named tuple would be, 10,000 of them a list)
    by_row = {
        row.row_number: row for row in MonthlyListRow.objects.filter(monthly_list=monthly_list)
    }
    for row, line in zip(rows, lines, strict=True):
        named = RecordLine(*line)
        assert (named.days, named.insurable_total, named.job_code) == (
            by_row[row[0]].days,
            by_row[row[0]].insurable_total,
            by_row[row[0]].job_code,
        )
    assert not any(map(gc.is_tracked, lines))
