"""Public pages of the content staff publish: news, common questions, laws and circulars,
sample forms (with their download) and about the organization. No sign-in.

Every read goes through `tamin.content.selectors`, so an unpublished row, or one dated in
the future, is absent from the lists and its page answers 404 like a missing one. Lists are
plain GET forms with server-side pagination (no JavaScript). Staff text is plain text: the
templates escape it and keep its line breaks, never mark it safe.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tamin.content import selectors
from tamin.content.forms import (
    FaqFilterForm,
    LegalFilterForm,
    NewsSearchForm,
    SampleFormFilterForm,
)
from tamin.content.models import Audience, SampleForm
from tamin.content.uploads import SAMPLE_FORM_CONTENT_TYPES, TYPE_LABELS, extension_of
from tamin.core.identifiers import normalize_digits

NEWS_PAGE_SIZE = 10
LEGAL_PAGE_SIZE = 20


def _paged(request: HttpRequest, rows, *, size: int, filters: dict[str, str]) -> dict:
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    query = {name: value for name, value in filters.items() if value}
    return {"page": page, "query": urlencode(query), "filtered": bool(query)}


# --- News ------------------------------------------------------------------------------


@require_GET
def news_list(request: HttpRequest) -> HttpResponse:
    form = NewsSearchForm(request.GET)
    filters = form.filters()
    items = selectors.news_list(query=filters["q"])
    context = {"form": form, **_paged(request, items, size=NEWS_PAGE_SIZE, filters=filters)}
    return render(request, "content/news_list.html", context)


@require_GET
def news_detail(request: HttpRequest, news_id: int) -> HttpResponse:
    item = selectors.news_get(pk=news_id)
    if item is None:
        raise Http404
    return render(request, "content/news_detail.html", {"item": item})


# --- Common questions ------------------------------------------------------------------


@require_GET
def faq_list(request: HttpRequest) -> HttpResponse:
    form = FaqFilterForm(request.GET)
    filters = form.filters()
    faqs = list(selectors.faq_list(audience=filters["audience"], query=filters["q"]))
    # One group per audience, in the order of Audience (questions for all first)
    groups = []
    for value, label in Audience.choices:
        questions = [faq for faq in faqs if faq.audience == value]
        if questions:
            title = label if value != Audience.ALL else _("پرسش‌های عمومی")
            groups.append({"key": value, "title": title, "questions": questions})
    context = {
        "form": form,
        "groups": groups,
        "count": len(faqs),
        "filtered": any(filters.values()),
    }
    return render(request, "content/faq_list.html", context)


# --- Laws, bylaws, circulars, directives -----------------------------------------------


@require_GET
def legal_list(request: HttpRequest) -> HttpResponse:
    form = LegalFilterForm(request.GET)
    filters = form.filters()
    texts = selectors.legal_text_list(kind=filters["kind"], query=filters["q"])
    context = {"form": form, **_paged(request, texts, size=LEGAL_PAGE_SIZE, filters=filters)}
    return render(request, "content/legal_list.html", context)


@require_GET
def legal_detail(request: HttpRequest, legal_text_id: int) -> HttpResponse:
    text = selectors.legal_text_get(pk=legal_text_id)
    if text is None:
        raise Http404
    return render(request, "content/legal_detail.html", {"text": text})


# --- Sample forms ----------------------------------------------------------------------


@require_GET
def form_list(request: HttpRequest) -> HttpResponse:
    form = SampleFormFilterForm(request.GET)
    filters = form.filters()
    forms = [
        {"item": item, "type_label": TYPE_LABELS.get(extension_of(item.file.name), "")}
        for item in selectors.sample_form_list(query=filters["q"])
    ]
    context = {"form": form, "forms": forms, "filtered": any(filters.values())}
    return render(request, "content/form_list.html", context)


_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')
_NOT_ASCII_NAME = re.compile(r"[^A-Za-z0-9]+")


def download_disposition(item: SampleForm, extension: str) -> str:
    """`attachment` with an ASCII name for old clients and the Persian title (RFC 5987)."""
    code = _NOT_ASCII_NAME.sub("-", normalize_digits(item.code or "")).strip("-")
    ascii_name = f"tamin-form-{code or item.pk}.{extension}"
    title = _UNSAFE_IN_NAME.sub(" ", item.title).strip()[:120] or ascii_name
    utf8_name = f"{title}.{extension}" if title != ascii_name else ascii_name
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(utf8_name, safe='')}"


@require_GET
def form_download(request: HttpRequest, form_id: int) -> FileResponse:
    """The form's file from the private store, always as an attachment of its checked type."""
    item = selectors.sample_form_get(pk=form_id)
    if item is None or not item.file:
        raise Http404
    extension = extension_of(item.file.name)
    if extension not in SAMPLE_FORM_CONTENT_TYPES:
        raise Http404
    try:
        handle = item.file.storage.open(item.file.name, "rb")  # FileResponse closes it
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=SAMPLE_FORM_CONTENT_TYPES[extension])
    response["Content-Disposition"] = download_disposition(item, extension)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Public and the same for everyone; short, so a form staff withdrew soon stops being served.
    response["Cache-Control"] = "public, max-age=300"
    return response


# --- About the organization ------------------------------------------------------------


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "content/about.html", {"sections": selectors.about_sections()})
