"""Poison-proof tasks (issue #8, item 4): a message that kills its worker is given up, not re-run.

Seen: a list whose parse killed the worker child was re-queued (late acks, re-queue on
worker loss) and killed the worker 25 times in 100 seconds. Here a real prefork worker
(`-c 1`: the child dies, the parent lives and the broker hands the message out again)
reads a list whose file kills it, and the list must end failed after TASK_MAX_DELIVERIES
deaths, with nothing left queued and nothing for the sweeper to queue again.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from employers.models import ListStatus, MonthlyList
from employers.services import lists as services
from employers.tasks import monthly_list_parse_task
from tamin.core.models import AuditLog, TaskDelivery
from tamin.core.task_deliveries import poison_proof
from tests.conftest import WORKER_START_TIMEOUT, _database_url_for, _stop
from tests.employers.factories_lists import MONTH, YEAR, list_setup, stored_errors
from tests.support.crash_hooks import CRASH_MARKER

BASE_DIR = Path(__file__).resolve().parent.parent
CRASH_QUEUE = "poison-test"
MAX_DELIVERIES = 3
POLL_SECONDS = 120.0
ABANDONED_REASON = "پردازش این فهرست چند بار ناتمام ماند"


def _poison_csv() -> dict[str, SimpleUploadedFile]:
    content = b"DSK_ID,DSK_NAME\r\n" + CRASH_MARKER + b",x\r\n"
    return {"list.csv": SimpleUploadedFile("list.csv", content, content_type="text/csv")}


def _task_names_of_ours() -> list[str]:
    from tamin.celery import app

    app.loader.import_default_modules()
    return sorted(
        name
        for name in app.tasks
        if name.split(".")[0] in {"tamin", "employers", "branches", "notifications", "insured"}
    )


def _uploaded_list_with_unfinished_parses(deliveries: int) -> MonthlyList:
    """A valid uploaded list, not queued, whose parse already died `deliveries` times."""
    setup = list_setup(workers=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services.upload, "_parse_queue_on_commit", lambda **kwargs: None)
        monthly_list = services.monthly_list_upload(
            user=setup.user, workshop=setup.workshop, files=setup.uploads(), year=YEAR, month=MONTH
        )
    TaskDelivery.objects.create(
        task_name=monthly_list_parse_task.name,
        object_key=str(monthly_list.pk),
        deliveries=deliveries,
        first_at=monthly_list.created_at,
        last_at=monthly_list.created_at,
    )
    return monthly_list


# --- every task is guarded --------------------------------------------------------------


def test_every_task_of_the_portal_is_poison_proof():
    # Given every task the worker registers from our apps
    from tamin.celery import app

    names = _task_names_of_ours()
    assert "employers.tasks.monthly_list_parse_task" in names

    # Then each body runs inside poison_proof (its give-up path)
    unguarded = [name for name in names if not getattr(app.tasks[name].run, "poison_proof", False)]
    assert unguarded == []


def test_every_beat_entry_names_a_task_the_worker_registers(settings):
    # Given the tasks a worker registers by autodiscovery (one tasks.py per app, no extra
    # CELERY_IMPORTS)
    names = set(_task_names_of_ours())

    # Then beat never sends a message no worker knows
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled - names == set()
    assert "employers.tasks.penalties_post_task" in scheduled


# --- the guard, in process -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_list_whose_parse_died_too_often_ends_invalid_and_is_not_requeued(settings):
    # Given an uploaded list whose parse has already died TASK_MAX_DELIVERIES times
    settings.TASK_MAX_DELIVERIES = MAX_DELIVERIES
    monthly_list = _uploaded_list_with_unfinished_parses(MAX_DELIVERIES)

    # When the message is delivered once more
    monthly_list_parse_task.apply(args=(monthly_list.pk,))

    # Then the parse does not run: the list is invalid with the Persian reason, audited
    monthly_list.refresh_from_db()
    assert monthly_list.status == ListStatus.INVALID
    assert monthly_list.rows.count() == 0
    (error,) = stored_errors(monthly_list)
    assert error["code"] == services.PARSE_ABANDONED
    assert ABANDONED_REASON in error["message"]
    assert AuditLog.objects.filter(
        action="employers.list_parse_abandoned", target_id=str(monthly_list.pk)
    ).exists()
    # and the sweeper of stuck parses leaves it alone
    assert services.monthly_lists_requeue_stuck(older_than_minutes=0) == 0


@pytest.mark.django_db
def test_a_delivery_that_finishes_clears_its_count(settings):
    # Given a list whose parse died twice (under the limit)
    settings.TASK_MAX_DELIVERIES = MAX_DELIVERIES
    monthly_list = _uploaded_list_with_unfinished_parses(MAX_DELIVERIES - 1)

    # When the next delivery runs to its end
    monthly_list_parse_task.apply(args=(monthly_list.pk,))

    # Then the list is parsed as usual and its count is gone
    monthly_list.refresh_from_db()
    assert monthly_list.status == ListStatus.VALID
    assert not TaskDelivery.objects.exists()


@pytest.mark.django_db
def test_a_periodic_run_is_counted_by_its_message_so_the_next_run_starts_afresh(settings):
    # Given a periodic body guarded without an object
    settings.TASK_MAX_DELIVERIES = 1
    runs: list[str] = []

    @poison_proof()
    def sweep() -> str:
        runs.append("ran")
        return "done"

    from celery import shared_task

    task = shared_task(name="tests.poison.sweep")(sweep)
    # and one earlier run (message "run-1") that died once
    TaskDelivery.objects.create(
        task_name=task.name,
        object_key="run:run-1",
        deliveries=1,
        first_at=timezone.now(),
        last_at=timezone.now(),
    )

    # When that message comes back, and then a new scheduled run
    assert task.apply(task_id="run-1").result is None
    assert task.apply(task_id="run-2").result == "done"

    # Then only the new run ran its body
    assert runs == ["ran"]


# --- a real worker killed by the list it reads -----------------------------------------------


@pytest.fixture
def crashing_worker(
    transactional_db, postgres_required, redis_url, tmp_path, settings, monkeypatch
) -> Iterator[tuple[subprocess.Popen, Path, Path]]:
    """A prefork worker (-c 1) on its own queue with tests.support.crash_hooks loaded."""
    from django.db import connection

    from tamin.celery import app

    crash_log = tmp_path / "crashes.log"
    crash_log.touch()
    log_path = tmp_path / "worker.log"
    nodename = f"poison-{os.getpid()}@127.0.0.1"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tamin.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DATABASE_URL": _database_url_for(connection.settings_dict),
        "REDIS_URL": redis_url,
        "TASK_MAX_DELIVERIES": str(MAX_DELIVERIES),
        "CRASH_LOG": str(crash_log),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("PYTEST_CURRENT_TEST", None)
    with app.connection_for_write() as connection_:
        connection_.default_channel.queue_purge(CRASH_QUEUE)
    celery_bin = Path(sys.executable).with_name("celery")
    command = [
        str(celery_bin), "-A", "tamin", "worker", "-Q", CRASH_QUEUE, "--pool=prefork",
        "-c", "1", "-I", "tests.support.crash_hooks", "-n", nodename, "-l", "info",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    previous_eager = app.conf.task_always_eager
    try:
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while not app.control.ping(destination=[nodename], timeout=1.0):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the crash worker did not start:\n{log_path.read_text()[-3000:]}")
        settings.CELERY_TASK_ALWAYS_EAGER = False
        app.conf.task_always_eager = False
        # This test's parses go to the crash worker's queue, not to another worker of the
        # session; queued after commit, as the upload does.
        monkeypatch.setattr(
            services.upload,
            "_parse_queue_on_commit",
            lambda *, list_id: transaction.on_commit(
                lambda: monthly_list_parse_task.apply_async((list_id,), queue=CRASH_QUEUE)
            ),
        )
        yield process, crash_log, log_path
    finally:
        app.conf.task_always_eager = previous_eager
        _stop(process)


def _queue_length(redis_url: str) -> tuple[int, int]:
    """Messages waiting in the crash queue, and its messages delivered but not yet acknowledged.

    Only this queue's unacknowledged messages count: other tests on the same Redis
    database (the SMS worker-kill test) may leave theirs until the visibility timeout.
    """
    import json

    import redis

    client = redis.Redis.from_url(redis_url)
    in_flight = 0
    for payload in client.hvals("unacked"):
        # kombu's Redis transport keeps [message, exchange, routing_key] per delivery tag
        _message, _exchange, routing_key = json.loads(payload)
        in_flight += routing_key == CRASH_QUEUE
    return client.llen(CRASH_QUEUE), in_flight


def test_a_list_that_kills_its_worker_ends_failed_after_a_few_deliveries(
    crashing_worker, redis_url
):
    process, crash_log, log_path = crashing_worker
    # Given a list whose file kills the worker process that reads it
    setup = list_setup(workers=1)
    monthly_list = services.monthly_list_upload(
        user=setup.user, workshop=setup.workshop, files=_poison_csv(), year=YEAR, month=MONTH
    )

    # When the worker takes its parse (and dies, and is handed the message again, ...)
    deadline = time.monotonic() + POLL_SECONDS
    while MonthlyList.objects.get(pk=monthly_list.pk).status in services.PARSE_PENDING:
        if time.monotonic() > deadline:
            pytest.fail(
                f"the list never left its parse; worker deaths: "
                f"{len(crash_log.read_text().splitlines())}\n{log_path.read_text()[-3000:]}"
            )
        time.sleep(0.2)
    while _queue_length(redis_url) != (0, 0) and time.monotonic() < deadline:
        time.sleep(0.2)  # the give-up delivery is acknowledged right after it returns

    # Then the body ran (and killed its worker) exactly TASK_MAX_DELIVERIES times
    assert len(crash_log.read_text().splitlines()) == MAX_DELIVERIES
    # and the list is invalid with the Persian reason the list page shows
    monthly_list.refresh_from_db()
    assert monthly_list.status == ListStatus.INVALID
    (error,) = stored_errors(monthly_list)
    assert error["code"] == services.PARSE_ABANDONED
    assert ABANDONED_REASON in error["message"]
    # and the count says so: one more delivery than the body ran, then given up
    delivery = TaskDelivery.objects.get(
        task_name=monthly_list_parse_task.name, object_key=str(monthly_list.pk)
    )
    assert delivery.deliveries == MAX_DELIVERIES + 1
    assert delivery.given_up_at is not None
    # and nothing is queued or in flight, the sweeper queues nothing, the worker lives
    assert _queue_length(redis_url) == (0, 0)
    assert services.monthly_lists_requeue_stuck(older_than_minutes=0) == 0
    assert process.poll() is None
    assert len(crash_log.read_text().splitlines()) == MAX_DELIVERIES
