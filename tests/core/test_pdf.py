"""PDF rendering: storage, reuse of unchanged documents, the static-only URL fetcher."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from tamin.core import pdf
from tamin.core.documents import SAMPLE_KIND, sample_document_data
from tamin.core.exceptions import ApplicationError
from tamin.core.models import IssuedDocument
from tamin.core.selectors import issued_document_get_by_code

pytestmark = pytest.mark.django_db

SVG_WITH_TEXT = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
    '<text x="5" y="25" font-size="16">{text}</text></svg>'
)
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Certificate:
    name: str


def pdf_text(content: bytes, tmp_path: Path, *, page: int | None = None) -> str:
    """Text of a PDF (or of one of its pages, from 1) via poppler's pdftotext, without the
    bidi marks it inserts."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed")
    source = tmp_path / "extract.pdf"
    source.write_bytes(content)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(
        ["pdftotext", "-raw", *pages, str(source), "-"], capture_output=True, check=True, text=True
    )
    return BIDI_CONTROLS.sub("", result.stdout)


def render_sample(*, rows: int = 3, content_key: str | None = None, kind: str = SAMPLE_KIND):
    return pdf.render(
        template_name="core/pdf/sample.html",
        data=sample_document_data(rows=rows),
        kind=kind,
        title="گواهی آزمایشی",
        summary={"نام": "زهرا محمدی"},
        content_key=content_key,
    )


def stored_path(document: IssuedDocument) -> Path:
    return Path(settings.PRIVATE_STORAGE_DIR) / pdf.DOCUMENTS_AREA / document.file_path


def stored_files() -> list[Path]:
    return sorted(Path(settings.PRIVATE_STORAGE_DIR).rglob("*.pdf"))


def test_render_stores_a_verifiable_pdf(tmp_path):
    # given sample data of a few rows
    # when the document is rendered
    document = render_sample()
    # then a row exists and its file is a PDF under <storage>/<yyyy>/<mm>/ with the recorded hash
    document.refresh_from_db()
    now = timezone.localtime()
    assert document.file_path.startswith(f"{now:%Y}/{now:%m}/")
    assert not Path(document.file_path).is_absolute()
    content = pdf.document_open(document=document)
    assert content.startswith(b"%PDF")
    assert document.summary == {"نام": "زهرا محمدی"}
    assert len(document.sha256) == 64
    # and its text carries the verification code, the verify URL and Persian page numbers
    text = pdf_text(content, tmp_path)
    assert document.verification_code in text
    assert f"/verify/{document.verification_code}" in text
    assert re.search(r"۱\s*از\s*۱", text)
    assert "سازمان" in text


def test_storage_is_outside_the_web_root():
    # given / when
    document = render_sample(rows=1)
    # then the file is in the private store, not under static/ or media/
    path = stored_path(document).resolve()
    assert path.is_file()
    assert not path.is_relative_to(Path(settings.BASE_DIR) / "static")
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))


def test_same_content_key_returns_stored_document_without_rendering_again():
    # given a rendered document with a content key
    first = render_sample(rows=1, content_key="sample:1")
    path = stored_path(first)
    mtime = path.stat().st_mtime_ns
    # when the same content is asked for again
    second = render_sample(rows=1, content_key="sample:1")
    # then the same row and file come back and nothing new was written
    assert second.pk == first.pk
    assert IssuedDocument.objects.count() == 1
    assert stored_files() == [path]
    assert path.stat().st_mtime_ns == mtime


def test_other_content_key_or_kind_renders_a_new_document():
    # given a rendered document
    first = render_sample(rows=1, content_key="sample:1")
    # when the key or the kind differs
    other_key = render_sample(rows=1, content_key="sample:2")
    other_kind = render_sample(rows=1, content_key="sample:1", kind="core.other")
    # then each is a new document with its own code
    codes = {first.verification_code, other_key.verification_code, other_kind.verification_code}
    assert len(codes) == 3
    assert len(stored_files()) == 3


def test_missing_file_is_rendered_again():
    # given a stored document whose file was lost
    first = render_sample(rows=1, content_key="sample:1")
    stored_path(first).unlink()
    # when it is asked for again
    second = render_sample(rows=1, content_key="sample:1")
    # then a new file is rendered
    assert second.pk != first.pk
    assert pdf.document_open(document=second).startswith(b"%PDF")


