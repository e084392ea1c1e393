"""Puts the person's roles and the role they act in on the request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.http import HttpRequest, HttpResponse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware

ACTIVE_ROLE_SESSION_KEY = "active_role"
TOUCH_SESSION_KEY = "_touched"


# Sessions signed in before the principal cache name Django's backend; they are moved
# to its cached subclass on their next request instead of being signed out.
LEGACY_BACKEND = "django.contrib.auth.backends.ModelBackend"
PRINCIPAL_BACKEND = "tamin.accounts.principal.PrincipalModelBackend"


class PrincipalAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's, with the person read from the principal cache (tamin/accounts/principal.py)."""

    def process_request(self, request: HttpRequest) -> None:
        from tamin.accounts.principal import principal_prefetch_clear

        principal_prefetch_clear()  # nothing fetched for an earlier request is ever used
        session = getattr(request, "session", None)
        if session is not None and session.get(BACKEND_SESSION_KEY) == LEGACY_BACKEND:
            session[BACKEND_SESSION_KEY] = PRINCIPAL_BACKEND
        super().process_request(request)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        from tamin.accounts.principal import principal_prefetch_clear

        principal_prefetch_clear()
        return response


class PrincipalOTPMiddleware(OTPMiddleware):
    """django-otp's, taking the session's device from the person's cached entry.

    A user not read through the principal cache (another backend) gets django-otp's own
    lookup. The device comes with its id, owner, name and confirmation only; the other
    fields load from the database if code asks for them.
    """

    def _verify_user_sync(self, request, user):
        if getattr(user, "_principal_devices", None) is None:
            return super()._verify_user_sync(request, user)
        from tamin.accounts.principal import principal_device

        self._init_user_fields(user)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        device = (
            principal_device(user=user, persistent_id=self._normalize_persistent_id(persistent_id))
            if persistent_id
            else None
        )
        user.otp_device = self._finalize_device(request, user, device)
        return user


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
