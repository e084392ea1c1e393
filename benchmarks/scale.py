"""Record selectors at scale: `make bench-scale` → var/bench/scale.json.

PostgreSQL only (BENCH_DATABASE_URL=postgres://…, required). The script creates its
own database, named after the URL's with `_scale` (`tamin` → `tamin_scale`; dropped
and created anew), migrates it, and loads contribution records by COPY in two steps:

1. 1,000,000 rows, VACUUM ANALYZE, measure;
2. more rows up to SCALE_ROWS (default 10,000,000), VACUUM ANALYZE, measure again.

The rows have the shape the monthly lists give them: people with 420 months each
(35 years, 1369–1403), written month by month for everyone (one list after the other),
so one person's rows are scattered over the whole table, not next to each other; each
person changes workshop every 7 years (5 workshops of 4,000) and one month in 40 is
reported by a second workshop too (an overlap). The second step adds new people the
same way; the people measured are people of the first step, so the same person's
records are read at both sizes.

Every record selector the portal reads records with is timed (the median of up to
SCALE_RUNS calls, default 15, over 5 sample people, bounded in time) at both sizes,
with the ratio, and its plan: each of its queries is EXPLAINed (FORMAT JSON) and the
plan's top node and the way it reaches the records table (Index Scan, Bitmap Heap
Scan, Seq Scan…) are reported. Each entry of scale.json has the bench shape
{name, value, unit, baseline, ratio} (value: at SCALE_ROWS, baseline: at 1M) plus
the plans.

The records table is hash-partitioned by person (insured 0009, 16 partitions); each plan
says how many partitions a query reads (1: pruned to the person's partition).

The write side: the real submission of a valid 10,000-row monthly list (records + ledger +
status, `monthly_list_submit`, one transaction rolled back after each round) is timed at 1M
and at SCALE_ROWS against the same list submitted into an empty twin database (the URL's
name + `_empty`, migrated, the same list, no records). The rounds alternate between the two
databases, each round in a fresh process (an untimed warm-up submission, then a timed one),
so the shared machine's load falls on both alike; the entry `monthly_list_10k_submit at
<rows>` is the median of LIST_ROUNDS with the twin's median as its baseline (the goal:
≤ 1.3×), the fastest rounds beside it. The list, its workshop and its 10,000 workers are
made before the load, so they are not among the loaded people.

Memory stays bounded: the COPY input is generated in chunks as PostgreSQL reads it.
Foreign-key triggers are off during the load (session_replication_role = replica, the
rows are valid by construction), so the server user must be a superuser. Not part of
`make test`.
"""

from __future__ import annotations

import io
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"
RESULTS = BENCH_DIR / "scale.json"

FIRST_ROWS = 1_000_000
DEFAULT_TOP_ROWS = 10_000_000
FIRST_YEAR, YEARS = 1369, 35
MONTHS = YEARS * 12  # 420 months per person
WORKSHOP_YEARS = 7  # a person changes workshop every 7 years
WORKSHOPS = 4_000
OVERLAP_EVERY = 40  # one month in 40 is also reported by a second workshop
ROWS_PER_PERSON = MONTHS + MONTHS // OVERLAP_EVERY
SAMPLE_PEOPLE = 5
RUNS = int(os.environ.get("SCALE_RUNS", "15"))
MAX_SECONDS_PER_SELECTOR = 20.0
COPY_CHUNK_ROWS = 20_000
LIST_ROWS = 10_000
LIST_ROUNDS = 5
LIST_DAYS = 5  # five days a worker, as benchmarks/run.py's list (within the N12 totals)
LIST_WORKSHOP_CODE = "3999999992"
LIST_YEAR, LIST_MONTH = 1404, 7  # after the loaded history (1369–1403): every row is new

COPY_COLUMNS = (
    "person_id",
    "workshop_code",
    "workshop_name",
    "year",
    "month",
    "days",
    "daily_wage",
    "monthly_wage",
    "insurable_benefits",
    "insurable_total",
    "total_pay",
    "insured_share",
    "employer_share",
    "job_code",
    "job_title",
    "source",
    "source_ref",
    "version",
    "is_current",
    "created_at",
)


