import dataclasses

import pytest

from insured.models import ContributionRecord, InsuredPerson, RecordSource
from insured.services.records import (
    contribution_record_write,
    contribution_records_write_many,
    insured_person_register,
)
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import jalali_month_days, today_jalali
from tamin.core.models import AuditLog
from tests.insured.factories import InsuredPersonFactory

pytestmark = pytest.mark.django_db


def _row(person, **overrides):
    row = {
        "person": person,
        "workshop_code": "1000000001",
        "workshop_name": "شرکت نمونه",
        "year": 1400,
        "month": 1,
        "days": 31,
        "daily_wage": 1_000_000,
        "monthly_wage": 31_000_000,
        "insurable_benefits": 4_000_000,
        "insurable_total": 35_000_000,
        "total_pay": 40_000_000,
        "insured_share": 2_450_000,
        "employer_share": 8_050_000,
        "job_code": "101010",
        "job_title": "حسابدار",
        "source": RecordSource.MONTHLY_LIST,
        "source_ref": "list-1",
    }
    row.update(overrides)
    return row


def test_write_creates_version_one_and_an_audit_row():
    # given a person without records
    person = InsuredPersonFactory()
    # when one month is written
    record = contribution_record_write(**_row(person))
    # then it is the current version 1, and the write is audited
    assert (record.version, record.is_current, record.supersedes) == (1, True, None)
    assert record.insurable_total == 35_000_000
    assert AuditLog.objects.filter(action="insured.records_written").count() == 1


def test_a_correction_writes_a_new_version_and_keeps_the_old():
    # given a written month
    person = InsuredPersonFactory()
    first = contribution_record_write(
        **_row(person, days=20, monthly_wage=20_000_000, insurable_total=24_000_000)
    )
    # when the same month is written again with other days
    second = contribution_record_write(**_row(person, source=RecordSource.OBJECTION))
    # then a new version supersedes the old, which is kept but no longer current
    first.refresh_from_db()
    assert second.pk != first.pk
    assert (second.version, second.supersedes_id, second.days) == (2, first.pk, 31)
    assert first.is_current is False
    assert first.days == 20
    assert ContributionRecord.objects.filter(person=person).count() == 2
    assert ContributionRecord.objects.filter(person=person, is_current=True).count() == 1


def test_resending_identical_values_writes_nothing():
    # given a written month
    person = InsuredPersonFactory()
    contribution_record_write(**_row(person))
    # when the same list is sent again
    result = contribution_records_write_many(rows=[_row(person)])
    # then no new version is made
    assert (result.created, result.corrected, result.unchanged) == (0, 0, 1)
    assert ContributionRecord.objects.filter(person=person).count() == 1


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"month": 13}, "month"),
        ({"month": 0}, "month"),
        ({"month": 12, "days": 30, "year": 1402}, "days"),  # 1402 is not leap: Esfand has 29
        ({"month": 7, "days": 31}, "days"),  # Mehr has 30
        ({"daily_wage": -1}, "money"),
        ({"insurable_total": 35_000_001}, "insurable_total"),
        ({"year": 1299}, "period"),
        ({"workshop_code": "12345"}, "workshop_code"),
        ({"source": "nonsense"}, "source"),
    ],
)
def test_rule_errors_are_persian_and_write_nothing(overrides, code):
    # given a person
    person = InsuredPersonFactory()
    # when a broken row is written
    with pytest.raises(ApplicationError) as error:
        contribution_record_write(**_row(person, **overrides))
    # then it is refused with a Persian message and nothing is stored
    assert error.value.code == code
    assert any("\u0600" <= ch <= "\u06ff" for ch in error.value.message)
    assert not ContributionRecord.objects.exists()


def test_a_future_month_is_refused():
    person = InsuredPersonFactory()
    today = today_jalali()
    with pytest.raises(ApplicationError) as error:
        contribution_record_write(**_row(person, year=today.year + 1))
    assert error.value.code == "period"


