"""Public kernel pages: home, health check, the benchmark baseline."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tamin.core.service_desk import SERVICE_DESK


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"service_desk": SERVICE_DESK})


@require_GET
def hello(request: HttpRequest) -> HttpResponse:
    """The smallest Django response: the baseline that benchmarks divide by."""
    return HttpResponse("hello", content_type="text/plain")


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache() -> str:
    cache.set("healthz", "1", 10)
    return "ok" if cache.get("healthz") == "1" else "fail"


def _check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from tamin.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    for name, check in (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker)):
        try:
            checks[name] = check()
        except Exception as exc:  # a health check reports failures, it never raises
            checks[name] = f"fail: {type(exc).__name__}"
    healthy = all(value in ("ok", "eager") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503)
