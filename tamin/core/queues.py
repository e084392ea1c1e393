"""What waits in the Celery queues: depth and the age of the oldest message, per queue.

Read straight from the broker (Redis lists, one per queue and priority step; kombu pushes
on the left and workers pop on the right, so the oldest message is the right-most). The
age comes from the publish time every message carries in PUBLISHED_AT_HEADER (set by
`stamp_publish_time`, which tamin/celery.py connects to `before_task_publish`). For the
operator (`manage.py queues`, docs/operations.md "What to monitor"), not for requests.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

PUBLISHED_AT_HEADER = "tamin_published_at"


def stamp_publish_time(headers: dict | None = None, **_: Any) -> None:
    """`before_task_publish` receiver: note when the message left us (wall clock, so
    another process can read the age; a retry keeps its own new time)."""
    if headers is not None:
        headers.setdefault(PUBLISHED_AT_HEADER, time.time())


@dataclass(frozen=True)
class QueueState:
    name: str
    depth: int
    # Seconds the oldest waiting message has waited; None when empty or not stamped.
    oldest_age_seconds: float | None


def _published_at(raw: bytes | str | None) -> float | None:
    if not raw:
        return None
    try:
        message = json.loads(raw)
        return float(message["headers"][PUBLISHED_AT_HEADER])
    except (ValueError, KeyError, TypeError):
        return None


def queue_states(*, app: Any, queues: list[str], now: float | None = None) -> list[QueueState]:
    """Depth and oldest age of each named queue on the app's Redis broker.

    Raises ValueError for a broker that is not Redis (dev's memory:// has no shared queue).
    """
    now = time.time() if now is None else now
    states = []
    with app.connection_for_read() as connection:
        if connection.transport.driver_type != "redis":
            raise ValueError(f"the broker is {connection.transport.driver_type}, not Redis")
        channel = connection.default_channel
        client = channel.client
        for name in queues:
            keys = [channel._q_for_pri(name, step) for step in channel.priority_steps]
            depth = sum(client.llen(key) for key in keys)
            stamps = [_published_at(client.lindex(key, -1)) for key in keys]
            known = [stamp for stamp in stamps if stamp is not None]
            age = max(0.0, now - min(known)) if known else None
            states.append(QueueState(name=name, depth=depth, oldest_age_seconds=age))
    return states
