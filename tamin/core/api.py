"""API plumbing shared by every app: the error shape and its handler, the request limits."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

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
