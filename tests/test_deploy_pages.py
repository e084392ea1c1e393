"""The container serves what `make run` serves.

The image builds its static files with `scripts/vendor-assets.sh` (the same
script `make assets` runs) and `collectstatic` under production settings, then
whitenoise serves them from STATIC_ROOT with DEBUG off. tests/production_static.py
does the same in a temporary directory; here we walk every page of the demo as
each role against it:

* a crawler follows same-site links (``<a href>``, GET forms, ``hx-get``,
  ``data-*-url``) from the home page and the role's dashboard, and redirects;
* every named URL pattern the crawler did not reach is requested directly, with
  argument values the crawl saw, or is listed in ``NOT_LINKED`` with why;
* every static URL a page names (and every file a served CSS/JS file names in
  turn: fonts, images, source maps) must be served by whitenoise, under its
  hashed name from the manifest.

With DEBUG off and the manifest storage, a ``{% static %}`` name that was never
collected is a 500, so a vendor file the script forgets fails here.
"""

from __future__ import annotations

import io
import itertools
import re
import shlex
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django_otp import DEVICE_ID_SESSION_KEY

from tamin.accounts.middleware import ACTIVE_ROLE_SESSION_KEY
from tamin.accounts.models import User
from tests.production_static import ProductionStatic, build, dockerfile_instructions

BASE_DIR = Path(__file__).resolve().parent.parent

# How far the crawler goes: distinct URLs per route (detail pages of 100 branches
# look alike) and pages per role in all.
URLS_PER_ROUTE = 3
PAGES_PER_ROLE = 400

# Routes the crawler must not follow, with why.
# (The record PDF is crawled: the request only queues its render, which never runs
# here, and leads to the "being prepared" page.)
NOT_CRAWLED: set[str] = set()

