"""Advisory health checks: what /healthz reports as "degraded" without failing.

The kernel's own checks (database, cache, broker) decide whether the portal can
serve at all: one failing makes /healthz answer 503. An app registers an advisory
check from its `AppConfig.ready()` for a function of the portal that is out of
order while the rest serves (e.g. tamin.rules: this year's figures are not
published, so every list of the year is refused). A check returns "ok" or a short
reason; anything else makes /healthz say "degraded" with HTTP 200, so a load
balancer keeps the node while monitoring alerts.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

OK = "ok"

_ADVISORY: dict[str, Callable[[], str]] = {}
# The answers are kept this long, per day of the portal's clock (a check may depend on the
# date: a year begins at Nowruz); the app that owns a check forgets them when its data
# changes (health_advisories_forget), so a fix shows on the next poll.
_KEY = "core:health:advisories:v1"


def health_advisory_register(name: str, check: Callable[[], str]) -> None:
    _ADVISORY[name] = check


def _key() -> str:
    return f"{_KEY}:{timezone.localdate().isoformat()}"


def health_advisories() -> dict[str, str]:
    """Each registered check's answer; a check that raises is reported, never raised.

    A load balancer polls /healthz every few seconds on every node; the advisory checks read
    tables that change a few times a year, so their answers are cached (shared cache,
    HEALTH_ADVISORY_SECONDS) and dropped by `health_advisories_forget`."""
    key = _key()
    results = cache.get(key)
    if results is not None:
        return results
    results = {}
    for name, check in sorted(_ADVISORY.items()):
        try:
            results[name] = check()
        except Exception as exc:  # a health check reports failures, it never raises
            results[name] = f"fail: {type(exc).__name__}"
    cache.set(key, results, settings.HEALTH_ADVISORY_SECONDS)
    return results


def health_advisories_forget(**_signal_kwargs) -> None:
    """Drop the cached answers of every day (connected by the owning apps to their data's
    changes)."""
    from tamin.core.cache import cache_delete_matching

    cache_delete_matching(f"{_KEY}:*")
