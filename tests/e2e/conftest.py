"""Browser tests: Debian's Chromium (see tests/conftest.py) against pytest-django's live server.

The live server runs in a thread of this pytest process, so:

* Celery is eager here (tamin/settings/test.py): the SMS task runs inside the
  request, after its transaction commits, and the file SMS backend writes into
  this process's ``settings.SMS_OUTBOX_DIR`` — the same directory the dev
  outbox page reads. Tests read codes from that page, as a person would.
* ``settings`` fixture changes reach the server thread too.

Every page a test's browser context loads reports its ``<html lang dir>`` through
an init script; ``html_roots`` asserts after the test that each one was fa/rtl.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from tamin.core.identifiers import normalize_digits

OUTBOX_WAIT_SECONDS = 5.0
CODE_RE = re.compile(r"(?<!\d)(\d{6})(?!\d)")

# Runs in every document before its own scripts; reports the root element once parsed.
_REPORT_ROOT = """
document.addEventListener("DOMContentLoaded", () => {
  const root = document.documentElement;
  window.__reportRoot(location.href, root.getAttribute("lang"), root.getAttribute("dir"));
});
"""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run browser tests after every other test of the process.

    Playwright's sync API leaves its event loop marked as running in the main
    thread from the first browser test until the session ends, and Django then
    refuses ORM calls (SynchronousOnlyOperation) unless DJANGO_ALLOW_ASYNC_UNSAFE
    is set. Keeping the browser tests last means no other test ever meets that
    loop. Stable within each group, so pytest-django's db-before-transactional
    order is kept; under xdist each browser test is in the "e2e" group anyway.
    """
    e2e_dir = Path(__file__).resolve().parent
    browser, others = [], []
    for item in items:
        (browser if e2e_dir in Path(str(item.path)).parents else others).append(item)
    items[:] = others + browser


@pytest.fixture(scope="session", autouse=True)
def _database_before_browser(django_db_setup) -> Iterator[None]:
    """Create the test database before Playwright starts its loop; allow the ORM beside it.

    Session-scoped and set up before the ``playwright`` fixture, so it is torn down
    after the browser stops — the test database is dropped with the loop still
    marked running, which the variable also allows.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict, live_server) -> dict:
    """Every context talks to the live server and reads Persian, like a person in Iran."""
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "fa-IR",
        "timezone_id": "Asia/Tehran",
    }


@pytest.fixture(autouse=True)
def _e2e_defaults(context: BrowserContext, settings) -> Iterator[None]:
    # SMS must be sent inside the request, into this process's outbox. Set it explicitly:
    # `celery_worker_process` (tests/conftest.py) can leave Celery non-eager behind it.
    from tamin.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    previous_eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    # Send counters and cooldowns live in the cache; each test starts with none.
    cache.clear()
    # Fail fast instead of Playwright's default 30 s when a page is not what we expect.
    context.set_default_timeout(5_000)
    expect.set_options(timeout=5_000)
    yield
    cache.clear()
    app.conf.task_always_eager = previous_eager


@dataclass
class RootRecorder:
    """What each loaded document declared on <html>: (url, lang, dir)."""

    seen: list[tuple[str, str | None, str | None]] = field(default_factory=list)

    def record(self, _source, url: str, lang: str | None, direction: str | None) -> None:
        self.seen.append((url, lang, direction))

    def watch(self, context: BrowserContext) -> None:
        context.expose_binding("__reportRoot", self.record)
        context.add_init_script(_REPORT_ROOT)

    def assert_all_persian_rtl(self) -> None:
        wrong = [entry for entry in self.seen if entry[1:] != ("fa", "rtl")]
        assert not wrong, f'pages without <html lang="fa" dir="rtl">: {wrong}'


@pytest.fixture
def html_roots(context: BrowserContext) -> Iterator[RootRecorder]:
    """Records <html lang/dir> of every page this test's context loads, then checks them all."""
    recorder = RootRecorder()
    recorder.watch(context)
    yield recorder
    recorder.assert_all_persian_rtl()


@pytest.fixture(autouse=True)
def _every_page_is_persian_rtl(html_roots: RootRecorder) -> None:
    """Requirement: each page of the portal declares lang="fa" dir="rtl" (checked at teardown)."""


# --- Reading codes from the developer SMS outbox ---------------------------------------


def _same_mobile(shown: str, mobile: str) -> bool:
    shown_digits = re.sub(r"\D", "", normalize_digits(shown))
    return shown_digits[-10:] == mobile[-10:]


@dataclass
class Outbox:
    """The developer SMS outbox page, read in a second tab of the same browser context."""

    context: BrowserContext
    seen_ids: set[str] = field(default_factory=set)

    def newest_code(self, mobile: str) -> str:
        """The code of the newest message to `mobile` that this test has not read yet."""
        tab = self.context.new_page()
        try:
            deadline = time.monotonic() + OUTBOX_WAIT_SECONDS
            while True:
                tab.goto(reverse("notifications:dev_outbox"))
                expect(tab.get_by_role("heading", name="صندوق پیامک (محیط توسعه)")).to_be_visible()
                for message in tab.locator(".outbox-message").all():
                    message_id = message.get_attribute("data-message-id") or ""
                    if message_id in self.seen_ids:
                        continue
                    if not _same_mobile(message.locator(".outbox-to").inner_text(), mobile):
                        continue
                    found = CODE_RE.search(
                        normalize_digits(message.locator(".outbox-body").inner_text())
                    )
                    if found is None:  # e.g. the welcome SMS
                        continue
                    self.seen_ids.add(message_id)
                    return found.group(1)
                if time.monotonic() > deadline:
                    pytest.fail(f"no new code for {mobile} on the dev outbox page")
                time.sleep(0.1)
        finally:
            tab.close()


@pytest.fixture
def outbox(context: BrowserContext) -> Outbox:
    return Outbox(context)


# --- Signing in through the pages -------------------------------------------------------


def sign_in(page: Page, outbox: Outbox, *, national_code: str, password: str, mobile: str) -> None:
    """Password, then the SMS code read from the outbox; ends on a dashboard."""
    page.goto(reverse("accounts:login"))
    page.get_by_label("کد ملی").fill(national_code)
    page.get_by_label("گذرواژه", exact=True).fill(password)
    page.get_by_role("button", name="ادامه").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:login_verify")) + "$"))
    page.get_by_label("کد پیامک‌شده").fill(outbox.newest_code(mobile))
    page.get_by_role("button", name="تأیید", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/\w+/$"))
