"""branches 0013: the desk's FAQs move into the public content's common questions, and back
on a rollback. Run on PostgreSQL, whose schema changes roll back with the test."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tamin.content import selectors as content_selectors
from tests.branches.factories_desk import TicketCategoryFactory, TicketFactory

pytestmark = pytest.mark.django_db

BEFORE = [
    ("branches", "0012_appointment_service_by_request_only"),
    ("content", "0001_initial"),
]
AFTER = [
    ("branches", "0013_faq_to_content"),
    ("content", "0002_faq_topic_source_ticket"),
]
LONG_AGO = dt.datetime(2024, 3, 20, 8, 30, tzinfo=dt.UTC)


def _migrate(targets):
    # Rows written in this transaction must not hold back the table's DROP.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_desk_faqs_move_into_the_content_and_back(postgres_required):
    # given the schema before the move, with the desk's FAQs: one from a ticket (withdrawn),
    # one published without a ticket, and one the content already has word for word
    apps = _migrate(BEFORE)
    DeskFaq = apps.get_model("branches", "Faq")
    ContentFaq = apps.get_model("content", "Faq")
    Category = apps.get_model("branches", "TicketCategory")
    Ticket = apps.get_model("branches", "Ticket")
    pension = Category.objects.get(pk=TicketCategoryFactory(key="pension", title="مستمری").pk)
    portal = Category.objects.get(pk=TicketCategoryFactory(key="portal", title="درگاه و ورود").pk)
    ticket = Ticket.objects.get(pk=TicketFactory(category_id=pension.pk).pk)
    from_ticket = DeskFaq.objects.create(
        category=pension,
        question="فیش مستمری کی صادر می‌شود؟",
        answer="اوایل هر ماه.",
        is_published=False,
        source_ticket=ticket,
        order=30,
    )
    DeskFaq.objects.filter(pk=from_ticket.pk).update(created_at=LONG_AGO, updated_at=LONG_AGO)
    DeskFaq.objects.create(
        category=portal,
        question="کد تأیید ورود پیامک نمی‌شود؛ چه کنم؟",
        answer="چند دقیقه صبر کنید و دوباره بخواهید.",
        is_published=True,
        order=10,
    )
    ContentFaq.objects.create(question="گذرواژه را فراموش کرده‌ام؟", answer="از صفحهٔ ورود.")
    DeskFaq.objects.create(
        category=portal,
        question="گذرواژه را فراموش کرده‌ام؟",
        answer="از صفحهٔ ورود.",
        is_published=True,
    )

    # when the release's migrations run
    apps = _migrate(AFTER)

    # then every desk FAQ is a common question for all, with its topic, ticket, state, order
    # and times, and the one the content had is there once
    ContentFaq = apps.get_model("content", "Faq")
    rows = ContentFaq.objects.order_by("question")
    assert list(
        rows.values_list("question", "topic", "source_ticket_id", "is_published", "order")
    ) == [
        ("فیش مستمری کی صادر می‌شود؟", "مستمری", ticket.pk, False, 30),
        ("کد تأیید ورود پیامک نمی‌شود؛ چه کنم؟", "درگاه و ورود", None, True, 10),
        ("گذرواژه را فراموش کرده‌ام؟", "", None, True, 100),
    ]
    assert set(rows.values_list("audience", flat=True)) == {"all"}
    moved = rows.get(source_ticket_id=ticket.pk)
    assert (moved.created_at, moved.updated_at) == (LONG_AGO, LONG_AGO)
    # and the desk's table is gone
    assert "branches_faq" not in connection.introspection.table_names()
    # and search finds the moved ones (their folded text was written: Arabic «ك», the topic)
    assert [faq.question for faq in content_selectors.faq_list(query="كد تأييد")] == [
        "کد تأیید ورود پیامک نمی‌شود؛ چه کنم؟"
    ]
    assert [faq.question for faq in content_selectors.faq_list(query="درگاه")] == [
        "کد تأیید ورود پیامک نمی‌شود؛ چه کنم؟"
    ]
    ContentFaq.objects.create(question="پرسش ویراستاران؟", answer="پاسخ.")

    # when the release is rolled back
    apps = _migrate(BEFORE)

    # then the desk's questions are the desk's again, and the editors' stay in the content
    DeskFaq = apps.get_model("branches", "Faq")
    ContentFaq = apps.get_model("content", "Faq")
    back = DeskFaq.objects.order_by("question")
    assert list(
        back.values_list("question", "category__key", "source_ticket_id", "is_published", "order")
    ) == [
        ("فیش مستمری کی صادر می‌شود؟", "pension", ticket.pk, False, 30),
        ("کد تأیید ورود پیامک نمی‌شود؛ چه کنم؟", "portal", None, True, 10),
    ]
    assert back.get(source_ticket_id=ticket.pk).created_at == LONG_AGO
    assert sorted(ContentFaq.objects.values_list("question", flat=True)) == [
        "پرسش ویراستاران؟",
        "گذرواژه را فراموش کرده‌ام؟",
    ]

    # and migrating forward again leaves the database as the test found it
    _migrate(AFTER)
