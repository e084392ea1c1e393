"""Search folds what people type and what staff wrote the same way: Arabic yeh and kaf,
Persian and Arabic-Indic digits, the zero-width non-joiner, diacritics."""

from __future__ import annotations

import pytest

from tamin.content import selectors
from tamin.content.models import LegalKind
from tamin.content.search import search_fold, search_words
from tests.content.factories import FaqFactory, LegalTextFactory, NewsItemFactory

pytestmark = pytest.mark.django_db


def test_fold_writes_one_spelling_of_letters_and_digits():
    # Arabic yeh/kaf → Persian, Persian and Arabic-Indic digits → ASCII, ZWNJ → space
    assert search_fold("كارگاه ملي") == "کارگاه ملی"
    assert search_fold("بخشنامه ۱۴۰۴/۱۲۳") == "بخشنامه 1404/123"
    assert search_fold("٢٠٢٥") == "2025"
    assert search_fold("بیمه\u200cشدگان  ABC") == "بیمه شدگان abc"
    assert search_fold("تأمينٌ") == "تامین"
    assert search_fold("بیمهٔ") == search_fold("بیمۀ") == "بیمه"
    # at most six words are searched
    assert search_words("یک دو سه چهار پنج شش هفت") == ["یک", "دو", "سه", "چهار", "پنج", "شش"]


def test_a_circular_is_found_by_its_number_typed_in_any_digits():
    # given a circular numbered in Persian digits and another one
    wanted = LegalTextFactory(number="۱۴۰۴/۱۲۳", title="بخشنامهٔ حداقل دستمزد")
    LegalTextFactory(number="۱۴۰۵/۱۸", title="بخشنامهٔ افزایش مستمری")
    # when its number is typed in Latin, Persian or Arabic-Indic digits
    for typed in ("1404/123", "۱۴۰۴/۱۲۳", "١٤٠٤/١٢٣"):
        # then only it is found
        assert list(selectors.legal_text_list(query=typed)) == [wanted], typed


def test_arabic_yeh_and_kaf_find_persian_text_and_back():
    # given a question written with Persian letters and a news item with Arabic ones
    faq = FaqFactory(question="کمک‌هزینهٔ ازدواج را چگونه بگیرم؟")
    news = NewsItemFactory(title="افزايش مستمري بازنشستگان", body="متن")
    # when each is searched with the other keyboard's letters
    # then it is found, by every word
    assert list(selectors.faq_list(query="كمك هزينه ازدواج")) == [faq]
    assert list(selectors.news_list(query="افزایش مستمری")) == [news]
    # and a word it does not hold finds nothing
    assert list(selectors.faq_list(query="ازدواج بازنشستگی")) == []


def test_search_and_kind_combine():
    # given a law and a circular that both speak of pensions
    law = LegalTextFactory(kind=LegalKind.LAW, title="قانون مستمری")
    LegalTextFactory(kind=LegalKind.CIRCULAR, title="بخشنامهٔ مستمری")
    # then the kind narrows the search, and an unknown kind finds nothing
    assert list(selectors.legal_text_list(kind="law", query="مستمري")) == [law]
    assert list(selectors.legal_text_list(kind="poem", query="مستمری")) == []


def test_editing_a_row_refolds_its_search_text():
    # given a news item, then staff change its title
    item = NewsItemFactory(title="عنوان آغازین")
    item.title = "عنوان بازنويسي شده"
    item.save(update_fields=["title"])
    # then the new words are found and the old ones are not
    assert list(selectors.news_list(query="بازنویسی")) == [item]
    assert list(selectors.news_list(query="آغازین")) == []
