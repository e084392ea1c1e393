"""Thin Celery wrappers of employer services."""

from __future__ import annotations

from celery import shared_task

from employers.services.lists import monthly_list_parse, monthly_lists_requeue_stuck


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def monthly_list_parse_task(list_id: int) -> str:
    """Parse one uploaded list; a repeated or late task finds it parsed and does nothing."""
    result = monthly_list_parse(list_id=list_id)
    return "skipped" if result is None else result.status


@shared_task(acks_late=True)
def monthly_lists_requeue_stuck_task() -> int:
    return monthly_lists_requeue_stuck()
