"""Page throughput as production serves it: each page against a bare Django hello.

One gunicorn (2 sync workers) runs `tamin.settings.production` on PostgreSQL and Redis,
behind a pretend TLS proxy (`X-Forwarded-Proto: https`), and `wrk` drives each page with
20 connections for a fixed time. The ratio is the page's requests per second over
`/hello`'s, measured by the same server just before and just after that page (their
mean; hello runs between every two pages), so a noisy minute moves both. Every page is first fetched once and must
answer 200 with its expected content: a redirect to the sign-in page is not a page.

The data behind the pages: a person with 35 years of history over five workshops (the
record pages, the API summary), a branch with 10,000 open cases (the staff queue),
60 branches in 31 provinces (the directory) and the demo-like dashboard of that person.

Without `wrk` a Python client of 20 threads stands in; it is named in the output, and
its ratios are compressed (the client, not the server, limits `/hello`).
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CONNECTIONS = 20
WRK_THREADS = 2
SECONDS_PER_PAGE = float(os.environ.get("BENCH_PAGE_SECONDS", "8"))
# Only these pages (comma-separated keys), for a quick look at one page; empty = all.
ONLY_PAGES = [key for key in os.environ.get("BENCH_PAGES", "").split(",") if key]
WARMUP_REQUESTS = 30
SERVER_START_SECONDS = 40.0
QUEUE_OPEN_CASES = 10_000
QUEUE_APPLICANTS = 200
DIRECTORY_BRANCHES = 60
P95_AIM_MS = 100.0

# The aims (#15), printed beside each ratio.
AIMS = {
    "trivial": 0.50,
    "dashboard": 0.25,
    "records_summary": 0.15,
    "records_year": 0.15,
    "api_records_summary": 0.15,
    "case_queue_10k": 0.10,
    "directory": 0.20,
    "home": 0.40,
    "healthz": 0.50,
}

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("TAMIN-WRK %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    e.status, e.connect + e.read + e.write + e.timeout, latency:percentile(95),
    latency:percentile(50)))
end
"""


@dataclass
class Page:
    key: str
    path: str
    headers: dict[str, str]
    expect: str  # a text the page must hold


@dataclass
class Load:
    requests: int
    errors: int
    seconds: float
    p95_ms: float
    p50_ms: float
    tool: str

    @property
    def per_second(self) -> float:
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0


# --- data ---------------------------------------------------------------------------


def _user(first_nine: str, mobile: str, *, first_name: str, last_name: str, **extra):
    from tamin.accounts.models import User
    from tamin.core.identifiers import national_code_with_check_digit

    return User.objects.create_user(
        national_code_with_check_digit(first_nine),
        "bench-password-0123",
        mobile=mobile,
        first_name=first_name,
        last_name=last_name,
        **extra,
    )


def _session(user, device, *, role: str) -> str:
    """A session as sign-in leaves it (login + OTP + role), by production's session store
    (its key names the person); the cookie value."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY

    from tamin.accounts.middleware import ACTIVE_ROLE_SESSION_KEY
    from tamin.accounts.session_store import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "tamin.accounts.principal.PrincipalModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[ACTIVE_ROLE_SESSION_KEY] = role
    session.create()
    return session.session_key


def _insured_with_history():
    """The demo insured person's 35-year shape, for a bench user; (user, device, person)."""
    import dataclasses

    from insured.demo import records as demo
    from insured.services.records import contribution_records_write_many, insured_person_register
    from tamin.accounts.models import SMSDevice
    from tamin.accounts.services import user_role_grant

    user = _user("005432198", "09125432198", first_name="بیمه‌شده", last_name="سنجه")
    user_role_grant(user=user, role="insured")
    device = SMSDevice.objects.create(user=user, name="sms", mobile=user.mobile, confirmed=True)
    profile = dataclasses.replace(
        demo.DEMO_INSURED[0], national_code=user.national_code, insurance_number="87654321"
    )
    person = insured_person_register(
        national_code=profile.national_code,
        first_name=profile.first_name,
        last_name=profile.last_name,
        father_name=profile.father_name,
        birth_date=profile.birth_date,
        sex=profile.sex,
        nationality="ایرانی",
        insurance_number=profile.insurance_number,
    )
    contribution_records_write_many(rows=demo.history_rows(profile, person, None))
    return user, device, person


