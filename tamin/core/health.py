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

OK = "ok"

_ADVISORY: dict[str, Callable[[], str]] = {}


def health_advisory_register(name: str, check: Callable[[], str]) -> None:
    _ADVISORY[name] = check


def health_advisories() -> dict[str, str]:
    """Each registered check's answer; a check that raises is reported, never raised."""
    results = {}
    for name, check in sorted(_ADVISORY.items()):
        try:
            results[name] = check()
        except Exception as exc:  # a health check reports failures, it never raises
            results[name] = f"fail: {type(exc).__name__}"
    return results
