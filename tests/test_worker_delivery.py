"""Work queued by the web process runs in a separate, real Celery worker over Redis.

These tests start `celery -A tamin worker -Q <every queue>` (see `celery_worker_process`
in conftest.py) against this process's PostgreSQL test database, so everything the
worker must see is committed first (`transactional_db`).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.db import transaction

from tamin.celery import app

POLL_SECONDS = 20.0
POLL_INTERVAL = 0.2

# One Celery worker per pytest run is enough: keep these tests on one xdist worker.
pytestmark = pytest.mark.xdist_group("celery_worker")


def _wait_for(predicate, *, what: str, worker) -> None:
    deadline = time.monotonic() + POLL_SECONDS
    while not predicate():
        if worker.process.poll() is not None:
            pytest.fail(f"the celery worker died while waiting for {what}:\n{worker.log_tail()}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {POLL_SECONDS:.0f} s; worker log:\n{worker.log_tail()}")
        time.sleep(POLL_INTERVAL)


def test_worker_answers_a_ping(celery_worker_process):
    replies = app.control.ping(destination=[celery_worker_process.nodename], timeout=2.0)

    assert replies == [{celery_worker_process.nodename: {"ok": "pong"}}]


@pytest.mark.parametrize("queue", ["otp", "default"])
def test_a_task_queued_here_runs_in_the_worker(celery_worker_process, queue):
    # `celery.accumulate` ships with Celery: no product code exists only for this test.
    # Without a result backend, the worker's log is where success shows.
    result = app.send_task("celery.accumulate", args=(1, 2), queue=queue)

    _wait_for(
        lambda: (
            f"Task celery.accumulate[{result.id}] succeeded"
            in celery_worker_process.log_path.read_text(errors="replace")
        ),
        what=f"run of task {result.id} from queue {queue}",
        worker=celery_worker_process,
    )


def _outbox_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.json")) if directory.is_dir() else []


def test_high_priority_sms_is_delivered_by_the_worker(celery_worker_process):
    from notifications.models import Notification, NotificationTemplate, Status
    from notifications.services import Recipient, notify

    # A transactional test starts from empty tables; give the OTP message its wording.
    NotificationTemplate.objects.get_or_create(
        key="otp_login",
        channel="sms",
        version=1,
        defaults={"body": "کد ورود شما: {{ code }}", "is_legal": True},
    )
    before = set(_outbox_files(celery_worker_process.sms_outbox_dir))

    with transaction.atomic():
        rows = notify(
            recipient=Recipient(mobile="09121234567"),
            template_key="otp_login",
            context={"code": "123456"},
            channels=["sms"],
            idempotency_key="x",
            priority="high",
        )
    assert len(rows) == 1
    notification_id = rows[0].pk

    _wait_for(
        lambda: Notification.objects.get(pk=notification_id).status == Status.DELIVERED,
        what=f"delivery of notification {notification_id}",
        worker=celery_worker_process,
    )
    new_files = [
        path for path in _outbox_files(celery_worker_process.sms_outbox_dir) if path not in before
    ]
    assert len(new_files) == 1
    message = new_files[0].read_text(encoding="utf-8")
    assert "123456" in message
    assert "09121234567" in message
