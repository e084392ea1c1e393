"""The check of a sample form's file as staff upload it in the admin.

A sample form is a PDF, DOCX or XLSX of at most `SAMPLE_FORM_MAX_BYTES`. Three checks, each
refused with a Persian message: the size (read no further than the limit), the type the
name claims (its extension), and the content — the first bytes and a real parse by the
kernel's `tamin.core.file_checks` (a readable passive PDF; a sound DOCX or XLSX without
macros or embedded objects) — which must be the type the name claims, so a program renamed
«فرم.pdf» is refused. The browser's content type is never read.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tamin.core.exceptions import ApplicationError
from tamin.core.file_checks import (
    DOCX,
    PDF_MAGIC,
    XLSX,
    ZIP_MAGIC,
    office_checked_kind,
    pdf_checked_pages,
    read_limited,
)

SAMPLE_FORM_MAX_BYTES = 5 * 1024 * 1024
PDF = "pdf"
# The types a sample form may be, by extension: what the download answers as Content-Type.
SAMPLE_FORM_CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TYPE_LABELS = {PDF: "PDF", DOCX: "DOCX", XLSX: "XLSX"}


@dataclass(frozen=True)
class InspectedForm:
    extension: str
    content_type: str
    size: int


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _wrong_type() -> ApplicationError:
    return ApplicationError(_("فقط فایل PDF، DOCX یا XLSX پذیرفته می‌شود."), code="sample_form_type")


def _content_kind(data: bytes) -> str | None:
    if data.startswith(PDF_MAGIC):
        pdf_checked_pages(data)
        return PDF
    if data.startswith(ZIP_MAGIC):
        return office_checked_kind(data)
    return None


def sample_form_inspect(*, upload: UploadedFile) -> InspectedForm:
    """Size, claimed type and content of a sample form's file; ApplicationError otherwise."""
    claimed = extension_of(upload.name or "")
    if claimed not in SAMPLE_FORM_CONTENT_TYPES:
        raise _wrong_type()
    data = read_limited(upload, SAMPLE_FORM_MAX_BYTES)
    found = _content_kind(data)
    if found is None:
        raise ApplicationError(
            _("محتوای فایل PDF، DOCX یا XLSX نیست (نام فایل «%(name)s» است).")
            % {"name": (upload.name or "")[-80:]},
            code="sample_form_content",
        )
    if found != claimed:
        raise ApplicationError(
            _("پسوند فایل %(claimed)s است ولی محتوای آن %(found)s است؛ فایل درست را بارگذاری کنید.")
            % {"claimed": TYPE_LABELS[claimed], "found": TYPE_LABELS[found]},
            code="sample_form_content",
        )
    upload.seek(0)
    return InspectedForm(
        extension=claimed, content_type=SAMPLE_FORM_CONTENT_TYPES[claimed], size=len(data)
    )