def scale_url(url: str) -> str:
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "tamin"
    return urlunsplit(parts._replace(path=f"/{name}_scale"))


def fresh_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def django_setup(url: str) -> None:
    os.environ.pop("REDIS_URL", None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "tamin.settings.dev",
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": url,
            "CELERY_TASK_ALWAYS_EAGER": "true",
            "AXES_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


# --- data -------------------------------------------------------------------------


def workshop_of(person_index: int, month_index: int) -> int:
    return (person_index * 7 + month_index // (WORKSHOP_YEARS * 12)) % WORKSHOPS


def period_of(month_index: int) -> tuple[int, int]:
    return FIRST_YEAR + month_index // 12, month_index % 12 + 1


def create_people(first: int, count: int) -> list[int]:
    """People first … first+count-1 (index order); their database ids, in that order."""
    import datetime

    from insured.models import InsuredPerson

    ids: list[int] = []
    for start in range(first, first + count, 5_000):
        batch = [
            InsuredPerson(
                insurance_number=f"{i + 1:010d}",
                national_code=f"{i + 1_000_000_000:010d}"[-10:],
                first_name="سنجه",
                last_name=f"بار {i}",
                birth_date=datetime.date(1965, 1, 1),
                sex="male",
            )
            for i in range(start, min(start + 5_000, first + count))
        ]
        ids.extend(p.pk for p in InsuredPerson.objects.bulk_create(batch))
    return ids


def record_lines(people: list[tuple[int, int]]) -> Iterator[str]:
    """COPY text lines, month by month for everyone (as the monthly lists arrive)."""
    for month_index in range(MONTHS):
        year, month = period_of(month_index)
        wage = 3_000_000 * (year - FIRST_YEAR + 1)
        for index, person_id in people:
            shop = workshop_of(index, month_index)
            days = 30 if month <= 6 else 29
            job = f"{shop % 900 + 100:06d}"
            yield (
                f"{person_id}\t{1_000_000 + shop}\tکارگاه {shop}\t{year}\t{month}\t{days}\t"
                f"{wage // 30}\t{wage}\t0\t{wage}\t{wage}\t{wage * 7 // 100}\t"
                f"{wage * 23 // 100}\t{job}\tکارگر\tmonthly_list\tbench\t1\tt\t"
                "2025-01-01 00:00:00+00\n"
            )
            if (index + month_index) % OVERLAP_EVERY == 0:  # a second workshop, a few days
                other = (shop + 1) % WORKSHOPS
                yield (
                    f"{person_id}\t{1_000_000 + other}\tکارگاه {other}\t{year}\t{month}\t5\t"
                    f"{wage // 30}\t{wage // 6}\t0\t{wage // 6}\t{wage // 6}\t"
                    f"{wage // 6 * 7 // 100}\t{wage // 6 * 23 // 100}\t\t\tmonthly_list\t"
                    "bench\t1\tt\t2025-01-01 00:00:00+00\n"
                )


class LineStream(io.RawIOBase):
    """A file PostgreSQL's COPY reads from; lines are made in chunks as it reads."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.buffer = b""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while len(self.buffer) < max(size, 1):
            chunk = "".join(islice(self.lines, COPY_CHUNK_ROWS))
            if not chunk:
                break
            self.buffer += chunk.encode()
        if size < 0:
            size = len(self.buffer)
        out, self.buffer = self.buffer[:size], self.buffer[size:]
        return out


def load_records(people: list[tuple[int, int]]) -> float:
    from django.db import connection

    from insured.models import ContributionRecord

    table = ContributionRecord._meta.db_table
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.cursor.copy_expert(
            f"COPY {table} ({', '.join(COPY_COLUMNS)}) FROM STDIN",
            LineStream(record_lines(people)),
            size=1 << 16,
        )
        cursor.execute("SET session_replication_role = DEFAULT")
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}")
    return elapsed


def table_rows() -> int:
    from django.db import connection

    from insured.models import ContributionRecord

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {ContributionRecord._meta.db_table}")  # noqa: S608
        return cursor.fetchone()[0]


# --- measuring --------------------------------------------------------------------


def selectors(samples: list[tuple[int, int]]) -> dict[str, Callable[[object, int], object]]:
    """{name: call(person, index)} for every selector that reads contribution records."""
    from insured.selectors.average_wage import average_wage_for_person
    from insured.selectors.calculators import benefit_months_for_person
    from insured.selectors.lookup import service_months_by_national_code
    from insured.selectors.records import (
        contribution_record_history,
        contribution_record_summary,
        contribution_record_year,
        record_last,
    )

    middle = MONTHS // 2
    year, month = period_of(middle)
    return {
        "summary (+combined, jobs)": lambda p, i: contribution_record_summary(person=p),
        "record year": lambda p, i: contribution_record_year(person=p, year=year),
        "month history": lambda p, i: contribution_record_history(
            person=p,
            workshop_code=str(1_000_000 + workshop_of(i, middle)),
            year=year,
            month=month,
        ),
        "record_last": lambda p, i: record_last(insured=p),
        "average wage": lambda p, i: average_wage_for_person(person=p),
        "service months": lambda p, i: service_months_by_national_code(
            national_code=p.national_code
        ),
        "benefit months": lambda p, i: benefit_months_for_person(person=p),
    }


def bitmap_indexes(node: dict) -> str:
    """The indexes under a Bitmap Heap Scan, joined as the planner combines them."""
    parts = []
    for child in node.get("Plans", ()):
        if child["Node Type"] == "Bitmap Index Scan":
            parts.append(child["Index Name"])
        elif child["Node Type"] in ("BitmapAnd", "BitmapOr"):
            parts.append(f"{child['Node Type']}: {bitmap_indexes(child)}")
    return ", ".join(parts)


def plan_of(call: Callable[[], object]) -> list[dict]:
    """Each query of one call: its plan's top node and how it reads the records table."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from insured.models import ContributionRecord

    table = ContributionRecord._meta.db_table
    with connection.cursor() as cursor:  # the table itself, or its partitions
        cursor.execute(
            "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = %s::regclass",
            [table],
        )
        relations = {table, *(name for (name,) in cursor.fetchall())}
        # A partition's index → the parent's index it is attached to (its name in models.py).
        cursor.execute(
            "SELECT c.relname, p.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE c.relkind = 'i'"
        )
        parents = dict(cursor.fetchall())
    with CaptureQueriesContext(connection) as captured:
        call()
    plans = []
    for query in captured.captured_queries:
        with connection.cursor() as cursor:
            # ANALYZE: which partitions the query really read (a join prunes at run time).
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {query['sql']}")
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
        root = plan[0]["Plan"]
        access: set[str] = set()
        planned: set[str] = set()
        read: set[str] = set()
        stack = [root]
        while stack:
            node = stack.pop()
            if node.get("Relation Name") in relations:
                planned.add(node["Relation Name"])
                if node.get("Actual Loops", 1) > 0:
                    read.add(node["Relation Name"])
                index = node.get("Index Name")
                if node["Node Type"] == "Bitmap Heap Scan":  # name the bitmap's indexes
                    index = bitmap_indexes(node)
                if index:
                    index = re.sub(r"\w+", lambda m: parents.get(m[0], m[0]), index)
                access.add(f"{node['Node Type']}" + (f" ({index})" if index else ""))
            if node["Node Type"] != "Bitmap Heap Scan":
                stack.extend(node.get("Plans", ()))
        if access:
            plans.append(
                {
                    "top": root["Node Type"],
                    "records": " + ".join(sorted(access)),
                    "partitions": len(read - {table}) or None,
                    "partitions_planned": len(planned - {table}) or None,
                }
            )
    return plans


def measure(samples: list[tuple[int, object]]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for name, call in selectors(samples).items():
        for index, person in samples:  # warm the cache once per person
            call(person, index)
        times: list[float] = []
        deadline = time.perf_counter() + MAX_SECONDS_PER_SELECTOR
        for _ in range(RUNS):
            for index, person in samples:
                started = time.perf_counter()
                call(person, index)
                times.append((time.perf_counter() - started) * 1000)
            if time.perf_counter() > deadline:
                break
        index, person = samples[0]
        out[name] = {
            "ms": statistics.median(times),
            "calls": len(times),
            "plans": plan_of(lambda c=call, p=person, i=index: c(p, i)),
        }
    return out


def partitions_text(plan: dict) -> str:
    """« [1 partition]», or « [1 of 16 partitions read]» when the others were pruned only
    at run time (the person is known from a join)."""
    read, planned = plan.get("partitions"), plan.get("partitions_planned")
    if not planned:
        return ""
    if read == planned:
        return f" [{read} partition{'s' if read > 1 else ''}]"
    return f" [{read or 0} of {planned} partitions read]"


def plan_text(plans: list[dict]) -> str:
    return "; ".join(f"{p['top']} ← {p['records']}{partitions_text(p)}" for p in plans)


# --- the write side: a 10,000-row list submitted ------------------------------------


def list_setup() -> None:
    """A valid, parsed 10,000-row list of a workshop of its own (workers registered, not
    among the loaded people): what `monthly_list_submit` takes."""
    import datetime

    from django.conf import settings

    from branches.models import Branch, City, Province
    from employers.demo.lists import Worker, as_uploads, list_files_for
    from employers.models import Representative, Workshop
    from employers.services.lists import monthly_list_upload
    from insured.models import InsuredPerson
    from tamin.accounts.models import User
    from tamin.core.identifiers import national_code_with_check_digit

    settings.MEDIA_ROOT = BENCH_DIR / "scale-media"
    settings.PRIVATE_STORAGE_DIR = BENCH_DIR / "scale-private"
    province = Province.objects.create(name="استان سنجه مقیاس", slug="bench-scale")
    city = City.objects.create(province=province, name="شهر سنجه")
    branch = Branch.objects.create(
        code="B778", name="شعبه سنجه مقیاس", province=province, city=city, address="آزمون"
    )
    workshop = Workshop.objects.create(
        code=LIST_WORKSHOP_CODE, name="کارگاه سنجه مقیاس", employer_name="کارفرما", branch=branch
    )
    user = User.objects.create_user(
        national_code_with_check_digit("006660002"), "bench-password-0123", mobile="09126660002"
    )
    Representative.objects.create(user=user, workshop=workshop, role="owner")
    # 8-digit insurance numbers and national codes from 06…: apart from the loaded people's.
    persons = [
        InsuredPerson(
            insurance_number=f"{62_000_000 + i:08d}",
            national_code=national_code_with_check_digit(f"{62_000_000 + i:09d}"),
            first_name="کارگر",
            last_name="سنجه",
            birth_date=datetime.date(1990, 1, 1),
            sex="male",
        )
        for i in range(LIST_ROWS)
    ]
    InsuredPerson.objects.bulk_create(persons, batch_size=2000)
    workers = [
        Worker(
            insurance_number=p.insurance_number,
            national_code=p.national_code,
            first_name="کارگر",
            last_name="سنجه",
            daily_wage=3_463_656 + (i % 500) * 1000,
            benefits=0,
        )
        for i, p in enumerate(persons)
    ]
    files = list_files_for(
        workshop_code=workshop.code,
        workshop_name=workshop.name,
        employer_name=workshop.employer_name,
        year=LIST_YEAR,
        month=LIST_MONTH,
        workers=workers,
        days=LIST_DAYS,
    )
    monthly_list = monthly_list_upload(
        user=user, workshop=workshop, files=as_uploads(files), year=LIST_YEAR, month=LIST_MONTH
    )
    monthly_list.refresh_from_db()
    if monthly_list.status != "valid":
        raise RuntimeError(f"bench list is not valid: {monthly_list.error_summary[:3]}")


class _RollBack(Exception):
    """Undo a timed round, so that every round submits into the same table."""


def _bench_list():
    """The list made by `list_setup` in this database, and its owner."""
    from employers.models import MonthlyList

    monthly_list = MonthlyList.objects.select_related("uploaded_by").get(
        workshop__code=LIST_WORKSHOP_CODE
    )
    return monthly_list, monthly_list.uploaded_by


def submit_round() -> float:
    """One timed submission of the list (after an untimed one that warms this process's
    code paths), each rolled back; checks that it wrote its 10,000 records. ms."""
    from django.db import transaction

    from employers.services.lists import monthly_list_submit
    from insured.models import ContributionRecord

    monthly_list, user = _bench_list()
    elapsed = 0.0
    for _ in range(2):
        try:
            with transaction.atomic():
                started = time.perf_counter()
                monthly_list_submit(user=user, list_id=monthly_list.pk)
                elapsed = time.perf_counter() - started
                written = ContributionRecord.objects.filter(
                    source="monthly_list", source_ref=str(monthly_list.pk)
                ).count()
                if written != LIST_ROWS:
                    raise RuntimeError(f"submit wrote {written} records")
                raise _RollBack
        except _RollBack:
            pass
    return elapsed * 1000


def _child(*arguments: str) -> str:
    """Run this script in a child process (`--prepare URL` / `--submit URL`); its last
    line of output."""
    done = subprocess.run(
        [sys.executable, __file__, *arguments], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{arguments[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


def prepare_empty_twin(url: str) -> None:
    """A second database, migrated, with the same list and no records: the baseline."""
    fresh_database(url)
    _child("--prepare", url)


def submit_interleaved(loaded_url: str, empty_url: str) -> dict[str, float]:
    """The list submitted into the loaded table and into the empty twin, round by round
    in turn (each round a fresh process), so that the shared machine's load falls on
    both alike: the medians and the fastest of LIST_ROUNDS rounds each."""
    loaded: list[float] = []
    empty: list[float] = []
    for _ in range(LIST_ROUNDS):
        empty.append(float(_child("--submit", empty_url)))
        loaded.append(float(_child("--submit", loaded_url)))
    return {
        "ms": statistics.median(loaded),
        "fastest_ms": min(loaded),
        "empty_ms": statistics.median(empty),
        "empty_fastest_ms": min(empty),
    }


def child_main(command: str, url: str) -> int:
    django_setup(url)
    if command == "--prepare":
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        list_setup()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print("prepared")
    else:
        print(f"{submit_round():.3f}")
    return 0


def main() -> int:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "bench-scale measures PostgreSQL only: set BENCH_DATABASE_URL=postgres://… "
            "(its database name gets a _scale suffix; SQLite is refused)."
        )
        return 2
    top_rows = int(os.environ.get("SCALE_ROWS", DEFAULT_TOP_ROWS))
    if top_rows <= FIRST_ROWS:
        print(f"SCALE_ROWS must be more than {FIRST_ROWS:,}.")
        return 2
    url = scale_url(url)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    print(f"fresh scale database: {urlsplit(url).path.lstrip('/')}")
    fresh_database(url)
    django_setup(url)
    from django.core.management import call_command

    from insured.models import InsuredPerson

    call_command("migrate", verbosity=0)
    list_setup()
    empty_url = urlunsplit(urlsplit(url)._replace(path=urlsplit(url).path + "_empty"))
    print(f"empty twin for the list submission: {urlsplit(empty_url).path.lstrip('/')}")
    prepare_empty_twin(empty_url)

    first_people = FIRST_ROWS // ROWS_PER_PERSON
    all_people = top_rows // ROWS_PER_PERSON
    step = max(first_people // SAMPLE_PEOPLE, 1)
    stages = []
    loaded_people = 0
    samples: list[tuple[int, object]] = []
    for people in (first_people, all_people):
        ids = create_people(loaded_people, people - loaded_people)
        load_seconds = load_records(list(zip(range(loaded_people, people), ids, strict=True)))
        loaded_people = people
        if not samples:
            chosen = [(i, ids[i]) for i in range(step // 2, first_people, step)][:SAMPLE_PEOPLE]
            by_id = InsuredPerson.objects.in_bulk([pk for _, pk in chosen])
            samples = [(i, by_id[pk]) for i, pk in chosen]
        rows = table_rows()
        print(f"loaded {rows:,} rows ({people:,} people) in {load_seconds:.1f} s; measuring …")
        selector_times = measure(samples)
        submit = submit_interleaved(url, empty_url)
        print(
            f"submitting the list at {rows:,} rows: {submit['ms']:.0f} ms, into the empty "
            f"twin {submit['empty_ms']:.0f} ms (medians of {LIST_ROUNDS}, in turn)"
        )
        stages.append(
            {
                "rows": rows,
                "load_seconds": load_seconds,
                "selectors": selector_times,
                "submit": submit,
            }
        )

    small, large = stages
    results = []
    print(
        f"\n{'selector':<27}{small['rows']:>12,}{large['rows']:>12,}{'ratio':>7}  plan "
        f"(top ← records table) at {large['rows']:,}"
    )
    for name, at_large in large["selectors"].items():
        at_small = small["selectors"][name]
        ratio = at_large["ms"] / at_small["ms"] if at_small["ms"] else None
        results.append(
            {
                "name": f"{name} at {large['rows']:,} rows",
                "value": round(at_large["ms"], 3),
                "unit": "ms",
                "baseline": round(at_small["ms"], 3),
                "ratio": round(ratio, 3) if ratio is not None else None,
                "baseline_rows": small["rows"],
                "rows": large["rows"],
                "calls": at_large["calls"],
                "plan": at_large["plans"],
                "baseline_plan": at_small["plans"],
            }
        )
        print(
            f"{name:<27}{at_small['ms']:>10.2f}ms{at_large['ms']:>10.2f}ms"
            f"{ratio:>7.2f}  {plan_text(at_large['plans'])}"
        )
        if plan_text(at_small["plans"]) != plan_text(at_large["plans"]):
            print(f"{'':<58}at {small['rows']:,}: {plan_text(at_small['plans'])}")
    print(
        f"\n{LIST_ROWS:,}-row list submitted (records + ledger), into the loaded table and "
        f"into an empty one, {LIST_ROUNDS} rounds each in turn:"
    )
    print(
        f"{'rows':>12}{'median':>10}{'empty':>10}{'ratio':>7}{'fastest':>10}{'empty':>10}{'ratio':>7}"
    )
    for stage in stages:
        submit = stage["submit"]
        ratio = submit["ms"] / submit["empty_ms"]
        fastest_ratio = submit["fastest_ms"] / submit["empty_fastest_ms"]
        print(
            f"{stage['rows']:>12,}{submit['ms']:>8.0f}ms{submit['empty_ms']:>8.0f}ms{ratio:>7.2f}"
            f"{submit['fastest_ms']:>8.0f}ms{submit['empty_fastest_ms']:>8.0f}ms"
            f"{fastest_ratio:>7.2f}"
        )
        results.append(
            {
                "name": f"monthly_list_10k_submit at {stage['rows']:,} rows",
                "value": round(submit["ms"], 1),
                "unit": "ms",
                "baseline": round(submit["empty_ms"], 1),
                "ratio": round(ratio, 3),
                "baseline_rows": 0,
                "rows": stage["rows"],
                "calls": LIST_ROUNDS,
                "fastest": round(submit["fastest_ms"], 1),
                "baseline_fastest": round(submit["empty_fastest_ms"], 1),
            }
        )
    for stage in stages:
        print(f"COPY of the step up to {stage['rows']:,} rows: {stage['load_seconds']:.1f} s")
    RESULTS.write_text(
        json.dumps(
            {
                "rows_per_person": ROWS_PER_PERSON,
                "loads": [
                    {"rows": s["rows"], "seconds": round(s["load_seconds"], 1)} for s in stages
                ],
                "results": results,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"\nwritten: {RESULTS.relative_to(BASE_DIR)}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("--prepare", "--submit"):
        sys.exit(child_main(sys.argv[1], sys.argv[2]))
    sys.exit(main())
