"""Every page each demo role reaches, as a Persian-speaking citizen reads it, in Chromium.

Signed in as each demo role, the browser follows every same-site link from the
role's dashboard (a bounded breadth-first walk over ``<a href>`` and GET forms,
so POST-only actions and sign-out are never followed) and notes, for every page:

* its status (only 200, or 302 on the way to one);
* ``<html lang dir>`` other than fa/rtl;
* Latin digits, and English words (two or more ASCII letters), in the text a
  person sees or hears, outside elements marked as codes (an element with
  ``dir="ltr"`` on itself or an ancestor, or ``code``/``kbd``/``samp``), and
  Persian digits joined by a Latin comma or point (one way to write a number);
* serious or critical axe-core violations (once per route, at phone width);
* sideways scrolling of the page at 390 px, and at 1280 px.

Every finding of every page is gathered first and reported in one message,
grouped by route, so a fixer sees all of them in one run. Findings listed in
``KNOWN_FINDINGS`` (none left today) are allowed; an entry that no longer
occurs fails the test too, so the list only shrinks. docs/page-quality.md
explains how to read and run it.

With ``TAMIN_SCREENSHOTS=<dir>`` the walk also saves one screenshot per route and
role at both widths there (scripts/screenshots.py sets it; ``make test`` does not).
"""

from __future__ import annotations

import io
import os
import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve
from playwright.sync_api import Browser, Error, Page

from tests.e2e.test_pages import BLOCKING_IMPACTS
from tests.test_deploy_pages import _sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.django_db(transaction=True),
]

PHONE_WIDTH = 390
DESKTOP_WIDTH = 1280
VIEW_HEIGHT = 844
# How far the walk goes: distinct URLs per route (record years look alike) and pages per role.
URLS_PER_ROUTE = 2
PAGES_PER_ROLE = 90
# The footer's public content pages (news, questions, laws, forms, about) sit one link from
# every page; the visitor who is not signed in checks them, and a signed-in role, whose
# header is checked on each of its own pages, does not spend its pages on them again.
PUBLIC_ONLY_ONCE = ("content:",)
SCREENSHOTS_ENV = "TAMIN_SCREENSHOTS"


@dataclass(frozen=True)
class Visitor:
    label: str
    national_code: str | None  # None: not signed in
    active_role: str | None = None

    @property
    def start(self) -> str:
        return "/accounts/" if self.national_code else "/"


# The demo's people (tamin/demo): one per role, and someone not signed in.
VISITORS = (
    Visitor("anonymous", None),
    Visitor("insured", "0013542419"),
    Visitor("employer", "0071234561", active_role="employer"),
    Visitor("pensioner", "0491234562"),
    Visitor("staff", "0084575948"),
)

# Pages the issue names: the walk must reach each, or it checked too little.
MUST_REACH = {
    "employers:lists",
    "employers:debt",
    "employers:turnover",
    "branches:case_queue",
}

# Routes a link may name that the walk does not open in the browser, with why.
NOT_OPENED = {
    "accounts:logout": "signs out (and ends the walk)",
    "employers:list_dbf_download": "a download (DBF)",
    "employers:list_errors_csv": "a download (CSV)",
    "employers:list_template_csv": "a download (CSV)",
    "insured:records_pdf": "starts a PDF render (tests/insured cover it)",
    "document_request_download": "a download (PDF)",
    "branches:case_document_download": "a download",
    "content:form_download": "a download (a sample form: PDF, DOCX or XLSX)",
    "branches:map_points": "JSON for the map script",
    "branches:city_options": "an htmx fragment, not a page",
    "api-docs": "the API's reference for developers, not a citizen's page",
    "api-schema": "the API's schema, YAML",
}

# What counts as a finding. JavaScript regular expressions, run in the page.
_LATIN_WORD = r"[A-Za-z0-9_]*[A-Za-z]{2}[A-Za-z0-9_]*"
_LATIN_NUMBER = r"[0-9]+(?:[.,/:٬٫-][0-9]+)*"
# Persian digits with a Latin separator: «۱۲,۰۴۰» and «۴.۰» instead of «۱۲٬۰۴۰» and «۴٫۰».
_LATIN_SEPARATOR = r"[۰-۹]+(?:[.,][۰-۹]+)+"
_MARKED_AS_CODE = '[dir="ltr"], code, kbd, samp'
_NOT_TEXT = "script, style, noscript, template"

