"""Thin Celery wrappers: take ids, call a service, let Celery handle retries."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from notifications.providers import TemporaryFailure
from notifications.services import (
    notification_deliver,
    notification_give_up,
    notifications_requeue_stuck,
)
from tamin.core.task_deliveries import poison_proof


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(TemporaryFailure,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    # The first try plus the retries make NOTIFICATION_MAX_ATTEMPTS.
    max_retries=max(settings.NOTIFICATION_MAX_ATTEMPTS - 1, 0),
)
@poison_proof(give_up=notification_give_up)
def deliver_notification_task(notification_id: int) -> None:
    notification_deliver(notification_id=notification_id)


@shared_task(acks_late=True)
@poison_proof(per_run=True)
def sweep_stuck_notifications_task(priority: str | None = None) -> int:
    # Beat runs it for every priority each minute and for sign-in codes ("high") every few seconds.
    return notifications_requeue_stuck(priority=priority)