def test_revoked_document_is_not_reused():
    # given a revoked document
    first = render_sample(rows=1, content_key="sample:1")
    first.revoked_at = timezone.now()
    first.save(update_fields=["revoked_at"])
    # when the same content is asked for
    second = render_sample(rows=1, content_key="sample:1")
    # then a fresh, valid document is issued
    assert second.pk != first.pk
    assert second.revoked_at is None


def test_document_content_key_is_stable_and_depends_on_data():
    key = pdf.document_content_key(kind="k", data=Certificate(name="الف"))
    assert key == pdf.document_content_key(kind="k", data=Certificate(name="الف"))
    assert key != pdf.document_content_key(kind="k", data=Certificate(name="ب"))
    assert key != pdf.document_content_key(kind="k2", data=Certificate(name="الف"))


def test_document_open_refuses_an_altered_file():
    # given a stored document whose bytes were changed on disk
    document = render_sample(rows=1)
    path = stored_path(document)
    path.write_bytes(path.read_bytes() + b"%tampered")
    # when / then
    with pytest.raises(ApplicationError) as excinfo:
        pdf.document_open(document=document)
    assert excinfo.value.code == "document_altered"


def test_document_open_refuses_paths_outside_storage():
    document = IssuedDocument(file_path="../../etc/passwd", sha256="")
    with pytest.raises(ApplicationError) as excinfo:
        pdf.document_open(document=document)
    assert excinfo.value.code == "document_missing"


def test_pdf_response_is_an_attachment():
    # given a stored document
    document = render_sample(rows=1)
    # when it is served
    response = pdf.pdf_response(document, "گواهی.pdf")
    # then it downloads as a PDF with a (Persian) file name and no shared caching
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_selector_normalizes_case_digits_and_separators():
    # given an issued document
    document = IssuedDocument.objects.create(
        kind="k",
        title="t",
        content_key="c",
        sha256="",
        file_path="",
        verification_code="ABCD2345EFGH",
    )
    # when the code is typed in lower case, with Persian digits and dashes
    # then it is found
    assert issued_document_get_by_code(code="abcd-۲۳۴۵-efgh") == document
    assert issued_document_get_by_code(code=" ABCD 2345 EFGH ") == document
    assert issued_document_get_by_code(code="ABCD2345EFGX") is None
    assert issued_document_get_by_code(code="<script>") is None
    assert issued_document_get_by_code(code="") is None


# --- URL fetcher -------------------------------------------------------------------


def test_static_font_is_served():
    font = Path(settings.BASE_DIR) / "static/vendor/vazirmatn/Vazirmatn-Regular.ttf"
    if not font.exists():
        pytest.skip("run `make assets` to copy Vazirmatn into static/vendor")
    # given / when
    response = pdf.static_url_fetcher().fetch(font.as_uri())
    # then
    assert response.read()[:4] == b"\x00\x01\x00\x00"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/font.ttf",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "file://remote-host/static/x.css",
    ],
)
def test_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(pdf.UnsafeResourceError):
        pdf.static_url_fetcher().fetch(url)


def test_fetcher_refuses_escaping_static_with_dot_dot():
    # given a URL that starts inside static/ but climbs out of it
    url = (Path(settings.BASE_DIR) / "static").as_uri() + "/../manage.py"
    # when / then
    with pytest.raises(pdf.UnsafeResourceError):
        pdf.static_url_fetcher().fetch(url)


def test_fetcher_serves_data_uris():
    response = pdf.static_url_fetcher().fetch("data:text/plain;base64,c2FsYW0=")
    assert response.read() == b"salam"


