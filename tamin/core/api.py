"""API plumbing shared by every app: the error shape and its handler, the request limits."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from tamin.core.cache import cache_count_in_window
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import persian_digits
from tamin.core.net import client_ip


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn every error into `{"code": ..., "message": ..., "extra": {...}}`."""
    if isinstance(exc, ApplicationError):
        return Response({"code": exc.code, "message": exc.message, "extra": exc.extra}, status=400)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    # Imported here: rest_framework.views reads DEFAULT_THROTTLE_CLASSES, which names this
    # module's throttles, when it is first imported (a module importing tamin.core.api first
    # would see it half-initialised).
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.Throttled):
        wait = math.ceil(exc.wait) if exc.wait is not None else None
        response.data = {
            "code": "throttled",
            "message": (
                f"درخواست‌ها بیش از اندازه بود؛ {persian_digits(wait)} ثانیه دیگر دوباره بفرستید."
                if wait
                else "درخواست‌ها بیش از اندازه بود؛ کمی بعد دوباره بفرستید."
            ),
            "extra": {"retry_after": wait},
        }
    elif isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "validation_error",
            "message": "داده‌های ارسالی معتبر نیست.",
            "extra": {"fields": response.data},
        }
    else:
        detail = (
            response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        )
        response.data = {
            "code": getattr(exc, "default_code", "error"),
            "message": str(detail),
            "extra": {},
        }
    return response


class PdfRenderer(BaseRenderer):
    """Lets an API client ask for `application/pdf` (a stored document's bytes)."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class PdfDownloadMixin:
    """For an APIView whose GET answers a PDF: the client may ask for PDF or JSON, and an
    error (a 404 until the document is ready, or for someone else's) still answers JSON."""

    renderer_classes = [JSONRenderer, PdfRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and isinstance(response.accepted_renderer, PdfRenderer):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response


# --- Request limits -------------------------------------------------------------------------
#
# A signed-in caller is limited per account, never per address: mobile carriers put many
# people behind one address (CGNAT), so a stranger there must not be able to use up the
# owner's budget. Requests without an account are limited per client address — the kernel's
# `client_ip`, never REMOTE_ADDR behind a proxy. Rates are read from settings.API_THROTTLE_RATES
# at each request ("<n>/<second|minute|hour|day>"), so they change without a release.


PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_parse(rate: str) -> tuple[int, int]:
    """ "<n>/<second|minute|hour|day>" → (n, seconds); only the period's first letter counts."""
    count, period = rate.split("/", 1)
    return int(count), PERIOD_SECONDS[period.strip()[0].lower()]


class WindowRateThrottle(BaseThrottle):
    """At most n requests of one caller per window (a second, minute, hour or day), counted
    in the cache: one counter per caller and window, one round trip a request
    (`cache_count_in_window`). DRF's own throttle keeps a list of the times of every request
    in the window and reads and writes it whole at each request (300 entries for an account
    at its limit). A fixed window lets a caller spread up to 2n requests across a window's
    end; for a limit against abuse that is the price of a constant cost.

    A subclass names its `scope`, where its rate is read (`rate`, per request, so it changes
    without a release) and whose requests it counts (`ident`; None: not limited here).
    """

    scope = ""

    def rate(self) -> str | None:
        raise NotImplementedError

    def ident(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        self.retry_after = None
        rate = self.rate()
        who = self.ident(request) if rate else None
        if who is None:
            return True
        limit, seconds = rate_parse(rate)
        now = time.time()
        window = int(now // seconds)
        count = cache_count_in_window(f"throttle:{self.scope}:{who}:{window}", seconds=seconds)
        if count <= limit:
            return True
        self.retry_after = seconds - (now % seconds)
        return False

    def wait(self) -> float | None:
        return self.retry_after


class _SettingsRateThrottle(WindowRateThrottle):
    def rate(self) -> str | None:
        return getattr(settings, "API_THROTTLE_RATES", {}).get(self.scope)


class AccountRateThrottle(_SettingsRateThrottle):
    """Requests of one signed-in account (API token or session), whatever its address."""

    scope = "account"

    def ident(self, request) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return str(user.pk)


class ClientAddressRateThrottle(_SettingsRateThrottle):
    """Requests without an account, per client address (sign-in, public reads)."""

    scope = "address"

    def ident(self, request) -> str | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        return client_ip(request) or "unknown"


# --- Errors Django answers before (or outside) a DRF view -----------------------------------
#
# A path no route matches (`/api/v1/insured/records/abc/`), a request Django refuses (a body
# too big), an unhandled exception: Django's handlers render the HTML pages, which an app
# cannot read. Under /api/ they answer the one error shape instead (tamin.urls names them).


def _api_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "extra": {}}, status=status)


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request, exception=None):
    if _is_api(request):
        return _api_error(400, "bad_request", "درخواست نامعتبر است.")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if _is_api(request):
        return _api_error(403, "permission_denied", str(exceptions.PermissionDenied.default_detail))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if _is_api(request):
        return _api_error(404, "not_found", str(exceptions.NotFound.default_detail))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return _api_error(500, "server_error", "خطایی در سامانه رخ داد؛ کمی بعد دوباره بفرستید.")
    return defaults.server_error(request)


# --- Pages of a list -----------------------------------------------------------------------

API_PAGE_SIZE = 20


@dataclass(frozen=True)
class Page:
    """One page of a list: its number (past the last: the last), the page count, the row
    count and the page's rows."""

    page: int
    num_pages: int
    count: int
    items: list[Any]

    def body(self, key: str, items: Any = None) -> dict[str, Any]:
        """`{page, num_pages, count, <key>}`, the rows as given (e.g. serialized) or as read."""
        return {
            "page": self.page,
            "num_pages": self.num_pages,
            "count": self.count,
            key: self.items if items is None else items,
        }


def page_of(rows, *, page: int | None, per_page: int = API_PAGE_SIZE) -> Page:
    """A page of a queryset or list: a COUNT and one page's rows."""
    paginator = Paginator(rows, per_page)
    current = paginator.get_page(page or 1)
    return Page(
        page=current.number,
        num_pages=paginator.num_pages,
        count=paginator.count,
        items=list(current.object_list),
    )
