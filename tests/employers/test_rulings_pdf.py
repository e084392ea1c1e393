"""The ruling's PDF through the document pipeline: the page asks, the worker renders (with
the verification code, QR and the notice's content hash), /verify names it; strangers and
drafts get nothing, and the worker checks access again."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from employers.models import Representative
from employers.services.ruling_pdf import RULING_KIND, ruling_pdf_data
from tamin.core.document_requests import document_request_render
from tamin.core.jalali import persian_digits
from tamin.core.models import DocumentRequest, IssuedDocument
from tests.employers.factories_rulings import draft_ruling, served_ruling, setting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_employer_asks_the_worker_renders_and_the_pdf_verifies(client):
    # given a served ruling and its workshop's owner
    s = setting()
    ruling = served_ruling(s)
    client.force_login(s.owner.user)
    # when the owner asks for the PDF on the ruling's page
    response = client.post(reverse("employers:ruling_pdf", args=[ruling.pk]))
    document_request = DocumentRequest.objects.get()
    # then the "being prepared" page follows, and nothing is rendered in the request
    assert response.status_code == 302
    assert response["Location"] == reverse("document_request", args=[document_request.pk])
    assert document_request.kind == RULING_KIND
    assert document_request.status == DocumentRequest.Status.PENDING
    assert not IssuedDocument.objects.exists()
    # when the worker renders it
    assert document_request_render(request_id=document_request.pk) == "ready"
    document = IssuedDocument.objects.get(kind=RULING_KIND, owner=s.owner.user)
    download = client.get(reverse("document_request_download", args=[document_request.pk]))
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    # then it carries the verification code, the notice's content hash and the number
    assert document.verification_code in text
    assert ruling.notice.content_sha256 in text.replace("\n", "")
    assert persian_digits(ruling.number) in text
    # and anyone can verify it
    client.logout()
    verify = client.get(reverse("verify", kwargs={"code": document.verification_code}))
    assert verify.status_code == 200
    assert "حکم مطالباتی" in verify.text
    # a second request of the unchanged ruling is the stored copy, ready at once
    client.force_login(s.owner.user)
    again = client.post(reverse("employers:ruling_pdf", args=[ruling.pk]))
    assert again["Location"] == reverse("document_request_download", args=[document_request.pk])
    assert IssuedDocument.objects.filter(kind=RULING_KIND).count() == 1


def test_the_pdf_data_holds_totals_dates_in_jalali_and_the_hash():
    s = setting()
    ruling = served_ruling(s)
    data = ruling_pdf_data(ruling=ruling)
    assert data.number == persian_digits(ruling.number)
    assert data.total == "۵۳٬۰۰۰٬۰۰۰ ریال"
    assert data.principal_total == "۵۰٬۰۰۰٬۰۰۰ ریال"
    assert data.penalty_total == "۳٬۰۰۰٬۰۰۰ ریال"
    assert [line.period for line in data.lines] == ["اردیبهشت ۱۴۰۴", "خرداد ۱۴۰۴"]
    assert data.lines[0].total == "۳۳٬۰۰۰٬۰۰۰"
    assert data.served_on
    assert data.respond_until
    assert data.respond_until.startswith("۱۴")  # Jalali, Persian digits
    assert data.content_sha256 == ruling.notice.content_sha256
    assert data.legal_basis == ruling.legal_basis


def test_staff_print_a_ruling_awaiting_paper_service_with_the_term_in_days(client):
    s = setting(electronic=False)
    ruling = served_ruling(s)
    data = ruling_pdf_data(ruling=ruling)
    assert data.served_on == ""
    assert data.respond_until == ""
    assert data.respond_days == "۳۱"
    client.force_login(s.staff)
    response = client.post(reverse("employers:staff_ruling_pdf", args=[ruling.pk]))
    document_request = DocumentRequest.objects.get(owner=s.staff)
    assert response.status_code == 302
    assert document_request_render(request_id=document_request.pk) == "ready"


def test_a_draft_has_no_pdf(client):
    s = setting()
    ruling = draft_ruling(s)
    client.force_login(s.staff)
    response = client.post(reverse("employers:staff_ruling_pdf", args=[ruling.pk]), follow=True)
    assert "پس از فرستادن آن برای ابلاغ" in response.content.decode()
    assert not DocumentRequest.objects.exists()


def test_the_worker_checks_access_again(client):
    # given a request by the owner, who then loses access before the worker runs
    s = setting()
    ruling = served_ruling(s)
    client.force_login(s.owner.user)
    client.post(reverse("employers:ruling_pdf", args=[ruling.pk]))
    document_request = DocumentRequest.objects.get()
    Representative.objects.filter(pk=s.owner.pk).update(is_active=False)
    # when the worker runs, then it refuses in Persian and issues nothing
    assert document_request_render(request_id=document_request.pk) == "failed"
    document_request.refresh_from_db()
    assert "برای شما در دسترس نیست" in document_request.failure
    assert not IssuedDocument.objects.exists()
