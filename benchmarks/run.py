"""Reproducible performance measurements: `make bench` → var/bench/results.json.

Each entry is {name, value, unit, baseline, ratio}: a measurement beside the
simplest thing of its kind on the same machine in the same run, so the ratio
means something where the absolute number does not.

* page throughput as production serves it (benchmarks/pages.py: production settings,
  PostgreSQL and Redis, gunicorn 2 sync workers, wrk with 20 connections): a trivial
  signed-in view, the dashboard, the 35-year record summary and a record year, the API
  record summary, the staff queue over 10,000 open cases, the directory, the home page
  and /healthz, each against `/hello` with its p50 and p95;
* OTP verification latency against a bare `User.objects.get`;
* a fresh render of the 35-year contribution record PDF (data, template, WeasyPrint,
  store: what the worker does) against a bare WeasyPrint table of the same month
  rows in Vazirmatn (the floor), in-process, no stored copy reused;
* a one-page payslip PDF, freshly rendered and re-downloaded from its stored copy, and a
  one-page salary certificate freshly rendered, each against that 35-year record render
  (benchmarks/payslips.py);
* a 10,000-row monthly worker list (DBF): parse + validate + store as the
  portal does it against a raw parse + COPY of the same rows (executemany on
  SQLite, named so in the result), and the peak memory of parsing 50,000 rows
  against the size of the files;
* serving 10,000 debt notices in bulk (each workshop's debt, the notice, its audit
  row, SMS + e-mail outbox rows) against bulk_create of the same Notice rows
  (benchmarks/serving.py);
* a sign-in code's SMS from request to a stub gateway (p95), through real Celery workers
  (one on `otp`, one on `bulk`) under production settings, while 10,000 bulk notices
  drain, against the same with the bulk queue idle; and the bulk notices sent meanwhile
  (benchmarks/notifications.py; PostgreSQL and Redis, BENCH_QUEUES_REDIS_URL).

Every loop is bounded in count and in time. Not part of `make test`.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"
BENCH_DB = BENCH_DIR / "bench.sqlite3"
RESULTS = BENCH_DIR / "results.json"
HOST = "127.0.0.1"

LATENCY_ITERATIONS = 300
LATENCY_MAX_SECONDS = 10.0

# A fresh, isolated database and outbox; no Redis, so jobs run in-process (eager).
BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "tamin.settings.dev",
    "DJANGO_DEBUG": "false",  # measure the production code path, not debug-mode bookkeeping
    # BENCH_DATABASE_URL=postgres://… measures on PostgreSQL (the database is dropped
    # and created anew); the default is a fresh SQLite file.
    "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{BENCH_DB}",
    "SMS_OUTBOX_DIR": str(BENCH_DIR / "outbox"),
    "CELERY_TASK_ALWAYS_EAGER": "true",
    "DATABASE_CONN_MAX_AGE": "60",  # as production does
    "AXES_ENABLED": "false",
    "LOG_LEVEL": "WARNING",
}


@dataclass
class Result:
    name: str
    value: float
    unit: str
    baseline: float | None
    ratio: float | None


class Skipped(Exception):
    """A measurement that cannot run yet; the reason is printed, the rest goes on."""


# --- setup ------------------------------------------------------------------------


def django_setup() -> None:
    os.environ.pop("REDIS_URL", None)
    os.environ.update(BENCH_ENV)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def _recreate_postgres_database(url: str) -> None:
    import environ
    import psycopg2
    from psycopg2 import sql

    config = environ.Env.db_url_config(url)
    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        name = sql.Identifier(config["NAME"])
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    admin.close()


def fresh_database() -> None:
    from django.core.management import call_command

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if BENCH_ENV["DATABASE_URL"].startswith("postgres"):
        _recreate_postgres_database(BENCH_ENV["DATABASE_URL"])
    for suffix in ("", "-wal", "-shm"):
        Path(f"{BENCH_DB}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(BENCH_DIR / "outbox", ignore_errors=True)
    call_command("migrate", interactive=False, verbosity=0)


def bench_user():
    """A person holding two roles, with the SMS device they signed in with."""
    from tamin.accounts.models import SMSDevice, User
    from tamin.accounts.services import user_role_grant
    from tamin.core.identifiers import national_code_with_check_digit

    user = User.objects.create_user(
        national_code_with_check_digit("001234567"),
        "bench-password-0123",
        mobile="09121234567",
        first_name="سنجه",
        last_name="آزمون",
    )
    for role in ("insured", "employer"):
        user_role_grant(user=user, role=role)
    device, _created = SMSDevice.objects.get_or_create(
        user=user, name="sms", defaults={"mobile": user.mobile, "confirmed": True}
    )
    return user, device


def bench_signed_in_pages(results: list[Result]) -> None:
    """Every page of #15 under wrk on production settings, PostgreSQL and Redis (pages.py)."""
    from benchmarks import pages

    database_url = BENCH_ENV["DATABASE_URL"]
    if not database_url.startswith("postgres"):
        raise Skipped(
            "page throughput is measured as production runs: set BENCH_DATABASE_URL=postgres://…"
        )
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
    rows = pages.measure(database_url=database_url, redis_url=redis_url, bench_dir=BENCH_DIR)
    print(f"  {'page':<22}{'req/s':>9}{'ratio':>8}{'aim':>7}{'p50 ms':>9}{'p95 ms':>9}  tool")
    for row in rows:
        aim = f"{row['aim']:.2f}" if row["aim"] is not None else "-"
        print(
            f"  {row['key']:<22}{row['per_second']:>9.0f}{row['ratio']:>8.3f}{aim:>7}"
            f"{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}  {row['tool']}"
            + (f"  {row['errors']} errors" if row["errors"] else "")
            + (f"  ({row['note']})" if row["note"] else "")
        )
        if row["key"] == "hello":
            results.append(
                Result("hello_throughput", row["per_second"], "req/s", row["per_second"], 1.0)
            )
            continue
        results.append(
            Result(
                f"{row['key']}_throughput",
                row["per_second"],
                "req/s",
                row["hello_per_second"],
                row["ratio"],
            )
        )
        # The p95's "baseline" is the aim (100 ms): a ratio at or under 1 meets it.
        results.append(
            Result(
                f"{row['key']}_p95",
                row["p95_ms"],
                "ms",
                pages.P95_AIM_MS,
                row["p95_ms"] / pages.P95_AIM_MS,
            )
        )
    (BENCH_DIR / "pages.json").write_text(json.dumps(rows, indent=2) + "\n")