def test_leap_esfand_accepts_30_days():
    # 1403 is a leap year in the Jalali calendar: Esfand has 30 days
    person = InsuredPersonFactory()
    record = contribution_record_write(**_row(person, year=1403, month=12, days=30))
    assert record.days == 30


def test_write_many_is_all_or_nothing_and_names_the_row():
    # given a list whose third row is broken
    person = InsuredPersonFactory()
    rows = [_row(person, month=1), _row(person, month=2, days=31), _row(person, month=3, days=32)]
    # when it is written
    with pytest.raises(ApplicationError) as error:
        contribution_records_write_many(rows=rows)
    # then nothing is stored and the message names row 3
    assert "۳" in error.value.message
    assert not ContributionRecord.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"workshop_name": "  "}, "workshop_name"), ({"total_pay": 2**63}, "total_pay")],
)
def test_write_many_refuses_what_the_model_fields_would(overrides, field):
    # given a list whose second row has a blank workshop name or an amount beyond bigint
    # (rows are written without full_clean: the service's own checks hold the field rules)
    person = InsuredPersonFactory()
    rows = [_row(person, month=1), _row(person, month=2, **overrides)]
    # when it is written
    with pytest.raises(ApplicationError) as error:
        contribution_records_write_many(rows=rows)
    # then nothing is stored, the error names row 2
    assert error.value.code == "invalid_record"
    assert "۲" in error.value.message
    assert not ContributionRecord.objects.exists()


def test_a_large_write_of_one_month_finds_the_current_rows_by_the_month(monkeypatch):
    # given a month written for three people (the month-wide read made to apply from 2 rows)
    from insured.services import records

    monkeypatch.setattr(records, "WHOLE_MONTH_READ_ROWS", 2)
    people = [InsuredPersonFactory() for _ in range(3)]
    contribution_records_write_many(rows=[_row(p, days=10) for p in people])
    # when two of them are corrected
    result = contribution_records_write_many(rows=[_row(p, days=20) for p in people[:2]])
    # then those two get version 2 and the third keeps its month
    assert (result.created, result.corrected, result.unchanged) == (0, 2, 0)
    current = ContributionRecord.objects.filter(is_current=True).order_by("person_id")
    assert [(r.person_id, r.version, r.days) for r in current] == [
        (people[0].pk, 2, 20),
        (people[1].pk, 2, 20),
        (people[2].pk, 1, 10),
    ]


def test_write_many_refuses_the_same_month_twice():
    person = InsuredPersonFactory()
    with pytest.raises(ApplicationError) as error:
        contribution_records_write_many(rows=[_row(person), _row(person, days=10)])
    assert error.value.code == "duplicate"


def test_write_many_costs_a_few_queries_whatever_the_list_length(django_assert_max_num_queries):
    # given 120 months already written for 10 people and a list that corrects them all
    people = [InsuredPersonFactory() for _ in range(10)]
    contribution_records_write_many(
        rows=[
            _row(p, month=m, days=10, monthly_wage=10_000_000, insurable_total=14_000_000)
            for p in people
            for m in range(1, 13)
        ]
    )
    rows = [_row(p, month=m, days=jalali_month_days(1400, m)) for p in people for m in range(1, 13)]
    # when the whole list is written: then the query count does not depend on its length
    # (SQLite splits a bulk insert into batches of its variable limit; PostgreSQL does one)
    with django_assert_max_num_queries(12):
        result = contribution_records_write_many(rows=rows)
    assert (result.created, result.corrected) == (0, 120)
    assert ContributionRecord.objects.filter(is_current=True, version=2).count() == 120


def test_register_assigns_the_next_eight_digit_number():
    # given an existing person with number 12345678
    InsuredPersonFactory(insurance_number="12345678")
    # when two people are registered without a number
    common = {
        "father_name": "حسن",
        "sex": "male",
        "nationality": "ایرانی",
        "birth_date": __import__("datetime").date(1990, 1, 1),
    }
    a = insured_person_register(
        national_code="0013542419", first_name="علی", last_name="کریمی", **common
    )
    b = insured_person_register(
        national_code="0071234561", first_name="رضا", last_name="کریمی", **common
    )
    # then they get 12345679 and 12345680
    assert (a.insurance_number, b.insurance_number) == ("12345679", "12345680")
    assert AuditLog.objects.filter(action="insured.person_registered").count() == 2


