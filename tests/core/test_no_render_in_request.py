"""No PDF is rendered inside a web or API request (issue #15: "no render in a request anywhere").

Every URL that produces a document — the record PDF and declaration letter, the payslip,
pension ruling and certificate PDFs (pages and API), the employer's ruling PDF (owner and
staff), the clearance certificate (pages and API) and the document request's own pages —
is requested by its owner, as production runs it: Celery not eager (every task published
in a request is captured, not run) and the after-commit callbacks executed at the end of
the request, where they run in production. `tamin.core.pdf.html_to_pdf`, the one place
WeasyPrint writes a PDF, fails the test when called inside a request.

Then the captured tasks run as the worker would (outside any request), which must render
(proof that the guard watches the real renderer), and every download is fetched again,
still without a render. Last, every named URL that looks like a document's must have
been walked here, so a new document URL is not forgotten.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from celery.app.task import Task
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from employers.models import ClearanceKind, ClearanceRequest, ClearanceStatus
from pensioners.models import PensionCertificate
from pensioners.services.payslips import payslip_issue_month
from tamin.accounts.services import api_sign_in_create
from tamin.core import pdf
from tamin.core.models import DocumentRequest, IssuedDocument
from tests.accounts.factories import UserFactory
from tests.employers.factories_clearance import clean_representative
from tests.employers.factories_rulings import served_ruling, setting
from tests.insured.factories import InsuredPersonFactory, history
from tests.pensioners.factories import pensioner_with_account
from tests.pensioners.factories_payslips import figures

pytestmark = pytest.mark.django_db

# Named URLs that look like a document's but produce none, with why.
NOT_DOCUMENTS = {
    "employers:list_dbf_download": "the uploaded list file as stored, no render",
    "branches:case_document_upload": "a person's upload to a case, no render",
    "employers:notice_print": "an HTML page the browser prints",
    "employers:staff_notice": "an HTML page the browser prints",
    "verify": "the public check of a verification code: reads a row",
    "verify_lookup": "the public check of a verification code: reads a row",
    "employers:clearance_home": "a list of workshops",
    "employers:clearances": "a list of requests",
    "pensioners:certificates": "a list of certificates",
    "branches:case_document_download": "a file a person uploaded to a case, as stored",
    "employers:objection_documents_add": "a person's upload to an objection, no render",
    "api-employers-workshop-objection-documents": "uploads to an objection, no render",
    "content:form_download": "a sample form staff uploaded, as stored",
    "api-employers-workshop-clearances": "a list of requests, or filing one (walked)",
    "api-pensioners-certificates": "the list, or issuing one (walked)",
}
DOCUMENT_WORDS = re.compile(r"pdf|certificate|document|clearance|declaration|download|print")


@dataclass
class Guard:
    """Counts renders; a render while `in_request` is recorded (and raised, though a
    caller's error handling may swallow that: the record is what the tests check)."""

    in_request: bool = False
    in_request_renders: list[str] = field(default_factory=list)
    worker_renders: int = 0
    published: list[tuple[str, tuple, dict]] = field(default_factory=list)

    @contextlib.contextmanager
    def request(self, path: str) -> Iterator[None]:
        self.in_request, self.path = True, path
        try:
            yield
        finally:
            self.in_request = False


@pytest.fixture
def guard(monkeypatch, settings, tmp_path) -> Guard:
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    watch = Guard()
    real = pdf.html_to_pdf

    def guarded(html: str) -> bytes:
        if watch.in_request:
            watch.in_request_renders.append(watch.path)
            raise AssertionError(f"a PDF was rendered inside the request {watch.path}")
        watch.worker_renders += 1
        return real(html)

    def captured(task: Task, args=None, kwargs=None, **options: Any):
        watch.published.append((task.name, tuple(args or ()), dict(kwargs or {})))

    monkeypatch.setattr(pdf, "html_to_pdf", guarded)
    # Not eager: a task published in a request is only recorded, like a message to Redis.
    monkeypatch.setattr(Task, "apply_async", captured)
    return watch


@dataclass
class Walk:
    client: Any
    guard: Guard
    capture: Any
    visited: set[str] = field(default_factory=set)

    def call(self, method: str, url: str, *, expect: tuple[int, ...], **extra: Any):
        with self.guard.request(url), self.capture(execute=True):
            response = getattr(self.client, method)(url, **extra)
            if response.streaming:
                response.content_bytes = b"".join(response.streaming_content)
        self.visited.add(resolve(url.split("?")[0]).view_name)
        assert response.status_code in expect, (url, response.status_code)
        return response

    def run_published(self) -> None:
        """The worker's turn: every captured task, outside any request."""
        from tamin.celery import app

        while self.guard.published:
            name, args, kwargs = self.guard.published.pop(0)
            app.tasks[name](*args, **kwargs)


def _bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_sign_in_create(user=user, device_name='t').access}"}


