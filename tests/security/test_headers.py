"""Security headers of the pages: the Content-Security-Policy, and no-store on personal pages.

The policy allows scripts and styles from our own origin only, so a page that still
carries an inline ``<script>``, an ``on…=`` handler, a ``javascript:`` URL or a
``style`` attribute / ``<style>`` block would break under it. Every demo person
(and an anonymous visitor, and an admin) walks the site from their dashboards; each
HTML answer must carry the header and none of those. The browser's side of the same
policy is in tests/e2e/test_csp.py.
"""

from __future__ import annotations

import os
import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user

from tamin.accounts.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from tamin.accounts.models import Role, User
from tamin.accounts.services import api_sign_in_create
from tests.accounts.factories import UserFactory, staff_with_totp

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"
# How far each visitor walks: distinct URLs per route (a hundred branch pages look alike).
URLS_PER_ROUTE = 2
PAGES_PER_VISITOR = 300
# `<script type=…>` values browsers never run: data blocks, such as Django's json_script.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "hx-get", "hx-post"}


class InlineCode(HTMLParser):
    """Everything in a page that a strict policy (no 'unsafe-inline') would refuse."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        script_type = (values.get("type") or "").lower()
        if tag == "script" and not values.get("src") and script_type not in DATA_SCRIPT_TYPES:
            self.found.append(f"<script> without src: {self.get_starttag_text()}")
        if tag == "style":
            self.found.append("<style> block")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}= handler on <{tag}>")
            elif name == "style":
                self.found.append(f'style="{value}" on <{tag}>')
            elif name.startswith("hx-on"):
                self.found.append(f"{name} (htmx inline script) on <{tag}>")
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL in {name} of <{tag}>")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if values.get("hx-get"):
            self.links.append(values["hx-get"])


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@dataclass
class Visitor:
    """Walks same-site GET links from the start pages and notes every header problem."""

    label: str
    client: Client
    signed_in: bool
    problems: list[str] = field(default_factory=list)
    html_pages: int = 0

    def walk(self, *starts: str) -> None:
        queue, seen, per_route = deque(starts), set(starts), {}
        requested = 0
        while queue and requested < PAGES_PER_VISITOR:
            path = queue.popleft()
            route = _route(path)
            if _not_a_page(route) or per_route.get(route, 0) >= URLS_PER_ROUTE:
                continue
            per_route[route] = per_route.get(route, 0) + 1
            response = self.client.get(path)
            requested += 1
            if response.has_header("Location"):
                links = [response["Location"]]
            elif response.get("Content-Type", "").startswith("text/html"):
                links = self.check_page(path, response)
            else:
                continue
            for link in links:
                target = _same_site(path, link)
                if target and target not in seen and not target.startswith(("/static/", "/media/")):
                    seen.add(target)
                    queue.append(target)

    def check_page(self, path: str, response) -> list[str]:
        self.html_pages += 1
        html = response.content.decode()
        if CSP not in response:
            self.problems.append(f"{self.label}: {path}: no {CSP} header")
        self.problems += [f"{self.label}: {path}: {found}" for found in inline_code(html)]
        if self.signed_in and "no-store" not in response.get("Cache-Control", ""):
            self.problems.append(f"{self.label}: {path}: personal page without no-store")
        parser = InlineCode()
        parser.feed(html)
        return parser.links


def _not_a_page(route: str) -> bool:
    # PDFs are documents, not pages (and slow to render); the admin's logout is an action.
    return route.endswith("_pdf") or route == "admin:logout"


def _route(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return "(unknown)"


def _same_site(base: str, href: str) -> str | None:
    parts = urlsplit(urljoin("http://testserver" + base, href))
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def signed_in_client(user: User) -> Client:
    """A session as accounts:login_verify leaves it: signed in, second factor verified."""
    client = Client()
    client.force_login(user)
    device = next(devices_for_user(user), None)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    cache.clear()


def test_every_page_of_every_role_has_the_policy_and_no_inline_code(demo):
    # Given the demo, an anonymous visitor, each demo person and an administrator
    visitors = [Visitor("anonymous", Client(), signed_in=False)]
    visitors[0].walk("/", reverse("verify_form"), "/verify/ZZZZ2345ZZZZ/", "/no-such-page/")
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(national_code=account.national_code)
        visitor = Visitor(account.description, signed_in_client(user), signed_in=True)
        # When each walks the site from every dashboard they have
        visitor.walk(*(reverse("accounts:dashboard", args=[role]) for role in account.roles), "/")
        visitors.append(visitor)
    admin, _device = staff_with_totp(is_superuser=True)
    administrator = Visitor("administrator", signed_in_client(admin), signed_in=True)
    administrator.walk("/admin/", reverse("api-docs"))
    visitors.append(administrator)

    # Then every HTML answer carried the policy and no inline script, handler or style
    problems = [problem for visitor in visitors for problem in visitor.problems]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])
    for visitor in visitors:
        assert visitor.html_pages > 3, f"{visitor.label}: the walk saw almost nothing"


def test_the_server_error_page_has_no_inline_code_either():
    # The 500 page stands alone (no base template), so the walk above never sees it
    html = render_to_string("500.html")
    assert html.startswith("<!doctype html>")
    assert inline_code(html) == []


def test_the_policy_allows_only_our_own_scripts_and_styles(client):
    # When any page is opened
    policy = client.get(reverse("home"))[CSP]
    # Then scripts, styles and everything else come from our origin only, with no inline code
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    # and map tiles are the one outside origin images may come from
    assert "https://tile.openstreetmap.org" in directives["img-src"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_report_only_sends_the_same_policy_without_enforcing_it(settings):
    # Given the report-only switch (CSP_REPORT_ONLY=true), read when the middleware starts
    settings.CSP_REPORT_ONLY = True
    # When a page is opened
    response = Client().get(reverse("home"))
    # Then the policy is only reported
    assert CSP not in response
    assert "script-src 'self'" in response[f"{CSP}-Report-Only"]


def test_json_answers_carry_no_policy(client):
    # The policy is for documents a browser renders; data answers do not need it
    response = client.get(reverse("healthz"))
    assert response["Content-Type"] == "application/json"
    assert CSP not in response


# --- Cache-Control on personal pages -----------------------------------------------------


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/branches/", "/verify/"])
def test_public_pages_for_anonymous_visitors_stay_cacheable(client, path):
    # Given a visitor without a session
    # When a public page is opened
    response = client.get(path)
    # Then nothing forbids caching it
    assert response.status_code == 200
    assert not _cache_control(response) & {"no-store", "private"}


def test_every_page_for_a_signed_in_person_is_no_store_and_private():
    # Given a signed-in insured person
    client = signed_in_client(UserFactory(roles=[Role.INSURED]))
    # When they open public and personal pages alike
    for path in ("/", "/branches/", reverse("accounts:dashboard", args=[Role.INSURED])):
        response = client.get(path)
        # Then no cache may keep them
        assert response.status_code == 200, path
        assert {"no-store", "private"} <= _cache_control(response), path


def test_a_sign_in_in_progress_is_no_store(client):
    # Given a person who gave a right password (the session now holds the pending sign-in)
    user = UserFactory(roles=[Role.INSURED], password=DEMO_PASSWORD)
    response = client.post(
        reverse("accounts:login"), {"national_code": user.national_code, "password": DEMO_PASSWORD}
    )
    # Then the answer that started the session is not cacheable
    assert response.status_code == 302
    assert {"no-store", "private"} <= _cache_control(response)
    # and neither is the code page that follows, though nobody is signed in yet
    verify_page = client.get(response["Location"])
    assert verify_page.status_code == 200
    assert {"no-store", "private"} <= _cache_control(verify_page)


def test_an_api_answer_to_a_token_holder_is_no_store(client):
    # Given an app signed in with a bearer token (no session cookie at all)
    raw = api_sign_in_create(user=UserFactory(roles=[Role.INSURED])).access
    # When it reads the person's own data
    response = client.get(reverse("api-accounts-me"), HTTP_AUTHORIZATION=f"Bearer {raw}")
    # Then the answer is marked personal
    assert response.status_code == 200
    assert {"no-store", "private"} <= _cache_control(response)


# --- The API documentation page ------------------------------------------------------------


class _Resources(HTMLParser):
    """The URLs a page loads on its own: scripts, stylesheets, icons, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img") and values.get("src"):
            self.urls.append(values["src"])
        if tag == "link" and values.get("href"):
            self.urls.append(values["href"])


def test_api_docs_load_only_our_own_files(client):
    # When the API documentation page is opened
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    resources = _Resources()
    resources.feed(html)

    # Then it names no other host at all (no CDN script, no web fonts)
    assert not re.search(r"(?:https?:)?//(?!testserver)[\w.-]+\.\w+/", html), html
    # and everything it loads is one of our static files, or its own start-up script
    static_files = [url for url in resources.urls if url.startswith(django_settings.STATIC_URL)]
    others = [url for url in resources.urls if url not in static_files]
    assert {"swagger-ui-bundle.js", "swagger-ui.css"} <= {
        url.rsplit("/", 1)[-1] for url in static_files
    }
    for url in static_files:
        assert finders.find(url.removeprefix(django_settings.STATIC_URL)), (
            f"{url} is not a static file"
        )
    assert [urlsplit(url).path for url in others] == [reverse("api-docs")]

    # and the start-up script is served as JavaScript from our origin, pointing at our schema
    script = client.get(others[0])
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api-schema") in script.content.decode()
    assert inline_code(html) == []
