"""Puts the person's roles and the role they act in on the request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

ACTIVE_ROLE_SESSION_KEY = "active_role"
TOUCH_SESSION_KEY = "_touched"


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


class SessionIdleTouchMiddleware:
    """Keeps the idle timeout sliding without writing the session on every request.

    The session (and its expiry) is saved at most once per
    SESSION_TOUCH_INTERVAL_SECONDS while the person is active, so the idle
    timeout is exact to within that interval and a signed-in page view costs
    no database write.

    Only a session that itself carries a sign-in is touched: a call authenticated
    otherwise (the app's bearer token sets `request.user` without a session) must not
    write into an empty session, which would create a session row and a cookie.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated or session.modified:
            return response
        from django.conf import settings
        from django.contrib.auth import SESSION_KEY

        if SESSION_KEY not in session:
            return response

        now = int(time.time())
        if now - session.get(TOUCH_SESSION_KEY, 0) >= settings.SESSION_TOUCH_INTERVAL_SECONDS:
            session[TOUCH_SESSION_KEY] = now
        return response