# --- in-process latencies ----------------------------------------------------------


def median_ms(call: Callable[[], object], *, prepare: Callable[[], object] | None = None) -> float:
    """Median wall time of `call` in ms; `prepare` runs untimed before each call."""
    samples: list[float] = []
    deadline = time.monotonic() + LATENCY_MAX_SECONDS
    for _ in range(LATENCY_ITERATIONS):
        if time.monotonic() > deadline:
            break
        if prepare is not None:
            prepare()
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def bench_otp_verify(results: list[Result]) -> None:
    """OTP code verification (the sign-in second step) against a bare `User.objects.get`."""
    from tamin.accounts import services

    verify = getattr(services, "login_challenge_verify", None)
    if verify is None:
        raise Skipped("tamin.accounts.services.login_challenge_verify does not exist yet")
    try:
        from tamin.accounts import otp
    except ImportError as exc:
        raise Skipped(f"tamin.accounts.otp cannot be imported: {exc}") from exc
    if not hasattr(otp, "code_issue"):
        raise Skipped("tamin.accounts.otp.code_issue does not exist yet")

    from tamin.accounts.models import User

    user, device = bench_user()
    current: dict[str, str] = {}

    def issue() -> None:
        # A fresh code per round, as login_challenge_start would leave it (without the SMS).
        current["code"] = otp.code_issue(device)
        device.save(update_fields=["token", "valid_until", "attempt_id", "wrong_tries", "used_at"])
        current["attempt"] = str(device.attempt_id)

    def check() -> None:
        verify(
            user=user,
            method=services.METHOD_SMS,
            device_id=device.pk,
            attempt_id=current["attempt"],
            code=current["code"],
            ip=HOST,
        )

    baseline = median_ms(lambda: User.objects.get(pk=user.pk))
    value = median_ms(check, prepare=issue)
    results.append(Result("otp_verify_latency", value, "ms", baseline, value / baseline))


