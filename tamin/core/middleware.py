"""Response headers the whole portal shares: the Content-Security-Policy and no-store on personal pages.

Django 5.2 has no CSP support of its own (it arrives in 6.0), so the policy is a
small middleware here, configured by ``CSP_DIRECTIVES`` and ``CSP_REPORT_ONLY``
in settings (docs/deploy.md, "Security headers").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

CSP_HEADER = "Content-Security-Policy"
CSP_REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"
# Django's technical 404/500 pages (DEBUG only) are built on inline scripts and styles.
DEBUG_PAGE_STATUSES = frozenset({404, 500})


def content_security_policy(directives: Mapping[str, Sequence[str]]) -> str:
    """{"default-src": ["'self'"], "upgrade-insecure-requests": []} -> "default-src 'self'; …"."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    """Adds the configured policy to every HTML response that does not carry one already.

    A view that needs a different policy sets the header itself; the middleware then
    leaves it alone. ``CSP_REPORT_ONLY`` sends the same policy as report-only, to try a
    stricter policy in production without breaking pages.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = content_security_policy(settings.CSP_DIRECTIVES)
        self.header = CSP_REPORT_ONLY_HEADER if settings.CSP_REPORT_ONLY else CSP_HEADER

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if CSP_HEADER in response or CSP_REPORT_ONLY_HEADER in response:
            return response
        if settings.DEBUG and response.status_code in DEBUG_PAGE_STATUSES:
            return response
        response[self.header] = self.policy
        return response


class PersonalPagesNoStoreMiddleware:
    """``Cache-Control: no-store, private`` on every response that belongs to one person.

    Personal means: the person is signed in (also through an API token, which DRF puts
    on the request during the view), or the request carries a session cookie (a sign-in
    or registration in progress), or the response starts a session. Pages for anonymous
    visitors without a session — home, directory, verification form — stay cacheable.
    Sits outside SessionMiddleware so it sees the session cookie the response sets.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _is_personal(request, response):
            add_never_cache_headers(response)
        return response


def _is_personal(request: HttpRequest, response: HttpResponse) -> bool:
    cookie_name = settings.SESSION_COOKIE_NAME
    if cookie_name in request.COOKIES or cookie_name in response.cookies:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
