"""The beat sweeper re-queues rows whose delivery task was lost."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification, Priority, Status
from notifications.services import notifications_requeue_stuck
from notifications.tasks import sweep_stuck_notifications_task
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _age(row: Notification, *, seconds: int, claimed: bool = False) -> None:
    then = timezone.now() - timedelta(seconds=seconds)
    Notification.objects.filter(pk=row.pk).update(
        updated_at=then, claimed_at=then if claimed else None
    )


def test_old_created_row_is_requeued_and_delivered(
    settings, sms_outbox, django_capture_on_commit_callbacks
):
    # given a row created long ago whose task never ran
    row = NotificationFactory()
    _age(row, seconds=settings.NOTIFICATION_STUCK_AFTER_SECONDS + 5)
    # when the sweeper runs (the queued task runs eagerly)
    with django_capture_on_commit_callbacks(execute=True):
        count = sweep_stuck_notifications_task.apply().get()
    # then it was re-queued and delivered
    assert count == 1
    row.refresh_from_db()
    assert row.status == Status.DELIVERED
    assert len(list(sms_outbox.glob("*.json"))) == 1


def test_fresh_rows_are_left_alone(django_capture_on_commit_callbacks):
    # given a row created just now (its task is probably queued)
    NotificationFactory()
    # when the sweeper runs
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        count = notifications_requeue_stuck()
    # then nothing is queued
    assert count == 0
    assert callbacks == []


def test_row_claimed_before_leases_existed_goes_back_to_created_after_one_lease(
    settings, django_capture_on_commit_callbacks
):
    # given a row claimed (without a lease) longer ago than a lease, never handed over
    row = NotificationFactory(status=Status.SENDING, attempts=1)
    _age(row, seconds=settings.SMS_SEND_LEASE_SECONDS + 5, claimed=True)
    # when the sweeper runs
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        count = notifications_requeue_stuck()
    # then it is reset to created and queued again
    assert count == 1
    assert len(callbacks) == 1
    row.refresh_from_db()
    assert (row.status, row.claimed_at) == (Status.CREATED, None)


def test_row_waiting_for_its_receipt_is_not_resent(settings, django_capture_on_commit_callbacks):
    # given a row the gateway accepted long ago (sent_at set), still waiting for a receipt
    row = NotificationFactory(
        status=Status.SENDING, attempts=1, sent_at=timezone.now(), provider_message_id="77"
    )
    _age(row, seconds=settings.NOTIFICATION_STUCK_AFTER_SECONDS * 10, claimed=True)
    # when the sweeper runs
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        count = notifications_requeue_stuck()
    # then it is not touched (re-sending would duplicate the SMS)
    assert count == 0
    assert callbacks == []
    row.refresh_from_db()
    assert row.status == Status.SENDING


def test_temporary_failure_with_attempts_left_is_requeued_but_exhausted_is_not(
    settings, django_capture_on_commit_callbacks
):
    # given an old temporary failure with attempts left and one without
    retryable = NotificationFactory(status=Status.TEMPORARY_FAILURE, attempts=2)
    exhausted = NotificationFactory(
        status=Status.TEMPORARY_FAILURE, attempts=settings.NOTIFICATION_MAX_ATTEMPTS
    )
    for row in (retryable, exhausted):
        _age(row, seconds=settings.NOTIFICATION_STUCK_AFTER_SECONDS + 5)
    # when the sweeper runs
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        count = notifications_requeue_stuck()
    # then only the one with attempts left is queued
    assert count == 1
    assert len(callbacks) == 1


def test_requeued_row_is_not_queued_again_on_the_next_sweep(
    settings, django_capture_on_commit_callbacks
):
    # given an old row that the sweeper already re-queued
    row = NotificationFactory()
    _age(row, seconds=settings.NOTIFICATION_STUCK_AFTER_SECONDS + 5)
    with django_capture_on_commit_callbacks(execute=False):
        notifications_requeue_stuck()
    # when the sweeper runs again a minute later (the queue is still busy)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        count = notifications_requeue_stuck()
    # then it is not queued twice
    assert count == 0
    assert callbacks == []


def _attempt_died(row: Notification, *, lease_left: float) -> None:
    """A worker claimed the row and vanished; its lease ends `lease_left` seconds from now."""
    now = timezone.now()
    Notification.objects.filter(pk=row.pk).update(
        status=Status.SENDING,
        attempts=1,
        claimed_at=now - timedelta(seconds=1),
        lease_owner=uuid.uuid4(),
        lease_until=now + timedelta(seconds=lease_left),
        updated_at=now - timedelta(seconds=1),
    )


def test_code_whose_worker_died_is_requeued_as_soon_as_its_lease_ends(
    django_capture_on_commit_callbacks,
):
    # given a sign-in code whose attempt's lease ended a moment ago (its worker was killed)
    row = NotificationFactory(priority=Priority.HIGH)
    _attempt_died(row, lease_left=-1)
    # when the code sweeper runs
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        count = notifications_requeue_stuck(priority=Priority.HIGH)
    # then it goes back to created and is queued at once, not minutes later
    assert count == 1
    assert len(callbacks) == 1
    row.refresh_from_db()
    assert (row.status, row.lease_until) == (Status.CREATED, None)


def test_live_lease_is_left_alone(django_capture_on_commit_callbacks):
    # given a code whose attempt is still running (its lease is live)
    row = NotificationFactory(priority=Priority.HIGH)
    _attempt_died(row, lease_left=20)
    # when the sweepers run
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        count = notifications_requeue_stuck()
    # then nothing is touched: a second worker must not send while the lease lives
    assert count == 0
    assert callbacks == []
    row.refresh_from_db()
    assert row.status == Status.SENDING


def test_codes_are_swept_on_a_short_threshold_and_bulk_on_the_long_one(
    settings, django_capture_on_commit_callbacks
):
    # given a code and an ordinary message, both waiting a little longer than the code threshold
    code = NotificationFactory(priority=Priority.HIGH)
    bulk = NotificationFactory(priority=Priority.NORMAL)
    for row in (code, bulk):
        _age(row, seconds=settings.NOTIFICATION_OTP_STUCK_AFTER_SECONDS + 1)
    assert settings.NOTIFICATION_OTP_STUCK_AFTER_SECONDS + 1 < (
        settings.NOTIFICATION_STUCK_AFTER_SECONDS
    )
    # when the frequent code sweep and then the full sweep run
    with django_capture_on_commit_callbacks(execute=False) as code_callbacks:
        codes = notifications_requeue_stuck(priority=Priority.HIGH)
    with django_capture_on_commit_callbacks(execute=False) as all_callbacks:
        others = notifications_requeue_stuck()
    # then only the code was queued again; the ordinary message keeps its longer patience
    assert (codes, len(code_callbacks)) == (1, 1)
    assert (others, all_callbacks) == (0, [])


def test_code_sweep_is_scheduled_often_on_the_code_queue(settings):
    # given the beat schedule
    entry = settings.CELERY_BEAT_SCHEDULE["notifications-sweep-codes"]
    # then the code sweep runs on the otp queue, for high priority, well inside a code's life
    assert entry["task"] == "notifications.tasks.sweep_stuck_notifications_task"
    assert entry["kwargs"] == {"priority": Priority.HIGH}
    assert entry["options"]["queue"] == "otp"
    worst_delay = (
        settings.SMS_SEND_LEASE_SECONDS
        + settings.NOTIFICATION_OTP_STUCK_AFTER_SECONDS
        + entry["schedule"]
    )
    assert worst_delay * 2 <= settings.OTP_CODE_VALID_SECONDS


def test_code_that_expired_before_any_attempt_is_marked_expired_without_a_worker(
    settings, django_capture_on_commit_callbacks
):
    # given a sign-in code queued while no worker ran, past its expiry and never attempted,
    # and another that expired after an attempt that died (the gateway may have it)
    gone = timezone.now() - timedelta(seconds=1)
    never_tried = NotificationFactory(
        priority=Priority.HIGH, expires_at=gone, contains_secret=True, body="کد ورود: 123456"
    )
    in_doubt = NotificationFactory(priority=Priority.HIGH, expires_at=gone, attempts=1)
    stuck = settings.NOTIFICATION_OTP_STUCK_AFTER_SECONDS + 5
    _age(never_tried, seconds=stuck)
    _age(in_doubt, seconds=stuck)
    # when the code sweeper runs
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        count = notifications_requeue_stuck(priority=Priority.HIGH)
    # then the untried code is marked expired here, its secret gone, and not queued
    never_tried.refresh_from_db()
    assert (never_tried.status, never_tried.sent_at) == (Status.EXPIRED, None)
    assert "123456" not in never_tried.body
    # and the one in doubt is queued, for an attempt that asks the gateway first
    assert count == 1
    assert len(callbacks) == 1
    in_doubt.refresh_from_db()
    assert in_doubt.status == Status.CREATED
