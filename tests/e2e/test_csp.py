"""The Content-Security-Policy in Chromium: no page reports a violation, and the pages still work.

tests/security/test_headers.py proves the header is on every page and the HTML has no
inline code; here the browser enforces the policy while a person uses the pages that
lean on scripts: the home page, the directory map (Leaflet, map tiles), the htmx city
select, sign-in, the role switcher and the API documentation (Swagger UI), the last
one with every request to another host refused, as on a network without the internet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, Route, expect

from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tamin.accounts.models import Role, SMSDevice
from tests.accounts.factories import UserFactory, staff_with_totp
from tests.branches.factories import BranchFactory, CityFactory
from tests.branches.factories_cases import image_bytes
from tests.e2e.conftest import Outbox, sign_in
from tests.security.test_headers import signed_in_client

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.django_db(transaction=True),
]


# Runs in every document before its own scripts: reports each violation of the policy.
_REPORT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const text = `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`;
  window.__violations.push(text);
  window.__reportViolation(text);
});
"""
# What an injected (XSS) script would do; the policy must stop it.
_INJECT_INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.__injectedRan = true";
  document.head.appendChild(script);
}"""


@dataclass
class Violations:
    """Violations reported by pages (the DOM event) and by Chromium's console."""

    seen: list[str] = field(default_factory=list)

    def record(self, _source, text: str) -> None:
        self.seen.append(text)

    def console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.seen.append(f"console: {message.text}")


@pytest.fixture
def violations(context: BrowserContext) -> Violations:
    recorder = Violations()
    context.expose_binding("__reportViolation", recorder.record)
    context.add_init_script(_REPORT_VIOLATIONS)
    context.on("console", recorder.console)
    return recorder


@pytest.fixture
def map_tiles(context: BrowserContext) -> list[str]:
    """Answers map tile requests with a blank tile (the tests run without the internet)."""
    served: list[str] = []

    def tile(route: Route) -> None:
        served.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=image_bytes("PNG", (256, 256)))

    context.route("https://tile.openstreetmap.org/**", tile)
    return served


def test_public_pages_and_the_directory_map_and_city_select_work_under_the_policy(
    page: Page, violations: Violations, map_tiles: list[str]
):
    # Given two branches in two provinces
    tehran = CityFactory(name="تهران", province__name="تهران", province__slug="tehran")
    CityFactory(name="ری", province=tehran.province)
    CityFactory(name="اصفهان", province__name="اصفهان", province__slug="isfahan")
    BranchFactory(name="شعبه یک تهران", city=tehran)
    BranchFactory(name="شعبه دو تهران", city=tehran, latitude="35.75", longitude="51.45")

    # When a visitor opens the home page and the branch list
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(reverse("branches:branch_list"))

    # and chooses a province: htmx replaces the city options
    city = page.get_by_label("شهر", exact=True)
    expect(city.locator("option")).to_have_count(4)  # every city, with its province
    page.get_by_label("استان", exact=True).select_option("tehran")
    expect(city.locator("option")).to_have_text(["همه شهرها", "تهران", "ری"])

    # and opens the map: Leaflet draws both markers on tiles from the tile server
    page.get_by_text("نمایش روی نقشه").click()
    expect(page.locator(".leaflet-marker-icon")).to_have_count(2)
    expect(page.locator("img.leaflet-tile-loaded").first).to_be_attached()
    assert map_tiles, "no tile was requested"

    # Then the policy was never violated
    assert not violations.seen, "\n".join(violations.seen)
    # though it is in force: an injected inline script is refused, and reported
    page.evaluate(_INJECT_INLINE_SCRIPT)
    page.wait_for_function("() => window.__violations.length > 0")
    assert page.evaluate("window.__injectedRan") is None
    assert page.evaluate("window.__violations")[0].startswith("script-src")


def test_sign_in_and_role_switch_work_under_the_policy(
    page: Page, outbox: Outbox, violations: Violations
):
    # Given a person with two roles
    user = UserFactory(roles=[Role.INSURED, Role.EMPLOYER], password=DEMO_PASSWORD)
    SMSDevice.objects.create(user=user, name="sms", mobile=user.mobile, confirmed=True)

    # When they sign in through the pages (password, then the texted code)
    sign_in(
        page, outbox, national_code=user.national_code, password=DEMO_PASSWORD, mobile=user.mobile
    )
    expect(page).to_have_url(re.compile(reverse("accounts:dashboard", args=[Role.INSURED])))

    # and pick the other role in the header: the switcher sends itself (static/js/portal.js)
    page.get_by_label("نقش", exact=True).select_option(Role.EMPLOYER)
    expect(page).to_have_url(re.compile(reverse("accounts:dashboard", args=[Role.EMPLOYER])))

    # Then the policy was never violated
    assert not violations.seen, "\n".join(violations.seen)


def test_the_admin_works_under_the_policy_without_exceptions(
    page: Page, context: BrowserContext, live_server, violations: Violations
):
    # Given an administrator, signed in with their authenticator
    admin, _device = staff_with_totp(is_superuser=True)
    session = signed_in_client(admin).cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    # When they open the admin, a list with its actions, and a form with a scripted widget
    page.goto("/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    page.goto("/admin/notifications/notificationtemplate/")
    expect(page.locator("#changelist")).to_be_visible()
    page.goto("/admin/auth/group/add/")
    # (the permissions chooser is built by the admin's SelectFilter2.js)
    expect(page.locator("#id_permissions_filter")).to_be_visible()
    # Then the admin's own scripts ran under the same policy, with no violation
    assert page.evaluate("typeof window.django") == "object"
    assert not violations.seen, "\n".join(violations.seen)


def test_api_docs_render_offline_from_our_static_files(
    page: Page, live_server, violations: Violations
):
    # Given a browser that cannot reach any other host
    ours = urlsplit(live_server.url).netloc
    refused: list[str] = []

    def only_ours(route: Route) -> None:
        if urlsplit(route.request.url).netloc == ours:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_ours)

    # When the API documentation is opened
    page.goto(reverse("api-docs"))

    # Then Swagger UI lists the operations, e.g. the app's sign-in
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    expect(page.get_by_text("/api/v1/accounts/login/", exact=True).first).to_be_visible()
    # and it asked no other host for anything, without breaking the policy
    assert not refused, refused
    assert not violations.seen, "\n".join(violations.seen)
