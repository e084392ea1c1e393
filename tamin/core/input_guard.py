"""Refuse URLs that carry a NUL: no page, id or filter has one, and PostgreSQL refuses it.

Path segments (`/branches/offices/<code>/`) and query strings reach lookups in many
views; a `%00` there used to end in a 500 on PostgreSQL. Refusing it once, before any
view runs, covers every route — including ones added later. Forms still check the
shape of each field; this only stops the one byte no query can carry.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class RefuseNulInUrlMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path_info.startswith("/api/"):
                message = _("نشانی درخواست نویسه‌های نامعتبر دارد.")
                body = {"code": "invalid_characters", "message": message, "extra": {}}
                return JsonResponse(body, status=400)
            return render(request, "400.html", status=400)
        return self.get_response(request)
