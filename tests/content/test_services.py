"""The content's writes from outside the admin: a common question created (by the 1420 desk)
and published or taken down, each audited; the reads the desk needs."""

from __future__ import annotations

import pytest

from tamin.content import selectors, services
from tamin.content.models import Audience, Faq
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.content.factories import FaqFactory

pytestmark = pytest.mark.django_db


def test_faq_create_cleans_the_text_and_audits_the_row():
    # given an officer
    actor = UserFactory()
    # when a question comes with stray spaces, a topic and a ticket's id
    faq = services.faq_create(
        question="  حقوق مستمری كی واریز می‌شود؟ ",
        answer="روز اول هر ماه.\n\nاگر تعطیل باشد، روز کاری بعد.",
        audience=Audience.PENSIONERS,
        topic=" مستمری ",
        source_ticket_id=42,
        published=True,
        actor=actor,
    )
    # then it is stored trimmed, searchable (Arabic «ك», the topic too) and public
    faq.refresh_from_db()
    assert (faq.question, faq.topic, faq.source_ticket_id, faq.order) == (
        "حقوق مستمری كی واریز می‌شود؟",
        "مستمری",
        42,
        100,
    )
    assert faq.answer == "روز اول هر ماه.\n\nاگر تعطیل باشد، روز کاری بعد."
    assert list(selectors.faq_list(audience=Audience.PENSIONERS, query="کی واریز")) == [faq]
    assert list(selectors.faq_list(query="مستمری")) == [faq]
    assert list(selectors.faq_list(audience=Audience.EMPLOYERS)) == []
    # and one audit row names who, what and where it came from
    audit = AuditLog.objects.get(action="content.faq_created")
    assert (audit.actor, audit.target_type, audit.target_id) == (actor, "content.faq", str(faq.pk))
    assert audit.after == {
        "is_published": True,
        "audience": "pensioners",
        "topic": "مستمری",
        "source_ticket_id": 42,
    }


def test_faq_create_unpublished_is_absent_from_every_public_read():
    faq = services.faq_create(question="پرسش؟", answer="پاسخ.", published=False, actor=None)
    assert faq.audience == Audience.ALL
    assert not selectors.faq_list().exists()
    assert selectors.faq_get(pk=faq.pk) is None
    assert selectors.faq_get(pk=faq.pk, include_unpublished=True) == faq


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"question": "   "}, "question_required"),
        ({"question": "پ" * 301}, "question_too_long"),
        ({"question": "پرسش\nدو خط؟"}, "question_invalid"),
        ({"answer": ""}, "answer_required"),
        ({"answer": "پ" * 5001}, "answer_too_long"),
        ({"answer": "پاسخ\x00"}, "answer_invalid"),
        ({"topic": "م" * 121}, "topic_too_long"),
        ({"audience": "students"}, "audience_invalid"),
    ],
)
def test_faq_create_refuses_bad_text_and_writes_nothing(changes, code):
    arguments = {"question": "پرسش؟", "answer": "پاسخ.", "published": True, "actor": None}
    with pytest.raises(ApplicationError) as refused:
        services.faq_create(**{**arguments, **changes})
    assert refused.value.code == code
    assert refused.value.message  # Persian, for the form
    assert not Faq.objects.exists()
    assert not AuditLog.objects.exists()


def test_faq_set_published_changes_every_reader_and_audits_each_change():
    # given a published question and an officer
    faq = FaqFactory(source_ticket_id=7)
    actor = UserFactory()
    # when it is taken down, taken down again, and put back
    services.faq_set_published(faq_id=faq.pk, published=False, actor=actor)
    assert selectors.faq_get(pk=faq.pk) is None
    services.faq_set_published(faq_id=faq.pk, published=False, actor=actor)
    services.faq_set_published(faq_id=faq.pk, published=True, actor=actor)
    # then it is public again and two changes are audited (the repeat wrote nothing)
    assert selectors.faq_get(pk=faq.pk) == faq
    rows = AuditLog.objects.filter(target_type="content.faq", target_id=str(faq.pk)).order_by("id")
    assert [(row.action, row.before, row.after, row.detail) for row in rows] == [
        (
            "content.faq_unpublished",
            {"is_published": True},
            {"is_published": False},
            {"source_ticket_id": 7},
        ),
        (
            "content.faq_published",
            {"is_published": False},
            {"is_published": True},
            {"source_ticket_id": 7},
        ),
    ]


def test_faq_set_published_of_a_missing_question():
    with pytest.raises(ApplicationError) as refused:
        services.faq_set_published(faq_id=2**63 - 1, published=True, actor=None)
    assert refused.value.code == "faq_not_found"


def test_questions_of_a_source_ticket_and_wording_lookup():
    first = FaqFactory(source_ticket_id=5, is_published=False)
    second = FaqFactory(source_ticket_id=5)
    FaqFactory(source_ticket_id=6)
    FaqFactory(question="پرسشی از ویراستاران؟")
    assert list(selectors.faq_list_for_source_ticket(ticket_id=5)) == [first, second]
    assert list(selectors.faq_list_for_source_ticket(ticket_id=2**63)) == []
    assert selectors.faq_question_exists(question=" پرسشی از ویراستاران؟ ")
    assert not selectors.faq_question_exists(question="پرسشی دیگر؟")