# Runs in the page: the root's lang/dir and every Latin word or number in the text a
# person sees or a screen reader says, outside code-marked elements.
_READ_TEXT = f"""
() => {{
  const word = /{_LATIN_WORD}/g, number = /{_LATIN_NUMBER}/g;
  const separator = /{_LATIN_SEPARATOR}/g;
  const describe = (el) => el.tagName.toLowerCase();
  const found = [];
  const scan = (text, el, where) => {{
    if (!text || !/[A-Za-z0-9.,]/.test(text) || el.closest('{_MARKED_AS_CODE}')) return;
    const words = [...text.matchAll(word)];
    for (const m of words) found.push(["english", m[0], text, where]);
    const inWords = (i) => words.some((m) => i >= m.index && i < m.index + m[0].length);
    for (const m of text.matchAll(number)) {{
      if (!inWords(m.index)) found.push(["latin-digits", m[0], text, where]);
    }}
    for (const m of text.matchAll(separator)) found.push(["latin-separator", m[0], text, where]);
  }};
  scan(document.title, document.documentElement, "title");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
    const el = node.parentElement;
    if (el && !el.closest('{_NOT_TEXT}')) scan(node.nodeValue, el, describe(el));
  }}
  const attributes = ["placeholder", "aria-label", "title", "alt"];
  for (const el of document.body.querySelectorAll("*")) {{
    for (const name of attributes) {{
      if (el.hasAttribute(name)) scan(el.getAttribute(name), el, describe(el) + "@" + name);
    }}
    if (el.matches('input[type="submit"], input[type="button"]')) {{
      scan(el.value, el, describe(el) + "@value");
    }}
  }}
  const root = document.documentElement;
  return {{lang: root.getAttribute("lang"), dir: root.getAttribute("dir"), found}};
}}
"""

# Runs in the page: how much wider than the window the page is, and the outermost
# elements that stick out (to name in the finding).
_MEASURE_OVERFLOW = """
() => {
  const scroller = document.scrollingElement;
  const width = scroller.clientWidth;
  const over = scroller.scrollWidth - width;
  if (over <= 1) return null;
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || (box.left >= -1 && box.right <= width + 1)) continue;
    if (culprits.some((outer) => outer.contains(el))) continue;
    culprits.push(el);
  }
  const describe = (el) => el.tagName.toLowerCase() +
    (el.id ? "#" + el.id : "") +
    (el.classList.length ? "." + [...el.classList].slice(0, 2).join(".") : "");
  return {over, culprits: culprits.slice(0, 3).map(describe)};
}
"""

_LINKS = """
() => [
  ...[...document.querySelectorAll("a[href]:not([download])")].map((a) => a.href),
  ...[...document.querySelectorAll("form")]
    .filter((f) => (f.getAttribute("method") || "get").toLowerCase() === "get")
    .map((f) => f.action),
]
"""


@dataclass(frozen=True)
class Known:
    """An allowed finding: the route it is on, its kind, and its snippet exactly."""

    route: str
    kind: str
    snippet: str


@dataclass(frozen=True)
class Finding:
    route: str
    kind: str
    snippet: str  # what identifies it on the route (stable across runs)
    detail: str = field(compare=False, default="")  # where it was seen, for the fixer

    @property
    def key(self) -> Known:
        return Known(self.route, self.kind, self.snippet)


def _in_context(token: str, text: str) -> str:
    """The token with a word either side, whitespace folded: «پلاک 41 است»."""
    words = text.split()
    at = next((i for i, word in enumerate(words) if token in word), 0)
    return " ".join(words[max(at - 1, 0) : at + 2])[:60]


def _shape(kind: str, token: str) -> str:
    """What identifies a token across runs: references and dates vary by seed and by script.

    A number is #; a word keeps only its letters (SB2466005105 and SB۲۴۶۶ are both SB).
    """
    return "#" if kind != "english" else re.sub(r"[0-9]+", "", token)


# Findings allowed for now (none left). Remove an entry when its
# finding is gone (the test says which); never add one to let a new page through.
KNOWN_FINDINGS: tuple[Known, ...] = ()


# --- The walk ---------------------------------------------------------------------


