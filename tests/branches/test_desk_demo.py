"""Demo data and message templates of the contact desk."""

import io

import pytest
from django.urls import reverse

from branches.demo import desk as demo_desk
from branches.models import Faq, Ticket, TicketCategory, TicketStatus
from notifications.models import NotificationTemplate
from tamin.accounts.demo import accounts as accounts_demo

pytestmark = pytest.mark.django_db


def test_desk_seed_is_idempotent_and_gives_the_demo_insured_an_open_ticket(client):
    # given the demo accounts
    accounts_demo.seed(io.StringIO())
    # when the desk seed runs twice
    demo_desk.seed(io.StringIO())
    demo_desk.seed(io.StringIO())
    # then categories, published FAQs and one open ticket exist once each
    assert TicketCategory.objects.count() == len(demo_desk.CATEGORIES)
    assert Faq.objects.filter(is_published=True).count() == len(demo_desk.FAQS)
    ticket = Ticket.objects.get()
    assert ticket.requester.national_code == demo_desk.DEMO_REQUESTER
    assert ticket.status == TicketStatus.OPEN
    assert ticket.messages.count() == 1
    # and the public page shows the FAQs
    html = client.get(reverse("branches:contact")).content.decode()
    assert demo_desk.FAQS[0][1] in html


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
