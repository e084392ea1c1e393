"""USSD sessions and the per-number request limit, both in the shared cache.

A session is keyed by a digest of the aggregator's session id AND the caller's number, so
a session id replayed from another number finds nothing; it lives `USSD_SESSION_SECONDS`
after its last request (each request renews it). It holds the account id and the stack of
screens (names, page, the items a listing offered) — never an answer's figures beyond
what a screen shows. The limit counts requests per number per minute (a digest of the
number is the key: the cache holds no phone number in clear).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from tamin.core.cache import cache_count_in_window

RATE_WINDOW_SECONDS = 60


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def session_key(*, session_id: str, mobile: str) -> str:
    return "ussd:session:" + _digest(f"{session_id}\x00{mobile}")


def session_load(key: str) -> dict[str, Any] | None:
    state = cache.get(key)
    if not isinstance(state, dict) or not isinstance(state.get("s"), list) or not state["s"]:
        return None
    # The cache's own expiry is the store's clock (Redis'); the portal's clock decides too,
    # so a session never outlives USSD_SESSION_SECONDS whatever the store did.
    saved_at = state.get("at")
    if not isinstance(saved_at, (int, float)):
        return None
    if timezone.now().timestamp() - saved_at > settings.USSD_SESSION_SECONDS:
        return None
    return state


def session_save(key: str, state: dict[str, Any]) -> None:
    state["at"] = timezone.now().timestamp()
    cache.set(key, state, timeout=settings.USSD_SESSION_SECONDS)


def session_end(key: str) -> None:
    cache.delete(key)


def rate_allows(*, mobile: str, now: dt.datetime) -> bool:
    """Count this request against the number's budget for the current minute."""
    limit = settings.USSD_REQUESTS_PER_MINUTE
    if limit <= 0:
        return True
    window = int(now.timestamp() // RATE_WINDOW_SECONDS)
    key = f"ussd:rate:{_digest(mobile)}:{window}"
    return cache_count_in_window(key, seconds=2 * RATE_WINDOW_SECONDS) <= limit
