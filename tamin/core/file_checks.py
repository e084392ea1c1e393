"""Checks of an uploaded file by its content, for every upload of the portal.

The file name and the browser's content type are never trusted: `read_limited` reads at
most `max_bytes + 1` bytes, then the first bytes say what the file claims to be and the
file is really parsed —

* `pdf_checked_pages(data)`: pypdf opens it (not encrypted, at least one page) and every
  object reachable from its trailer is walked; scripts, launches, form submissions,
  automatic (/AA) actions, embedded files and rich media are refused, links to web
  addresses or to pages of the same file are allowed;
* `office_checked_kind(data)`: an Office Open XML file (DOCX or XLSX) is a ZIP whose
  `[Content_Types].xml` names its main part; the archive is bounded (entries, unpacked
  size) before anything is unpacked, every entry's checksum is verified, and macros
  (vbaProject), ActiveX controls and embedded objects are refused.

Each refusal is an `ApplicationError` with a Persian message. Callers decide which kinds
they accept (case documents: PDF, JPEG, PNG in `branches.services.documents`; sample forms:
PDF, DOCX, XLSX in `tamin.content.uploads`).
"""

from __future__ import annotations

import io
import logging
import zipfile
import zlib

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import persian_digits

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
DOCX = "docx"
XLSX = "xlsx"


def too_large_error(max_bytes: int) -> ApplicationError:
    megabytes = persian_digits(f"{max_bytes / (1024 * 1024):g}")
    return ApplicationError(
        _("حجم فایل بیش از حد مجاز است؛ حداکثر %(mb)s مگابایت.") % {"mb": megabytes},
        code="document_too_large",
    )


def read_limited(upload: UploadedFile, max_bytes: int) -> bytes:
    """The upload's bytes, refused when larger than `max_bytes` (read no further) or empty."""
    if upload.size is not None and upload.size > max_bytes:
        raise too_large_error(max_bytes)
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large_error(max_bytes)
    if not data:
        raise ApplicationError(_("فایل خالی است."), code="document_empty")
    return data


# --- PDF -------------------------------------------------------------------------------


def pdf_checked_pages(data: bytes) -> int:
    """The page count of a readable, unencrypted, passive PDF; ApplicationError otherwise."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ApplicationError(
                _("فایل PDF رمزدار است؛ لطفاً نسخه بدون رمز را بارگذاری کنید."),
                code="document_encrypted",
            )
        pages = len(reader.pages)
        active = _pdf_active_content(reader)
    except ApplicationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        logger.info("refused PDF upload: %s", exc)
        raise ApplicationError(
            _("فایل PDF خراب است یا خوانده نمی‌شود."), code="document_corrupt"
        ) from None
    if pages < 1:
        raise ApplicationError(_("فایل PDF هیچ صفحه‌ای ندارد."), code="document_corrupt")
    if active:
        logger.info("refused PDF upload with active content: %s", active)
        raise ApplicationError(
            _(
                "فایل PDF محتوای فعال دارد (اسکریپت، اجرای برنامه، ارسال فرم یا فایل پیوست) "
                "و پذیرفته نمی‌شود؛ لطفاً نسخهٔ ساده یا اسکن‌شدهٔ مدرک را بارگذاری کنید."
            ),
            code="document_active_content",
        )
    return pages


# Action types that run code, open other files or programs, or send data out. Links
# (/URI, /GoTo, /Named) stay: honest PDFs are full of them.
ACTIVE_PDF_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
        "/GoToR",
        "/RichMediaExecute",
        "/Rendition",
        "/Movie",
        "/Sound",
    }
)
# Keys whose mere presence means active content: script text, the document's script
# names tree, actions fired by events (open, close, focus…), attached files, XFA forms.
ACTIVE_PDF_KEYS = frozenset(
    {"/JS", "/JavaScript", "/AA", "/EmbeddedFiles", "/EmbeddedFile", "/EF", "/XFA", "/RichMedia"}
)
ACTIVE_PDF_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
)
# A 5 MB file holds far fewer objects; more than this is a trap for the walk itself.
PDF_WALK_MAX_OBJECTS = 500_000


def _pdf_active_content(reader) -> str | None:
    """The first active element found in any object reachable from the trailer, or None.

    Readers reach actions from the catalog (/OpenAction, /Names, /AcroForm), pages,
    annotations, outlines and form fields alike, so the whole object graph is walked
    rather than a list of known places; stream bodies are not read, their dictionaries are.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen_references: set[tuple[int, int]] = set()
    pending: list[object] = [reader.trailer]
    visited = 0
    while pending:
        node = pending.pop()
        visited += 1
        if visited > PDF_WALK_MAX_OBJECTS:
            return "too many objects"
        if isinstance(node, IndirectObject):
            reference = (node.idnum, node.generation)
            if reference in seen_references:
                continue
            seen_references.add(reference)
            pending.append(node.get_object())
        elif isinstance(node, DictionaryObject):
            found = _pdf_active_entry(node)
            if found:
                return found
            pending.extend(node.values())
        elif isinstance(node, ArrayObject):
            pending.extend(node)
    return None


