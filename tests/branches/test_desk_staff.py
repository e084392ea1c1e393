"""The desk's side: the shared queue, answering, closing, publishing FAQs; citizens see none of it."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Faq, TicketStatus
from branches.selectors.desk import (
    desk_staff_is,
    faq_get_for_staff,
    faq_list_published,
    ticket_get_for_staff,
    ticket_queue_for_staff,
)
from branches.services.desk import (
    faq_publish,
    faq_publish_from_ticket,
    faq_unpublish,
    ticket_answer,
    ticket_close,
)
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories_desk import (
    FaqFactory,
    StaffMembershipFactory,
    TicketCategoryFactory,
    TicketFactory,
    TicketMessageFactory,
    desk_staff,
)

pytestmark = pytest.mark.django_db


def _tickets_with_messages(count, **kwargs):
    tickets = TicketFactory.create_batch(count, **kwargs)
    for ticket in tickets:
        TicketMessageFactory(ticket=ticket)
    return tickets


# --- Who is desk staff -------------------------------------------------------------


def test_desk_staff_is_any_active_member_of_an_active_branch():
    assert desk_staff_is(user=desk_staff())
    assert not desk_staff_is(user=UserFactory())
    assert not desk_staff_is(user=StaffMembershipFactory(is_active=False).user)
    assert not desk_staff_is(user=StaffMembershipFactory(branch__is_active=False).user)


def test_citizen_gets_404_from_staff_selectors_and_services():
    # given a ticket and a citizen (even its own requester)
    ticket = TicketMessageFactory().ticket
    faq = FaqFactory()
    for outsider in (UserFactory(), ticket.requester):
        # when / then every staff read and write is a 404
        with pytest.raises(Http404):
            ticket_queue_for_staff(user=outsider)
        with pytest.raises(Http404):
            ticket_get_for_staff(user=outsider, ticket_id=ticket.pk)
        with pytest.raises(Http404):
            faq_get_for_staff(user=outsider, faq_id=faq.pk)
        with pytest.raises(Http404):
            ticket_answer(staff_user=outsider, ticket_id=ticket.pk, body="پاسخ")
        with pytest.raises(Http404):
            faq_publish_from_ticket(
                staff_user=outsider, ticket_id=ticket.pk, question="پرسش", answer="پاسخ"
            )
        with pytest.raises(Http404):
            faq_unpublish(staff_user=outsider, faq_id=faq.pk)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN


def test_staff_selector_404_for_a_missing_ticket():
    with pytest.raises(Http404):
        ticket_get_for_staff(user=desk_staff(), ticket_id=999_999)


@pytest.mark.parametrize("url_name", ["branches:ticket_queue", "branches:ticket_detail_staff"])
def test_staff_pages_are_404_for_citizens(client, url_name):
    ticket = TicketFactory()
    client.force_login(ticket.requester)
    kwargs = {"ticket_id": ticket.pk} if url_name.endswith("staff") else {}
    assert client.get(reverse(url_name, kwargs=kwargs)).status_code == 404
    assert client.post(reverse(url_name, kwargs=kwargs), {"action": "close"}).status_code in (
        404,
        405,
    )
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN


def test_staff_pages_send_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("branches:ticket_queue"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- The queue ---------------------------------------------------------------------


def test_queue_shows_open_tickets_oldest_first_and_filters():
    # given tickets in every state and two categories
    staff = desk_staff()
    records = TicketCategoryFactory(key="records")
    portal = TicketCategoryFactory(key="portal")
    first, second = TicketFactory(category=records), TicketFactory(category=portal)
    answered = TicketFactory(category=records, status=TicketStatus.ANSWERED)
    TicketFactory(status=TicketStatus.CLOSED)
    # when / then the default view is the open work, first come first served
    assert list(ticket_queue_for_staff(user=staff)) == [first, second]
    assert list(ticket_queue_for_staff(user=staff, category="portal")) == [second]
    assert list(ticket_queue_for_staff(user=staff, status="answered")) == [answered]
    assert len(ticket_queue_for_staff(user=staff, status=None)) == 4
    assert list(ticket_queue_for_staff(user=staff, status="bogus")) == []


def test_queue_page_query_count_does_not_grow_with_tickets(client, django_assert_num_queries):
    # given a desk officer and a few open tickets with messages
    staff = desk_staff()
    client.force_login(staff)
    _tickets_with_messages(2)
    url = reverse("branches:ticket_queue")
    client.get(url)  # warm-up: the first request of a session touches it once
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    # when the queue holds many more tickets and categories
    _tickets_with_messages(15)
    # then the page costs the same queries
    # (session, user, roles, staff memberships, categories, desk-staff check, count, rows)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('data-testid="queue-row"') == 17
    assert len(few.captured_queries) <= 8


def test_queue_page_filters_by_category(client):
    client.force_login(desk_staff())
    TicketFactory(category=TicketCategoryFactory(key="pension"), subject="مستمری من")
    TicketFactory(category=TicketCategoryFactory(key="portal"), subject="ورود ناموفق")
    html = client.get(reverse("branches:ticket_queue"), {"category": "pension"}).content.decode()
    assert "مستمری من" in html
    assert "ورود ناموفق" not in html


# --- Answering and closing ---------------------------------------------------------


def test_staff_answers_through_the_page_and_requester_sees_it(client):
    # given an open ticket and a desk officer
    ticket = TicketMessageFactory().ticket
    staff = desk_staff(user__first_name="علی", user__last_name="رضایی")
    client.force_login(staff)
    url = reverse("branches:ticket_detail_staff", kwargs={"ticket_id": ticket.pk})
    # when the officer answers
    response = client.post(url, {"action": "answer", "answer-body": "لیست آبان رسیده است."})
    # then the ticket is answered and the requester sees the answer with the officer's name
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.ANSWERED
    client.force_login(ticket.requester)
    html = client.get(
        reverse("branches:my_ticket_detail", kwargs={"ticket_id": ticket.pk})
    ).content.decode()
    assert "لیست آبان رسیده است." in html
    assert "علی رضایی" in html


def test_staff_closes_any_ticket():
    ticket = TicketFactory()
    staff = desk_staff()
    ticket_close(user=staff, ticket_id=ticket.pk)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CLOSED
    audit = AuditLog.objects.get(action="desk.ticket_closed", target_id=str(ticket.pk))
    assert audit.actor == staff
    assert audit.detail == {"by": "staff"}


# --- FAQ ---------------------------------------------------------------------------


def test_publish_form_is_prefilled_from_the_conversation(client):
    # given a ticket with the person's question and a staff answer
    ticket = TicketMessageFactory(body="چطور فیش حقوقی را ببینم؟").ticket
    staff = desk_staff()
    ticket_answer(staff_user=staff, ticket_id=ticket.pk, body="از پیشخوان، گزینه فیش حقوقی.")
    client.force_login(staff)
    # when the officer opens the ticket
    html = client.get(
        reverse("branches:ticket_detail_staff", kwargs={"ticket_id": ticket.pk})
    ).content.decode()
    # then the FAQ form carries the question and the answer
    assert 'value="چطور فیش حقوقی را ببینم؟"' in html
    assert ">از پیشخوان، گزینه فیش حقوقی.</textarea>" in html


def test_published_faq_appears_on_the_contact_page_and_unpublished_does_not(client):
    # given a ticket and a desk officer
    ticket = TicketMessageFactory(ticket__category__title="مستمری").ticket
    staff = desk_staff()
    client.force_login(staff)
    url = reverse("branches:ticket_detail_staff", kwargs={"ticket_id": ticket.pk})
    # when the officer publishes a question and answer from it
    client.post(
        url,
        {
            "action": "publish_faq",
            "faq-category": ticket.category.key,
            "faq-question": "فیش مستمری کی صادر می‌شود؟",
            "faq-answer": "اوایل هر ماه.",
        },
    )
    faq = Faq.objects.get(source_ticket=ticket)
    assert faq.is_published
    # then anyone sees it on the public page under its category
    client.logout()
    html = client.get(reverse("branches:contact")).content.decode()
    assert "فیش مستمری کی صادر می‌شود؟" in html
    assert "اوایل هر ماه." in html
    assert "مستمری" in html
    # when the officer takes it down
    client.force_login(staff)
    client.post(url, {"action": "unpublish_faq", "faq_id": faq.pk})
    # then it is gone from the public page but kept
    client.logout()
    html = client.get(reverse("branches:contact")).content.decode()
    assert "فیش مستمری کی صادر می‌شود؟" not in html
    faq.refresh_from_db()
    assert not faq.is_published
    actions = list(
        AuditLog.objects.filter(target_id=str(faq.pk), action__startswith="desk.faq").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["desk.faq_published", "desk.faq_unpublished"]


def test_faq_publish_and_unpublish_services():
    # given a ticket
    ticket = TicketFactory()
    staff = desk_staff()
    other = TicketCategoryFactory(key="portal")
    # when a FAQ is published into another category, withdrawn and put back
    faq = faq_publish_from_ticket(
        staff_user=staff,
        ticket_id=ticket.pk,
        question="پرسش",
        answer="پاسخ",
        category_key="portal",
    )
    assert faq.category == other
    assert faq.source_ticket == ticket
    assert list(faq_list_published(category="portal")) == [faq]
    faq_unpublish(staff_user=staff, faq_id=faq.pk)
    assert list(faq_list_published()) == []
    faq_unpublish(staff_user=staff, faq_id=faq.pk)  # again: nothing changes, no audit row
    faq_publish(staff_user=staff, faq_id=faq.pk)
    assert list(faq_list_published()) == [faq]
    # then three changes are audited
    assert (
        AuditLog.objects.filter(target_id=str(faq.pk), action__startswith="desk.faq").count() == 3
    )
    with pytest.raises(ApplicationError):
        faq_publish_from_ticket(staff_user=staff, ticket_id=ticket.pk, question="", answer="پاسخ")


def test_contact_page_groups_faqs_by_category_in_constant_queries(
    client, django_assert_num_queries
):
    FaqFactory.create_batch(2)
    FaqFactory(is_published=False, question="پیش‌نویس")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("branches:contact"))
    FaqFactory.create_batch(8)
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(reverse("branches:contact")).content.decode()
    assert html.count('data-testid="faq"') == 10
    assert "پیش‌نویس" not in html