# Routes with arguments that no page links to with a GET; each says why.
NOT_LINKED = {
    "notifications:inbox_read": "POST only: marks a message read",
    "branches:case_assign": "POST only: a review action",
    "branches:case_start_review": "POST only: a review action",
    "branches:case_request_info": "POST only: a review action",
    "branches:case_decide": "POST only: a review action",
    "branches:my_case_submit": "POST only: submits a draft case",
    "branches:my_case_answer": "POST only: answers a request for information",
    "branches:case_document_upload": "POST only: an upload",
    # Linked from «my appointments» for a booking still ahead; the demo seeds no booking.
    "branches:appointment_cancel": "no booking in the demo",
    "branches:appointment_reschedule": "no booking in the demo",
    "employers:representative_remove": "POST only",
    "employers:list_submit": "POST only",
    "employers:payment_start": "POST only: starts a payment",
    "ussd:gateway": "POST only: the USSD aggregator's endpoint, with its secret (tests/ussd)",
    "ussd:simulator_send": "POST only: the USSD simulator's form (tests/ussd)",
    "employers:payment_result": "reached after the bank's callback (tests/employers)",
    "employers:sandbox_bank": "reached from payment_start's redirect (tests/employers)",
    # The demo's clearance request (employers.demo.claims) was forwarded to the branch, so
    # no certificate is polled or downloaded; tests/employers/test_clearance*.py open these.
    "employers:clearance_status": "no certificate being prepared in the demo (htmx fragment)",
    "employers:clearance_download": "no certificate issued in the demo",
    "employers:clearance_prepare": "POST only: prepares a certificate's PDF again",
    "employers:installment_pay": "POST only: starts an installment's payment",
    "employers:installment_ruling_pay": "POST only: starts a ruling's payment",
    # The demo's rulings are all served; tests/employers/test_rulings_pages.py edits drafts.
    "employers:staff_ruling_edit": "no draft ruling in the demo",
    "employers:ruling_pdf": "POST only: asks for a ruling's PDF",
    "employers:staff_ruling_pdf": "POST only: asks for a ruling's PDF",
    "employers:staff_ruling_serve": "POST only: serves a draft ruling",
    "employers:staff_ruling_cancel": "POST only: cancels a draft ruling",
    "employers:staff_ruling_paper_served": "POST only: records a paper ruling's service day",
    # The demo's objection waits for its hearing; tests/employers/test_objections_pages.py
    # opens the appeal of a vote.
    "employers:objection_documents_add": "POST only: documents the branch asked for",
    "employers:objection_appeal": "no board vote in the demo",
    "employers:staff_objection_status": "POST only: a status change",
    "employers:staff_objection_hearing": "POST only: sets the hearing",
    "employers:staff_objection_vote": "POST only: records the board's vote",
    "employers:staff_objection_appeal": "POST only: the organization's appeal",
    # The demo makes no serving batch; tests/employers/test_serving_pages.py opens these.
    "employers:serving_batch_detail": "no serving batch in the demo",
    "employers:serving_batch_status": "no serving batch in the demo (htmx fragment)",
    "employers:serving_batch_retry": "POST only: a failed batch goes on",
    # The demo issues no payroll software key (a key is shown once, so seeding one would
    # help no visitor); tests/employers/test_payroll_keys_pages.py opens these.
    "employers:payroll_key_issued": "no payroll key in the demo",
    "employers:payroll_key_revoke": "no payroll key in the demo",
    # The claims API (docs/api.md): no page links to an API path; the objects these name by
    # id are not all in the demo. tests/employers/test_claims_api*.py call each of them.
    "api-employers-workshop-notice": "API: one notice (its GET records the receipt)",
    "api-employers-workshop-ruling": "API: one ruling",
    "api-employers-workshop-objection": "API: one objection",
    "api-employers-workshop-objection-appeal": "API: POST only, an appeal",
    "api-employers-workshop-objection-documents": "API: POST only, documents asked for",
    "api-employers-workshop-installment-plan": "API: one installment plan",
    "api-employers-workshop-installment-pay": "API: POST only, starts a payment",
    "api-employers-workshop-clearance": "API: one clearance request",
    "api-employers-workshop-clearance-certificate": "API: a certificate's PDF",
    "api-employers-workshop-clearance-certificate-prepare": "API: POST only, prepares it again",
    # The demo issues no pensioner's certificate; tests/pensioners/test_certificates*.py open
    # these (a certificate's page, and the API's certificate and PDF).
    "pensioners:certificate_detail": "no pensioner's certificate in the demo",
    "api-pensioners-certificate": "API: one certificate (none in the demo)",
    "api-pensioners-certificate-pdf": "API: a certificate's PDF (none in the demo)",
    "insured:bank_account_deactivate": "POST only",
    # The demo declares no dependent; tests/insured/test_dependents_*.py open these.
    "insured:dependent_remove": "POST only: removes a dependent",
    "api-insured-dependent-remove": "API: POST only, removes a dependent",
    # The demo files no benefit request; tests/insured/test_benefits_*.py open these.
    "insured:benefit_request": "no benefit request in the demo",
    "api-insured-benefit-request": "API: one benefit request (none in the demo)",
    "api-insured-benefit-eligibility": "API: answers the facts of a check (query parameters)",
    "api-insured-benefit-request-create": "API: POST only, requests a benefit",
    "pensioners:dependent_filing_file": "POST only: files a dependent's paper",
    "api-pensioners-dependent-filings": "API: POST only, files a dependent's paper",
    "pensioners:payslip_pdf": "POST only: asks for a payslip's PDF",
    "pensioners:ruling_pdf": "POST only: asks for a pension ruling's PDF",
    "document_request_retry": "POST only: prepares a failed document again",
    "document_request_download": "linked once a worker rendered it (tests/insured/test_pdf_requests.py)",
    "favicon": "browsers ask for /favicon.ico by themselves (tests/core/test_favicon.py)",
    # The demo's cases (an objection, a clearance request) carry no document, and it seeds
    # no survey; tests/branches covers these pages.
    # The demo seeds a medical commission (insured.demo.commissions) but no request to it, and
    # no abroad request; tests/insured/test_commissions_*.py and test_abroad_*.py open these.
    "insured:commission_detail": "no commission request in the demo",
    "insured:commission_cancel_booking": "POST only: cancels a commission booking",
    "insured:commission_book": "POST only: books a commission slot",
    "insured:abroad_detail": "no abroad request in the demo",
    "api-insured-abroad-request": "API: one abroad request (none in the demo)",
    "api-insured-commission-slots": "API: a commission's free slots (by id; no page links it)",
    "api-insured-commission-request": "API: one commission request (none in the demo)",
    "api-insured-commission-cancel-booking": "API: POST only, cancels a commission booking",
    "api-insured-commission-book": "API: POST only, books a commission slot",
    # The demo's medical claims (insured.demo.medical_claims) are at agency A1001, whose staff
    # member is crawled ("agency staff"): the case page links the decision page only once she
    # starts reviewing, and the demo's waiting claim is still forwarded;
    # tests/insured/test_medical_claims_*.py open these.
    "insured:medical_claim_decide": "linked once the agency starts reviewing (none in the demo)",
    "api-insured-medical-claim": "API: one medical claim (tests/insured/test_medical_claims_api.py)",
    "api-appointment": "API: one booking of mine (none in the demo; tests/branches/test_api_appointments.py)",
    "api-appointment-cancel": "API: POST only, cancels a booking",
}

