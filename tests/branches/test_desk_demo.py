"""Demo data and message templates of the contact desk."""

import io

import pytest
from django.urls import reverse

from branches.demo import desk as demo_desk
from branches.models import Ticket, TicketCategory, TicketStatus
from notifications.models import NotificationTemplate
from tamin.accounts.demo import accounts as accounts_demo
from tamin.content import demo as content_demo
from tamin.content.models import Faq
from tamin.content.search import search_fold

pytestmark = pytest.mark.django_db


def test_desk_seed_is_idempotent_and_gives_the_demo_insured_an_open_ticket(client):
    # given the demo accounts and the content demo's common questions
    accounts_demo.seed(io.StringIO())
    content_demo.seed(io.StringIO())
    content_questions = set(Faq.objects.values_list("question", flat=True))
    # when the desk seed runs twice
    demo_desk.seed(io.StringIO())
    demo_desk.seed(io.StringIO())
    # then categories, the desk's common questions and one open ticket exist once each
    assert TicketCategory.objects.count() == len(demo_desk.CATEGORIES)
    desk = Faq.objects.exclude(question__in=content_questions)
    titles = dict(demo_desk.CATEGORIES)
    assert sorted(desk.values_list("question", "topic", "audience", "is_published")) == sorted(
        (question, titles[key], audience, True) for key, audience, question, _ in demo_desk.FAQS
    )
    ticket = Ticket.objects.get()
    assert ticket.requester.national_code == demo_desk.DEMO_REQUESTER
    assert ticket.status == TicketStatus.OPEN
    assert ticket.messages.count() == 1
    # and the contact page shows them under their topics, the desk's first
    html = client.get(reverse("branches:contact")).content.decode()
    assert demo_desk.FAQS[0][2] in html
    assert f'data-testid="faq-topic">{titles[demo_desk.FAQS[0][0]]}</h3>' in html


def test_desk_demo_repeats_no_question_of_the_content_demo():
    # Folded (Arabic letters, digits, half-spaces), a question is asked once in the portal.
    content = {search_fold(question) for _a, _o, question, _q in content_demo.FAQS}
    desk = {search_fold(question) for _c, _a, question, _q in demo_desk.FAQS}
    assert not content & desk
    assert len(desk) == len(demo_desk.FAQS)


def test_desk_seed_keeps_a_question_already_there():
    # given one of the desk's questions already taken down by an editor
    demo_desk.seed(io.StringIO())
    Faq.objects.filter(question=demo_desk.FAQS[0][2]).update(is_published=False)
    # when the seed runs again, it neither adds a copy nor publishes it again
    demo_desk.seed(io.StringIO())
    assert Faq.objects.filter(question=demo_desk.FAQS[0][2]).get().is_published is False


def test_desk_seed_without_demo_accounts_skips_the_ticket():
    out = io.StringIO()
    demo_desk.seed(out)
    assert not Ticket.objects.exists()
    assert TicketCategory.objects.filter(key="portal").exists()
    assert "Contact desk" in out.getvalue()


def test_ticket_answered_templates_exist_for_sms_and_inbox_and_are_not_legal():
    rows = NotificationTemplate.objects.filter(key="ticket_answered", version=1)
    assert sorted(rows.values_list("channel", flat=True)) == ["inbox", "sms"]
    assert not rows.filter(is_legal=True).exists()
    assert not rows.filter(contains_secret=True).exists()