def test_register_refuses_a_duplicate_national_code_and_a_bad_one():
    common = {
        "father_name": "",
        "sex": "male",
        "nationality": "ایرانی",
        "birth_date": __import__("datetime").date(1990, 1, 1),
        "first_name": "علی",
        "last_name": "کریمی",
    }
    insured_person_register(national_code="۰۰۱۳۵۴۲۴۱۹", **common)
    with pytest.raises(ApplicationError):
        insured_person_register(national_code="0013542419", **common)
    with pytest.raises(ApplicationError):
        insured_person_register(national_code="0013542418", **common)
    assert InsuredPerson.objects.count() == 1


@pytest.mark.parametrize("copy", [True, False])
def test_a_second_current_version_is_refused_by_the_database_on_either_insert_path(
    copy, monkeypatch
):
    # given a written month (and the insert path: COPY, PostgreSQL only, or bulk_create)
    from django.db import IntegrityError, connection, transaction

    from insured.services import records

    if copy and connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    monkeypatch.setattr(records, "_copy_available", lambda: copy)
    person = InsuredPersonFactory()
    contribution_record_write(**_row(person))
    # when another current version of that month is inserted, past the service's read
    values = records._clean_row(_row(person, days=10))
    row = (*values, 2, True, None)  # records.RECORD_COLUMNS: version, is_current, supersedes
    # then the partial unique index refuses it as Django's IntegrityError
    with pytest.raises(IntegrityError), transaction.atomic():
        records._insert_records([row])


def _line(person, **overrides):
    """A RecordLine of `_row`'s month for the person."""
    from insured.services.records import RecordLine

    row = _row(person)
    values = {name: row[name] for name in RecordLine._fields if name in row}
    return RecordLine(**{**values, "person_id": person.pk, **overrides})


def _source():
    from insured.services.records import RecordSource as Source

    row = _row(None)
    return Source(
        kind=row["source"],
        ref=row["source_ref"],
        workshop_code=row["workshop_code"],
        workshop_name=row["workshop_name"],
        branch_id=None,
        year=row["year"],
        month=row["month"],
    )


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        # two amounts out of range: the first in field order is the one reported
        ({"daily_wage": 2**63, "monthly_wage": -1}, "invalid_record"),
        ({"daily_wage": -1, "total_pay": 2**63}, "money"),
        ({"person_id": 0}, "person"),
        ({"days": 32}, "days"),
        ({"insurable_benefits": 1}, "insurable_total"),
    ],
)
def test_a_source_line_is_checked_like_a_loose_row(overrides, code):
    # given a source of two lines, the second broken
    from insured.services.records import contribution_records_write_lines

    people = [InsuredPersonFactory(), InsuredPersonFactory()]
    lines = [_line(people[0]), _line(people[1], **overrides)]
    # when the source is written
    with pytest.raises(ApplicationError) as error:
        contribution_records_write_lines(source=_source(), lines=lines)
    # then the error is the loose row's, named at row 2, and nothing is stored
    assert error.value.code == code
    assert "۲" in error.value.message
    assert not ContributionRecord.objects.exists()
    # and the same broken values as a loose row give the same code
    loose = {**_row(people[1]), **{k: v for k, v in overrides.items() if k != "person_id"}}
    if "person_id" in overrides:
        loose = {**loose, "person": InsuredPerson()}  # an unsaved person: no id
    with pytest.raises(ApplicationError) as loose_error:
        contribution_records_write_many(rows=[loose])
    assert loose_error.value.code == code