def _route(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


@dataclass
class Survey:
    """What every walk adds to: the findings, and the routes checked so far."""

    findings: list[Finding] = field(default_factory=list)
    routes_checked: set[str] = field(default_factory=set)
    axe_done: set[str] = field(default_factory=set)
    screenshots: Path | None = None


@dataclass
class Walk:
    """One role's walk, in one browser page."""

    visitor: Visitor
    page: Page
    origin: str
    survey: Survey
    routes_seen: set[str] = field(default_factory=set)
    pages: int = 0

    def note(self, route: str, kind: str, snippet: str, detail: str) -> None:
        self.survey.findings.append(
            Finding(route, kind, snippet, f"{self.visitor.label}: {detail}")
        )

    def run(self, start: str) -> None:
        queue = deque([start])
        queued = {start}
        per_route: dict[str, int] = defaultdict(int)
        # A route an earlier role saw (the directory, say) once more, with this role's header.
        checked_before = set(self.survey.routes_checked)
        while queue and self.pages < PAGES_PER_ROLE:
            path = queue.popleft()
            route = _route(path) or "(unresolved)"
            limit = 1 if route in checked_before else URLS_PER_ROUTE
            if route in NOT_OPENED or per_route[route] >= limit:
                continue
            if route in checked_before and route.startswith(PUBLIC_ONLY_ONCE):
                continue
            per_route[route] += 1
            for link in self.open(path, route):
                parts = urlsplit(link)
                if f"{parts.scheme}://{parts.netloc}" != self.origin:
                    continue
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if target in queued or target.startswith(
                    (django_settings.STATIC_URL, django_settings.MEDIA_URL)
                ):
                    continue
                queued.add(target)
                queue.append(target)

    def open(self, path: str, route: str) -> list[str]:
        """Load one page, note its findings, and return its links."""
        self.pages += 1
        try:
            response = self.page.goto(path)
        except Error as error:  # e.g. a download the list above does not name
            self.note(route, "status", "not a page", f"{path}: {error.message.splitlines()[0]}")
            return []
        statuses = []
        request = response.request if response else None
        while request is not None:
            answer = request.response()
            statuses.insert(0, answer.status if answer else 0)
            request = request.redirected_from
        if any(status not in (200, 302) for status in statuses) or statuses[-1] != 200:
            self.note(route, "status", "→".join(map(str, statuses)), path)
            return []
        # After a redirect, what is checked is the page it landed on, under that page's route.
        route = _route(urlsplit(self.page.url).path) or "(unresolved)"
        self.routes_seen.add(route)
        self.survey.routes_checked.add(route)
        self.check_text(route, path)
        self.check_overflow(route, path, PHONE_WIDTH)
        if route not in self.survey.axe_done:
            self.survey.axe_done.add(route)
            self.check_axe(route, path)
        self.screenshot(route, PHONE_WIDTH)
        self.page.set_viewport_size({"width": DESKTOP_WIDTH, "height": VIEW_HEIGHT})
        self.check_overflow(route, path, DESKTOP_WIDTH)
        self.screenshot(route, DESKTOP_WIDTH)
        self.page.set_viewport_size({"width": PHONE_WIDTH, "height": VIEW_HEIGHT})
        return self.page.evaluate(_LINKS)

    def check_text(self, route: str, path: str) -> None:
        read = self.page.evaluate(_READ_TEXT)
        if (read["lang"], read["dir"]) != ("fa", "rtl"):
            self.note(route, "lang-dir", f"lang={read['lang']} dir={read['dir']}", path)
        for kind, token, text, where in read["found"]:
            # The key: what it is and the kind of element it is in; the context is for the fixer.
            snippet = f"{_shape(kind, token)} in {where}"
            self.note(route, kind, snippet, f"{path}: «{_in_context(token, text)}»")

    def check_overflow(self, route: str, path: str, width: int) -> None:
        overflow = self.page.evaluate(_MEASURE_OVERFLOW)
        if overflow:
            culprits = ", ".join(overflow["culprits"])
            detail = f"{path}: {overflow['over']}px wider; sticking out: {culprits}"
            self.note(route, f"overflow-{width}", "", detail)

    def check_axe(self, route: str, path: str) -> None:
        for violation in Axe().run(self.page).response["violations"]:
            if violation["impact"] not in BLOCKING_IMPACTS:
                continue
            targets = "; ".join(str(node["target"]) for node in violation["nodes"][:3])
            self.note(route, "axe", violation["id"], f"{path} [{violation['impact']}] at {targets}")

    def screenshot(self, route: str, width: int) -> None:
        if self.survey.screenshots is None:
            return
        name = f"{self.visitor.label}--{route.replace(':', '-')}--{width}.png"
        target = self.survey.screenshots / name
        if not target.exists():
            self.page.screenshot(path=target, full_page=True)


def _session_cookie(live_server, visitor: Visitor) -> dict:
    """What signing in with password and code leaves behind, as a browser cookie."""
    assert visitor.national_code
    client = Client()
    _sign_in(client, national_code=visitor.national_code, active_role=visitor.active_role)
    return {
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def _report(findings: list[Finding]) -> str:
    """Every finding grouped by route, with where each was seen."""
    by_route: dict[str, dict[Known, list[str]]] = defaultdict(lambda: defaultdict(list))
    for finding in findings:
        by_route[finding.route][finding.key].append(finding.detail)
    lines = []
    for route in sorted(by_route):
        lines.append(f"{route}:")
        for key, details in sorted(by_route[route].items(), key=lambda item: item[0].kind):
            lines.append(f"  [{key.kind}] {key.snippet!r}  ({len(details)}×; {details[0]})")
    return "\n".join(lines)


def test_every_page_of_every_role_reads_as_persian_and_fits(
    browser: Browser, browser_context_args: dict, live_server, settings, tmp_path
):
    # Given the demo, each role's person, and one browser
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    call_command("seed_demo", stdout=io.StringIO())
    cache.clear()
    survey = Survey(screenshots=_screenshot_directory())
    reached: set[str] = set()
    pages: dict[str, int] = {}

    # When each walks from their dashboard (or the home page) at phone width, one page each
    for visitor in VISITORS:
        context = browser.new_context(
            **browser_context_args, viewport={"width": PHONE_WIDTH, "height": VIEW_HEIGHT}
        )
        context.set_default_timeout(15_000)
        if visitor.national_code:
            context.add_cookies([_session_cookie(live_server, visitor)])
        walk = Walk(visitor, context.new_page(), origin=live_server.url, survey=survey)
        try:
            walk.run(visitor.start)
        finally:
            context.close()
        reached |= walk.routes_seen
        pages[visitor.label] = walk.pages

    # Then it reached the pages the issue names
    assert reached >= MUST_REACH, f"never reached {sorted(MUST_REACH - reached)}; pages: {pages}"
    # and every finding is a known one, and every known one still occurs
    found = {finding.key for finding in survey.findings}
    new = [finding for finding in survey.findings if finding.key not in KNOWN_FINDINGS]
    gone = [known for known in KNOWN_FINDINGS if known not in found]
    problems = []
    if new:
        problems.append(
            f"{len({finding.key for finding in new})} findings (pages per role: {pages}):\n"
            + _report(new)
        )
    if gone:
        problems.append(
            "fixed, so remove from KNOWN_FINDINGS:\n" + "\n".join(f"  {known}" for known in gone)
        )
    assert not problems, "\n\n".join(problems)


def _screenshot_directory() -> Path | None:
    if not os.environ.get(SCREENSHOTS_ENV):
        return None
    directory = Path(os.environ[SCREENSHOTS_ENV])
    directory.mkdir(parents=True, exist_ok=True)
    return directory


# What the checks see on a page made for them: they must not pass a page by seeing nothing.
_SAMPLE_PAGE = """<!doctype html><html lang="fa" dir="rtl"><head><title>نمونه</title></head>
<body>
  <p>پلاک 41</p>
  <p>حجم ۲۰ KB</p>
  <p>مبلغ ۱۲,۰۴۰ ریال</p>
  <p>شبا: <span dir="ltr">IR120170000000123456789012</span> و کد <code>*4*1420#</code></p>
  <p>نام پرونده <samp>DSKKAR00.DBF</samp> با دکمه <kbd>Enter</kbd></p>
  <p aria-label="Close">بستن</p>
  <script>const ignored = "English 123";</script>
  <div class="wide"></div>
  <style>.wide { width: 900px; height: 1px; }</style>
</body></html>"""


def test_the_checks_see_latin_text_outside_codes_and_a_page_wider_than_a_phone(page: Page):
    # Given a page with Latin digits, an English word, a Latin separator and a code-marked
    # Sheba number, USSD code, file name and key, shown 390 px wide
    page.set_viewport_size({"width": PHONE_WIDTH, "height": VIEW_HEIGHT})
    page.set_content(_SAMPLE_PAGE)

    # When the page-quality checks read it
    read = page.evaluate(_READ_TEXT)
    overflow = page.evaluate(_MEASURE_OVERFLOW)

    # Then each stray token is found once, by its kind, and nothing marked as code is
    found = sorted((kind, token, where) for kind, token, _text, where in read["found"])
    assert found == [
        ("english", "Close", "p@aria-label"),
        ("english", "KB", "p"),
        ("latin-digits", "41", "p"),
        ("latin-separator", "۱۲,۰۴۰", "p"),
    ]
    assert (read["lang"], read["dir"]) == ("fa", "rtl")
    # and the 900 px block makes the page scroll sideways, and is named
    assert overflow is not None
    assert overflow["culprits"] == ["div.wide"]