PDF_RENDERS = 5  # per document; a 35-year record takes seconds
PDF_MAX_SECONDS = 60.0
# The record's entry names its baseline: a bare auto-layout WeasyPrint table of its cells.
PDF_35Y = "pdf_35y_vs_bare_auto_table"
# The record's render as bench_insured_pdf set it up: bench_payslip_pdf renders it again
# between the one-page documents, as their baseline.
_record_render: Callable[[], None] | None = None


def _bench_person(*, first_nine: str, years: int, months: int = 12):
    """An insured person with `years` × `months` full months at one workshop (bulk-created)."""
    import datetime as dt

    from insured.models import ContributionRecord, InsuredPerson, RecordSource
    from tamin.core.identifiers import national_code_with_check_digit
    from tamin.core.jalali import jalali_month_days

    person = InsuredPerson.objects.create(
        insurance_number=first_nine[-8:],
        national_code=national_code_with_check_digit(first_nine),
        first_name="سنجه",
        last_name="سوابق",
        father_name="آزمون",
        birth_date=dt.date(1970, 3, 21),
        sex="male",
    )
    rows = []
    for year in range(1404 - years, 1404):
        for month in range(1, months + 1):
            days = jalali_month_days(year, month)
            wage = 3_000_000 * days
            rows.append(
                ContributionRecord(
                    person=person,
                    workshop_code=f"{1000000001 + (year % 5)}",
                    workshop_name=f"کارگاه سنجه {year % 5}",
                    year=year,
                    month=month,
                    days=days,
                    daily_wage=3_000_000,
                    monthly_wage=wage,
                    insurable_total=wage,
                    total_pay=wage,
                    insured_share=wage * 7 // 100,
                    employer_share=wage * 20 // 100,
                    job_title="کارمند",
                    source=RecordSource.LEGACY,
                )
            )
    ContributionRecord.objects.bulk_create(rows, batch_size=1000)
    return person


def bare_table_html(data) -> str:
    """The baseline: every month of the record as a bare auto-layout table (no
    `table-layout`, no widths), one cell per printed value, in Vazirmatn, with no page
    furniture, styling or totals."""
    from django.utils.html import escape

    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{escape(value)}</td>"
            for value in (
                row.period,
                row.month_name,
                row.workshop,
                row.job_title,
                row.days,
                row.wage,
            )
        )
        + "</tr>"
        for block in data.years
        for row in block.rows
    )
    return (
        '<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><style>'
        '@font-face { font-family: "Vazirmatn"; src: url("vendor/vazirmatn/Vazirmatn-Regular.ttf"); }'
        'html { font-family: "Vazirmatn"; font-size: 8.5pt; }'
        "</style></head><body><table>" + rows + "</table></body></html>"
    )


