"""API plumbing shared by every app: the error shape and its handler, the request limits."""

from __future__ import annotations

import math
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
from rest_framework.throttling import SimpleRateThrottle

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


class _SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        return getattr(settings, "API_THROTTLE_RATES", {}).get(self.scope)

    def allow_request(self, request, view) -> bool:
        # The rate is looked up per request (SimpleRateThrottle reads it once in __init__).
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class AccountRateThrottle(_SettingsRateThrottle):
    """Requests of one signed-in account (API token or session), whatever its address."""

    scope = "account"

    def get_cache_key(self, request, view) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": user.pk}


class ClientAddressRateThrottle(_SettingsRateThrottle):
    """Requests without an account, per client address (sign-in, public reads)."""

    scope = "address"

    def get_cache_key(self, request, view) -> str | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        address = client_ip(request) or "unknown"
        return self.cache_format % {"scope": self.scope, "ident": address}


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
