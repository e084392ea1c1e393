"""Layout, language and accessibility of the portal's pages, in Chromium."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from tamin.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import RootRecorder

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 375, "height": 812}
BLOCKING_IMPACTS = {"serious", "critical"}
# Screenshots to look at after a run: /tmp/e2e-*.png
SCREENSHOTS = Path(tempfile.gettempdir())


def sign_in_by_cookie(context: BrowserContext, live_server, user) -> None:
    """A signed-in session without the UI (the journeys test the sign-in pages themselves)."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def blocking_violations(page: Page) -> list[str]:
    """axe-core violations of impact serious or critical, one readable line per element."""
    results = Axe().run(page)
    return [
        f"{page.url} [{violation['impact']}] {violation['id']}: {violation['help']}\n"
        f"    at {node['target']}: {node['html'][:160]}\n"
        f"    {node.get('failureSummary', '').replace(chr(10), ' ')}"
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
        for node in violation["nodes"]
    ]


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def header_link_contrast(page: Page) -> float:
    """Contrast of the header's menu links on the blue bar (their colour is semi-transparent)."""
    link, bar = page.evaluate(
        r"""() => {
          const parse = (c) => c.match(/[\d.]+/g).map(Number);
          const link = document.querySelector(".navbar .nav-link");
          return [parse(getComputedStyle(link).color),
                  parse(getComputedStyle(link.closest("nav")).backgroundColor)];
        }"""
    )
    alpha = link[3] if len(link) == 4 else 1.0
    shown = tuple(alpha * fg + (1 - alpha) * bg for fg, bg in zip(link[:3], bar[:3], strict=True))
    lighter, darker = sorted((_luminance(shown), _luminance(tuple(bar[:3]))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_login_page_fits_a_phone_and_the_menu_opens(page: Page):
    page.set_viewport_size(PHONE)
    page.goto(reverse("accounts:login"))
    expect(page.get_by_role("heading", name="ورود به درگاه")).to_be_visible()

    # No sideways scrolling at 375 px
    scroll_width, inner_width = page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, (
        f"page is {scroll_width}px wide in a {inner_width}px viewport"
    )
    page.screenshot(path=SCREENSHOTS / "e2e-login-phone.png", full_page=True)

    # The menu is folded behind the toggler, and the toggler opens it
    menu = page.locator("#main-nav")
    toggler = page.get_by_role("button", name="باز و بسته کردن منو")
    expect(menu).to_be_hidden()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    toggler.click()
    expect(menu).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="ثبت‌نام", exact=True)).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "e2e-login-phone-menu.png")


def test_every_page_declares_persian_right_to_left(
    page: Page, context: BrowserContext, live_server, html_roots: RootRecorder
):
    public = [
        reverse("home"),
        reverse("accounts:register"),
        reverse("accounts:login"),
        reverse("accounts:password_reset"),
        reverse("notifications:dev_outbox"),
    ]
    for path in public:
        page.goto(path)
    sign_in_by_cookie(context, live_server, UserFactory(roles=[Role.INSURED, Role.EMPLOYER]))
    signed_in = [
        reverse("accounts:dashboard", args=[Role.INSURED]),
        reverse("accounts:dashboard", args=[Role.EMPLOYER]),
        reverse("accounts:security"),
        reverse("notifications:inbox"),
        reverse("notifications:preferences"),
    ]
    for path in signed_in:
        page.goto(path)
        expect(page.get_by_role("button", name="خروج", exact=True)).to_be_visible()

    # Each document reported its root (the fixture asserts fa/rtl for all at teardown)
    visited = [url.removeprefix(live_server.url) for url, _lang, _dir in html_roots.seen]
    assert visited == public + signed_in
    html_roots.assert_all_persian_rtl()


def test_key_pages_have_no_serious_accessibility_violations(
    page: Page, context: BrowserContext, live_server
):
    problems: list[str] = []
    for path in (reverse("home"), reverse("accounts:register"), reverse("accounts:login")):
        page.goto(path)
        problems += blocking_violations(page)

    user = UserFactory(roles=[Role.INSURED, Role.EMPLOYER])
    sign_in_by_cookie(context, live_server, user)
    page.goto(reverse("accounts:dashboard", args=[Role.INSURED]))
    expect(page.get_by_role("heading", level=1)).to_have_text("پیشخوان بیمه‌شده")
    page.screenshot(path=SCREENSHOTS / "e2e-dashboard.png", full_page=True)
    problems += blocking_violations(page)
    # axe-core leaves the header's translucent menu links out of its colour check; measure them
    contrast = header_link_contrast(page)
    if contrast < 4.5:
        problems.append(
            f"header menu links: contrast {contrast:.2f}:1 on the blue bar, below 4.5:1"
        )

    print("\n".join(problems))  # noqa: T201 - the report a developer reads when this fails
    assert not problems, f"{len(problems)} serious/critical axe violations:\n" + "\n".join(problems)
