"""Refuse URLs no route can serve before a lookup turns them into a 500.

* A NUL in the path or the query string: no page, id or filter has one, and
  PostgreSQL refuses it in a query (`%00` in `/branches/offices/<code>/` used to
  end in a 500). Answered 400 (JSON under /api/).
* An `<int:…>` path argument beyond a 64-bit integer: no row has such an id, and
  SQLite cannot even bind it. Answered 404, like any unknown id.

Refusing both once, before any view runs, covers every route — including ones added
later. Forms still check the shape of each field; this only stops what no query can carry.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


def _has_nul(request: HttpRequest) -> bool:
    return "\x00" in request.path_info or any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


class UrlInputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            if request.path_info.startswith("/api/"):
                message = _("نشانی درخواست نویسه‌های نامعتبر دارد.")
                body = {"code": "invalid_characters", "message": message, "extra": {}}
                return JsonResponse(body, status=400)
            return render(request, "400.html", status=400)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        numbers = [value for value in (*view_args, *view_kwargs.values()) if type(value) is int]
        if any(not BIGINT_MIN <= number <= BIGINT_MAX for number in numbers):
            if request.path_info.startswith("/api/"):
                body = {"code": "not_found", "message": _("پیدا نشد."), "extra": {}}
                return JsonResponse(body, status=404)
            return render(request, "404.html", status=404)
        return None
