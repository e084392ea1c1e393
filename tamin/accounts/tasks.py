"""Account housekeeping run by beat (see CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from tamin.accounts.services import api_sign_ins_prune
from tamin.core.task_deliveries import poison_proof


@shared_task(acks_late=True)
@poison_proof()
def api_sign_ins_prune_task() -> int:
    """Delete expired app access tokens and sign-ins past their refresh expiry (idempotent)."""
    return api_sign_ins_prune()