def _directory_and_queue():
    """60 branches over the provinces; the first holds 10,000 open cases. (staff, device)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from branches.models import Branch, Case, CaseStatus, City, Province, StaffMembership
    from tamin.accounts.models import User
    from tamin.accounts.services import user_role_grant
    from tamin.core.identifiers import national_code_with_check_digit

    provinces = [
        Province.objects.create(name=f"استان سنجه {i}", slug=f"bench-{i}") for i in range(31)
    ]
    cities = [City.objects.create(province=p, name=f"شهر {p.slug}") for p in provinces]
    branches = [
        Branch.objects.create(
            code=f"B{i:03d}",
            name=f"شعبه سنجه {i}",
            province=provinces[i % 31],
            city=cities[i % 31],
            address=f"خیابان آزمون، پلاک {i}",
            phone="02188776655",
        )
        for i in range(DIRECTORY_BRANCHES)
    ]
    staff = _user("007654321", "09127654321", first_name="کارشناس", last_name="سنجه", is_staff=True)
    user_role_grant(user=staff, role="staff")
    StaffMembership.objects.create(user=staff, branch=branches[0], role="head")
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)

    unusable = make_password(None)
    applicants = User.objects.bulk_create(
        User(
            national_code=national_code_with_check_digit(f"{300000000 + i * 7:09d}"),
            mobile=f"0935{i:07d}",
            first_name="متقاضی",
            last_name=str(i),
            password=unusable,
        )
        for i in range(QUEUE_APPLICANTS)
    )
    now, today = timezone.now(), timezone.localdate()
    statuses = (CaseStatus.FORWARDED, CaseStatus.UNDER_REVIEW, CaseStatus.NEEDS_INFO)
    Case.objects.bulk_create(
        (
            Case(
                tracking_code=f"B{i:013d}",
                kind="bench_request",
                applicant=applicants[i % QUEUE_APPLICANTS],
                branch=branches[0],
                subject=f"درخواست سنجه {i}",
                payload={"n": i},
                status=statuses[i % 3],
                assigned_to=staff if i % 4 == 0 else None,
                submitted_at=now,
                forwarded_at=now - dt.timedelta(days=i % 60),
                due_date=today + dt.timedelta(days=(i % 40) - 20),
            )
            for i in range(QUEUE_OPEN_CASES)
        ),
        batch_size=1000,
    )
    return staff, device


def pages_prepare() -> list[Page]:
    """Create the data and the sign-ins; the pages to drive, in order."""
    from django.db import connection
    from django.urls import reverse

    from insured.models import ContributionRecord
    from tamin.accounts.services import api_sign_in_create

    user, device, person = _insured_with_history()
    staff, staff_device = _directory_and_queue()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    cookie = f"sessionid={_session(user, device, role='insured')}"
    staff_cookie = f"sessionid={_session(staff, staff_device, role='staff')}"
    access = api_sign_in_create(user=user, device_name="bench").access
    years = ContributionRecord.objects.filter(person=person).values_list("year", flat=True)
    year = sorted(set(years))[-2]  # a full year of the history

    def page(key, path, expect, **headers):
        return Page(key, path, {"X-Forwarded-Proto": "https", **headers}, expect)

    return [
        page("trivial", reverse("hello_signed_in"), "hello", Cookie=cookie),
        page(
            "dashboard",
            reverse("accounts:dashboard", kwargs={"role": "insured"}),
            "<html",
            Cookie=cookie,
        ),
        page("records_summary", reverse("insured:records"), "۸۷۶۵۴۳۲۱", Cookie=cookie),
        page(
            "records_year",
            reverse("insured:records_year", kwargs={"year": year}),
            "<table",
            Cookie=cookie,
        ),
        page(
            "api_records_summary",
            reverse("api-insured-records-summary"),
            '"years"',
            Authorization=f"Bearer {access}",
        ),
        page("case_queue_10k", reverse("branches:case_queue"), "B0000000000", Cookie=staff_cookie),
        page("directory", reverse("branches:branch_list"), "شعبه سنجه", Cookie=cookie),
        page("home", reverse("home"), "<html"),
        page("healthz", reverse("healthz"), '"status"'),
    ]


# --- the server and the load --------------------------------------------------------


def server_env(
    *, database_url: str, redis_url: str, outbox: Path, secret_key: str
) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "SMS_", "TAMIN_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tamin.settings.production",
            # The sessions made in this process are signed with its key.
            "DJANGO_SECRET_KEY": secret_key,
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "TAMIN_SITE_URL": "https://portal.tamin.example",
            "SMS_OUTBOX_DIR": str(outbox),
            "LOG_LEVEL": "WARNING",
            # The API's limits still run (their cache counts are part of the cost), but
            # twenty connections of one person from one address must not be refused.
            "API_THROTTLE_ACCOUNT": "100000000/minute",
            "API_THROTTLE_ADDRESS": "100000000/minute",
        }
    )
    return env


def _get(port: int, page: Page) -> tuple[int, str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", page.path, headers=page.headers)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _wrk(port: int, page: Page, script: Path) -> Load:
    command = [
        "wrk",
        f"-t{WRK_THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{SECONDS_PER_PAGE:.0f}s",
        "--timeout=10s",
        f"--script={script}",
    ]
    for name, value in page.headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://{HOST}:{port}{page.path}")
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=SECONDS_PER_PAGE + 60, check=True
    ).stdout
    match = re.search(r"TAMIN-WRK (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", output)
    if match is None:
        raise RuntimeError(f"wrk printed no summary: {output[-400:]}")
    requests, micros, status_errors, socket_errors, p95, p50 = map(int, match.groups())
    # wrk counts a refused, reset or timed-out connection apart from its completed requests.
    tool = f"wrk ({socket_errors} socket errors)" if socket_errors else "wrk"
    return Load(requests, status_errors, micros / 1e6, p95 / 1000, p50 / 1000, tool)


def _python_client(port: int, page: Page) -> Load:
    """CONNECTIONS threads, each timing its own requests; the stand-in for wrk."""
    lock = threading.Lock()
    samples: list[float] = []
    errors = [0]
    deadline = time.monotonic() + SECONDS_PER_PAGE

    def client() -> None:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, _body = _get(port, page)
            except (OSError, http.client.HTTPException):
                status = 0
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                samples.append(elapsed)
                if status != 200:
                    errors[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS_PER_PAGE + 30)
    seconds = time.monotonic() - started
    ordered = sorted(samples) or [0.0]
    return Load(
        len(samples),
        errors[0],
        seconds,
        ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))],
        statistics.median(ordered),
        "python-client",
    )


class ProductionGunicorn:
    def __init__(self, *, env: dict[str, str], log_path: Path):
        self.env = env
        self.log_path = log_path
        self.port = 0
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> ProductionGunicorn:
        import socket

        with socket.socket() as probe:
            probe.bind((HOST, 0))
            self.port = probe.getsockname()[1]
        gunicorn = Path(sys.executable).with_name("gunicorn")
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    str(gunicorn),
                    "tamin.wsgi:application",
                    f"--bind={HOST}:{self.port}",
                    "--workers=2",
                    "--worker-class=sync",
                    "--log-level=warning",
                ],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        hello = Page("hello", "/hello", {"X-Forwarded-Proto": "https"}, "hello")
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early; see {self.log_path}")
            try:
                if _get(self.port, hello)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer within {SERVER_START_SECONDS:.0f} s")

    def __exit__(self, *exc_info) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def _collectstatic(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=300,
    )


def _flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def measure(*, database_url: str, redis_url: str, bench_dir: Path) -> list[dict]:
    """Drive every page; one row per page: rps, hello's rps, ratio, p50/p95 and the aim."""
    pages = [page for page in pages_prepare() if not ONLY_PAGES or page.key in ONLY_PAGES]
    _flush_redis(redis_url)
    from django.conf import settings

    env = server_env(
        database_url=database_url,
        redis_url=redis_url,
        outbox=bench_dir / "outbox",
        secret_key=settings.SECRET_KEY,
    )
    _collectstatic(env)
    use_wrk = shutil.which("wrk") is not None
    hello = Page("hello", "/hello", {"X-Forwarded-Proto": "https"}, "hello")
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "summary.lua"
        script.write_text(WRK_SCRIPT)

        def load(port: int, page: Page) -> Load:
            for _ in range(WARMUP_REQUESTS):
                _get(port, page)
            return _wrk(port, page, script) if use_wrk else _python_client(port, page)

        with ProductionGunicorn(env=env, log_path=bench_dir / "gunicorn-pages.log") as server:
            for page in pages:
                status, body = _get(server.port, page)
                if status != 200 or page.expect not in body:
                    raise RuntimeError(
                        f"{page.key} {page.path} answered {status} without {page.expect!r}"
                    )
            # hello, page, hello, page, …, hello: each page against the hellos either side
            # of it, so a slow minute of the shared machine slows a page and its baseline.
            hellos = [load(server.port, hello)]
            loads = []
            for page in pages:
                loads.append((page, load(server.port, page)))
                hellos.append(load(server.port, hello))
    hello_rates = [result.per_second for result in hellos]
    rows.append(
        _row(
            "hello",
            hellos[0],
            statistics.mean(hello_rates),
            aim=None,
            note=f"{len(hellos)} runs, {min(hello_rates):.0f}–{max(hello_rates):.0f} req/s",
        )
    )
    for index, (page, result) in enumerate(loads):
        baseline = (hello_rates[index] + hello_rates[index + 1]) / 2
        rows.append(_row(page.key, result, baseline, aim=AIMS[page.key]))
    return rows


def _row(key: str, load: Load, hello_rps: float, *, aim: float | None, note: str = "") -> dict:
    return {
        "key": key,
        "per_second": load.per_second,
        "hello_per_second": hello_rps,
        "ratio": load.per_second / hello_rps if hello_rps else None,
        "aim": aim,
        "p50_ms": load.p50_ms,
        "p95_ms": load.p95_ms,
        "p95_aim_ms": P95_AIM_MS,
        "errors": load.errors,
        "requests": load.requests,
        "tool": load.tool,
        "note": note,
    }
