"""Poison-proof Celery tasks: a message that keeps killing its worker is given up, not re-run.

Tasks are acknowledged late and re-queued when their worker dies
(`CELERY_TASK_ACKS_LATE`, `CELERY_TASK_REJECT_ON_WORKER_LOST`), so that a deploy or
a crash loses no work. The price: a task whose body kills the process (a file that
exhausts memory, a native crash) comes back at once, forever — seen: 25 worker
deaths in 100 seconds for one uploaded list. So every task body runs inside
`poison_proof`:

    @shared_task(acks_late=True)
    @poison_proof(give_up=monthly_list_parse_abandon)
    def monthly_list_parse_task(list_id: int) -> str: ...

1. Before the body, one statement (INSERT … ON CONFLICT DO UPDATE, committed at once
   in autocommit, so it survives the worker's death) adds a delivery to the row of
   (task name, object key). The object key is the task's arguments (tasks take ids);
   a periodic task (no arguments, or `per_run=True`) is keyed by its message id, so one
   bad run is dropped and the next scheduled run starts afresh.
2. When the body ends — returned, raised, retried: in every case the process lived —
   the row is deleted. A row therefore only grows while deliveries keep dying.
3. A delivery that finds more than TASK_MAX_DELIVERIES unfinished ones before it does
   not run the body. It calls the task's `give_up` hook with the task's arguments as
   keywords (`give_up(list_id=7)`, the shape of a service), which marks the object
   failed with a Persian reason so that nothing queues it again; it logs an error and
   returns. The row stays, stamped `given_up_at`, so a duplicate message gives up too;
   `task_deliveries_prune` (beat, daily) deletes rows older than
   TASK_DELIVERY_RETENTION_DAYS.

Called directly (not as a delivered message, so without a task id) the body just runs.
In eager mode the count runs inside the caller's transaction; it is the worker
processes it protects.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection
from django.utils import timezone

from tamin.core.models import TaskDelivery

logger = logging.getLogger(__name__)

Body = TypeVar("Body", bound=Callable[..., Any])
MAX_KEY_LENGTH = 200


def object_key(
    args: tuple[Any, ...], kwargs: dict[str, Any], task_id: str, *, per_run: bool = False
) -> str:
    """What a delivery is about: its arguments (ids), or the message for a periodic run."""
    parts = [str(value) for value in args]
    parts += [f"{name}={kwargs[name]}" for name in sorted(kwargs)]
    if per_run or not parts:
        return f"run:{task_id}"
    key = ":".join(parts)
    if len(key) > MAX_KEY_LENGTH:
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key


def delivery_start(*, task_name: str, key: str) -> int:
    """Count one more delivery of (task, key), committed before the body runs; the new count."""
    table = connection.ops.quote_name(TaskDelivery._meta.db_table)
    now = timezone.now()
    # The same statement on PostgreSQL and SQLite (3.35+): no read-then-write race. The
    # table name is our model's, quoted; every value is a parameter.
    sql = (
        f"INSERT INTO {table} (task_name, object_key, deliveries, first_at, last_at) "  # noqa: S608
        "VALUES (%s, %s, 1, %s, %s) "
        "ON CONFLICT (task_name, object_key) DO UPDATE "
        f"SET deliveries = {table}.deliveries + 1, last_at = excluded.last_at "
        "RETURNING deliveries"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [task_name, key, now, now])
        (deliveries,) = cursor.fetchone()
    return int(deliveries)


def delivery_finish(*, task_name: str, key: str) -> None:
    """The body ended and the process lived: forget the deliveries of (task, key)."""
    TaskDelivery.objects.filter(task_name=task_name, object_key=key, given_up_at=None).delete()


def delivery_given_up(*, task_name: str, key: str) -> None:
    TaskDelivery.objects.filter(task_name=task_name, object_key=key).update(
        given_up_at=timezone.now()
    )


def task_deliveries_prune(*, older_than_days: int | None = None) -> int:
    """Delete counter rows last touched long ago (given up, or left by a crash); how many."""
    days = settings.TASK_DELIVERY_RETENTION_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = TaskDelivery.objects.filter(last_at__lt=cutoff).delete()
    return deleted


def poison_proof(
    *, give_up: Callable[..., Any] | None = None, per_run: bool = False
) -> Callable[[Body], Body]:
    """Wrap a task body (under `@shared_task`) so it runs at most TASK_MAX_DELIVERIES times
    without finishing; then `give_up(**arguments)` instead. See the module docstring.

    `per_run=True` keys a periodic task that has arguments (a sweeper's priority) by its
    message, like one without: its arguments name no object to give up on.
    """

    def decorate(body: Body) -> Body:
        signature = inspect.signature(body)

        @functools.wraps(body)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            from celery import current_task

            task_id = getattr(getattr(current_task, "request", None), "id", None)
            if not task_id:
                return body(*args, **kwargs)  # a direct call, not a delivered message
            task_name = current_task.name
            key = object_key(args, kwargs, task_id, per_run=per_run)
            deliveries = delivery_start(task_name=task_name, key=key)
            if deliveries > settings.TASK_MAX_DELIVERIES:
                logger.error(
                    "task %s for %s: %s deliveries did not finish; giving up (task id %s)",
                    task_name,
                    key,
                    deliveries - 1,
                    task_id,
                )
                if give_up is not None:
                    give_up(**signature.bind(*args, **kwargs).arguments)
                delivery_given_up(task_name=task_name, key=key)
                return None
            try:
                return body(*args, **kwargs)
            finally:
                try:
                    delivery_finish(task_name=task_name, key=key)
                except Exception:  # never hide the body's own outcome behind the bookkeeping
                    logger.exception("task %s for %s: delivery count not cleared", task_name, key)

        guarded.poison_proof = True  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate
