"""Issued PDF documents: render once, store outside the web root, verify by code.

Flow of `render`:
1. With a `content_key`, an unrevoked document of the same kind and owner
   whose file is still in the store is returned as is (re-downloads of unchanged
   documents come from storage, not from WeasyPrint).
2. Otherwise a new `IssuedDocument` is prepared (its verification code is
   generated up front), the Django template is rendered with the document
   data, the code, the public verify URL and its QR code, and WeasyPrint turns
   the HTML into a PDF. WeasyPrint may only read our static files. Per worker thread it
   keeps the font configuration and each template's parsed stylesheet (`_stylesheet`), so
   a document pays for its own content, not for loading fonts or parsing the CSS again.
3. The bytes go to the private store (tamin.core.storage) as
   `documents/<yyyy>/<mm>/<random>.pdf`; the row records the name inside the
   documents area and the SHA-256, and is saved.

`document_open` reads the bytes back (checking the hash) and `pdf_response`
serves them as a download. WeasyPrint is imported inside functions only: it
is slow to import and most processes never render a PDF.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import dataclasses
import gc
import hashlib
import json
import mimetypes
import re
import secrets
import threading
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.db import transaction
from django.http import FileResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tamin.core.exceptions import ApplicationError
from tamin.core.models import IssuedDocument
from tamin.core.storage import (
    private_delete,
    private_exists,
    private_name,
    private_read,
    private_save,
)

# The folder of issued PDFs in the private store; rows keep the name inside it.
DOCUMENTS_AREA = "documents"


class UnsafeResourceError(ValueError):
    """A template asked WeasyPrint for something other than our static files."""


def static_root() -> Path:
    return (Path(settings.BASE_DIR) / "static").resolve()


def static_file_for_url(url: str) -> Path:
    """Map a `file:` URL to a file under `static/`, or raise UnsafeResourceError.

    Templates are ours, but their data is not: a name or address typed by a
    person must never make the renderer read `/etc/passwd` or call a server.
    """
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise UnsafeResourceError(f"PDF resources must be static files, not {url!r}")
    root = static_root()
    # resolve() follows symlinks and "..", so the containment check sees the real file.
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise UnsafeResourceError(f"PDF resource outside static/ or missing: {url!r}")
    return path


def static_url_fetcher():
    """A WeasyPrint URL fetcher that serves `data:` URIs and files under static/ only."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyURLFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                # Inline data (the QR code) never leaves the process.
                return super().fetch(url, headers)
            path = static_file_for_url(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticOnlyURLFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def document_content_key(*, kind: str, data: Any) -> str:
    """A stable key for the exact content of a document (kind + its data).

    Callers pass it as `content_key` so an unchanged document is not rendered twice.
    """
    payload = dataclasses.asdict(data) if dataclasses.is_dataclass(data) else data
    text = json.dumps([kind, payload], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def verify_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("verify", kwargs={"code": code})


# The quiet zone the QR standard asks for: 4 modules of white all round, so a phone
# finds the code beside the footer's rules and text. Printed 17 mm wide, a module is
# then still about half a millimetre.
QR_BORDER = 4
QR_SCALE = 8


def qr_png_data_uri(text: str) -> str:
    """The QR code of `text` as a `data:` URI of an 8-bit grey PNG.

    Medium error correction survives a folded or stamped printout. A PNG (not an SVG)
    so the printed code is one image a verifier can take out of the PDF as it is. 8-bit
    grey, not the 1-bit PNG segno writes: WeasyPrint embeds a grey PNG as it comes, but
    turns a 1-bit one into RGB and compresses it again (a few ms of every document).
    """
    from PIL import Image

    code = segno.make(text, error="m")
    size = code.symbol_size(scale=1, border=QR_BORDER)[0]
    modules = bytes(
        0 if dark else 255 for row in code.matrix_iter(border=QR_BORDER) for dark in row
    )
    image = Image.frombytes("L", (size, size), modules).resize(
        (size * QR_SCALE, size * QR_SCALE), Image.Resampling.NEAREST
    )
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def document_store_name(document: IssuedDocument) -> str | None:
    """The name of the document's file in the private store; None for a bad row value."""
    try:
        return private_name(DOCUMENTS_AREA, document.file_path)
    except ValueError:
        return None


def stored_document_find(*, content_key: str, kind: str, owner: Any) -> IssuedDocument | None:
    """The newest unrevoked document of this content and owner whose file is in the store."""
    candidates = IssuedDocument.objects.filter(
        content_key=content_key, kind=kind, owner=owner, revoked_at__isnull=True
    ).order_by("-created_at", "-id")
    for document in candidates[:3]:
        name = document_store_name(document)
        if name is not None and private_exists(name):
            return document
    return None


_renderer_state = threading.local()


@atexit.register
def _renderer_state_drop() -> None:
    # Let the main thread's font configuration go while the interpreter is still whole:
    # its finalizer removes WeasyPrint's folder of font files, and fails during shutdown.
    vars(_renderer_state).clear()


def _font_config():
    """One WeasyPrint font configuration per thread, kept across renders.

    It remembers the @font-face files it has loaded (Vazirmatn), so a worker reads and
    registers them once instead of at every render. Per thread: fontconfig's
    configuration is not meant to be changed from two threads at once.
    """
    font_config = getattr(_renderer_state, "font_config", None)
    if font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        font_config = _renderer_state.font_config = FontConfiguration()
    return font_config


# The <style> elements of a document's head (our templates write them; what people typed
# is escaped by the template and cannot open one).
_HEAD_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
# Stylesheets kept per thread: one a document template, so a few; the bound only guards
# against a template that would write per-document data into its stylesheet.
STYLESHEETS_KEPT = 32


def _split_stylesheet(html: str) -> tuple[str, str]:
    """The document without the <style> elements of its head, and their CSS in order."""
    head_end = html.find("</head>")
    if head_end < 0:
        return html, ""
    head = html[:head_end]
    css = "\n".join(match.group(1) for match in _HEAD_STYLE.finditer(head))
    if not css:
        return html, ""
    return _HEAD_STYLE.sub("", head) + html[head_end:], css


def _stylesheet(css: str, *, base_url: str):
    """The parsed stylesheet of `css`, parsed once per thread and kept across renders.

    Every payslip, certificate and record carries the same stylesheet of the base PDF
    template plus its own block: parsing it (and matching its @font-face rules against the
    font configuration) was a few milliseconds of every document. Keyed by the CSS text
    itself, so a changed template is a new entry, never a stale one; per thread, with
    the thread's font configuration that its @font-face rules were registered in.
    """
    from weasyprint import CSS

    kept: dict[str, Any] | None = getattr(_renderer_state, "stylesheets", None)
    if kept is None:
        kept = _renderer_state.stylesheets = {}
    stylesheet = kept.get(css)
    if stylesheet is None:
        if len(kept) >= STYLESHEETS_KEPT:
            kept.pop(next(iter(kept)))
        stylesheet = kept[css] = CSS(
            string=css,
            base_url=base_url,
            url_fetcher=static_url_fetcher(),
            font_config=_font_config(),
        )
    return stylesheet


_gc_pause_lock = threading.Lock()
_gc_pause_depth = 0


@contextlib.contextmanager
def _gc_paused():
    """Python's cyclic garbage collector off while WeasyPrint lays a document out.

    A long record makes hundreds of thousands of boxes; the collector kept walking them
    all (a good part of the render's CPU, see docs/operations.md) while none of them can
    go before the render ends; what is left afterwards goes at the next collections. The collector is per process, so
    the pause is counted: it comes back on when the last render of any thread ends, and
    is left alone if it was already off.
    """
    global _gc_pause_depth
    with _gc_pause_lock:
        if _gc_pause_depth == 0:
            was_enabled = gc.isenabled()
            gc.disable()
            _gc_pause_state["restore"] = was_enabled
        _gc_pause_depth += 1
    try:
        yield
    finally:
        with _gc_pause_lock:
            _gc_pause_depth -= 1
            if _gc_pause_depth == 0 and _gc_pause_state["restore"]:
                gc.enable()


_gc_pause_state: dict[str, bool] = {"restore": True}


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # A directory URL needs its trailing slash, or "vendor/x.ttf" resolves beside it.
    base_url = static_root().as_uri() + "/"
    # The head's stylesheet is handed over parsed (see _stylesheet). WeasyPrint gives a
    # stylesheet passed this way the user origin, below the author's: it is the whole of
    # the document's CSS, so nothing of the author's origin is left for it to lose to
    # (style attributes win over it as they did over the <style>).
    body, css = _split_stylesheet(html)
    with _gc_paused():
        # Parsing the HTML builds the tree the render walks; the collector is off for it too.
        stylesheets = [_stylesheet(css, base_url=base_url)] if css else None
        document = HTML(string=body, base_url=base_url, url_fetcher=static_url_fetcher())
        return document.write_pdf(font_config=_font_config(), stylesheets=stylesheets)


def render(
    *,
    template_name: str,
    data: Any,
    kind: str,
    title: str,
    owner: Any = None,
    summary: dict[str, Any] | None = None,
    content_key: str | None = None,
) -> IssuedDocument:
    """Render `template_name` with `data` into a stored, verifiable PDF."""
    if content_key:
        stored = stored_document_find(content_key=content_key, kind=kind, owner=owner)
        if stored is not None:
            return stored

    # The code exists before rendering (the PDF prints it); the row is saved only
    # after the file is written, so a failed render leaves no half-made document.
    document = IssuedDocument(
        kind=kind,
        title=title,
        owner=owner,
        content_key=content_key or document_content_key(kind=kind, data=data),
        summary=summary or {},
        summary_order=list(summary or {}),
    )
    url = verify_url(document.verification_code)
    html = render_to_string(
        template_name,
        {
            "doc": data,
            "document_title": title,
            "verification_code": document.verification_code,
            "verify_url": url,
            "qr_image": qr_png_data_uri(url),
        },
    )
    pdf_bytes = html_to_pdf(html)

    now = timezone.localtime()
    relative = f"{now:%Y}/{now:%m}/{secrets.token_urlsafe(24)}.pdf"
    # The store never overwrites: a taken name comes back changed, so keep what it says.
    stored = private_save(private_name(DOCUMENTS_AREA, relative), pdf_bytes)
    document.file_path = stored.removeprefix(f"{DOCUMENTS_AREA}/")
    document.sha256 = hashlib.sha256(pdf_bytes).hexdigest()
    try:
        with transaction.atomic():
            document.save()
    except Exception:
        private_delete(stored)
        raise
    return document


def document_open(*, document: IssuedDocument) -> bytes:
    """The stored bytes of `document`; refuses a missing or altered file."""
    name = document_store_name(document)
    try:
        if name is None:
            raise FileNotFoundError(document.file_path)
        content = private_read(name)
    except FileNotFoundError:
        raise ApplicationError(_("فایل این سند پیدا نشد."), code="document_missing") from None
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise ApplicationError(
            _("فایل این سند با نسخهٔ صادرشده یکسان نیست."), code="document_altered"
        )
    return content


def pdf_response(document: IssuedDocument, filename: str) -> FileResponse:
    """A download of the stored PDF; `filename` may be Persian."""
    response = FileResponse(
        BytesIO(document_open(document=document)),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    # Personal documents: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response
