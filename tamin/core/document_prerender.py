"""Issued documents rendered ahead of time by the worker, when their content changes.

Why: a person's first download should find a stored copy (`document_request_start` answers
`ready` at once) instead of waiting for a render. Which documents are worth rendering
ahead is the owning app's policy (docs/operations.md, "Issued documents"): every new
payslip; a contribution record only for people who have asked for theirs before.

Flow:
1. After its change commits, the app calls `documents_prerender_queue(kind=, jobs=)`
   with `(owner id, parameters)` pairs — the owner and keyword arguments of the kind's
   issue function (`document_issuer_register`). Pairs repeated in one call are sent
   once; at most PRERENDER_MAX_JOBS_PER_CALL are sent (the rest is logged and left to
   an ordinary request); they go in messages of `chunk_size` jobs as
   `document_prerender_task` on the `documents_ahead` queue (tamin/celery.py), whose
   workers are not the ones rendering what people wait for (`documents`).
2. The worker runs `documents_prerender`: for each job, the kind's issue function, which
   builds the current content and returns the stored copy when that content was already
   rendered — so a redelivered, duplicated or stale message renders nothing new, and a
   person whose history changed three times before the worker came gets one render of
   the latest. A job that fails (a payslip gone, a template error) is logged and the
   others go on. When the message has run for `time_budget` seconds, the jobs left go
   on as a new message, so no message nears the task's time limit.
3. `poison_proof` guards each message: one that keeps killing its worker is dropped
   after TASK_MAX_DELIVERIES deliveries (logged); its documents are rendered when asked.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from tamin.core.document_requests import document_issuer_get
from tamin.core.exceptions import ApplicationError

logger = logging.getLogger(__name__)

# One call (one payslip batch, one monthly list) sends at most this many renders.
PRERENDER_MAX_JOBS_PER_CALL = 20_000
# Jobs per message unless the caller says otherwise.
PRERENDER_CHUNK_SIZE = 20

Job = tuple[int, dict[str, Any]]


def _time_budget() -> float:
    # Half the soft time limit: one more render (a 35-year record takes seconds) still fits.
    return float(settings.CELERY_TASK_SOFT_TIME_LIMIT) / 2


def _send(kind: str, jobs: list[list[Any]]) -> None:
    from tamin.core.tasks import document_prerender_task

    document_prerender_task.delay(kind, jobs)


def documents_prerender_queue(
    *, kind: str, jobs: Iterable[Job], chunk_size: int = PRERENDER_CHUNK_SIZE
) -> int:
    """Queue renders ahead of `kind` after the current transaction commits; how many jobs.

    `jobs`: (owner id, parameters of the kind's issue function). Repeated pairs are sent
    once; beyond PRERENDER_MAX_JOBS_PER_CALL the rest is left to ordinary requests.
    """
    if document_issuer_get(kind) is None:
        raise ValueError(f"no issue function registered for document kind {kind!r}")
    unique: dict[tuple[int, tuple], list[Any]] = {}
    for owner_id, parameters in jobs:
        unique.setdefault((owner_id, tuple(sorted(parameters.items()))), [owner_id, parameters])
    selected = list(unique.values())
    if len(selected) > PRERENDER_MAX_JOBS_PER_CALL:
        logger.warning(
            "pre-render of %s: %s jobs, only the first %s queued",
            kind,
            len(selected),
            PRERENDER_MAX_JOBS_PER_CALL,
        )
        selected = selected[:PRERENDER_MAX_JOBS_PER_CALL]
    size = max(1, chunk_size)
    chunks = [selected[start : start + size] for start in range(0, len(selected), size)]

    def send_all() -> None:
        for chunk in chunks:
            _send(kind, chunk)

    if chunks:
        # Robust: a broker hiccup must not turn the committed change into an error.
        transaction.on_commit(send_all, robust=True)
    return len(selected)


def documents_prerender(
    *, kind: str, jobs: list[list[Any]], time_budget: float | None = None
) -> int:
    """Render the jobs of one message (the worker's side); how many were handled.

    Each job gets the stored copy when its current content was rendered before. Jobs
    left when the time budget is spent go on as a new message.
    """
    issue = document_issuer_get(kind)
    if issue is None:
        logger.error(
            "pre-render of %s: no issue function registered; %s jobs dropped", kind, len(jobs)
        )
        return 0
    budget = _time_budget() if time_budget is None else time_budget
    started = time.monotonic()
    owners = get_user_model().objects.in_bulk({owner_id for owner_id, _parameters in jobs})
    handled = 0
    for index, (owner_id, parameters) in enumerate(jobs):
        if index and time.monotonic() - started >= budget:
            _send(kind, jobs[index:])
            break
        handled += 1
        owner = owners.get(owner_id)
        if owner is None or not owner.is_active:
            continue  # the account is gone or closed: nobody to render for
        try:
            issue(user=owner, **parameters)
        except SoftTimeLimitExceeded:
            raise  # the message's time is up: let the task end
        except ApplicationError as error:
            # A rule of the kind says no (the payslip is no longer theirs): nothing to show.
            logger.info("pre-render of %s for %s refused: %s", kind, parameters, error.code)
        except Exception:
            logger.exception("pre-render of %s for %s failed", kind, parameters)
    return handled


def documents_prerender_abandon(*, kind: str, jobs: list[list[Any]]) -> None:
    """`poison_proof`'s give-up: these renders keep killing the worker; they wait for a request."""
    logger.error("pre-render of %s given up for %s jobs: %s", kind, len(jobs), jobs[:5])