def test_render_does_not_read_files_outside_static(tmp_path, settings):
    # given an SVG with visible text outside static/, and the same kind of SVG inline
    secret = tmp_path / "secret.svg"
    secret.write_text(SVG_WITH_TEXT.format(text="OUTSIDESECRET"))
    inline = (
        "data:image/svg+xml;base64,"
        + base64.b64encode(SVG_WITH_TEXT.format(text="INLINEOK").encode()).decode()
    )
    templates = tmp_path / "templates"
    (templates / "core/pdf").mkdir(parents=True)
    (templates / "core/pdf/leak.html").write_text(
        '{% extends "core/pdf/base.html" %}{% block content %}'
        f'<img src="{secret.as_uri()}"><img src="{inline}"><img src="http://127.0.0.1:9/x.svg">'
        "{% endblock %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [templates, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    # when a document is rendered from it
    document = pdf.render(
        template_name="core/pdf/leak.html", data=Certificate(name="آزمون"), kind="k", title="t"
    )
    # then the inline image was drawn but the outside file was never read
    text = pdf_text(pdf.document_open(document=document), tmp_path)
    assert "INLINEOK" in text
    assert "OUTSIDESECRET" not in text


# --- Management command ----------------------------------------------------------------


def test_render_sample_document_command(tmp_path, capsys):
    # given an output path
    out = tmp_path / "out/sample.pdf"
    # when the designer command runs with a few rows
    call_command("render_sample_document", "--rows", "2", "--out", str(out))
    # then the copy is a PDF and the path and code are printed
    printed = capsys.readouterr().out
    document = IssuedDocument.objects.get()
    assert out.read_bytes().startswith(b"%PDF")
    assert str(out) in printed
    assert document.verification_code in printed


# --- QR code ---------------------------------------------------------------------------


def test_the_qr_has_its_quiet_zone_and_encodes_the_site_urls_verify_address(settings):
    import io

    import segno
    from PIL import Image
    from pypdf import PdfReader

    # given a site URL other than the development default
    settings.SITE_URL = "https://portal.tamin.test:8443"
    # when a document is rendered
    document = render_sample(rows=1)
    # then the QR printed on its first page is an image with 4 white modules all round
    page = PdfReader(io.BytesIO(pdf.document_open(document=document))).pages[0]
    (qr,) = [Image.open(io.BytesIO(image.data)).convert("L") for image in page.images]
    expected_url = f"https://portal.tamin.test:8443/verify/{document.verification_code}"
    expected = segno.make(expected_url, error="m")
    modules = expected.symbol_size(scale=1, border=pdf.QR_BORDER)[0]
    scale = qr.width // modules
    assert qr.width == qr.height == modules * scale
    quiet = pdf.QR_BORDER * scale
    pixels = qr.load()
    border = {
        pixels[x, y]
        for offset in range(quiet)
        for along in range(qr.width)
        for x, y in (
            (offset, along),
            (qr.width - 1 - offset, along),
            (along, offset),
            (along, qr.width - 1 - offset),
        )
    }
    assert border == {255}
    # and its modules are those of the verify address under TAMIN_SITE_URL
    printed = [
        [pixels[x * scale + scale // 2, y * scale + scale // 2] < 128 for x in range(modules)]
        for y in range(modules)
    ]
    assert printed == [
        [bool(bit) for bit in row] for row in expected.matrix_iter(border=pdf.QR_BORDER)
    ]


def test_verify_lists_the_summary_in_the_issuers_order(client):
    # given a document whose summary's labels differ in length (jsonb would sort them so)
    summary = {"نام و نام خانوادگی": "زهرا محمدی", "مبلغ": "۱۰", "شمارهٔ مستمری": "۱۲۳"}
    document = pdf.render(
        template_name="core/pdf/sample.html",
        data=sample_document_data(rows=1),
        kind=SAMPLE_KIND,
        title="گواهی آزمایشی",
        summary=summary,
    )
    # when anyone holding the code opens the verify page
    document = IssuedDocument.objects.get(pk=document.pk)
    html = client.get(f"/verify/{document.verification_code}").content.decode()
    # then the rows come in the order the issuer gave them
    positions = [html.index(f'<th scope="row">{label}</th>') for label in summary]
    assert positions == sorted(positions)
    assert [label for label, _value in document.summary_rows] == list(summary)


def test_garbage_collector_is_off_during_a_render_and_back_on_after(monkeypatch):
    # given a fetcher that notes the collector's state when WeasyPrint asks for the QR image
    import gc

    seen: list[bool] = []
    real_fetcher = pdf.static_url_fetcher

    def noting_fetcher():
        fetcher = real_fetcher()
        fetch = fetcher.fetch

        def noted(url, headers=None):
            seen.append(gc.isenabled())
            return fetch(url, headers)

        fetcher.fetch = noted
        return fetcher

    monkeypatch.setattr(pdf, "static_url_fetcher", noting_fetcher)
    assert gc.isenabled()
    # when a page with an inline image is rendered
    image = pdf.qr_png_data_uri("https://example.org/verify/X")
    content = pdf.html_to_pdf(f'<html><body><img src="{image}"></body></html>')
    # then the image was fetched with the collector off, and it is on again afterwards
    assert content.startswith(b"%PDF-")
    assert seen
    assert not any(seen)
    assert gc.isenabled()


def test_garbage_collector_pause_is_counted_and_respects_a_collector_already_off():
    import gc

    # nested pauses (two threads rendering at once): on again only after the last one
    with pdf._gc_paused():
        with pdf._gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    # a failed render still turns it back on
    with pytest.raises(RuntimeError), pdf._gc_paused():
        raise RuntimeError("render failed")
    assert gc.isenabled()
    # a process that keeps the collector off keeps it off
    gc.disable()
    try:
        with pdf._gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- Per-thread stylesheets (issue #15) -----------------------------------------------

PLAIN_HEAD = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><style>{css}</style></head>'
)


def test_each_document_is_drawn_with_its_own_stylesheet_though_both_are_kept(tmp_path):
    # given two documents whose stylesheets treat the same class differently
    hides = PLAIN_HEAD.format(css=".private { display: none }") + (
        '<body><p class="private">HIDDENWORD</p><p>FIRSTDOC</p></body></html>'
    )
    shows = PLAIN_HEAD.format(css=".private { color: #000 }") + (
        '<body><p class="private">SHOWNWORD</p></body></html>'
    )
    # when they are rendered in turn, the first one twice (its stylesheet kept by then)
    first, second, again = (pdf.html_to_pdf(html) for html in (hides, shows, hides))
    # then each printed what its own stylesheet says
    for content in (first, again):
        text = pdf_text(content, tmp_path)
        assert "FIRSTDOC" in text
        assert "HIDDENWORD" not in text
    assert "SHOWNWORD" in pdf_text(second, tmp_path)


def test_a_stylesheet_is_parsed_once_per_thread():
    import threading

    base_url = pdf.static_root().as_uri() + "/"
    css = "p { margin: 1mm }"
    # given / when the same CSS is asked for twice, and other CSS once
    kept = pdf._stylesheet(css, base_url=base_url)
    # then the same parsed stylesheet comes back, and other CSS is another one
    assert pdf._stylesheet(css, base_url=base_url) is kept
    assert pdf._stylesheet("p { margin: 2mm }", base_url=base_url) is not kept
    # and another thread (with its own font configuration) parses its own
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(pdf._stylesheet(css, base_url=base_url)))
    thread.start()
    thread.join()
    assert theirs
    assert theirs[0] is not kept


def _font_names(content: bytes) -> set[str]:
    import io

    from pypdf import PdfReader

    fonts = PdfReader(io.BytesIO(content)).pages[0]["/Resources"]["/Font"]
    # An embedded subset is named "ABCDEF+Family"; keep the family.
    return {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}


def test_a_documents_fonts_do_not_reach_the_next_document():
    # given a document in Vazirmatn, regular and bold (the base PDF template's faces)
    document = render_sample(rows=1)
    assert _font_names(pdf.document_open(document=document)) == {
        "Vazirmatn",
        "Vazirmatn-Bold",
    }
    # when a document with a stylesheet of its own (a serif, no @font-face) follows it
    plain = pdf.html_to_pdf(
        PLAIN_HEAD.format(css="html { font-family: serif }") + "<body><p>Plain</p></body></html>"
    )
    # then it is set in its own font, not in the previous document's
    names = _font_names(plain)
    assert names
    assert not any(name.startswith("Vazirmatn") for name in names)


def test_only_the_heads_stylesheet_is_taken_text_that_looks_like_one_is_printed(tmp_path):
    # given a name typed as CSS (escaped by the template, as every value is)
    html = PLAIN_HEAD.format(css="p { margin: 0 }") + (
        "<body><p>&lt;style&gt;p { display: none }&lt;/style&gt; VISIBLEWORD</p></body></html>"
    )
    # when it is rendered / then it is printed as text, and the document is not hidden
    text = pdf_text(pdf.html_to_pdf(html), tmp_path)
    assert "VISIBLEWORD" in text
    assert "<style>" in text


def test_the_qr_png_is_8_bit_grey_at_the_scale_and_quiet_zone_set_here():
    import io

    import segno
    from PIL import Image

    # WeasyPrint embeds a grey PNG as it is; a 1-bit one it turns into RGB first.
    url = "https://portal.tamin.test/verify/ABCD2345EFGH"
    image = Image.open(io.BytesIO(base64.b64decode(pdf.qr_png_data_uri(url).split(",", 1)[1])))
    modules = segno.make(url, error="m").symbol_size(scale=1, border=pdf.QR_BORDER)[0]
    assert image.format == "PNG"
    assert image.mode == "L"
    assert image.size == (modules * pdf.QR_SCALE, modules * pdf.QR_SCALE)
