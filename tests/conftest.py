"""Test-wide policy for outside services (PostgreSQL, Redis, a Celery worker, Chromium).

A test that needs a service asks for it through a fixture below. When the
service is missing the test is skipped on a developer machine, but with
``TAMIN_REQUIRE_SERVICES=1`` (set by ``.ci/run``) it fails instead: CI must not
go green because it quietly ran nothing against PostgreSQL or Redis.

Fixtures:

* ``postgres_required`` — the test database is PostgreSQL (``DATABASE_URL`` set).
* ``redis_url`` — ``REDIS_URL`` answers PING; returns this test process's URL.
* ``chromium_path`` — Debian's Chromium at ``/usr/bin/chromium``.
* ``celery_worker_process`` — a real ``celery worker`` subprocess on Redis that
  reads and writes the test database. Requests ``transactional_db`` itself,
  because the worker only sees committed rows.
* ``browser_type_launch_args`` — pytest-playwright launches that Chromium.

Under pytest-xdist each worker (gw0, gw1, …) gets its own Redis database number
(``1 + index``) for broker and cache, so two workers neither steal each other's
Celery messages nor share cache keys; pytest-django already gives each one its
own test database (``test_tamin_gw0``, …).
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings

BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WORKER_START_TIMEOUT = 45.0  # seconds until the worker must answer a ping
WORKER_STOP_TIMEOUT = 15.0


def services_required() -> bool:
    return os.environ.get("TAMIN_REQUIRE_SERVICES", "").strip().lower() in {"1", "true", "yes"}


def service_missing(reason: str) -> None:
    """Skip the test, or fail it when CI demands every service."""
    if services_required():
        pytest.fail(f"{reason} (TAMIN_REQUIRE_SERVICES is set, so this is a failure)")
    pytest.skip(reason)


# --- Redis: one database number per xdist worker ------------------------------


def _xdist_index() -> int | None:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw") and worker[2:].isdigit():
        return int(worker[2:])
    return None


def _with_redis_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


def _isolate_redis_per_xdist_worker() -> None:
    """Point broker and cache at ``redis://…/<1 + gw index>``, before anything connects.

    pytest-django has loaded the settings by the time this module is imported,
    but Celery reads its configuration and Django opens its cache lazily, so
    changing the values here is early enough. Subprocesses (the Celery worker)
    inherit the same URL through the environment.
    """
    url = getattr(django_settings, "REDIS_URL", "")
    index = _xdist_index()
    if not url or index is None:
        return
    url = _with_redis_db(url, 1 + index)
    os.environ["REDIS_URL"] = url
    django_settings.REDIS_URL = url
    django_settings.CELERY_BROKER_URL = url
    cache = django_settings.CACHES.get("default", {})
    if cache.get("BACKEND", "").endswith("RedisCache"):
        cache["LOCATION"] = url
    from tamin.celery import app

    app.conf["broker_url"] = url


_isolate_redis_per_xdist_worker()


def _redis_answers(url: str) -> bool:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except redis.RedisError:
        return False


# --- Markers follow fixtures ---------------------------------------------------

_FIXTURE_MARKERS = {
    "postgres_required": ("postgres",),
    "redis_url": ("redis",),
    "celery_worker_process": ("celery_worker", "postgres", "redis"),
    "chromium_path": ("e2e",),
    "page": ("e2e",),
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tag tests by the services they use, so ``-m "not e2e"`` and friends just work."""
    e2e_dir = BASE_DIR / "tests" / "e2e"
    for item in items:
        names: set[str] = set()
        for fixture, markers in _FIXTURE_MARKERS.items():
            if fixture in getattr(item, "fixturenames", ()):
                names.update(markers)
        if e2e_dir in Path(str(item.path)).parents:
            names.add("e2e")
        for name in sorted(names):
            if item.get_closest_marker(name) is None:
                item.add_marker(getattr(pytest.mark, name))


# --- Service fixtures ------------------------------------------------------------


@pytest.fixture
def postgres_required() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        service_missing(
            "needs PostgreSQL (set DATABASE_URL=postgres://…); "
            f"the test database is {connection.vendor}"
        )


@pytest.fixture(scope="session")
def _redis_url_session() -> str:
    url = getattr(django_settings, "REDIS_URL", "")
    if not url:
        service_missing("needs Redis (set REDIS_URL=redis://…)")
    if not _redis_answers(url):
        service_missing(f"needs Redis, but {url} does not answer PING")
    return url


