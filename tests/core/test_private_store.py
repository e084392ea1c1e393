"""The private file store: PDFs and case documents go only through STORAGES["private"]."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from branches.models import CaseStatus
from branches.services import cases as case_services
from tamin.core import pdf
from tamin.core.documents import SAMPLE_KIND, sample_document_data
from tamin.core.models import IssuedDocument
from tamin.core.storage import PRIVATE_STORE, PrivateFileSystemStorage, private_storage
from tests.branches.factories_cases import CaseFactory, declared_test_kind, pdf_upload

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent.parent
IN_MEMORY = {"BACKEND": "django.core.files.storage.InMemoryStorage"}


@pytest.fixture
def in_memory_store(settings, tmp_path):
    """The private store swapped for Django's in-memory storage; the directory must stay empty."""
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, PRIVATE_STORE: IN_MEMORY}
    return tmp_path


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def render_sample(*, content_key: str | None = None) -> IssuedDocument:
    return pdf.render(
        template_name="core/pdf/sample.html",
        data=sample_document_data(rows=2),
        kind=SAMPLE_KIND,
        title="گواهی آزمایشی",
        content_key=content_key,
    )


def test_issued_pdfs_are_written_reused_and_served_through_the_configured_store(
    in_memory_store,
):
    # given the private store is an in-memory storage (no directory behind it)
    # when a PDF is rendered, asked for again with the same key, and served
    first = render_sample(content_key="k")
    again = render_sample(content_key="k")
    response = pdf.pdf_response(again, "سند.pdf")
    # then the file is in that storage under the documents area, reused, and served from it
    name = f"{pdf.DOCUMENTS_AREA}/{first.file_path}"
    assert private_storage().exists(name)
    assert again.pk == first.pk
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # and nothing was written to any directory on disk
    assert files_under(in_memory_store) == []


def test_case_documents_are_written_and_downloaded_through_the_configured_store(
    in_memory_store, client
):
    # given the in-memory store and a case whose applicant uploads a PDF
    with declared_test_kind():
        case = CaseFactory(status=CaseStatus.DRAFT)
        document = case_services.case_document_add(
            case=case, uploaded_by=case.applicant, document_type="other", upload=pdf_upload()
        )
    # when the applicant downloads it
    client.force_login(case.applicant)
    response = client.get(reverse("branches:case_document_download", args=[document.pk]))
    # then the bytes come from the store and no file exists on disk
    assert private_storage().exists(f"case-documents/{document.stored_name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    assert files_under(in_memory_store) == []


def test_the_filesystem_store_has_no_url_and_keeps_files_to_its_owner(settings, tmp_path):
    # given the default filesystem store in a fresh directory
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    store = storages[PRIVATE_STORE]
    assert isinstance(store, PrivateFileSystemStorage)
    # when a file is saved
    name = store.save("documents/2025/01/x.pdf", ContentFile(b"%PDF-1.7"))
    # then it lies under PRIVATE_STORAGE_DIR, readable by its owner only, and has no URL
    path = tmp_path / "private" / name
    assert path.read_bytes() == b"%PDF-1.7"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(ValueError, match="no URL"):
        store.url(name)


def test_import_copies_the_old_folders_and_old_rows_keep_working(settings, tmp_path):
    # given files laid out as before the store: PDFs in the old PDF_STORAGE_DIR and a
    # case document under the old MEDIA_ROOT, and a row naming the PDF relative to its folder
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    old_documents = tmp_path / "documents"
    old_media = tmp_path / "media"
    first = render_sample()
    content = pdf.document_open(document=first)
    (old_documents / "1403/02").mkdir(parents=True)
    (old_documents / "1403/02/old.pdf").write_bytes(content)
    (old_media / "case-documents").mkdir(parents=True)
    (old_media / "case-documents/abc123").write_bytes(b"%PDF-old")
    old_row = IssuedDocument.objects.create(
        kind=SAMPLE_KIND,
        title="t",
        content_key="old",
        sha256=first.sha256,
        file_path="1403/02/old.pdf",
    )
    # when the import runs twice
    arguments = ["--documents", str(old_documents), "--media", str(old_media)]
    call_command("private_store_import", *arguments)
    call_command("private_store_import", *arguments)
    # then the old row opens through the store, and the case document is in its area
    assert pdf.document_open(document=old_row) == content
    assert (tmp_path / "private/case-documents/abc123").read_bytes() == b"%PDF-old"


def test_a_filesystem_store_left_by_default_in_production_is_a_warning_only():
    # given production settings otherwise quiet
    def tamin_messages(backend: str):
        with override_settings(TAMIN_PRODUCTION=True, PRIVATE_STORAGE_BACKEND=backend):
            return [(type(m).__name__, m.id) for m in run_checks() if m.id == "tamin.W001"]

    # then the default (empty) warns, and a chosen backend does not
    assert tamin_messages("") == [("Warning", "tamin.W001")]
    assert tamin_messages("filesystem") == []
    assert tamin_messages("s3") == []


def test_s3_settings_build_a_private_s3_store():
    # given the S3 variables an operator sets
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tamin.settings.test",
        "PRIVATE_STORAGE_BACKEND": "s3",
        "PRIVATE_STORAGE_S3_BUCKET": "tamin-private",
        "PRIVATE_STORAGE_S3_ENDPOINT_URL": "https://s3.internal.test",
        "PRIVATE_STORAGE_S3_REGION": "ir-thr-1",
        "PRIVATE_STORAGE_S3_ACCESS_KEY": "AKIA",
        "PRIVATE_STORAGE_S3_SECRET_KEY": "secret",
    }
    code = (
        "import django; django.setup();"
        "from tamin.core.storage import private_storage as p; s = p();"
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.region_name,"
        " s.default_acl, s.file_overwrite)"
    )
    # when the settings are loaded and the store is built (django-storages installed)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # then it is an S3 store of that bucket and endpoint, private, never overwriting
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "tamin-private",
        "https://s3.internal.test",
        "ir-thr-1",
        "private",
        "False",
    ]


def test_monthly_list_files_are_written_and_read_through_the_configured_store(
    in_memory_store, django_capture_on_commit_callbacks
):
    from employers.services import lists
    from tests.employers.factories_lists import MONTH, YEAR, list_setup

    # given the in-memory store and an employer's upload of a DBF pair
    setup = list_setup(workers=2)
    with django_capture_on_commit_callbacks(execute=True):
        monthly_list = lists.monthly_list_upload(
            user=setup.user, workshop=setup.workshop, files=setup.uploads(), year=YEAR, month=MONTH
        )
    # then both files are in the store, the parse (eager) read them back, and no disk was used
    for name in monthly_list.stored_files.values():
        assert private_storage().exists(f"monthly-lists/{name}")
    files = lists.monthly_list_files(monthly_list=monthly_list)
    assert set(files) == {"DSKKAR00.DBF", "DSKWOR00.DBF"}
    monthly_list.refresh_from_db()
    assert monthly_list.rows.count() == 2
    assert files_under(in_memory_store) == []