def bench_insured_pdf(results: list[Result]) -> None:
    """A fresh render of the 35-year record PDF (entry `pdf_35y_vs_bare_auto_table`)
    against a bare auto-layout WeasyPrint table of the same cells, in the same run."""
    try:
        from insured.services import pdfs
    except ImportError as exc:
        raise Skipped(f"insured.services.pdfs cannot be imported: {exc}") from exc
    from django.conf import settings

    from tamin.core import pdf

    settings.PRIVATE_STORAGE_DIR = BENCH_DIR / "private"
    long_history = _bench_person(first_nine="005550001", years=35)

    global _record_render

    def render_record() -> None:
        # What the worker does: build the data, render, store; never reuse a stored copy.
        pdf.render(
            template_name="insured/pdf/records.html",
            data=pdfs.record_statement_data(person=long_history),
            kind="bench.insured.records",
            title="گواهی سوابق بیمه‌ای",
            content_key=None,
        )

    from weasyprint import HTML

    bare_html = bare_table_html(pdfs.record_statement_data(person=long_history))
    static_base = pdf.static_root().as_uri() + "/"

    def bare_render() -> bytes:
        # Bare WeasyPrint: its defaults (automatic table layout, a font configuration of
        # its own, the garbage collector as the process has it), none of tamin.core.pdf.
        return HTML(string=bare_html, base_url=static_base).write_pdf()

    bare_render()  # warm-up: WeasyPrint import and font loading
    # The two alternate, so a busy machine slows both alike.
    bare_seconds: list[float] = []
    record_seconds: list[float] = []
    deadline = time.monotonic() + PDF_MAX_SECONDS
    for _ in range(PDF_RENDERS):
        if record_seconds and time.monotonic() > deadline:
            break
        for samples, action in (
            (bare_seconds, bare_render),
            (record_seconds, render_record),
        ):
            # Each from a collected heap: neither pays for the boxes the other left.
            gc.collect()
            started = time.perf_counter()
            action()
            samples.append(time.perf_counter() - started)
    baseline = statistics.median(bare_seconds) * 1000
    value = statistics.median(record_seconds) * 1000
    shutil.rmtree(BENCH_DIR / "private", ignore_errors=True)
    _record_render = render_record  # the one-page documents' baseline (bench_payslip_pdf)
    results.append(Result(PDF_35Y, value, "ms", baseline, value / baseline))


def bench_payslip_pdf(results: list[Result]) -> None:
    """A one-page payslip (a fresh render and the cached re-download) and a one-page
    certificate (a fresh render), each against renders of the 35-year record taken between
    them (benchmarks/payslips.py)."""
    from django.conf import settings

    from benchmarks import payslips

    if _record_render is None:
        raise Skipped("the 35-year record render (their baseline) did not run")
    settings.PRIVATE_STORAGE_DIR = BENCH_DIR / "private"
    try:
        measured = payslips.measure(record_render=_record_render)
    finally:
        shutil.rmtree(BENCH_DIR / "private", ignore_errors=True)
    record = measured.record_render
    for name, value in (
        ("payslip_pdf_render", measured.payslip_render),
        ("payslip_pdf_cached", measured.payslip_cached),
        ("certificate_pdf_render", measured.certificate_render),
    ):
        results.append(Result(name, value, "ms", record, value / record))


LIST_ROWS = 10_000
LIST_MEMORY_ROWS = 50_000
LIST_ROUNDS = 3
# Five days a worker: 50,000 rows still fit the N12 totals (DOMAIN.md §6 caps them).
LIST_DAYS = 5


