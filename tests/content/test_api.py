"""/api/v1/content/: the same rows as the pages, without signing in, in the documented shape."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tamin.content.models import Audience, LegalKind
from tests.content.conftest import TODAY
from tests.content.factories import (
    ABAN_1ST_1405,
    AboutSectionFactory,
    FaqFactory,
    LegalTextFactory,
    NewsItemFactory,
    office_bytes,
    sample_form,
)

pytestmark = pytest.mark.django_db

TOMORROW = TODAY + dt.timedelta(days=1)


def test_news_list_and_item_in_iso_dates(client):
    # given a published item, a withdrawn one and one dated tomorrow
    item = NewsItemFactory(title="خبر آبان", summary="خلاصه", published_on=ABAN_1ST_1405)
    withdrawn = NewsItemFactory(is_published=False)
    tomorrow = NewsItemFactory(published_on=TOMORROW)
    # when an app that is not signed in reads the list
    response = client.get("/api/v1/content/news/")
    # then only the published item is there, with its ISO date
    assert response.status_code == 200
    assert response.json() == {
        "page": 1,
        "num_pages": 1,
        "count": 1,
        "news": [
            {"id": item.pk, "title": "خبر آبان", "summary": "خلاصه", "published_on": "2026-10-23"}
        ],
    }
    # and the item carries its body; the hidden ones are 404 in the one error shape
    detail = client.get(f"/api/v1/content/news/{item.pk}/").json()
    assert detail["body"] == item.body
    for hidden in (withdrawn, tomorrow):
        missing = client.get(f"/api/v1/content/news/{hidden.pk}/")
        assert missing.status_code == 404
        assert missing.json()["code"] == "not_found"


def test_news_pages_and_search(client):
    # given 25 items and one about pensions
    for days in range(25):
        NewsItemFactory(published_on=TODAY - dt.timedelta(days=days + 1))
    NewsItemFactory(title="افزایش مستمری", published_on=TODAY)
    # then 20 come a page, the second page holds the rest
    first = client.get("/api/v1/content/news/").json()
    second = client.get("/api/v1/content/news/", {"page": 2}).json()
    assert (first["count"], first["num_pages"], len(first["news"])) == (26, 2, 20)
    assert len(second["news"]) == 6
    assert first["news"][0]["title"] == "افزایش مستمری"  # newest first
    # and q finds with Arabic letters
    found = client.get("/api/v1/content/news/", {"q": "مستمري"}).json()
    assert [row["title"] for row in found["news"]] == ["افزایش مستمری"]


def test_faqs_by_audience_and_query(client):
    # given questions for all, insured persons and pensioners
    general = FaqFactory(question="ثبت‌نام چگونه است؟", audience=Audience.ALL, order=1)
    FaqFactory(question="سوابق کجاست؟", audience=Audience.INSURED, order=2)
    pension = FaqFactory(
        question="فیش حقوقی کجاست؟", audience=Audience.PENSIONERS, order=3, topic="مستمری"
    )
    # when pensioners' questions are read
    body = client.get("/api/v1/content/faqs/", {"audience": "pensioners"}).json()
    # then theirs and those for all come, in staff's order, with labels
    assert body["count"] == 2
    assert [faq["id"] for faq in body["faqs"]] == [general.pk, pension.pk]
    assert body["faqs"][1] == {
        "id": pension.pk,
        "question": "فیش حقوقی کجاست؟",
        "answer": pension.answer,
        "audience": "pensioners",
        "audience_label": "مستمری‌بگیران",
        "topic": "مستمری",
    }
    assert body["faqs"][0]["topic"] == ""
    # and q narrows them; an unknown audience is a 400 in the one error shape
    assert client.get("/api/v1/content/faqs/", {"q": "فيش"}).json()["count"] == 1
    bad = client.get("/api/v1/content/faqs/", {"audience": "students"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "validation_error"
    assert "audience" in bad.json()["extra"]["fields"]


def test_laws_by_kind_query_and_page(client):
    # given a law and a circular numbered ۱۴۰۴/۱۲۳
    LegalTextFactory(kind=LegalKind.LAW, number="۲۸۳۴۹", title="قانون تأمین اجتماعی")
    circular = LegalTextFactory(
        kind=LegalKind.CIRCULAR,
        number="۱۴۰۴/۱۲۳",
        title="بخشنامهٔ حداقل دستمزد",
        issued_on=ABAN_1ST_1405,
        audience=Audience.EMPLOYERS,
    )
    hidden = LegalTextFactory(issued_on=TOMORROW)
    # when the circulars matching «1404/123» are read
    body = client.get("/api/v1/content/laws/", {"kind": "circular", "q": "1404/123"}).json()
    # then the circular comes with its number as published and its ISO date
    assert body["count"] == 1
    assert body["texts"][0] == {
        "id": circular.pk,
        "kind": "circular",
        "kind_label": "بخشنامه",
        "number": "۱۴۰۴/۱۲۳",
        "title": "بخشنامهٔ حداقل دستمزد",
        "issued_on": "2026-10-23",
        "summary": "",
        "audience": "employers",
        "audience_label": "کارفرمایان",
    }
    # and its detail has the body; one issued tomorrow is 404
    assert client.get(f"/api/v1/content/laws/{circular.pk}/").json()["body"] == circular.body
    assert client.get(f"/api/v1/content/laws/{hidden.pk}/").status_code == 404
    # and a bad kind, a page 0 or a control character is 400
    for params in ({"kind": "poem"}, {"page": 0}, {"q": "a\x01"}, {"q": "ب" * 81}):
        assert client.get("/api/v1/content/laws/", params).status_code == 400, params


def test_forms_carry_an_absolute_download_url(client):
    # given a PDF form for insured persons and an XLSX for employers
    pdf = sample_form(title="فرم ازدواج", code="۱۰۸", audience=Audience.INSURED)
    data = office_bytes("xlsx")
    sheet = sample_form(
        data=data,
        extension="xlsx",
        title="فهرست کارکنان",
        code="",
        audience=Audience.EMPLOYERS,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        order=200,
    )
    # when the forms are read
    body = client.get("/api/v1/content/forms/").json()
    # then each names its type and size and an absolute URL that downloads it
    assert body["count"] == 2
    first, second = body["forms"]
    assert first["id"] == pdf.pk
    assert (first["file_type"], first["code"], first["audience"]) == ("PDF", "۱۰۸", "insured")
    assert first["download_url"] == (
        "http://testserver" + reverse("content:form_download", args=[pdf.pk])
    )
    assert (second["file_type"], second["file_size"]) == ("XLSX", len(data))
    download = client.get(second["download_url"])
    assert b"".join(download.streaming_content) == data
    # and an audience narrows them
    employers = client.get("/api/v1/content/forms/", {"audience": "employers"}).json()
    assert [row["id"] for row in employers["forms"]] == [sheet.pk]


def test_about_sections_in_order_with_a_short_text_that_fits_a_ussd_screen(client):
    # given a section with staff's short text and one without, whose body is long
    AboutSectionFactory(title="مأموریت", order=20, short_text="", body="واژه " * 40)
    AboutSectionFactory(title="تاریخچه", order=10, short_text="از سال ۱۳۵۴.")
    AboutSectionFactory(title="پیش‌نویس", order=1, is_published=False)
    # when they are read
    sections = client.get("/api/v1/content/about/").json()["sections"]
    # then the published ones come in order; the short text is staff's or the body's start
    assert [s["title"] for s in sections] == ["تاریخچه", "مأموریت"]
    assert sections[0]["short_text"] == "از سال ۱۳۵۴."
    assert sections[1]["short_text"].endswith("…")
    assert len(sections[1]["short_text"]) <= 80
    assert sections[1]["short_text"].startswith("واژه واژه")


def test_a_signed_in_app_reads_the_same(client, django_user_model):
    # given a signed-in person (session) and one news item
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory())
    NewsItemFactory()
    # then the public API answers them too
    assert client.get("/api/v1/content/news/").json()["count"] == 1