def test_source_lines_store_the_values_the_loose_rows_store():
    # given the same month for two people as lines of a source and (elsewhere) loose rows
    from insured.services.records import contribution_records_write_lines

    people = [InsuredPersonFactory(), InsuredPersonFactory()]
    lines = [_line(people[0], job_title="  حسابدار  "), _line(people[1], job_code=None)]
    columns = ("person_id", "days", "daily_wage", "insurable_total", "job_code", "job_title")
    # when both are written (the loose ones after the lines are turned back)
    contribution_records_write_lines(source=_source(), lines=lines)
    from_lines = list(ContributionRecord.objects.order_by("person_id").values_list(*columns))
    ContributionRecord.objects.all().delete()
    contribution_records_write_many(
        rows=[
            {**_row(people[0]), "job_title": "  حسابدار  "},
            {**_row(people[1]), "job_code": None},
        ]
    )
    from_rows = list(ContributionRecord.objects.order_by("person_id").values_list(*columns))
    # then they are the same rows: the title stripped, a missing job code empty
    assert from_lines == from_rows
    assert [(r[4], r[5]) for r in from_lines] == [("101010", "حسابدار"), ("", "حسابدار")]


def test_a_resent_source_writes_nothing_and_a_changed_one_new_versions():
    # given a source of three lines, written
    from insured.services.records import contribution_records_write_lines

    people = [InsuredPersonFactory() for _ in range(3)]
    first = contribution_records_write_lines(source=_source(), lines=[_line(p) for p in people])
    # when it is sent again as it was, then with the second line's days changed
    again = contribution_records_write_lines(source=_source(), lines=[_line(p) for p in people])
    lines = [_line(p, days=20) if p == people[1] else _line(p) for p in people]
    changed = contribution_records_write_lines(source=_source(), lines=lines)
    # then the resend wrote nothing, the change one version superseding the old
    assert (first.created, again.unchanged, changed.corrected, changed.unchanged) == (3, 3, 1, 2)
    versions = ContributionRecord.objects.filter(person=people[1]).order_by("version")
    old, new = versions
    assert (old.is_current, new.is_current, new.supersedes_id, new.days) == (
        False,
        True,
        old.pk,
        20,
    )


def test_a_record_line_is_read_in_the_order_the_service_checks_and_copies():
    # the service unpacks a RecordLine by position: its fields must be LINE_COLUMNS, and the
    # copied columns must start with them
    from insured.services import records

    assert records.RecordLine._fields == records.LINE_COLUMNS
    assert records.RECORD_COLUMNS[: len(records.LINE_COLUMNS)] == records.LINE_COLUMNS


def test_lines_checked_a_column_at_a_time_store_what_line_by_line_stores():
    # given lines at the rules' edges (no days, a whole month, the largest amount, a title
    # padded and one too long), and the same months as loose rows (checked row by row)
    from insured.services import records

    people = [InsuredPersonFactory() for _ in range(3)]
    month_days = jalali_month_days(1400, 1)
    largest = records.BIGINT_MAX
    edges = [
        {"days": 0, "job_title": "  حسابدار  "},
        {"days": month_days, "job_title": "ت" * 60, "job_code": ""},
        {"total_pay": largest, "insured_share": largest, "employer_share": largest},
    ]
    lines = [_line(p, **e) for p, e in zip(people, edges, strict=True)]
    columns = ("person_id", "days", *records.MONEY_FIELDS, "job_code", "job_title")
    # when both are written (the loose rows after the lines are turned back)
    records.contribution_records_write_lines(source=_source(), lines=lines)
    from_lines = list(ContributionRecord.objects.order_by("person_id").values_list(*columns))
    ContributionRecord.objects.all().delete()
    contribution_records_write_many(rows=[_row(p, **e) for p, e in zip(people, edges, strict=True)])
    from_rows = list(ContributionRecord.objects.order_by("person_id").values_list(*columns))
    # then the lines took the column checks, and stored what the row checks store
    as_columns = list(zip(*lines, strict=True))
    assert records._columns_hold(as_columns, month_days=month_days)
    assert from_lines == from_rows
    assert [r[-1] for r in from_lines] == ["حسابدار", "ت" * 50, "حسابدار"]


