"""Thin Celery wrappers of employer services (each poison-proof: tamin.core.task_deliveries).

Lists: the parse of an upload and the beat sweeper of lost parses. Money: the beat task
that posts penalties (CELERY_BEAT_SCHEDULE). Installments: the beat task that defaults
plans with a missed installment and reminds of the installments falling due. Serving in
bulk: a batch served by its task, the beat sweeper of lost batches, the monthly debt batches.
"""

from __future__ import annotations

from celery import shared_task

from employers.services.installments import installment_plans_sweep
from employers.services.lists import (
    monthly_list_parse,
    monthly_list_parse_abandon,
    monthly_lists_requeue_stuck,
)
from employers.services.money import penalties_post_all
from employers.services.objections import objections_finality_sweep
from employers.services.serving import (
    serving_batch_abandon,
    serving_batch_run,
    serving_batches_requeue_stuck,
    serving_debt_batches_schedule,
)
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


# Serving in bulk: one task serves about SERVING_BATCH_RUN_SECONDS, then queues the rest.
@shared_task(acks_late=True, soft_time_limit=180, time_limit=240)
@poison_proof(give_up=serving_batch_abandon)
def serving_batch_run_task(batch_id: int) -> str:
    """Serve the batch's next chunks (each workshop once, by its serve key); a batch whose
    task kills its worker TASK_MAX_DELIVERIES times ends failed instead."""
    batch = serving_batch_run(batch_id=batch_id)
    return "missing" if batch is None else batch.status


@shared_task(acks_late=True)
@poison_proof()
def serving_batches_requeue_stuck_task() -> int:
    return serving_batches_requeue_stuck()


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
@poison_proof()  # periodic; idempotent per branch and month
def serving_debt_batches_task() -> int:
    """From the set day of each Jalali month, one debt batch per branch (once a month)."""
    return serving_debt_batches_schedule()


@shared_task(acks_late=True)
@poison_proof()  # periodic: a run that kills its worker is dropped; the next run starts afresh
def penalties_post_task() -> int:
    """Post every penalty accrued by today and not yet posted (late payment, missing list);
    each accrual has a unique key, so running it often is harmless."""
    return penalties_post_all()


@shared_task(acks_late=True)
@poison_proof()  # periodic: a run that kills its worker is dropped; the next run starts afresh
def installment_plans_sweep_task(remind_days_before: int = 3) -> dict:
    """Default every plan with an installment unpaid past its grace days (once: a defaulted
    plan is skipped) and remind of the installments due within `remind_days_before` days
    (once per installment and person)."""
    return installment_plans_sweep(remind_days_before=remind_days_before)


@shared_task(acks_late=True)
@poison_proof()  # periodic and idempotent: each item is re-checked under its row lock
def objections_finality_sweep_task() -> int:
    """Make final the first-instance votes whose appeal term ended with no appeal, and the
    served rulings whose objection term ended with no objection."""
    return objections_finality_sweep()
