"""Public kernel pages: home, health check, the benchmark baseline, document verification."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tamin.core.cache import cache_count_in_window
from tamin.core.documents import document_kind_label
from tamin.core.health import OK, health_advisories
from tamin.core.net import client_ip
from tamin.core.selectors import issued_document_get_by_code, normalize_verification_code
from tamin.core.service_desk import SERVICE_DESK


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"service_desk": SERVICE_DESK})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on their own; the file is a static one (hashed name)."""
    return redirect(static("favicon.ico"))


@require_GET
def hello(request: HttpRequest) -> HttpResponse:
    """The smallest Django response: the baseline that benchmarks divide by."""
    return HttpResponse("hello", content_type="text/plain")


@require_GET
@login_required
def hello_signed_in(request: HttpRequest) -> HttpResponse:
    """The smallest signed-in response: what the session, the person, their second factor
    and roles cost every page (a benchmark's trivial signed-in view; private, not cached)."""
    response = HttpResponse("hello", content_type="text/plain")
    response["Cache-Control"] = "private, no-store"
    return response


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache() -> str:
    cache.set("healthz", "1", 10)
    return "ok" if cache.get("healthz") == "1" else "fail"


# One broker connection per process and broker address, kept between checks: opening a
# new one (TCP, handshake, channel) on every poll cost /healthz most of its time.
_broker_connections: dict[str, Any] = {}
_broker_lock = threading.Lock()


def _check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    # The current app is the project's (tamin/__init__ binds it); the kernel never imports
    # tamin.celery, which belongs to the composition layer.
    from celery import current_app

    address = current_app.conf.get("broker_write_url") or current_app.conf.broker_url
    with _broker_lock:
        conn = _broker_connections.pop(address, None) or current_app.connection_for_write(address)
        try:
            conn.ensure_connection(max_retries=1, timeout=2)
            # A kept connection may have died since: ask the broker itself (Redis: PING).
            client = getattr(conn.default_channel, "client", None)
            if client is not None:
                client.ping()
        except Exception:
            conn.release()
            raise
        _broker_connections[address] = conn
    return "ok"


def _kernel_checks() -> dict[str, str]:
    """The database, the cache and the broker, each asked live.

    The answers are kept in this process for HEALTH_LIVE_SECONDS (1 by default; 0 asks on
    every poll): load balancers and monitors poll every node every few seconds, and under a
    burst of polls each process asks its services at most once a second rather than five
    round trips per poll. An answer is never older than that, failures included."""
    seconds = settings.HEALTH_LIVE_SECONDS
    key = f"core:health:live:{settings.CELERY_TASK_ALWAYS_EAGER}:{settings.CELERY_BROKER_URL}"
    if seconds > 0:
        checks = caches["local"].get(key)
        if checks is not None:
            return checks
    checks = {}
    for name, check in (
        ("database", _check_database),
        ("cache", _check_cache),
        ("broker", _check_broker),
    ):
        try:
            checks[name] = check()
        except Exception as exc:  # a health check reports failures, it never raises
            checks[name] = f"fail: {type(exc).__name__}"
    if seconds > 0:
        caches["local"].set(key, checks, seconds)
    return checks


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = dict(_kernel_checks())
    healthy = all(value in ("ok", "eager") for value in checks.values())
    # Advisory checks (tamin.core.health) degrade the status but keep HTTP 200: the portal serves.
    advisories = health_advisories()
    checks.update(advisories)
    status = "fail" if not healthy else "ok" if set(advisories.values()) <= {OK} else "degraded"
    return JsonResponse({"status": status, "checks": checks}, status=200 if healthy else 503)


# --- Public verification of issued documents ---------------------------------

VERIFY_LOOKUPS_PER_MINUTE = 30


def _verify_rate_exceeded(request: HttpRequest) -> bool:
    """Light per-IP limit; codes are ~60 bits, so this only keeps scrapers polite."""
    key = f"verify-rate:{client_ip(request) or 'unknown'}"
    # The window starts at the first lookup.
    return cache_count_in_window(key, seconds=60) > VERIFY_LOOKUPS_PER_MINUTE


@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    code = normalize_verification_code(request.GET.get("code", ""))
    if code:
        return redirect("verify", code=code)
    return render(request, "core/verify_form.html", {"submitted": "code" in request.GET})


@never_cache
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    if _verify_rate_exceeded(request):
        response = render(request, "core/verify_429.html", status=429)
        response["Retry-After"] = "60"
        return response
    document = issued_document_get_by_code(code=code)
    context = {
        "code": normalize_verification_code(code)[:32],
        "document": document,
        "kind_label": document_kind_label(kind=document.kind) if document else "",
    }
    response = render(request, "core/verify.html", context, status=200 if document else 404)
    response["X-Robots-Tag"] = "noindex"
    return response