def _document_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return {name for name in names if DOCUMENT_WORDS.search(name.split(":")[-1])}


def test_no_document_url_renders_in_its_request_and_the_worker_does(
    client, guard, django_capture_on_commit_callbacks
):
    walk = Walk(client, guard, django_capture_on_commit_callbacks)
    downloads: list[tuple[Any, str, dict]] = []

    # --- an insured person: the 35-year record and the declaration letter ---------------
    insured = UserFactory()
    person = InsuredPersonFactory.for_user(insured)
    person.save()
    history(person, years=3, start_year=1400)
    client.force_login(insured)
    walk.call("get", reverse("insured:records_pdf"), expect=(302,))
    walk.call(
        "post",
        reverse("insured:declaration_new"),
        data={"institution": "بانک ملت", "purpose": "وام"},
        expect=(302,),
    )
    for document_request in DocumentRequest.objects.filter(owner=insured):
        args = [document_request.pk]
        walk.call("get", reverse("document_request", args=args), expect=(200,))
        walk.call("get", reverse("document_request_status", args=args), expect=(200,))
        walk.call("get", reverse("document_request_download", args=args), expect=(404,))
        walk.call("post", reverse("document_request_retry", args=args), expect=(302,))
        downloads.append((insured, reverse("document_request_download", args=args), {}))

    # --- a pensioner: payslip, ruling and certificates, pages and API ---------------------
    figures(1404)
    pensioner, _p, pension = pensioner_with_account()
    payslip = payslip_issue_month(pension=pension, year=1404, month=5, prerender=False)
    ruling = pension.rulings.get()
    client.force_login(pensioner)
    walk.call("post", reverse("pensioners:payslip_pdf", args=[payslip.pk]), expect=(302,))
    walk.call("post", reverse("pensioners:ruling_pdf", args=[ruling.pk]), expect=(302,))
    walk.call(
        "post",
        reverse("pensioners:certificate_new"),
        data={"kind": "salary", "pension": pension.pk, "addressee": "بانک ملی"},
        expect=(302,),
    )
    certificate = PensionCertificate.objects.get(pension=pension)
    walk.call("get", reverse("pensioners:certificate_detail", args=[certificate.pk]), expect=(200,))
    bearer = _bearer(pensioner)
    issued = walk.call(
        "post",
        reverse("api-pensioners-certificates"),
        data={"kind": "salary", "addressee": "بانک سپه"},
        content_type="application/json",
        expect=(201,),
        **bearer,
    )
    api_certificate = issued.json()["id"]
    walk.call(
        "get",
        reverse("api-pensioners-certificate", args=[api_certificate]),
        expect=(200,),
        **bearer,
    )
    pdf_url = reverse("api-pensioners-certificate-pdf", args=[api_certificate])
    walk.call("get", pdf_url, expect=(404,), **bearer)
    downloads.append((pensioner, pdf_url, bearer))
    for document_request in DocumentRequest.objects.filter(owner=pensioner):
        url = reverse("document_request_download", args=[document_request.pk])
        downloads.append((pensioner, url, {}))

    # --- an employer and branch staff: the claim ruling's PDF ---------------------------------
    s = setting()
    claim = served_ruling(s)
    client.force_login(s.owner.user)
    walk.call("post", reverse("employers:ruling_pdf", args=[claim.pk]), expect=(302,))
    client.force_login(s.staff)
    walk.call("post", reverse("employers:staff_ruling_pdf", args=[claim.pk]), expect=(302,))
    for user in (s.owner.user, s.staff):
        for document_request in DocumentRequest.objects.filter(owner=user):
            url = reverse("document_request_download", args=[document_request.pk])
            downloads.append((user, url, {}))

    # --- an employer with nothing owed: the clearance certificate, pages and API ------------
    owner = clean_representative()
    client.force_login(owner.user)
    walk.call(
        "post",
        reverse("employers:clearance_new", args=[owner.workshop.pk]),
        data={"kind": ClearanceKind.TRANSFER},
        expect=(302,),
    )
    clearance = ClearanceRequest.objects.get(workshop=owner.workshop)
    assert clearance.status == ClearanceStatus.ISSUED
    args = [clearance.pk]
    walk.call("get", reverse("employers:clearance_detail", args=args), expect=(200,))
    walk.call("get", reverse("employers:clearance_status", args=args), expect=(200,))
    walk.call("get", reverse("employers:clearance_download", args=args), expect=(404,))
    walk.call("post", reverse("employers:clearance_prepare", args=args), expect=(302,))
    bearer = _bearer(owner.user)
    api_args = [owner.workshop.pk, clearance.pk]
    walk.call(
        "get", reverse("api-employers-workshop-clearance", args=api_args), expect=(200,), **bearer
    )
    certificate_url = reverse("api-employers-workshop-clearance-certificate", args=api_args)
    walk.call("get", certificate_url, expect=(404,), **bearer)
    walk.call(
        "post",
        reverse("api-employers-workshop-clearance-certificate-prepare", args=api_args),
        expect=(202,),
        **bearer,
    )
    downloads.append((owner.user, reverse("employers:clearance_download", args=args), {}))
    downloads.append((owner.user, certificate_url, bearer))

    # then nothing was rendered in any request; the renders were queued instead
    assert guard.in_request_renders == []
    assert guard.worker_renders == 0
    assert guard.published

    # when the worker runs what was queued (outside any request)
    walk.run_published()
    # then it rendered every document asked for: record, letter, payslip, pension ruling,
    # two certificates, the claim ruling for owner and staff, the clearance certificate
    assert guard.worker_renders >= 9
    assert IssuedDocument.objects.count() == guard.worker_renders

    # and every download is now the stored file, still without a render in the request
    before = guard.worker_renders
    for user, url, headers in downloads:
        client.force_login(user)
        response = walk.call("get", url, expect=(200,), **headers)
        assert response.content_bytes.startswith(b"%PDF"), url
    assert guard.worker_renders == before
    assert guard.in_request_renders == []

    # and every named URL that looks like a document's was walked here, or says why not
    forgotten = _document_url_names() - walk.visited - set(NOT_DOCUMENTS)
    assert not forgotten, f"document URLs not walked: {sorted(forgotten)}"


def test_the_guard_catches_a_render_in_a_request(client, guard, django_capture_on_commit_callbacks):
    # A view that renders in its request (as the record PDF once did) must fail the walk:
    # with the worker's issue called inside the request, the guard raises.
    from tamin.core import document_requests

    insured = UserFactory()
    person = InsuredPersonFactory.for_user(insured)
    person.save()
    history(person, years=1, start_year=1400)
    client.force_login(insured)
    walk = Walk(client, guard, django_capture_on_commit_callbacks)

    def render_now(document_request) -> None:
        document_requests.document_request_render(request_id=document_request.pk)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(document_requests, "_queue_render", render_now)
        walk.call("get", reverse("insured:records_pdf"), expect=(302,))
    # (the render's own error handling swallows the guard's exception; the record stays)
    assert guard.in_request_renders == [reverse("insured:records_pdf")]
    assert guard.worker_renders == 0
