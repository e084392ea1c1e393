"""Reads of the public content: the only way pages, the API and USSD reach it."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

# `Audience` is also read from here by other apps (a form's choices): the models are private.
from tamin.content.models import (
    AboutSection,
    Audience,
    Faq,
    LegalKind,
    LegalText,
    NewsItem,
    SampleForm,
)
from tamin.content.search import SEARCH_MAX_WORDS, search_matching  # noqa: F401 (re-exported)


def _today() -> datetime.date:
    return timezone.localdate()


def _matching(queryset: QuerySet, query: str) -> QuerySet:
    return search_matching(queryset, query)


def news_list(*, query: str = "") -> QuerySet[NewsItem]:
    """Published news up to today, newest first."""
    items = NewsItem.objects.filter(is_published=True, published_on__lte=_today())
    return _matching(items, query)


def news_get(*, pk: int) -> NewsItem | None:
    return news_list().filter(pk=pk).first()


def faq_list(*, audience: str = "", query: str = "") -> QuerySet[Faq]:
    """Published common questions in staff's order; an audience also gets the ones for all."""
    faqs = Faq.objects.filter(is_published=True)
    if audience and audience != Audience.ALL:
        faqs = faqs.filter(audience__in=[Audience.ALL, audience])
    return _matching(faqs, query)


def faq_get(*, pk: int, include_unpublished: bool = False) -> Faq | None:
    """A published question; with `include_unpublished` (staff pages only) any question."""
    faqs = Faq.objects.all() if include_unpublished else faq_list()
    return faqs.filter(pk=pk).first()


def faq_list_for_source_ticket(*, ticket_id: int) -> QuerySet[Faq]:
    """The questions published from one 1420 ticket, published or withdrawn, oldest first
    (the desk's staff page; the caller has checked who may see the ticket)."""
    return Faq.objects.filter(source_ticket_id=ticket_id).order_by("id")


def faq_question_exists(*, question: str) -> bool:
    """Whether a question with exactly this wording exists, published or not."""
    return Faq.objects.filter(question=(question or "").strip()).exists()


def legal_text_list(*, kind: str = "", query: str = "") -> QuerySet[LegalText]:
    """Published laws, bylaws, circulars and directives, newest first; `kind` one of LegalKind."""
    texts = LegalText.objects.filter(is_published=True, issued_on__lte=_today())
    if kind:
        texts = texts.filter(kind=kind) if kind in LegalKind.values else texts.none()
    return _matching(texts, query)


def legal_text_get(*, pk: int) -> LegalText | None:
    return legal_text_list().filter(pk=pk).first()


def sample_form_list(*, audience: str = "", query: str = "") -> QuerySet[SampleForm]:
    forms = SampleForm.objects.filter(is_published=True)
    if audience and audience != Audience.ALL:
        forms = forms.filter(audience__in=[Audience.ALL, audience])
    return _matching(forms, query)


def sample_form_get(*, pk: int) -> SampleForm | None:
    return sample_form_list().filter(pk=pk).first()


def about_sections() -> QuerySet[AboutSection]:
    return AboutSection.objects.filter(is_published=True)


# One USSD screen holds 80 UCS-2 characters; the menu and the app show this much of a section.
ABOUT_SHORT_TEXT_MAX = 80


def about_section_short_text(*, section: AboutSection, limit: int = ABOUT_SHORT_TEXT_MAX) -> str:
    """Staff's short text, or the start of the body cut at a word («…»), at most `limit`."""
    text = " ".join((section.short_text or section.body or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip("،,.;:؛ ") + "…"
