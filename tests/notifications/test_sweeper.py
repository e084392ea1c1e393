"""The beat sweeper re-queues rows whose delivery task was lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification, Status
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


def test_row_whose_worker_died_while_sending_goes_back_to_created(
    settings, django_capture_on_commit_callbacks
):
    # given a row claimed long ago but never handed to the provider
    row = NotificationFactory(status=Status.SENDING, attempts=1)
    _age(row, seconds=settings.NOTIFICATION_STUCK_AFTER_SECONDS + 5, claimed=True)
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
