"""Issued PDFs in Chromium: asked for on a page, prepared off the request, downloaded.

The 35-year record is rendered by a real Celery worker (PostgreSQL and Redis: the live
server and the worker share the test database and the private store), while the
"being prepared" page polls with htmx. The declaration letter runs with the e2e
default, eager Celery, so it is covered on SQLite too.
"""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect

from insured.demo import records as demo
from insured.documents import DECLARATION_KIND, RECORDS_KIND
from tamin.accounts.demo import accounts as accounts_demo
from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tamin.core.models import DocumentRequest, IssuedDocument
from tests.e2e.conftest import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.django_db(transaction=True),
]

DEMO_PERSON = "0013542419"  # مریم احمدی: about 35 years of history
# The worker renders the 35-year record in a few seconds; a busy CI machine is slower.
PREPARED_TIMEOUT_MS = 90_000


def signed_in_demo_person(page: Page, outbox) -> None:
    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    sign_in(page, outbox, national_code=DEMO_PERSON, password=DEMO_PASSWORD, mobile="09121110001")


@pytest.mark.celery_worker
def test_the_35_year_record_is_prepared_by_the_worker_and_downloaded(
    page: Page, outbox, request, tmp_path
):
    # given the demo person, signed in (her code is sent eagerly, into this outbox)
    signed_in_demo_person(page, outbox)
    # and from now on jobs go to a real worker
    worker = request.getfixturevalue("celery_worker_process")
    # when she asks for the record PDF from her records page
    page.goto("/insured/records/")
    page.get_by_role("link", name=re.compile("دریافت PDF سوابق")).click()
    # then the "being prepared" page polls until the worker is done, then links the file
    expect(page).to_have_url(re.compile(r"/documents/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("در حال آماده‌سازی")
    download_link = page.get_by_role("link", name="دریافت فایل PDF")
    try:
        expect(download_link).to_be_visible(timeout=PREPARED_TIMEOUT_MS)
    except AssertionError as error:
        raise AssertionError(f"{error}\nworker log:\n{worker.log_tail()}") from None
    with page.expect_download() as first:
        download_link.click()
    saved = tmp_path / "records.pdf"
    first.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert first.value.suggested_filename.endswith(".pdf")
    # when she asks again with her history unchanged
    page.goto("/insured/records/")
    with page.expect_download() as second:
        page.get_by_role("link", name=re.compile("دریافت PDF سوابق")).click()
    # then the stored copy downloads at once: no new request, no new render
    assert second.value.url.endswith("/download/")
    assert DocumentRequest.objects.filter(kind=RECORDS_KIND).count() == 1
    assert IssuedDocument.objects.filter(kind=RECORDS_KIND).count() == 1


def test_the_declaration_letter_is_asked_for_on_its_form_and_downloaded(
    page: Page, outbox, tmp_path
):
    # given the demo person, signed in
    signed_in_demo_person(page, outbox)
    # when she asks for a letter to an institution
    page.goto("/insured/records/declaration/")
    page.get_by_label("نام سازمان یا مؤسسهٔ گیرندهٔ نامه").fill("دانشگاه تهران")
    page.get_by_role("button", name=re.compile("صدور و دریافت نامه")).click()
    # then (eager here: prepared as soon as the request committed) its page links the PDF
    expect(page).to_have_url(re.compile(r"/documents/\d+/$"))
    with page.expect_download() as letter:
        page.get_by_role("link", name="دریافت فایل PDF").click()
    saved = tmp_path / "letter.pdf"
    letter.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert IssuedDocument.objects.filter(kind=DECLARATION_KIND).count() == 1
