"""The ruling's PDF through the document pipeline: the page asks, the worker renders (with
the verification code and QR), /verify names it; a stranger's ruling is refused by the
page and by the worker; the unchanged ruling's second request is the stored copy."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from pensioners.services.ruling_pdf import RULING_KIND, ruling_pdf_data, ruling_pdf_issue
from pensioners.services.rulings import pension_yearly_increase_issue
from tamin.core.document_requests import document_request_render
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import persian_digits
from tamin.core.models import DocumentRequest, IssuedDocument
from tests.pensioners.factories import pensioner_with_account
from tests.pensioners.factories_rulings import granted_retiree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"


@pytest.fixture
def retired():
    user, _pensioner, pension = granted_retiree()
    pension_yearly_increase_issue(pension=pension, year=1403)
    ruling = pension_yearly_increase_issue(pension=pension, year=1404)
    return user, pension, ruling


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pensioner_asks_the_worker_renders_and_the_pdf_verifies(client, retired):
    user, _pension, ruling = retired
    client.force_login(user)
    # when the pensioner asks for the PDF on the ruling's page
    response = client.post(reverse("pensioners:ruling_pdf", args=[ruling.pk]))
    document_request = DocumentRequest.objects.get()
    # then the "being prepared" page follows; nothing is rendered in the request
    assert response.status_code == 302
    assert response["Location"] == reverse("document_request", args=[document_request.pk])
    assert document_request.kind == RULING_KIND
    assert document_request.status == DocumentRequest.Status.PENDING
    assert not IssuedDocument.objects.exists()
    # when the worker renders it
    assert document_request_render(request_id=document_request.pk) == "ready"
    document = IssuedDocument.objects.get(kind=RULING_KIND, owner=user)
    download = client.get(reverse("document_request_download", args=[document_request.pk]))
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    # then it carries the verification code and the ruling's number
    assert document.verification_code in text
    assert persian_digits(ruling.number) in text
    # and anyone can verify it
    client.logout()
    verify = client.get(reverse("verify", kwargs={"code": document.verification_code}))
    assert verify.status_code == 200
    assert "حکم مستمری" in verify.text
    # a second request of the unchanged ruling is the stored copy, ready at once
    client.force_login(user)
    again = client.post(reverse("pensioners:ruling_pdf", args=[ruling.pk]))
    assert again["Location"] == reverse("document_request_download", args=[document_request.pk])
    assert IssuedDocument.objects.filter(kind=RULING_KIND).count() == 1


def test_the_pdf_data_has_service_basis_history_and_words(retired):
    _user, pension, ruling = retired
    data = ruling_pdf_data(ruling=ruling)
    assert data.pension_number == persian_digits(pension.number)
    assert data.pension_kind == "بازنشستگی"
    assert data.start_date == "۱۴۰۲/۰۷/۰۱"
    assert data.effective_from == "۱۴۰۴/۰۱/۰۱"
    assert data.original_days == "۱۱٬۱۰۱"
    assert data.original_years == "۳۰٫۴۱"
    assert data.added_days == "۰"
    assert data.total_years == "۳۰٫۴۱"
    assert data.average_wage == "۷۲٬۸۳۳٬۳۳۴ ریال"
    assert [(row.before, row.after) for row in data.rows] == [
        ("—", "۷۳٬۸۲۸٬۷۲۳ ریال"),
        ("۷۳٬۸۲۸٬۷۲۳ ریال", "۸۸٬۵۹۴٬۴۶۸ ریال"),
        ("۸۸٬۵۹۴٬۴۶۸ ریال", "۱۰۶٬۳۱۳٬۳۶۲ ریال"),
    ]
    assert data.rows[-1].note == "۲۰ درصد"
    assert data.amount == "۱۰۶٬۳۱۳٬۳۶۲ ریال"
    assert data.amount_words == "یکصد و شش میلیون و سیصد و سیزده هزار و سیصد و شصت و دو ریال"


def test_the_grant_pdf_shows_only_its_own_history(retired):
    _user, pension, _ruling = retired
    data = ruling_pdf_data(ruling=pension.rulings.get(kind="grant"))
    assert len(data.rows) == 1
    assert data.amount == "۷۳٬۸۲۸٬۷۲۳ ریال"


def test_a_stranger_gets_no_pdf_from_the_page_or_the_worker(client, retired):
    _user, _pension, ruling = retired
    stranger, _pensioner, _own = pensioner_with_account()
    client.force_login(stranger)
    assert client.post(reverse("pensioners:ruling_pdf", args=[ruling.pk])).status_code == 404
    assert not DocumentRequest.objects.exists()
    with pytest.raises(ApplicationError):
        ruling_pdf_issue(user=stranger, ruling_id=ruling.pk)
    assert not IssuedDocument.objects.exists()