def _taken_line_by_line(lines):
    """The lines leave the column checks to the line checks; the second line's result."""
    from insured.services import records

    month_days = jalali_month_days(1400, 1)
    assert not records._columns_hold(list(zip(*lines, strict=True)), month_days=month_days)
    shared = records._clean_source(_row(None), index=0, today=today_jalali())
    source = records._SOURCE_VALUES(shared)
    return records._check_line(lines[1], index=1, month_days=month_days, source=source)


@pytest.mark.parametrize(
    "overrides",
    [
        {"days": "31"},  # a numeric string: int() turns it into a number
        {"days": True},  # a bool is an int to isinstance, not to the column check
        {"job_code": None},  # no job: stored empty
        {"job_title": 7},  # not a text: stored as its text
        {"job_code": "1234567"},  # cut to 6 characters
    ],
)
def test_lines_the_column_checks_leave_are_stored_as_the_line_checks_give_them(overrides):
    # given a source whose second line the column checks leave to the line checks
    from insured.services import records

    people = [InsuredPersonFactory(), InsuredPersonFactory()]
    lines = [_line(people[0]), _line(people[1], **overrides)]
    expected = _taken_line_by_line(lines)
    # when it is written
    records.contribution_records_write_lines(source=_source(), lines=lines)
    # then the second line is stored as the line check gives it
    stored = ContributionRecord.objects.filter(person=people[1]).values_list(*records.LINE_COLUMNS)
    assert stored.get() == expected[: len(records.LINE_COLUMNS)]


@pytest.mark.parametrize(
    "overrides",
    [
        {"person_id": 0},
        {"days": 32},
        {"daily_wage": -1},
        {"employer_share": 2**63},
        {"insurable_benefits": 1},
    ],
)
def test_lines_the_column_checks_refuse_give_the_line_checks_error(overrides):
    # given a source whose second line is broken
    from insured.services import records

    people = [InsuredPersonFactory(), InsuredPersonFactory()]
    lines = [_line(people[0]), _line(people[1], **overrides)]
    with pytest.raises(ApplicationError) as expected:
        _taken_line_by_line(lines)
    # when it is written, then the error is the line check's, at its row; nothing is stored
    with pytest.raises(ApplicationError) as error:
        records.contribution_records_write_lines(source=_source(), lines=lines)
    assert (error.value.code, error.value.message) == (expected.value.code, expected.value.message)
    assert not ContributionRecord.objects.exists()


def _lines_then_error(lines):
    """Lines as a maker gives them that stops at a line of its own it cannot make."""
    yield from lines
    raise ApplicationError("گسسته", code="maker_stopped")


def test_a_broken_line_before_the_makers_own_error_is_reported_first():
    # given lines whose maker stops after a second line with too many days
    from insured.services.records import contribution_records_write_lines

    people = [InsuredPersonFactory(), InsuredPersonFactory()]
    broken = [_line(people[0]), _line(people[1], days=32)]
    # when they are written, then the broken line is reported, as line by line it was
    with pytest.raises(ApplicationError) as error:
        contribution_records_write_lines(source=_source(), lines=_lines_then_error(broken))
    assert (error.value.code, error.value.extra) == ("days", {"row": 1})
    # and with no broken line before it, the maker's own error stops the write
    good = [_line(p) for p in people]
    with pytest.raises(ApplicationError) as error:
        contribution_records_write_lines(source=_source(), lines=_lines_then_error(good))
    assert error.value.code == "maker_stopped"
    assert not ContributionRecord.objects.exists()


