"""The demo content: realistic rows, USSD-sized short texts, valid PDFs, idempotent seeding."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tamin.content import demo, selectors
from tamin.content.models import AboutSection, Faq, LegalText, NewsItem, SampleForm
from tamin.content.uploads import sample_form_inspect

pytestmark = pytest.mark.django_db


def _snapshot() -> dict:
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (NewsItem, Faq, LegalText, SampleForm, AboutSection)
    }


def test_seeding_twice_makes_the_same_rows_and_files(private_store):
    # when the demo content is seeded twice
    demo.seed(io.StringIO())
    first = _snapshot()
    files = sorted(SampleForm.objects.values_list("file", flat=True))
    stored = sorted(path.name for path in private_store.rglob("*.pdf"))
    demo.seed(io.StringIO())
    # then the second run changes no row and writes no file
    assert _snapshot() == first
    assert sorted(SampleForm.objects.values_list("file", flat=True)) == files
    assert sorted(path.name for path in private_store.rglob("*.pdf")) == stored
    assert len(first["NewsItem"]) == 5
    assert len(first["Faq"]) == 10
    assert len(first["SampleForm"]) == 3
    assert len(stored) == 3


def test_seeding_over_a_second_copy_of_a_question_keeps_both_and_updates_the_oldest(
    private_store,
):
    # Given a database seeded before the desk's questions moved into content: the same
    # wording twice (the desk's copy carries its ticket)
    question = demo.FAQS[0][2]
    oldest = Faq.objects.create(question=question, answer="پاسخ قدیمی", is_published=False)
    copy = Faq.objects.create(question=question, answer="پاسخ میز", source_ticket_id=7)
    # when the demo content is seeded
    demo.seed(io.StringIO())
    # then it does not stop: the oldest row is the demo's again and the copy is left alone
    oldest.refresh_from_db()
    copy.refresh_from_db()
    assert (oldest.answer, oldest.is_published) == (demo.FAQS[0][3], True)
    assert copy.answer == "پاسخ میز"
    assert Faq.objects.filter(question=question).count() == 2


def test_demo_content_is_shown_searchable_and_fits_the_ussd_screen(client):
    # given the demo content
    demo.seed(io.StringIO())
    # then every about section has a short text of at most 80 characters
    for section in selectors.about_sections():
        assert 0 < len(section.short_text) <= 80, section.title
        assert selectors.about_section_short_text(section=section) == section.short_text
    # and the Social Security Law and the circular ۱۴۰۴/۱۲۳ are found as people type them
    assert selectors.legal_text_list(kind="law", query="قانون تامين اجتماعي").count() == 1
    assert selectors.legal_text_list(query="1404/123").get().number == "۱۴۰۴/۱۲۳"
    # and every audience has questions, and the news are all published by today
    assert {faq.audience for faq in selectors.faq_list()} == {
        "all",
        "insured",
        "employers",
        "pensioners",
    }
    assert selectors.news_list().count() == 5
    # and each form's PDF passes the same check as a staff upload, and downloads
    for form in selectors.sample_form_list():
        data = form.file.read()
        form.file.close()
        inspected = sample_form_inspect(upload=SimpleUploadedFile("form.pdf", data))
        assert (inspected.size, form.file_size) == (len(data), len(data))
        response = client.get(reverse("content:form_download", args=[form.pk]))
        assert b"".join(response.streaming_content) == data
