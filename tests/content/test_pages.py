"""The public pages: no sign-in, Jalali dates, hidden rows absent and 404, search, filters."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from tamin.content.models import Audience, LegalKind
from tests.content.conftest import TODAY
from tests.content.factories import (
    ABAN_1ST_1405,
    AZAR_1ST_1405,
    AboutSectionFactory,
    FaqFactory,
    LegalTextFactory,
    NewsItemFactory,
)

pytestmark = pytest.mark.django_db

TOMORROW = TODAY + dt.timedelta(days=1)


def _text(response) -> str:
    """The page's text without tags, spaces collapsed."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_news_list_and_page_show_jalali_dates_to_anyone(client):
    # given a news item of 1 Aban 1405
    item = NewsItemFactory(title="خبر آبان", published_on=ABAN_1ST_1405, body="بند یک.\n\nبند دو.")
    # when a visitor who is not signed in opens the list and the item
    listing = client.get(reverse("content:news_list"))
    page = client.get(reverse("content:news_detail", args=[item.pk]))
    # then both show its Jalali date, and the body keeps its paragraphs
    assert listing.status_code == 200
    assert "۱ آبان ۱۴۰۵" in _text(listing)
    assert page.status_code == 200
    assert "۱ آبان ۱۴۰۵" in _text(page)
    assert "<p>بند یک.</p>" in page.content.decode()
    assert "<p>بند دو.</p>" in page.content.decode()