@pytest.mark.parametrize("line_values", [True, False])
def test_the_copy_input_is_made_a_chunk_of_rows_at_a_time_and_holds_every_row(
    line_values, monkeypatch
):
    # given five rows (a line's values, or whole rows) and a COPY input of two rows a
    # chunk, one job title holding what CSV quotes, the shared tail a "%" and a NULL
    import csv
    import io

    from insured.services import records

    monkeypatch.setattr(records._CopyInput, "CHUNK_ROWS", 2)
    stamp = "2026-01-01T00:00:00+00:00"
    source = ("1000000001", "کارگاه ۵۰%", None, 1400, 1, "monthly_list", "")
    tail = (*source, 1, True, None, stamp) if line_values else (stamp,)
    width = len(records.RECORD_COLUMNS) + 1 - len(tail)
    titles = ["شغل", 'کارگر، "ساده",\nدوم', "", "۵۰%", "%s"]
    rows = [(i, *range(1, width - 2), f"{i}", titles[i]) for i in range(5)]
    copy_input = records._CopyInput(rows, tail=tail)
    # when the driver reads it to its end
    chunks = list(iter(lambda: copy_input.read(8192), ""))
    # then it came in three chunks, every row once with the tail, as CSV reads it back
    assert len(chunks) == 3
    assert (copy_input._format is not None) == line_values  # lines: the format, mostly
    expected = [["" if v is None else str(v) for v in (*row, *tail)] for row in rows]
    assert list(csv.reader(io.StringIO("".join(chunks)))) == expected
    assert copy_input.read(8192) == ""


def test_a_copy_of_many_chunks_stores_every_line_and_tells_empty_from_null(monkeypatch):
    # given a source of seven lines, texts empty or needing quotes among them, without a
    # branch, and a COPY input of three rows a chunk (PostgreSQL)
    from django.db import connection

    from insured.services import records

    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    monkeypatch.setattr(records._CopyInput, "CHUNK_ROWS", 3)
    people = [InsuredPersonFactory() for _ in range(7)]
    titles = ["", 'کارگر، "ساده"', "خط\nدوم", "a,b", "\\N", "شغل", " "]
    lines = [
        _line(p, days=i, job_code="" if i % 2 else "101010", job_title=title)
        for i, (p, title) in enumerate(zip(people, titles, strict=True))
    ]
    source = dataclasses.replace(_source(), workshop_name="شرکت ۵۰% نمونه")
    # when they are written
    result = records.contribution_records_write_lines(source=source, lines=lines)
    # then every line is a first version with its own values: an empty text stays empty,
    # the missing branch and the superseded version are NULL, the source's name as it is
    assert result.created == 7
    stored = ContributionRecord.objects.order_by("days").values_list(
        "person_id", "days", "job_code", "job_title", "version", "is_current", "supersedes_id"
    )
    assert list(stored) == [
        (p.pk, i, "" if i % 2 else "101010", title.strip(), 1, True, None)
        for i, (p, title) in enumerate(zip(people, titles, strict=True))
    ]
    assert not ContributionRecord.objects.filter(branch__isnull=False).exists()
    assert set(ContributionRecord.objects.values_list("workshop_name", flat=True)) == {
        "شرکت ۵۰% نمونه"
    }


def test_a_source_is_written_with_the_collector_off_and_it_resumes_as_it_was():
    # given the collector on, a source of two lines, and a broken one
    import gc

    from insured.services.records import contribution_records_write_lines

    people = [InsuredPersonFactory(), InsuredPersonFactory()]
    seen: list[bool] = []

    def lines(**overrides):
        yield _line(people[0])
        seen.append(gc.isenabled())  # while the service reads the lines
        yield _line(people[1], **overrides)

    assert gc.isenabled()
    # when both are written, then the collector was off while the lines were read and is
    # on again afterwards, after an error too
    contribution_records_write_lines(source=_source(), lines=lines())
    with pytest.raises(ApplicationError):
        contribution_records_write_lines(source=_source(), lines=lines(days=40))
    assert (seen, gc.isenabled()) == ([False, False], True)
    # and a collector already off stays off
    gc.disable()
    try:
        contribution_records_write_lines(source=_source(), lines=lines(days=20))
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert ContributionRecord.objects.filter(person=people[1], is_current=True).get().days == 20