@pytest.fixture
def redis_url(_redis_url_session: str) -> str:
    """This test process's Redis URL (its own database number under xdist)."""
    return _redis_url_session


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        service_missing(f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, chromium_path: str) -> dict:
    """pytest-playwright drives Debian's Chromium; never `playwright install`."""
    return {**browser_type_launch_args, "executable_path": chromium_path, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _no_cache_from_another_test() -> None:
    """Each test starts with none of the portal's cache entries: its people and records are
    new rows, and an entry of an earlier test (rolled back, its ids reused by SQLite, or a
    previous run's on Redis) must not answer for them. Only the portal's keys: the broker
    shares the Redis database."""
    from django.core.cache import caches

    from tamin.core.cache import cache_delete_matching

    cache_delete_matching("*")
    caches["local"].clear()


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(request: pytest.FixtureRequest, monkeypatch) -> None:
    """Playwright's sync API runs an event loop; let browser tests still use the ORM."""
    if request.node.get_closest_marker("e2e") is not None:
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# --- A real Celery worker --------------------------------------------------------


@dataclass(frozen=True)
class CeleryWorker:
    process: subprocess.Popen
    nodename: str
    broker_url: str
    database_name: str
    sms_outbox_dir: Path
    log_path: Path

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def _database_url_for(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # SIGTERM: warm shutdown
    try:
        process.wait(timeout=WORKER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=WORKER_STOP_TIMEOUT)


def worker_env(*, database_url: str, redis_url: str) -> dict[str, str]:
    """The environment of a test's Celery worker process: test settings, not eager."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tamin.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


def worker_start(
    *, queues: list[str], nodename: str, env: dict[str, str], log_path: Path
) -> subprocess.Popen:
    """`celery worker` on these queues, one process (--pool=solo), its output in log_path."""
    with log_path.open("wb") as log:
        return subprocess.Popen(
            [
                str(Path(sys.executable).with_name("celery")),
                "-A",
                "tamin",
                "worker",
                "-Q",
                ",".join(queues),
                "--pool=solo",
                "-c",
                "1",
                "-n",
                nodename,
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


@pytest.fixture(scope="session")
def _celery_worker_session(
    django_db_setup, django_db_blocker, _redis_url_session: str, tmp_path_factory
) -> Iterator[CeleryWorker]:
    from django.db import connection

    from tamin.celery import QUEUES, app

    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            service_missing(
                "the Celery worker needs PostgreSQL (set DATABASE_URL): "
                "an in-memory SQLite test database cannot be shared with another process"
            )
        database_name = connection.settings_dict["NAME"]
        database_url = _database_url_for(connection.settings_dict)

    worker_id = os.environ.get("PYTEST_XDIST_WORKER", "main")
    nodename = f"tamin-test-{worker_id}-{os.getpid()}@127.0.0.1"
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    env = worker_env(database_url=database_url, redis_url=_redis_url_session)

    # Messages left by an earlier, interrupted run would reach the new worker first.
    app.control.purge()

    # Every queue, as `make worker` consumes them.
    process = worker_start(queues=list(QUEUES), nodename=nodename, env=env, log_path=log_path)
    # test.py names the outbox after the process id; --pool=solo runs tasks in that process.
    worker = CeleryWorker(
        process=process,
        nodename=nodename,
        broker_url=_redis_url_session,
        database_name=database_name,
        sms_outbox_dir=BASE_DIR / "var" / "test-outbox" / str(process.pid),
        log_path=log_path,
    )
    try:
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"celery worker exited with {process.returncode}:\n{worker.log_tail()}")
            if app.control.ping(destination=[nodename], timeout=1.0):
                break
            if time.monotonic() > deadline:
                pytest.fail(
                    f"celery worker did not answer a ping within {WORKER_START_TIMEOUT:.0f} s:\n"
                    f"{worker.log_tail()}"
                )
        yield worker
    finally:
        _stop(process)
        shutil.rmtree(worker.sms_outbox_dir, ignore_errors=True)


@pytest.fixture
def celery_worker_process(
    transactional_db, _celery_worker_session: CeleryWorker, settings
) -> Iterator[CeleryWorker]:
    """A running worker; this test's tasks go to it through Redis instead of running eagerly."""
    from tamin.celery import app

    if _celery_worker_session.process.poll() is not None:
        pytest.fail(
            "the celery worker died during an earlier test:\n" + _celery_worker_session.log_tail()
        )
    previous = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    try:
        yield _celery_worker_session
    finally:
        app.conf.task_always_eager = previous


def _uses_transactional_db(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Make sure the rows data migrations seed (message templates) exist.

    A transactional test ends with a flush that empties every table, seeds
    included, and with --reuse-db that empty state outlives the run. The
    seeding functions are idempotent, so a test that finds no templates runs
    them again (inside its own transaction for ordinary db tests).
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db" if _uses_transactional_db(request) else "db")
    from django.apps import apps as django_apps

    from notifications.models import NotificationTemplate

    if NotificationTemplate.objects.exists():
        return
    for module in _seed_migrations():
        module.seed(django_apps, None)


def _seed_migrations() -> list:
    """Every data migration of ours that seeds reference rows exposes `seed(apps, schema_editor)`."""
    import pkgutil

    found = []
    for app in (
        "notifications",
        "branches",
        "tamin.accounts",
        "tamin.core",
        "tamin.rules",
        "insured",
        "employers",
        "tamin.ussd",
    ):
        package = importlib.import_module(f"{app}.migrations")
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            module = importlib.import_module(f"{app}.migrations.{info.name}")
            if callable(getattr(module, "seed", None)):
                found.append(module)
    return found
