"""Kernel housekeeping run by beat (see CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from tamin.core.task_deliveries import poison_proof, task_deliveries_prune


@shared_task(acks_late=True)
@poison_proof()
def task_deliveries_prune_task() -> int:
    """Delete delivery counters older than TASK_DELIVERY_RETENTION_DAYS."""
    return task_deliveries_prune()