def test_unpublished_and_future_news_are_absent_and_answer_404(client):
    # given a published item, a withdrawn one and one dated tomorrow
    shown = NewsItemFactory(title="خبر منتشرشده")
    withdrawn = NewsItemFactory(title="خبر پس‌گرفته", is_published=False)
    tomorrow = NewsItemFactory(title="خبر فردا", published_on=TOMORROW)
    # when the list is opened
    listing = _text(client.get(reverse("content:news_list")))
    # then only the published one is listed
    assert "خبر منتشرشده" in listing
    assert "خبر پس‌گرفته" not in listing
    assert "خبر فردا" not in listing
    # and the others' pages are 404 like a missing one
    assert client.get(reverse("content:news_detail", args=[shown.pk])).status_code == 200
    for hidden in (withdrawn, tomorrow):
        assert client.get(reverse("content:news_detail", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("content:news_detail", args=[10**9])).status_code == 404


WORDS = (
    "سپیده",
    "آفتاب",
    "باران",
    "برف",
    "تگرگ",
    "نسیم",
    "ابر",
    "کوه",
    "رعد",
    "شبنم",
    "جنگل",
    "دریا",
)


def test_news_list_pages_ten_at_a_time_newest_first(client):
    # given twelve items on the twelve days up to today («خبر سپیده» today, «خبر دریا» oldest)
    for days, word in enumerate(WORDS):
        NewsItemFactory(title=f"خبر {word}", published_on=TODAY - dt.timedelta(days=days))
    # when the first and second pages are opened
    first = client.get(reverse("content:news_list")).content.decode()
    second = client.get(reverse("content:news_list"), {"page": "2"}).content.decode()
    # then the newest ten are on the first in order, the oldest two on the second
    titles = re.compile(r'<h2 class="h6 mb-1"><a href="[^"]+">خبر (\S+)</a></h2>')
    assert titles.findall(first) == list(WORDS[:10])
    assert titles.findall(second) == list(WORDS[10:])
    assert "صفحه ۲ از ۲" in second


def test_laws_search_by_number_filter_by_kind_with_jalali_dates(client):
    # given a law and two circulars
    LegalTextFactory(kind=LegalKind.LAW, number="۲۸۳۴۹", title="قانون تأمین اجتماعی")
    circular = LegalTextFactory(
        kind=LegalKind.CIRCULAR,
        number="۱۴۰۴/۱۲۳",
        title="بخشنامهٔ حداقل دستمزد",
        issued_on=AZAR_1ST_1405,
    )
    LegalTextFactory(kind=LegalKind.CIRCULAR, number="۱۴۰۵/۱۸", title="بخشنامهٔ مستمری")
    url = reverse("content:legal_list")
    # when the circulars are listed, and one is searched by its number in Latin digits
    circulars = _text(client.get(url, {"kind": "circular"}))
    found = client.get(url, {"q": "1404/123"})
    # then the kind filters, the number finds its row, and the date is Jalali
    assert "قانون تأمین اجتماعی" not in circulars
    assert "بخشنامهٔ مستمری" in circulars
    assert "بخشنامهٔ حداقل دستمزد" in _text(found)
    assert "بخشنامهٔ مستمری" not in _text(found)
    assert "۱۴۰۵/۰۹/۰۱" in _text(found)
    # and the number is written left to right for copying
    assert '<bdi dir="ltr" class="code">۱۴۰۴/۱۲۳</bdi>' in found.content.decode()
    # and its page names the number and both forms of the date
    page = client.get(reverse("content:legal_detail", args=[circular.pk]))
    assert "۱۴۰۵/۰۹/۰۱" in _text(page)
    assert "۱ آذر ۱۴۰۵" in _text(page)
    assert "۱۴۰۴/۱۲۳" in _text(page)


def test_an_unknown_kind_or_a_control_character_lists_everything_instead_of_failing(client):
    # given one circular
    LegalTextFactory(title="بخشنامهٔ تنها")
    # when the filters hold values no form offers
    response = client.get(reverse("content:legal_list"), {"kind": "poem", "q": "a\x01b"})
    # then the page still answers and drops the bad filters
    assert response.status_code == 200
    assert "بخشنامهٔ تنها" in _text(response)


def test_future_and_unpublished_laws_are_hidden(client):
    # given a circular issued tomorrow and a withdrawn one
    tomorrow = LegalTextFactory(title="بخشنامهٔ فردا", issued_on=TOMORROW)
    withdrawn = LegalTextFactory(title="بخشنامهٔ پس‌گرفته", is_published=False)
    # then neither is listed, and their pages are 404
    listing = _text(client.get(reverse("content:legal_list")))
    assert "بخشنامهٔ فردا" not in listing
    assert "بخشنامهٔ پس‌گرفته" not in listing
    for hidden in (tomorrow, withdrawn):
        assert client.get(reverse("content:legal_detail", args=[hidden.pk])).status_code == 404


def test_faqs_are_grouped_by_audience_and_filtered(client):
    # given questions for all, for insured persons and for employers, and a withdrawn one
    FaqFactory(question="ثبت‌نام در درگاه چگونه است؟", audience=Audience.ALL)
    FaqFactory(question="سوابق را چگونه ببینم؟", audience=Audience.INSURED)
    FaqFactory(question="مهلت ارسال لیست کی است؟", audience=Audience.EMPLOYERS)
    FaqFactory(question="پرسش پس‌گرفته؟", is_published=False)
    url = reverse("content:faq_list")
    # when every question is listed
    everything = client.get(url).content.decode()
    # then each audience has its group, in order, and the withdrawn one is absent
    headings = re.findall(r'<h2 class="h5" id="faq-(\w+)">', everything)
    assert headings == ["all", "insured", "employers"]
    assert "پرسش پس‌گرفته" not in everything
    # when employers' questions are asked for
    employers = _text(client.get(url, {"audience": "employers"}))
    # then theirs and those for all are shown, not the insured's
    assert "مهلت ارسال لیست کی است؟" in employers
    assert "ثبت‌نام در درگاه چگونه است؟" in employers
    assert "سوابق را چگونه ببینم؟" not in employers
    # and a search with Arabic letters narrows them
    found = _text(client.get(url, {"q": "سوابق را ببينم"}))
    assert "سوابق را چگونه ببینم؟" in found
    assert "مهلت ارسال لیست" not in found


def test_about_lists_published_sections_in_order(client):
    # given three sections in staff's order, one withdrawn
    AboutSectionFactory(title="مأموریت", order=20)
    AboutSectionFactory(title="تاریخچه", order=10)
    AboutSectionFactory(title="پیش‌نویس", order=5, is_published=False)
    # when the page is opened
    html = client.get(reverse("content:about")).content.decode()
    # then the published sections appear in order
    titles = re.findall(r'<h2 class="h5" id="about-\d+-title">(.*?)</h2>', html)
    assert titles == ["تاریخچه", "مأموریت"]


def test_staff_text_is_escaped_never_trusted_as_html(client):
    # given a news body holding markup
    item = NewsItemFactory(body="<script>alert(1)</script> <b>درشت</b>")
    # then the page shows it as text
    html = client.get(reverse("content:news_detail", args=[item.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;" in html
    assert "&gt;" in html
    assert "درشت" in html
    assert "<b>درشت</b>" not in html


def test_home_and_every_page_link_the_public_content(client):
    # given the home page
    html = client.get("/").content.decode()
    # then it links each content page, and each of them opens without signing in
    for name in ("news_list", "faq_list", "legal_list", "form_list", "about"):
        url = reverse(f"content:{name}")
        assert f'href="{url}"' in html, name
        assert client.get(url).status_code == 200, name
