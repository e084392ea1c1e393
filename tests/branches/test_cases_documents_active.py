"""Case documents: PDFs that carry active content (scripts, launches, attachments) are refused.

A reviewer opens every uploaded document in a PDF reader on a branch computer, so a
file that runs something when opened or clicked is refused at upload; ordinary
links (web addresses, pages of the same file) are normal in honest PDFs and pass.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from branches.models import CaseDocument, CaseStatus
from branches.services import cases as services
from branches.services.documents import document_inspect
from tamin.core.exceptions import ApplicationError
from tests.branches.factories_cases import CaseFactory, declared_test_kind, upload

pytestmark = pytest.mark.django_db

LINK_RECT = (50, 700, 250, 720)


@pytest.fixture(autouse=True)
def _kind_and_media(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    with declared_test_kind():
        yield


def javascript_action(code: str = "app.alert('hi');") -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject(code),
        }
    )


def launch_action() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
        }
    )


def link_with_action(action: DictionaryObject) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(value) for value in LINK_RECT]),
            NameObject("/A"): action,
        }
    )


def build_pdf(change: Callable[[PdfWriter], None]) -> bytes:
    """A one-page PDF, changed by `change` before it is written."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def open_action_javascript(writer: PdfWriter) -> None:
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(javascript_action())


def names_tree_javascript(writer: PdfWriter) -> None:
    # The catalog's /Names /JavaScript tree: scripts a reader runs when the file opens
    script = writer._add_object(javascript_action("app.launchURL('https://example.com/x');"))
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("startup"), script])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )


def page_additional_action(writer: PdfWriter) -> None:
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): writer._add_object(javascript_action())}
    )


def link_launching_a_program(writer: PdfWriter) -> None:
    writer.add_annotation(page_number=0, annotation=link_with_action(launch_action()))


def embedded_file(writer: PdfWriter) -> None:
    writer.add_attachment("invoice.exe", b"MZ\x90\x00 not really a program")


def form_submitting_data(writer: PdfWriter) -> None:
    submit = DictionaryObject(
        {
            NameObject("/S"): NameObject("/SubmitForm"),
            NameObject("/F"): TextStringObject("https://example.com/collect"),
        }
    )
    writer.add_annotation(page_number=0, annotation=link_with_action(submit))


def encrypted(writer: PdfWriter) -> None:
    writer.encrypt(user_password="", owner_password="owner")


def web_link(writer: PdfWriter) -> None:
    writer.add_annotation(
        page_number=0, annotation=Link(rect=LINK_RECT, url="https://www.tamin.ir/")
    )


def open_at_first_page(writer: PdfWriter) -> None:
    # Word processors write a plain destination as the open action: harmless
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")]
    )


ACTIVE = {
    "open action runs JavaScript": open_action_javascript,
    "document-level JavaScript in the names tree": names_tree_javascript,
    "page additional action (on open)": page_additional_action,
    "link annotation launches a program": link_launching_a_program,
    "embedded file": embedded_file,
    "link submits a form": form_submitting_data,
}


@pytest.mark.parametrize("change", ACTIVE.values(), ids=ACTIVE.keys())
def test_a_pdf_with_active_content_is_refused_and_not_stored(change, settings):
    # given a draft case and a PDF carrying active content
    case = CaseFactory(status=CaseStatus.DRAFT, forwarded_at=None, due_date=None)
    data = build_pdf(change)

    # when the applicant uploads it
    with pytest.raises(ApplicationError) as error:
        services.case_document_add(
            case=case,
            uploaded_by=case.applicant,
            document_type="other",
            upload=upload("a.pdf", data),
        )

    # then it is refused with the Persian reason, and nothing is kept
    assert error.value.code == "document_active_content"
    assert "محتوای فعال" in error.value.message
    assert not CaseDocument.objects.exists()
    folder = settings.PRIVATE_STORAGE_DIR / "case-documents"
    assert not folder.exists() or not any(folder.iterdir())


def test_an_encrypted_pdf_is_refused():
    # given a PDF encrypted with an owner password (opens without one, but cannot be inspected)
    data = build_pdf(encrypted)
    # when it is inspected
    with pytest.raises(ApplicationError) as error:
        document_inspect(upload=upload("locked.pdf", data))
    # then it is refused as encrypted
    assert error.value.code == "document_encrypted"


@pytest.mark.parametrize(
    "change", [web_link, open_at_first_page], ids=["web link", "open at first page"]
)
def test_a_pdf_with_plain_links_is_accepted(change):
    # given an honest PDF with a link to a web address, or opening at its first page
    data = build_pdf(change)
    # when it is inspected
    inspected = document_inspect(upload=upload("letter.pdf", data))
    # then it passes as a one-page PDF
    assert inspected.content_type == "application/pdf"
    assert inspected.pages == 1