# Roles as the demo seeds them: (label, national code, role to make active or None).
ROLES = (
    ("insured", "0013542419", None),
    ("employer", "0071234561", None),
    ("employer as employer", "0071234561", "employer"),
    ("pensioner", "0491234562", None),
    ("staff", "0084575948", None),
    # The staff member of agency A1001 only (insured.demo.medical_claims): her dashboard links
    # only what opens for her (the case queue), never a branch's page that would be a 404.
    ("agency staff", "0095511229", None),
)


@pytest.fixture(scope="module")
def production_static(tmp_path_factory) -> ProductionStatic:
    return build(tmp_path_factory.mktemp("production-static"))


# --- Reading pages -------------------------------------------------------------------


class _References(HTMLParser):
    """Same-site links (GET) and static URLs named anywhere in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.static: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag == "form" and (values.get("method") or "get").lower() == "get":
            self.links.append(values.get("action") or "")
        if values.get("hx-get"):
            self.links.append(values["hx-get"])
        # URLs handed to scripts, such as the map's points (data-points-url).
        self.links.extend(
            value
            for name, value in attrs
            if name.startswith("data-") and name.endswith("-url") and value
        )
        for _name, value in attrs:
            if value and value.startswith(settings.STATIC_URL):
                self.static.append(value)


# What a served file names in turn, as the manifest storage rewrites it: url(...) in
# CSS, and the source map comment at the end of CSS and JS files.
_SOURCE_MAP = r"^(?://|/\*)# sourceMappingURL=(?P<map>\S+?)(?:\s*\*/)?$"
_FILE_REFERENCES = {
    ".css": re.compile(rf"""url\(\s*["']?(?P<url>[^"')\s]+)["']?\s*\)|{_SOURCE_MAP}""", re.M),
    ".js": re.compile(_SOURCE_MAP, re.M),
}


def _same_site_path(base: str, href: str) -> str | None:
    """The path and query `href` points to on this site, or None when it leaves it."""
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    parts = urlsplit(urljoin("http://testserver" + base, href))
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _resolve(path: str):
    try:
        return resolve(urlsplit(path).path)
    except Resolver404:
        return None


@dataclass
class Crawl:
    """What one signed-in (or anonymous) visitor saw."""

    label: str
    client: Client
    failures: list[str] = field(default_factory=list)
    routes_seen: set[str] = field(default_factory=set)
    static_urls: set[str] = field(default_factory=set)
    # Argument values the crawled URLs carried (workshop_id -> {"3"}), to fill unlinked routes.
    arguments: dict[str, set[str]] = field(default_factory=dict)
    pages: int = 0
    stopped_at_limit: bool = False

    def get(self, path: str) -> tuple[HttpResponse, list[str]]:
        """The response, and the links it offers (a redirect's target, a page's links).

        Static URLs an HTML answer names (error pages too) are kept for the static check.
        """
        response = self.client.get(path)
        self.pages += 1
        if 300 <= response.status_code < 400:
            return response, [response["Location"]]
        if "text/html" not in response.get("Content-Type", ""):
            return response, []
        references = _References()
        references.feed(response.content.decode())
        self.static_urls.update(references.static)
        return response, references.links if response.status_code < 300 else []

    def walk(self, *starts: str) -> None:
        queue = deque((start, "(start)") for start in starts)
        seen: set[str] = set(starts)
        per_route: dict[str, int] = {}
        while queue:
            if self.pages >= PAGES_PER_ROLE:
                self.stopped_at_limit = True
                return
            path, found_on = queue.popleft()
            match = _resolve(path)
            route = match.view_name if match else None
            if route in NOT_CRAWLED:
                continue
            if match is not None:
                for name, value in match.kwargs.items():
                    self.arguments.setdefault(name, set()).add(str(value))
                if per_route.get(route, 0) >= URLS_PER_ROUTE:
                    continue
                per_route[route] = per_route.get(route, 0) + 1
                self.routes_seen.add(route)
            response, targets = self.get(path)
            if response.status_code >= 400:
                self.failures.append(
                    f"{self.label}: GET {path} -> {response.status_code} (linked from {found_on})"
                    + _exception_note(response)
                )
                continue
            for href in targets:
                target = _same_site_path(path, href)
                if (
                    target is None
                    or target in seen
                    or target.startswith((settings.STATIC_URL, settings.MEDIA_URL))
                ):
                    continue
                seen.add(target)
                queue.append((target, path))


def _exception_note(response) -> str:
    exc_info = getattr(response, "exc_info", None)
    return f": {exc_info[1]!r}" if exc_info else ""


def _visitor() -> Client:
    # A 500 is recorded with the others instead of ending the walk.
    return Client(raise_request_exception=False)


def _sign_in(client: Client, *, national_code: str, active_role: str | None) -> None:
    """What accounts:login_verify leaves in the session: the user and the verified device."""
    user = User.objects.get(national_code=national_code)
    device = user.totpdevice_set.first() if user.is_staff else user.smsdevice_set.first()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    if active_role:
        session[ACTIVE_ROLE_SESSION_KEY] = active_role
    session.save()


def _named_routes() -> dict[str, tuple[str, ...]]:
    """Every named route outside the admin -> the names of its arguments."""

    def walk(patterns, namespace: str, outer: tuple[str, ...]) -> Iterator[tuple[str, tuple]]:
        for pattern in patterns:
            names = tuple(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner, outer + names)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}", outer + names

    return dict(walk(get_resolver().url_patterns, "", ()))


def _probe_unlinked(
    route: str, arguments: tuple[str, ...], crawls: list[Crawl]
) -> list[str] | None:
    """Ask for a route no link reached, as each visitor, with argument values the crawl saw.

    A route meant for someone else answers 302/403/404 and a POST-only one 405;
    only a 5xx is a failure. Returns the failures, or None when no visitor had
    values for every argument (the route must then be in NOT_LINKED).
    """
    failures: list[str] = []
    probed = False
    for crawl in crawls:
        if not all(name in crawl.arguments for name in arguments):
            continue
        value_lists = [sorted(crawl.arguments[name])[:URLS_PER_ROUTE] for name in arguments]
        for values in itertools.islice(itertools.product(*value_lists), URLS_PER_ROUTE):
            try:
                path = reverse(route, kwargs=dict(zip(arguments, values, strict=True)))
            except NoReverseMatch:
                continue
            probed = True
            response, _links = crawl.get(path)
            if response.status_code >= 500:
                failures.append(
                    f"{crawl.label}: GET {path} -> {response.status_code} (not linked; probed)"
                    + _exception_note(response)
                )
    return failures if probed else None


def _static_failures(client: Client, urls: set[str], hashed: frozenset[str]) -> list[str]:
    """Fetch each static URL and whatever the CSS/JS files among them name in turn."""
    failures = [f"not a hashed (manifest) name: {url}" for url in sorted(urls - hashed)]
    queue = deque(sorted(urls))
    fetched: set[str] = set()
    while queue:
        url = queue.popleft()
        if url in fetched:
            continue
        fetched.add(url)
        response = client.get(url)
        if response.status_code != 200:
            failures.append(f"GET {url} -> {response.status_code}")
            continue
        if not url.endswith((".css", ".js")):
            continue
        body = b"".join(response.streaming_content).decode("utf-8", "replace")
        for match in _FILE_REFERENCES[Path(url).suffix].finditer(body):
            named = match.groupdict().get("url") or match.group("map")
            if named.startswith(("data:", "#", "http:", "https:")):
                continue
            queue.append(urljoin(url, named).split("#")[0].split("?")[0])
    return failures


@pytest.mark.django_db
def test_every_demo_page_and_its_static_files_serve_under_production_static(
    production_static: ProductionStatic, settings, tmp_path
):
    # Given the demo, and the static files built and collected as the image does
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    call_command("seed_demo", stdout=io.StringIO())
    cache.clear()
    failures: list[str] = []
    crawls: list[Crawl] = []
    with override_settings(**production_static.overrides):
        # When each visitor walks the site from the home page and their dashboard
        anonymous = Crawl("anonymous", _visitor())
        anonymous.walk("/")
        crawls.append(anonymous)
        for label, national_code, active_role in ROLES:
            crawl = Crawl(label, _visitor())
            _sign_in(crawl.client, national_code=national_code, active_role=active_role)
            crawl.walk("/accounts/", "/")
            crawls.append(crawl)

        # and every named route no link reached is asked for directly, with argument
        # values seen on the way, or is listed in NOT_LINKED
        reached = set().union(*(crawl.routes_seen for crawl in crawls))
        unaccounted: list[str] = []
        for route, arguments in sorted(_named_routes().items()):
            if route in reached or route in NOT_CRAWLED:
                continue
            probe_failures = _probe_unlinked(route, arguments, crawls)
            if probe_failures is None and route not in NOT_LINKED:
                unaccounted.append(route)
            failures += probe_failures or []
        stale = sorted(set(NOT_LINKED) - (set(_named_routes()) - reached))

        # and every static file any page named is fetched, with what CSS/JS names in turn
        static_urls = set().union(*(crawl.static_urls for crawl in crawls))
        failures += _static_failures(_visitor(), static_urls, production_static.manifest_urls)

    # Then nothing failed, every route is accounted for, and the map's Leaflet was served
    failures += [failure for crawl in crawls for failure in crawl.failures]
    assert not failures, "\n".join(failures)
    assert not unaccounted, (
        "routes no page links to and the crawl has no arguments for; link them or list "
        f"them in NOT_LINKED with why: {unaccounted}"
    )
    assert not stale, f"NOT_LINKED names routes that are linked now, or gone: {stale}"
    for crawl in crawls:
        assert not crawl.stopped_at_limit, f"{crawl.label}: the crawl stopped at the page limit"
        assert crawl.pages > 5, f"{crawl.label}: the crawl saw almost nothing"
    served = {url.rsplit("/", 1)[-1] for url in static_urls}
    assert any(re.fullmatch(r"leaflet\.[0-9a-f]{12}\.js", name) for name in served)
    assert any(re.fullmatch(r"leaflet\.[0-9a-f]{12}\.css", name) for name in served)


# --- One copy step for the image and `make assets` --------------------------------


def _make_recipe(target: str) -> str:
    """The recipe lines of `target` in the Makefile, following one level of prerequisites."""
    makefile = (BASE_DIR / "Makefile").read_text()
    rules = dict(re.findall(r"^(\S[^:\n]*):[^\n]*\n((?:\t[^\n]*\n)*)", makefile, flags=re.M))
    header = re.search(rf"^{re.escape(target)}:([^\n]*)", makefile, flags=re.M)
    assert header, f"no `{target}` target in the Makefile"
    recipe = rules.get(target, "")
    for prerequisite in header.group(1).split():
        recipe += rules.get(prerequisite, "")
    return recipe


def test_the_image_and_make_assets_run_the_same_vendor_script():
    # Given the Dockerfile and the Makefile as committed
    instructions = dockerfile_instructions()
    runs = [arguments for keyword, arguments in instructions if keyword == "RUN"]
    copies = [arguments for keyword, arguments in instructions if keyword == "COPY"]
    # When we look at how each puts the front-end packages into static/vendor
    assets_recipe = _make_recipe("assets")
    # Then both run scripts/vendor-assets.sh, and neither copies from node_modules itself
    assert any("scripts/vendor-assets.sh" in run for run in runs), runs
    assert not [run for run in runs if re.search(r"\bcp\b.*node_modules", run)], runs
    assert "scripts/vendor-assets.sh" in assets_recipe, assets_recipe
    assert "node_modules/" not in assets_recipe.replace(
        "sh scripts/vendor-assets.sh node_modules", ""
    )
    # and the application stage takes what the script made, then collects it
    assert any(
        copy.startswith("--from=assets") and copy.endswith("./static/vendor") for copy in copies
    ), copies
    assert any("collectstatic" in run for run in runs), runs
    # and the build context keeps the script (.dockerignore must not drop scripts/)
    ignored = (BASE_DIR / ".dockerignore").read_text().split()
    assert not {"scripts", "scripts/", "scripts/vendor-assets.sh"} & set(ignored)


def _compose_commands() -> dict[str, list[str]]:
    """Service name -> its command as a list of words, from docker-compose.yml."""
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    commands = {}
    for name, service in compose["services"].items():
        command = service.get("command") or []
        commands[name] = shlex.split(command) if isinstance(command, str) else list(command)
    return commands


def test_compose_runs_a_worker_for_every_celery_queue_and_exactly_one_beat():
    # Given the queues tamin/celery.py declares (notify() routes sign-in codes to `otp`)
    from tamin.celery import app

    queues = {queue.name for queue in app.conf.task_queues}
    # When we read which queues the compose workers consume
    commands = _compose_commands()
    consumed: set[str] = set()
    for words in commands.values():
        if "worker" in words:
            for index, word in enumerate(words):
                if word in ("-Q", "--queues"):
                    consumed.update(words[index + 1].split(","))
                elif word.startswith("--queues="):
                    consumed.update(word.removeprefix("--queues=").split(","))
    # Then no queue is left without a worker, and one beat enqueues the schedule
    assert queues <= consumed, f"queues no compose worker consumes: {queues - consumed}"
    assert sum("beat" in words for words in commands.values()) == 1
    assert commands["migrate"][-2:] == ["migrate", "--noinput"]
