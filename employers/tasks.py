"""Thin Celery wrappers of employer services (each poison-proof: tamin.core.task_deliveries).

Lists: the parse of an upload and the beat sweeper of lost parses. Money: the beat task
that posts penalties (CELERY_BEAT_SCHEDULE).
"""

from __future__ import annotations

from celery import shared_task

from employers.services.lists import (
    monthly_list_parse,
    monthly_list_parse_abandon,
    monthly_lists_requeue_stuck,
)
from employers.services.money import penalties_post_all
from tamin.core.task_deliveries import poison_proof


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
@poison_proof(give_up=monthly_list_parse_abandon)
def monthly_list_parse_task(list_id: int) -> str:
    """Parse one uploaded list; a repeated or late task finds it parsed and does nothing.

    A list whose parse kills its worker TASK_MAX_DELIVERIES times ends invalid instead.
    """
    result = monthly_list_parse(list_id=list_id)
    return "skipped" if result is None else result.status


@shared_task(acks_late=True)
@poison_proof()
def monthly_lists_requeue_stuck_task() -> int:
    return monthly_lists_requeue_stuck()


@shared_task(acks_late=True)
@poison_proof()  # periodic: a run that kills its worker is dropped; the next run starts afresh
def penalties_post_task() -> int:
    """Post every penalty accrued by today and not yet posted (late payment, missing list);
    each accrual has a unique key, so running it often is harmless."""
    return penalties_post_all()
