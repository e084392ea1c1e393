"""Case documents: checked by content, stored outside the web root, served only to who may see them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from branches.models import CaseDocument, CaseStatus
from branches.selectors.documents import case_document_get_for_user
from branches.services import cases as services
from branches.services.documents import document_file_open
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory
from tests.branches.factories_cases import (
    CaseFactory,
    declared_test_kind,
    image_bytes,
    pdf_bytes,
    pdf_upload,
    upload,
)

pytestmark = pytest.mark.django_db

WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
WEB_PAGE = b"<!doctype html><html><script>alert(1)</script></html>"


@pytest.fixture(autouse=True)
def _kind_and_media(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    with declared_test_kind():
        yield


@pytest.fixture
def draft():
    return CaseFactory(status=CaseStatus.DRAFT, forwarded_at=None, due_date=None)


def add(case, file, document_type="other"):
    return services.case_document_add(
        case=case, uploaded_by=case.applicant, document_type=document_type, upload=file
    )


def test_a_pdf_is_stored_under_a_random_name_with_its_pages_and_hash(draft, settings):
    document = add(draft, pdf_upload("../../etc/passwd.pdf", pages=3))

    assert document.content_type == "application/pdf"
    assert document.pages == 3
    assert len(document.sha256) == 64
    path = settings.PRIVATE_STORAGE_DIR / "case-documents" / document.stored_name
    assert path.is_file()
    with document_file_open(document.stored_name) as handle:
        assert handle.read(5) == b"%PDF-"
    assert "passwd" not in document.stored_name


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("photo.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("scan.png", image_bytes("PNG"), "image/png"),
        # The extension is ignored: content decides
        ("scan.pdf", image_bytes("PNG"), "image/png"),
    ],
)
def test_images_are_recognised_by_content(draft, name, data, content_type):
    document = add(draft, upload(name, data, "application/octet-stream"))

    assert document.content_type == content_type
    assert document.pages == 1


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("nameh.pdf", WINDOWS_PROGRAM, "document_type"),
        ("card.png", WEB_PAGE, "document_type"),
        ("broken.pdf", b"%PDF-1.7\nnot really a pdf at all\n%%EOF", "document_corrupt"),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "document_corrupt"),
        ("broken.jpg", b"\xff\xd8\xff\xe0" + b"junk" * 20, "document_corrupt"),
        ("empty.pdf", b"", "document_empty"),
    ],
)
def test_disguised_or_broken_files_are_refused_and_nothing_is_stored(
    draft, settings, name, data, code
):
    with pytest.raises(ApplicationError) as error:
        add(draft, upload(name, data))

    assert error.value.code == code
    assert error.value.message  # a Persian sentence for the page
    assert not CaseDocument.objects.exists()
    folder = settings.PRIVATE_STORAGE_DIR / "case-documents"
    assert not folder.exists() or not any(folder.iterdir())


def test_an_oversized_upload_is_refused_with_the_limit_in_the_message(draft, settings):
    settings.BRANCH_DOCUMENT_MAX_BYTES = 1024 * 1024

    with pytest.raises(ApplicationError) as error:
        add(draft, upload("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024)))

    assert error.value.code == "document_too_large"
    assert "۱ مگابایت" in error.value.message


def test_a_pdf_with_too_many_pages_is_refused(draft, settings):
    settings.BRANCH_DOCUMENT_MAX_PAGES = 4

    with pytest.raises(ApplicationError) as error:
        add(draft, upload("long.pdf", pdf_bytes(5)))

    assert error.value.code == "document_too_many_pages"
    assert "۵ صفحه" in error.value.message


def test_a_document_type_the_kind_does_not_know_is_refused(draft):
    with pytest.raises(ApplicationError):
        add(draft, pdf_upload(), document_type="passport")


# --- serving ----------------------------------------------------------------------------


@pytest.fixture
def forwarded_document():
    case = CaseFactory(status=CaseStatus.DRAFT)
    document = add(case, pdf_upload("fish.pdf"), document_type="payslip")
    case.status = CaseStatus.FORWARDED
    case.save(update_fields=["status"])
    return document


def staff_at(branch):
    from tests.branches.factories_cases import staff_member

    return staff_member(branch=branch)


def test_the_applicant_downloads_as_an_attachment_that_is_never_sniffed(client, forwarded_document):
    client.force_login(forwarded_document.case.applicant)

    response = client.get(reverse("branches:case_document_download", args=[forwarded_document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "fish.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"


def test_staff_of_the_branch_download_and_it_is_audited(client, forwarded_document):
    reviewer = staff_at(forwarded_document.case.branch)
    client.force_login(reviewer)

    response = client.get(reverse("branches:case_document_download", args=[forwarded_document.pk]))

    assert response.status_code == 200
    assert AuditLog.objects.filter(action="case.document_viewed", actor=reviewer).exists()


def test_staff_of_another_branch_and_strangers_get_404(client, forwarded_document):
    url = reverse("branches:case_document_download", args=[forwarded_document.pk])
    for person in (staff_at(BranchFactory()), UserFactory()):
        client.force_login(person)
        assert client.get(url).status_code == 404


def test_the_selector_hides_a_draft_from_staff_and_everything_from_strangers():
    # Given a document on a case still in draft
    case = CaseFactory(status=CaseStatus.DRAFT)
    document = add(case, pdf_upload())
    reviewer = staff_at(case.branch)

    # Then staff of its branch cannot see it yet, nor can a stranger; the applicant can
    from django.http import Http404

    with pytest.raises(Http404):
        case_document_get_for_user(user=reviewer, document_id=document.pk)
    with pytest.raises(Http404):
        case_document_get_for_user(user=UserFactory(), document_id=document.pk)
    with pytest.raises(Http404):
        case_document_get_for_user(user=case.applicant, document_id=document.pk + 999)
    assert case_document_get_for_user(user=case.applicant, document_id=document.pk) == document


def test_uploading_through_the_page_shows_the_error_in_persian(client, draft):
    client.force_login(draft.applicant)

    response = client.post(
        reverse("branches:case_document_upload", args=[draft.pk]),
        {"document_type": "payslip", "file": upload("fish.pdf", WINDOWS_PROGRAM)},
    )

    assert response.status_code == 400
    assert "فقط فایل PDF، JPEG یا PNG پذیرفته می‌شود" in response.content.decode()
    assert not CaseDocument.objects.exists()


def test_uploading_through_the_page_attaches_the_document(client, draft):
    client.force_login(draft.applicant)

    response = client.post(
        reverse("branches:case_document_upload", args=[draft.pk]),
        {"document_type": "payslip", "file": pdf_upload("fish.pdf")},
    )

    assert response.status_code == 302
    assert draft.documents.get().document_type == "payslip"


def test_someone_else_cannot_upload_to_a_case(client, draft):
    client.force_login(UserFactory())

    response = client.post(
        reverse("branches:case_document_upload", args=[draft.pk]),
        {"document_type": "payslip", "file": pdf_upload()},
    )

    assert response.status_code == 404
