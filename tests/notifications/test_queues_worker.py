"""A worker of the `otp` queue alone, as production runs it, sends sign-in codes and never
bulk notices; the bulk notices wait in their own Redis list meanwhile.

A real `celery worker -Q otp` on a Redis database of this test's own (nothing else
consumes there, so the queues' lists can be read), against the test's PostgreSQL
database (the worker only sees committed rows: transactional_db). The SMS provider is
the test settings' file outbox.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, transaction

from notifications.models import Notification, Status
from notifications.services import Recipient, notify
from tamin.accounts.services.sign_in import login_challenge_start
from tamin.celery import app
from tests.accounts.factories import UserFactory
from tests.conftest import (
    WORKER_START_TIMEOUT,
    _database_url_for,
    _stop,
    worker_env,
    worker_start,
)
from tests.notifications.test_exactly_once import _broker_of_our_own

POLL_SECONDS = 30.0
BULK_NOTICES = 5


def _otp_worker(*, broker_url: str, log_path: Path) -> subprocess.Popen:
    env = worker_env(database_url=_database_url_for(connection.settings_dict), redis_url=broker_url)
    nodename = f"otp-only-{os.getpid()}@127.0.0.1"
    process = worker_start(queues=["otp"], nodename=nodename, env=env, log_path=log_path)
    deadline = time.monotonic() + WORKER_START_TIMEOUT
    while f"{nodename} ready." not in log_path.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            pytest.fail(f"the otp worker did not start:\n{log_path.read_text(errors='replace')}")
        time.sleep(0.1)
    return process


@pytest.fixture
def own_broker(redis_url, postgres_required, transactional_db, settings) -> Iterator[str]:
    previous = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    try:
        with _broker_of_our_own(redis_url) as url:
            yield url
    finally:
        app.conf.task_always_eager = previous


def _depth(queue: str) -> int:
    with app.connection_for_read() as broker:
        return broker.default_channel.client.llen(queue)


def test_the_otp_worker_sends_a_code_while_bulk_notices_wait_on_their_queue(own_broker, tmp_path):
    # Given bulk notices committed before any worker runs: their tasks wait in `bulk`
    with transaction.atomic():
        bulk = [
            notify(
                recipient=Recipient(mobile=f"0936000{i:04d}"),
                template_key="employer_notice_served",
                context={"workshop": "کارگاه", "number": str(i)},
                channels=["sms"],
                idempotency_key=f"queues-worker-bulk:{i}",
                priority="bulk",
            )[0]
            for i in range(BULK_NOTICES)
        ]
    assert (_depth("bulk"), _depth("otp"), _depth("default")) == (BULK_NOTICES, 0, 0)

    # When a worker of `otp` alone runs (production's worker-otp) and a person signs in
    process = _otp_worker(broker_url=own_broker, log_path=tmp_path / "worker.log")
    try:
        user = UserFactory(mobile="09121230000")
        challenge = login_challenge_start(user=user, ip="127.0.0.1")  # commits, then publishes
        code = Notification.objects.get(
            idempotency_key=f"login:{challenge.device_id}:{challenge.attempt_id}"
        )

        # Then the code is delivered by it
        deadline = time.monotonic() + POLL_SECONDS
        while Notification.objects.get(pk=code.pk).status != Status.DELIVERED:
            if process.poll() is not None or time.monotonic() > deadline:
                log = (tmp_path / "worker.log").read_text(errors="replace")
                pytest.fail(f"the code was not delivered by the otp worker:\n{log[-3000:]}")
            time.sleep(0.1)
    finally:
        _stop(process)

    # and no bulk notice was touched: all still waiting, in their own list
    statuses = set(
        Notification.objects.filter(pk__in=[row.pk for row in bulk]).values_list(
            "status", flat=True
        )
    )
    assert statuses == {Status.CREATED}
    assert (_depth("bulk"), _depth("otp")) == (BULK_NOTICES, 0)
