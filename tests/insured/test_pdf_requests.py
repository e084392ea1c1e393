"""Record PDFs are prepared off the request: the page polls, the worker renders, strangers get 404."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from insured.documents import RECORDS_KIND
from tamin.core.document_requests import document_request_render
from tamin.core.models import DocumentRequest, IssuedDocument
from tests.accounts.factories import UserFactory
from tests.insured.factories import InsuredPersonFactory, history

POLL_SECONDS = 60.0


def signed_in_person(client, *, years: int = 2):
    user = UserFactory()
    person = InsuredPersonFactory.for_user(user, first_name="فاطمه", last_name="کریمی")
    history(person, years=years, start_year=1401)
    client.force_login(user)
    return user, person


def request_urls(document_request: DocumentRequest) -> dict[str, str]:
    return {
        name: reverse(name, args=[document_request.pk])
        for name in (
            "document_request",
            "document_request_status",
            "document_request_download",
            "document_request_retry",
        )
    }


@pytest.fixture
def private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    return settings.PRIVATE_STORAGE_DIR


@pytest.mark.django_db
def test_the_page_polls_while_pending_and_links_the_file_once_rendered(client, private_store):
    # given a person who asks for the record PDF (the task is queued but has not run)
    _user, _person = signed_in_person(client)
    started = client.get(reverse("insured:records_pdf"))
    document_request = DocumentRequest.objects.get()
    urls = request_urls(document_request)
    # then the answer is the "being prepared" page, which polls its status every 2 s
    assert started.status_code == 302
    assert started["Location"] == urls["document_request"]
    page = client.get(urls["document_request"])
    assert f'hx-get="{urls["document_request_status"]}"' in page.text
    assert 'hx-trigger="every 2s"' in page.text
    assert "در حال آماده‌سازی" in page.text
    assert urls["document_request_download"] not in page.text
    assert client.get(urls["document_request_download"]).status_code == 404
    # when the worker renders it
    assert document_request_render(request_id=document_request.pk) == "ready"
    # then the polled fragment stops polling and links the PDF, which downloads
    fragment = client.get(urls["document_request_status"])
    assert "hx-trigger" not in fragment.text
    assert urls["document_request_download"] in fragment.text
    download = client.get(urls["document_request_download"])
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_a_redelivered_render_does_nothing(client, private_store):
    # given a request already rendered by the worker
    user, _person = signed_in_person(client)
    client.get(reverse("insured:records_pdf"))
    document_request = DocumentRequest.objects.get()
    document_request_render(request_id=document_request.pk)
    # when the same message is delivered again (acks_late after a lost worker)
    again = document_request_render(request_id=document_request.pk)
    # then it is left alone: still one document
    assert again == "ready"
    assert IssuedDocument.objects.filter(owner=user, kind=RECORDS_KIND).count() == 1


@pytest.mark.django_db
def test_a_second_click_while_pending_joins_the_same_request(client, private_store):
    signed_in_person(client)
    first = client.get(reverse("insured:records_pdf"))
    second = client.get(reverse("insured:records_pdf"))
    assert first["Location"] == second["Location"]
    assert DocumentRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_stranger_gets_404_on_every_url_of_someone_elses_request(client, private_store):
    # given someone's request, rendered
    signed_in_person(client)
    client.get(reverse("insured:records_pdf"))
    document_request = DocumentRequest.objects.get()
    document_request_render(request_id=document_request.pk)
    # when another signed-in person (with an insured record of their own) tries its URLs
    signed_in_person(client)
    urls = request_urls(document_request)
    # then every one answers 404, and the retry changes nothing
    assert client.get(urls["document_request"]).status_code == 404
    assert client.get(urls["document_request_status"]).status_code == 404
    assert client.get(urls["document_request_download"]).status_code == 404
    assert client.post(urls["document_request_retry"]).status_code == 404
    assert DocumentRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_failed_render_says_so_in_persian_and_can_be_retried(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    # given a private store that cannot be written (its directory is a file)
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    settings.PRIVATE_STORAGE_DIR = blocked
    signed_in_person(client)
    client.get(reverse("insured:records_pdf"))
    document_request = DocumentRequest.objects.get()
    # when the worker tries to render
    assert document_request_render(request_id=document_request.pk) == "failed"
    # then the page says so in Persian, stops polling and offers a retry
    urls = request_urls(document_request)
    page = client.get(urls["document_request"])
    assert "آماده‌سازی سند با خطا روبه‌رو شد" in page.text
    assert "hx-trigger" not in page.text
    assert urls["document_request_retry"] in page.text
    # when the store works again and the person retries
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(urls["document_request_retry"])
    # then a new request is prepared and its file downloads
    again = DocumentRequest.objects.exclude(pk=document_request.pk).get()
    assert retried["Location"] == reverse("document_request", args=[again.pk])
    again.refresh_from_db()
    assert again.status == DocumentRequest.Status.READY
    download = client.get(reverse("document_request_download", args=[again.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.postgres
@pytest.mark.xdist_group("celery_worker")
def test_the_35_year_record_is_rendered_by_the_worker_and_reused_afterwards(
    client, celery_worker_process
):
    # given a person with 35 years of history who asks for the record PDF
    user, _person = signed_in_person(client, years=35)
    started = client.get(reverse("insured:records_pdf"))
    document_request = DocumentRequest.objects.get(owner=user)
    status_url = reverse("document_request_status", args=[document_request.pk])
    assert started["Location"] == reverse("document_request", args=[document_request.pk])
    # then the real worker renders it while the page polls
    deadline = time.monotonic() + POLL_SECONDS
    while "hx-trigger" in (fragment := client.get(status_url)).text:
        if time.monotonic() > deadline:
            pytest.fail(f"not rendered in time:\n{celery_worker_process.log_tail()}")
        time.sleep(0.5)
    download_url = reverse("document_request_download", args=[document_request.pk])
    assert download_url in fragment.text
    assert b"".join(client.get(download_url).streaming_content).startswith(b"%PDF")
    # when it is asked for again with the history unchanged
    again = client.get(reverse("insured:records_pdf"))
    # then the stored copy is offered at once: no new request, no new document
    assert again["Location"] == download_url
    assert DocumentRequest.objects.filter(owner=user).count() == 1
    assert IssuedDocument.objects.filter(owner=user, kind=RECORDS_KIND).count() == 1
