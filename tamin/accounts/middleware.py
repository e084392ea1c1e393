"""Puts the person's roles and the role they act in on the request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

ACTIVE_ROLE_SESSION_KEY = "active_role"


class ActiveRoleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.available_roles = ()
        request.active_role = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from tamin.accounts.selectors import user_roles

            roles = user_roles(user=user)
            request.available_roles = roles
            active = request.session.get(ACTIVE_ROLE_SESSION_KEY)
            request.active_role = active if active in roles else (roles[0] if roles else None)
        return self.get_response(request)
