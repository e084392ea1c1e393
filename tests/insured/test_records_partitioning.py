"""insured 0009: contribution records hash-partitioned by person on PostgreSQL.

The migration rebuilds the table; these tests check the shape it leaves (partitioned by
person_id, 16 partitions), that a person's rows sit in one partition and a per-person
read touches only that one, and that migrating back and forth keeps every row, every
selector's answer and the id sequence. Run on PostgreSQL, whose schema changes roll back
with the test."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from insured.models import ContributionRecord
from insured.selectors.average_wage import average_wage_for_person
from insured.selectors.calculators import benefit_months_for_person
from insured.selectors.lookup import service_months_by_national_code
from insured.selectors.records import (
    contribution_record_history,
    contribution_record_summary,
    contribution_record_year,
    record_last,
)
from insured.services.records import contribution_records_write_many
from tests.insured.factories import InsuredPersonFactory, history, month_write

pytestmark = pytest.mark.django_db

TABLE = ContributionRecord._meta.db_table
PARTITIONS = 16
BEFORE = [("insured", "0008_commission_services_by_request_only")]
AFTER = [("insured", "0009_records_partitioned_by_person")]


def _migrate(targets) -> None:
    # Rows written in this transaction must not hold back the table's DROP.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    MigrationExecutor(connection).migrate(targets)


def _partition_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = %s::regclass", [TABLE])
        return cursor.fetchone()[0]


def _partitions_of_rows() -> dict[int, set[str]]:
    """person_id → the partitions holding that person's rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT person_id, tableoid::regclass::text FROM {TABLE}"  # noqa: S608
        )
        found: dict[int, set[str]] = {}
        for person_id, partition in cursor.fetchall():
            found.setdefault(person_id, set()).add(partition)
        return found


def _correct(person, *, year: int, month: int, days: int) -> None:
    """A new version of one month (the old one superseded), as an objection would write."""
    month_write(person, year=year, month=month, days=days, source="objection", source_ref="case-1")


def _people_with_histories(count: int = 6):
    people = []
    for index in range(count):
        person = InsuredPersonFactory()
        history(person, years=3, start_year=1398 + index % 3, daily_wage=100_000 + index)
        people.append(person)
    _correct(people[0], year=1399, month=5, days=10)
    return people


def _every_selector(people) -> list:
    """Every record selector's answer for each person, as comparable values."""
    answers = []
    for person in people:
        answers += [
            contribution_record_summary(person=person),
            contribution_record_year(person=person, year=1399),
            [
                (r.pk, r.version, r.is_current, r.supersedes_id, r.days)
                for r in contribution_record_history(
                    person=person, workshop_code="1000000001", year=1400, month=5
                )
            ],
            record_last(insured=person),
            average_wage_for_person(person=person),
            service_months_by_national_code(national_code=person.national_code),
            benefit_months_for_person(person=person),
        ]
    return answers


def _all_rows() -> list[tuple]:
    columns = [f.attname for f in ContributionRecord._meta.concrete_fields]
    return list(ContributionRecord.objects.order_by("pk").values_list(*columns))


def test_the_records_table_is_hash_partitioned_by_person(postgres_required):
    # when the migrations have run (the test database), the table is partitioned by hash
    # of person_id into 16 partitions
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.partstrat, a.attname FROM pg_partitioned_table p "
            "JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] "
            "WHERE p.partrelid = %s::regclass",
            [TABLE],
        )
        assert cursor.fetchall() == [("h", "person_id")]
    assert _partition_count() == PARTITIONS


def test_rows_land_in_one_partition_per_person_and_a_person_read_touches_only_it(
    postgres_required,
):
    # given several people's histories, written by the ORM and by the COPY write path
    people = _people_with_histories(8)
    newcomer = InsuredPersonFactory()
    contribution_records_write_many(
        rows=[
            {
                "person": newcomer,
                "workshop_code": "1000000002",
                "workshop_name": "کارگاه دوم",
                "year": 1401,
                "month": month,
                "days": 20,
                "daily_wage": 1_000,
                "monthly_wage": 20_000,
                "insurable_benefits": 0,
                "insurable_total": 20_000,
                "total_pay": 20_000,
                "insured_share": 1_400,
                "employer_share": 4_600,
                "source": "monthly_list",
                "source_ref": "list-1",
            }
            for month in range(7, 13)
        ]
    )
    # then every person's rows sit in exactly one partition, and the people are spread
    by_person = _partitions_of_rows()
    assert set(by_person) == {p.pk for p in [*people, newcomer]}
    assert all(len(partitions) == 1 for partitions in by_person.values())
    assert len({next(iter(p)) for p in by_person.values()}) > 1
    # and no row is in the parent itself
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ONLY {TABLE}")  # noqa: S608
        assert cursor.fetchone()[0] == 0

    # when a person's summary is read, its query's plan reads one partition (pruned)
    person = people[3]
    with CaptureQueriesContext(connection) as captured:
        contribution_record_summary(person=person)
    (query,) = captured.captured_queries
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {query['sql']}")
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    relations = set()
    stack = [plan[0]["Plan"]]
    while stack:
        node = stack.pop()
        if "Relation Name" in node:
            relations.add(node["Relation Name"])
        stack.extend(node.get("Plans", ()))
    assert relations == by_person[person.pk]


def test_migrating_back_and_forth_keeps_rows_selectors_and_the_sequence(postgres_required):
    # given the table before partitioning, with histories and a corrected month
    _migrate(BEFORE)
    assert _partition_count() == 0
    people = _people_with_histories()
    rows = _all_rows()
    answers = _every_selector(people)
    assert any(
        row_supersedes
        for row_supersedes in ContributionRecord.objects.values_list("supersedes_id", flat=True)
    )

    # when the table is partitioned
    _migrate(AFTER)
    # then it has its partitions, every row as it was, and every selector answers the same
    assert _partition_count() == PARTITIONS
    assert _all_rows() == rows
    assert _every_selector(people) == answers
    # and the ids go on from where they were
    _correct(people[1], year=1400, month=2, days=7)
    newest = ContributionRecord.objects.order_by("-pk").first()
    assert newest.pk > max(row[0] for row in rows)
    assert newest.supersedes.person_id == people[1].pk
    rows = _all_rows()
    answers = _every_selector(people)

    # when it is migrated back, the rows and answers stay, in a plain table
    _migrate(BEFORE)
    assert _partition_count() == 0
    assert _all_rows() == rows
    assert _every_selector(people) == answers

    # and forward again leaves the database as the test found it
    _migrate(AFTER)
    assert _partition_count() == PARTITIONS
    assert _all_rows() == rows
    assert _every_selector(people) == answers
