"""The kernel's content checks of DOCX and XLSX files (tamin.core.file_checks)."""

from __future__ import annotations

import io
import zipfile

import pytest

from tamin.core import file_checks
from tamin.core.exceptions import ApplicationError
from tests.content.factories import office_bytes


def test_the_main_part_names_the_kind():
    assert file_checks.office_checked_kind(office_bytes("docx")) == "docx"
    assert file_checks.office_checked_kind(office_bytes("xlsx")) == "xlsx"


def test_a_zip_that_is_no_office_file_has_no_kind():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert file_checks.office_checked_kind(out.getvalue()) is None


@pytest.mark.parametrize(
    "extra",
    [
        {"word/embeddings/oleObject1.bin": b"MZ"},
        {"word/activeX/activeX1.xml": "<ax/>"},
        {"xl/vbaProject.bin": b"\x00"},
    ],
)
def test_embedded_objects_activex_and_macros_are_refused(extra):
    with pytest.raises(ApplicationError) as refused:
        file_checks.office_checked_kind(office_bytes("docx", extra=extra))
    assert refused.value.code == "document_active_content"


def test_an_archive_that_unpacks_too_large_is_refused(monkeypatch):
    # given a limit smaller than the package once unpacked
    monkeypatch.setattr(file_checks, "OFFICE_MAX_UNPACKED_BYTES", 100)
    data = office_bytes("docx", extra={"word/media/big.xml": "0" * 1000})
    # then it is refused before anything else is read
    with pytest.raises(ApplicationError) as refused:
        file_checks.office_checked_kind(data)
    assert refused.value.code == "document_corrupt"


def test_a_damaged_entry_is_refused():
    # given a package whose main part's compressed bytes were changed
    data = bytearray(office_bytes("docx", extra={"word/styles.xml": "<styles>" * 50}))
    marker = data.find(b"word/styles.xml") + len("word/styles.xml") + 5
    data[marker] ^= 0xFF
    with pytest.raises(ApplicationError) as refused:
        file_checks.office_checked_kind(bytes(data))
    assert refused.value.code == "document_corrupt"


def test_two_main_documents_are_refused():
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("word/document.xml", "<d/>")
        archive.writestr("xl/workbook.xml", "<w/>")
    with pytest.raises(ApplicationError):
        file_checks.office_checked_kind(out.getvalue())
