"""Reads of the public content: the only way pages, the API and USSD reach it."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from tamin.content.models import (
    AboutSection,
    Audience,
    Faq,
    LegalKind,
    LegalText,
    NewsItem,
    SampleForm,
)
from tamin.content.search import search_fold

# A query longer than this is cut: nobody types more, and every word is one LIKE.
SEARCH_MAX_WORDS = 6


def _today() -> datetime.date:
    return timezone.localdate()


def _matching(queryset: QuerySet, query: str) -> QuerySet:
    for word in search_fold(query).split(" ")[:SEARCH_MAX_WORDS]:
        if word:
            queryset = queryset.filter(search_text__contains=word)
    return queryset


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


def faq_get(*, pk: int) -> Faq | None:
    return faq_list().filter(pk=pk).first()


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