def _bench_list_workers(count: int, *, first: int):
    """`count` registered insured persons (bulk-created) as list workers."""
    import datetime as dt

    from employers.demo.lists import Worker
    from insured.models import InsuredPerson
    from tamin.core.identifiers import national_code_with_check_digit

    persons = [
        InsuredPerson(
            insurance_number=f"{first + i:08d}",
            national_code=national_code_with_check_digit(f"{first + i:09d}"),
            first_name="کارگر",
            last_name="سنجه",
            father_name="آزمون",
            birth_date=dt.date(1990, 1, 1),
            sex="male",
        )
        for i in range(count)
    ]
    InsuredPerson.objects.bulk_create(persons, batch_size=2000)
    return [
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


def _copy_rows_baseline(rows) -> None:
    """The floor for "store": the same rows into a temp table by COPY (PostgreSQL) or
    executemany (SQLite), no checks, no ORM."""
    from django.db import connection

    columns = (
        "row_number",
        "insurance_number",
        "national_code",
        "first_name",
        "last_name",
        "days",
        "daily_wage",
        "monthly_wage",
        "insurable_benefits",
        "insurable_total",
        "total_pay",
        "insured_share",
    )
    values = [tuple(getattr(r, c) for c in columns) for r in rows]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_list_rows")
        cursor.execute(
            "CREATE TEMP TABLE bench_list_rows (row_number integer, insurance_number text, "
            "national_code text, first_name text, last_name text, days integer, daily_wage bigint, "
            "monthly_wage bigint, insurable_benefits bigint, insurable_total bigint, "
            "total_pay bigint, insured_share bigint)"
        )
        if connection.vendor == "postgresql":
            import io

            buffer = io.StringIO()
            for value in values:
                buffer.write("\t".join(str(v) for v in value) + "\n")
            buffer.seek(0)
            cursor.cursor.copy_expert(
                f"COPY bench_list_rows ({', '.join(columns)}) FROM STDIN", buffer
            )
        else:
            cursor.executemany(
                "INSERT INTO bench_list_rows VALUES "
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                values,
            )


class _RollBack(Exception):
    """Undo a timed round, so that every round submits into the same table."""


def _record_columns() -> tuple[str, ...]:
    """The columns the records service COPYs (its own list), with the creation time."""
    from insured.services.records import RECORD_COLUMNS

    return (*RECORD_COLUMNS, "created_at")


def _copy_records_input(values):
    """The records as COPY text input (tab-separated, NULL as an empty field)."""
    import io

    buffer = io.StringIO()
    for value in values:
        buffer.write("\t".join("" if v is None else str(v) for v in value) + "\n")
    buffer.seek(0)
    return buffer


def _copy_records_baseline(values) -> None:
    """The floor for "submit": the same contribution records by COPY (executemany on SQLite)
    into a temp table shaped like the records table (its indexes included), no checks."""
    from django.db import connection

    record_columns = _record_columns()
    columns = ", ".join(record_columns)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_records")
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TEMP TABLE bench_records (LIKE insured_contributionrecord INCLUDING ALL)"
            )
            cursor.cursor.copy_expert(
                f"COPY bench_records ({columns}) FROM STDIN WITH (NULL '')",
                _copy_records_input(values),
            )
        else:
            cursor.execute(
                "CREATE TEMP TABLE bench_records AS SELECT * FROM insured_contributionrecord WHERE 0"
            )
            placeholders = ", ".join(["%s"] * len(record_columns))
            cursor.executemany(
                f"INSERT INTO bench_records ({columns}) VALUES ({placeholders})",  # noqa: S608
                values,
            )


def _copy_records_into_table_baseline(values) -> None:
    """The floor for "submit" in the table itself: the same records by COPY (executemany on
    SQLite) into the real records table (partitioned on PostgreSQL, logged, its indexes,
    constraints and deferred foreign keys), no checks. Called in a transaction of its own
    that is rolled back, so the records do not meet the submitted ones' unique index."""
    from django.db import connection

    from insured.models import ContributionRecord

    table = ContributionRecord._meta.db_table
    record_columns = _record_columns()
    columns = ", ".join(record_columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.cursor.copy_expert(
                f"COPY {table} ({columns}) FROM STDIN WITH (NULL '')",
                _copy_records_input(values),
            )
        else:
            placeholders = ", ".join(["%s"] * len(record_columns))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
                values,
            )


SUBMIT_ROUNDS = 7  # a submission is ~0.2 s: more rounds than the parse, for a steadier median


def _bench_list_submit(results: list[Result], *, monthly_list, user) -> None:
    """Submitting the valid 10,000-row list (records + ledger + status, one transaction,
    rolled back after each round) against a COPY of the same 10,000 records: into a temp
    table shaped like the records table, and into the records table itself (in turn with
    the submission, each in its own rolled-back transaction)."""
    from contextlib import suppress

    from django.db import connection, transaction

    from employers.services.lists import monthly_list_submit
    from insured.models import ContributionRecord

    def timed(times: list[float], work, *args, **kwargs) -> None:
        started = time.perf_counter()
        work(*args, **kwargs)
        times.append(time.perf_counter() - started)

    submit: list[float] = []
    temp_copy: list[float] = []
    table_copy: list[float] = []
    for _ in range(SUBMIT_ROUNDS):
        with suppress(_RollBack), transaction.atomic():
            timed(submit, monthly_list_submit, user=user, list_id=monthly_list.pk)
            values = list(
                ContributionRecord.objects.filter(
                    source="monthly_list", source_ref=str(monthly_list.pk)
                ).values_list(*_record_columns())
            )
            if len(values) != LIST_ROWS:
                raise RuntimeError(f"submit wrote {len(values)} records")
            timed(temp_copy, _copy_records_baseline, values)
            raise _RollBack
        with suppress(_RollBack), transaction.atomic():
            timed(table_copy, _copy_records_into_table_baseline, values)
            raise _RollBack
    value = statistics.median(submit) * 1000
    store = "copy" if connection.vendor == "postgresql" else "sqlite_executemany"
    for into, times in (("temp", temp_copy), ("table", table_copy)):
        baseline = statistics.median(times) * 1000
        name = f"monthly_list_10k_submit_vs_{into}_{store}"
        results.append(Result(name, value, "ms", baseline, value / baseline))


