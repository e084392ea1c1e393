"""Kernel tasks: housekeeping run by beat (see CELERY_BEAT_SCHEDULE) and document renders."""

from __future__ import annotations

from celery import shared_task

from tamin.core.document_prerender import documents_prerender, documents_prerender_abandon
from tamin.core.document_requests import document_request_abandon, document_request_render
from tamin.core.task_deliveries import poison_proof, task_deliveries_prune


@shared_task(acks_late=True)
@poison_proof()
def task_deliveries_prune_task() -> int:
    """Delete delivery counters older than TASK_DELIVERY_RETENTION_DAYS."""
    return task_deliveries_prune()


@shared_task(acks_late=True)
@poison_proof(give_up=document_request_abandon)
def document_request_render_task(request_id: int) -> str:
    """Prepare the document of a pending request; a redelivered message does nothing."""
    return document_request_render(request_id=request_id)


@shared_task(acks_late=True)
@poison_proof(give_up=documents_prerender_abandon)
def document_prerender_task(kind: str, jobs: list) -> int:
    """Render documents ahead of time (one message of a batch); already stored ones are skipped."""
    return documents_prerender(kind=kind, jobs=jobs)
