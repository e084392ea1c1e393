"""Thin Celery wrapper of the money services (beat runs it; see CELERY_BEAT_SCHEDULE).

Its own module because employers/tasks.py belongs to the lists area; the worker
imports it through CELERY_IMPORTS (autodiscovery only looks for `tasks`).
"""

from __future__ import annotations

from celery import shared_task

from employers.services.money import penalties_post_all
from tamin.core.task_deliveries import poison_proof


@shared_task(acks_late=True)
@poison_proof()  # periodic: a run that kills its worker is dropped; the next run starts afresh
def penalties_post_task() -> int:
    """Post every penalty accrued by today and not yet posted (late payment, missing list);
    each accrual has a unique key, so running it often is harmless."""
    return penalties_post_all()