def bench_monthly_list(results: list[Result]) -> None:
    """A 10,000-row DBF list: parse + validate (file rules and registry) + store the rows, as
    `monthly_list_parse` does it, against a raw parse + COPY (executemany on SQLite) of the
    same rows; and the peak memory (tracemalloc) of parsing + checking 50,000 rows."""
    try:
        from employers import listfile
        from employers.demo.lists import as_uploads, list_files_for
        from employers.models import MonthlyList, Representative, Workshop
        from employers.services.lists import monthly_list_parse, monthly_list_upload
    except ImportError as exc:
        raise Skipped(f"employers lists cannot be imported: {exc}") from exc
    import tracemalloc

    from django.conf import settings
    from django.db import connection, transaction

    from branches.models import Branch, City, Province
    from tamin.accounts.models import User
    from tamin.core.identifiers import national_code_with_check_digit

    settings.MEDIA_ROOT = BENCH_DIR / "media"
    branch = Branch.objects.first()
    if branch is None:
        province = Province.objects.create(name="استان سنجه لیست", slug="bench-lists")
        city = City.objects.create(province=province, name="شهر سنجه")
        branch = Branch.objects.create(
            code="B777", name="شعبه سنجه لیست", province=province, city=city, address="آزمون"
        )
    workshop = Workshop.objects.create(
        code="3999999991", name="کارگاه سنجه", employer_name="کارفرمای سنجه", branch=branch
    )
    user = User.objects.create_user(
        national_code_with_check_digit("006660001"), "bench-password-0123", mobile="09126660001"
    )
    Representative.objects.create(user=user, workshop=workshop, role="owner")
    workers = _bench_list_workers(LIST_ROWS, first=61_000_000)
    files = list_files_for(
        workshop_code=workshop.code,
        workshop_name=workshop.name,
        employer_name=workshop.employer_name,
        year=1404,
        month=7,
        workers=workers,
        days=LIST_DAYS,
    )
    # One real upload (its eager parse also warms the code paths), then fresh copies of the
    # row for each timed round.
    first = monthly_list_upload(
        user=user, workshop=workshop, files=as_uploads(files), year=1404, month=7
    )
    first.refresh_from_db()
    if first.status != "valid":
        raise RuntimeError(f"bench list is not valid: {first.error_summary[:3]}")

    portal: list[float] = []
    raw: list[float] = []
    for _ in range(LIST_ROUNDS):
        fresh = MonthlyList.objects.create(
            workshop=workshop,
            year=1404,
            month=7,
            file_format="dbf",
            stored_files=first.stored_files,
            uploaded_by=user,
        )
        started = time.perf_counter()
        parsed = monthly_list_parse(list_id=fresh.pk)
        portal.append(time.perf_counter() - started)
        if parsed is None or parsed.status != "valid":
            raise RuntimeError("bench list did not parse as valid")

        started = time.perf_counter()
        with transaction.atomic():
            rows = listfile.load_dbf_pair(files["DSKKAR00.DBF"], files["DSKWOR00.DBF"]).rows
            _copy_rows_baseline(rows)
        raw.append(time.perf_counter() - started)
    value, baseline = statistics.median(portal) * 1000, statistics.median(raw) * 1000
    store = "copy" if connection.vendor == "postgresql" else "sqlite_executemany"
    results.append(
        Result(f"monthly_list_10k_vs_parse_{store}", value, "ms", baseline, value / baseline)
    )

    _bench_list_submit(results, monthly_list=first, user=user)

    # Memory: parse + check of 50,000 rows, against the size of the files themselves.
    big = list_files_for(
        workshop_code=workshop.code,
        workshop_name=workshop.name,
        employer_name=workshop.employer_name,
        year=1404,
        month=7,
        workers=[w for _ in range(LIST_MEMORY_ROWS // LIST_ROWS) for w in workers],
        days=LIST_DAYS,
    )
    size_mb = sum(len(b) for b in big.values()) / 1e6
    tracemalloc.start()
    # 50,000 v6 rows are ~30 MB: above the 20 MiB upload limit, so the limit is raised here.
    parsed_big = listfile.load_dbf_pair(
        big["DSKKAR00.DBF"], big["DSKWOR00.DBF"], max_bytes=64 * 1024 * 1024
    )
    listfile.check(parsed_big, listfile.builtin_rates(1404))
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    results.append(Result("monthly_list_50k_peak_mem", peak, "MB", size_mb, peak / size_mb))
    shutil.rmtree(BENCH_DIR / "media", ignore_errors=True)


def bench_serving(results: list[Result]) -> None:
    """Serving 10,000 notices in bulk against bulk_create of the same rows (benchmarks/serving.py)."""
    from benchmarks import serving

    value, baseline = serving.measure()
    results.append(Result("serving_10k_vs_bulk_create", value, "ms", baseline, value / baseline))


def bench_notifications(results: list[Result]) -> None:
    """A sign-in code's SMS reaching the gateway (p95) while 10,000 bulk notices drain,
    against the same with the bulk queue idle (benchmarks/notifications.py)."""
    from benchmarks import notifications

    try:
        m = notifications.measure(database_url=BENCH_ENV["DATABASE_URL"])
    except notifications.NotAvailable as reason:
        raise Skipped(str(reason)) from None
    ratio = m.p95_ms / m.baseline_p95_ms
    results.append(Result("signin_sms_p95_bulk_draining", m.p95_ms, "ms", m.baseline_p95_ms, ratio))
    drained = m.bulk_drained_meanwhile
    share = drained / m.bulk_queued
    results.append(Result("bulk_sms_drained_meanwhile", drained, "msgs", m.bulk_queued, share))


# --- main --------------------------------------------------------------------------


def print_table(results: list[Result]) -> None:
    print(f"\n{'name':<36}{'value':>12}  {'unit':<6}{'baseline':>12}{'ratio':>10}")
    for r in results:
        baseline = f"{r.baseline:.2f}" if r.baseline is not None else "-"
        ratio = f"{r.ratio:.3f}" if r.ratio is not None else "-"
        print(f"{r.name:<36}{r.value:>12.2f}  {r.unit:<6}{baseline:>12}{ratio:>10}")


def main() -> int:
    django_setup()
    print(f"fresh benchmark database: {BENCH_ENV['DATABASE_URL']}")
    fresh_database()

    results: list[Result] = []
    failed = False
    benches = (
        bench_signed_in_pages,
        bench_otp_verify,
        bench_insured_pdf,
        bench_payslip_pdf,
        bench_monthly_list,
        bench_serving,
        bench_notifications,
    )
    # BENCH_ONLY=monthly_list,serving runs only the benches whose name holds one of the
    # words (`make bench` sets nothing and runs them all).
    only = [w for w in os.environ.get("BENCH_ONLY", "").split(",") if w.strip()]
    if only:
        benches = tuple(b for b in benches if any(w.strip() in b.__name__ for w in only))
    for bench in benches:
        print(f"running {bench.__name__} …")
        try:
            bench(results)
        except Skipped as reason:
            print(f"  skipped {bench.__name__}: {reason}")
        except Exception as exc:
            failed = True
            print(f"  FAILED {bench.__name__}: {type(exc).__name__}: {exc}")

    RESULTS.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    print_table(results)
    print(f"\nwritten: {RESULTS.relative_to(BASE_DIR)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
