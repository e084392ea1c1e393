"""Case document files: checked by content, stored under random names outside the web root.

Flow: `document_inspect(upload)` reads at most BRANCH_DOCUMENT_MAX_BYTES + 1
bytes, recognises PDF / JPEG / PNG by their first bytes (the file name and the
browser's content type are ignored), then really parses the file — pypdf for a
PDF (and counts its pages against BRANCH_DOCUMENT_MAX_PAGES), Pillow for an
image — so a renamed program or web page is refused with a Persian message.
A PDF must also be passive (the kernel's `tamin.core.file_checks.pdf_checked_pages`:
scripts, launches, form submissions, automatic (/AA) actions, embedded files and
rich media are refused; links to web addresses or to pages of the same file are
allowed).
`document_store(data)` writes the bytes to the private store (tamin.core.storage)
as case-documents/<random hex>; the store is served by no URL, files are read
back only through the download view after `case_document_get_for_user` allowed it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tamin.core.exceptions import ApplicationError
from tamin.core.file_checks import PDF_MAGIC, pdf_checked_pages, read_limited
from tamin.core.jalali import persian_digits
from tamin.core.storage import private_delete, private_name, private_open, private_save

logger = logging.getLogger(__name__)

DOCUMENT_DIR_NAME = "case-documents"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# An image larger than this many pixels is refused before it is decoded (decompression bombs).
MAX_IMAGE_PIXELS = 40_000_000


@dataclass(frozen=True)
class InspectedDocument:
    data: bytes
    content_type: str
    extension: str
    pages: int
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def _unsupported_error() -> ApplicationError:
    return ApplicationError(
        _("فقط فایل PDF، JPEG یا PNG پذیرفته می‌شود؛ محتوای این فایل هیچ‌کدام از این‌ها نیست."),
        code="document_type",
    )


def _image_check(data: bytes, expected_format: str) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != expected_format:
                raise _unsupported_error()
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ApplicationError(
                    _("ابعاد تصویر بیش از حد بزرگ است."), code="document_image_too_big"
                )
            image.verify()
    except ApplicationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ApplicationError(
            _("فایل تصویر خراب است یا خوانده نمی‌شود."), code="document_corrupt"
        ) from None


def document_inspect(*, upload: UploadedFile) -> InspectedDocument:
    """Check an upload by its content; raise ApplicationError with a Persian reason otherwise."""
    max_bytes = settings.BRANCH_DOCUMENT_MAX_BYTES
    data = read_limited(upload, max_bytes)
    if data.startswith(PDF_MAGIC):
        pages = pdf_checked_pages(data)
        max_pages = settings.BRANCH_DOCUMENT_MAX_PAGES
        if pages > max_pages:
            raise ApplicationError(
                _("فایل PDF %(pages)s صفحه دارد؛ حداکثر %(max)s صفحه مجاز است.")
                % {"pages": persian_digits(pages), "max": persian_digits(max_pages)},
                code="document_too_many_pages",
            )
        content_type, extension = "application/pdf", "pdf"
    elif data.startswith(JPEG_MAGIC):
        _image_check(data, "JPEG")
        content_type, extension, pages = "image/jpeg", "jpg", 1
    elif data.startswith(PNG_MAGIC):
        _image_check(data, "PNG")
        content_type, extension, pages = "image/png", "png", 1
    else:
        raise _unsupported_error()
    return InspectedDocument(
        data=data,
        content_type=content_type,
        extension=extension,
        pages=pages,
        sha256=hashlib.sha256(data).hexdigest(),
    )


@dataclass(frozen=True)
class UploadToCheck:
    """One file of a request about to be made: the form field an error should name, and the
    document's label when the message should say which document it was."""

    upload: UploadedFile
    field: str = "documents"
    label: str | None = None


def documents_precheck(
    *, uploads: Sequence[UploadToCheck], max_documents: int, too_many_code: str
) -> None:
    """Before a request (and its case) is made: at most `max_documents` files, each a clean
    PDF/JPEG/PNG by `document_inspect`, refused in Persian naming the file (and its label) so
    nothing is created or stored; the case service checks each file again as it stores it."""
    if len(uploads) > max_documents:
        raise ApplicationError(
            _(
                "حداکثر %(max)s فایل می‌توانید بفرستید و %(count)s فایل فرستادید؛ هیچ فایلی ذخیره نشد."
            )
            % {"max": persian_digits(max_documents), "count": persian_digits(len(uploads))},
            code=too_many_code,
            extra={"field": "documents"},
        )
    for item in uploads:
        try:
            document_inspect(upload=item.upload)
        except ApplicationError as exc:
            name = (getattr(item.upload, "name", "") or "")[-80:]
            where = _("فایل «%(name)s»") % {"name": name}
            if item.label:
                where = _("%(label)s، %(file)s") % {"label": item.label, "file": where}
            raise ApplicationError(
                f"{where}: {exc.message}", code=exc.code, extra={"field": item.field}
            ) from None


def document_store_name(stored_name: str) -> str:
    """The name in the private store of a row's `stored_name`."""
    # Stored names are ours (hex); refuse anything else rather than trust a database value.
    if not stored_name.isalnum():
        raise ValueError("invalid stored document name")
    return private_name(DOCUMENT_DIR_NAME, stored_name)


def document_store(*, data: bytes) -> str:
    """Write the bytes under a fresh random name; return the name (the row's `stored_name`).

    The row is written after the file, so a file cut short by a crash is never referenced.
    """
    stored_name = secrets.token_hex(16)
    saved = private_save(document_store_name(stored_name), data)
    # A taken name would come back changed (never on 128 random bits, but keep the truth).
    return saved.removeprefix(f"{DOCUMENT_DIR_NAME}/")


def document_file_open(stored_name: str):
    """The stored file for streaming; OSError or ValueError when it is missing or the name bad."""
    return private_open(document_store_name(stored_name))


def document_discard(stored_name: str) -> None:
    """Remove a stored file whose database row was never written."""
    try:
        private_delete(document_store_name(stored_name))
    except (OSError, ValueError):
        logger.warning("could not remove orphan document %s", stored_name)