def _pdf_active_entry(dictionary) -> str | None:
    active_keys = ACTIVE_PDF_KEYS.intersection(dictionary.keys())
    if active_keys:
        return min(active_keys)
    # Names are str; other values under these keys (arrays, references) are not actions
    subtype = dictionary.get("/Subtype")
    if isinstance(subtype, str) and subtype in ACTIVE_PDF_ANNOTATIONS:
        return subtype
    action = dictionary.get("/S")
    if isinstance(action, str) and action in ACTIVE_PDF_ACTIONS:
        return action
    return None


# --- Office Open XML (DOCX, XLSX) ------------------------------------------------------

# The main part of each kind as `[Content_Types].xml` declares it.
OFFICE_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
# A form of a few pages holds a few dozen entries and unpacks to a few megabytes; more
# than this is a ZIP bomb or not a form.
OFFICE_MAX_ENTRIES = 1_000
OFFICE_MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Parts that run code or carry other programs and files.
_OFFICE_ACTIVE_NAMES = ("vbaproject", "/activex/", "/embeddings/", "vbadata")
_OFFICE_ACTIVE_TYPES = ("macroenabled", "vbaproject", "activex", "oleobject")


def _office_corrupt() -> ApplicationError:
    return ApplicationError(
        _("فایل DOCX یا XLSX خراب است یا خوانده نمی‌شود."), code="document_corrupt"
    )


def _office_active() -> ApplicationError:
    return ApplicationError(
        _(
            "فایل محتوای فعال دارد (ماکرو، کنترل ActiveX یا شیء جاسازی‌شده) و پذیرفته "
            "نمی‌شود؛ لطفاً نسخهٔ ساده‌ای از آن را بارگذاری کنید."
        ),
        code="document_active_content",
    )


def _office_content_types(types_xml: bytes) -> tuple[dict[str, str], list[str]]:
    """The main parts `[Content_Types].xml` declares (part name -> kind) and every type named."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(types_xml)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        raise _office_corrupt() from None
    main_parts: dict[str, str] = {}
    content_types: list[str] = []
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] not in ("Override", "Default"):
            continue
        content_type = element.get("ContentType") or ""
        content_types.append(content_type)
        if content_type in OFFICE_MAIN_PARTS and element.get("PartName"):
            main_parts[element.get("PartName").lstrip("/")] = OFFICE_MAIN_PARTS[content_type]
    return main_parts, content_types


def office_checked_kind(data: bytes) -> str | None:
    """DOCX or XLSX (`DOCX`, `XLSX`) for a sound, passive Office Open XML file; None for another ZIP.

    Raises ApplicationError for a broken archive, one too large once unpacked, or one with
    macros, ActiveX controls or embedded objects.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _office_corrupt() from None
    with archive:
        entries = archive.infolist()
        if len(entries) > OFFICE_MAX_ENTRIES:
            raise _office_corrupt()
        if sum(entry.file_size for entry in entries) > OFFICE_MAX_UNPACKED_BYTES:
            raise _office_corrupt()
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names:
            return None
        try:
            if archive.testzip() is not None:  # every entry unpacks to its checksum
                raise _office_corrupt()
            main_parts, content_types = _office_content_types(archive.read("[Content_Types].xml"))
        except (
            zipfile.BadZipFile,
            zlib.error,
            NotImplementedError,
            RuntimeError,
            OSError,
            EOFError,
        ):
            raise _office_corrupt() from None
    lowered_names = ["/" + name.lower() for name in names]
    if any(marker in name for name in lowered_names for marker in _OFFICE_ACTIVE_NAMES) or any(
        marker in value.lower() for value in content_types for marker in _OFFICE_ACTIVE_TYPES
    ):
        raise _office_active()
    kinds = set(main_parts.values())
    if not kinds:
        return None
    # One main document, and the archive holds it
    if len(main_parts) != 1 or not set(main_parts) <= names:
        raise _office_corrupt()
    return kinds.pop()
