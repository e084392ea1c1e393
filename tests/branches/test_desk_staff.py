"""The desk's side: the shared queue, answering, closing, publishing FAQs; citizens see none of it."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import TicketStatus
from branches.selectors.desk import (
    CONTACT_FAQS_SHOWN,
    desk_staff_is,
    faq_get_for_staff,
    faq_groups_for_contact_page,
    faq_list_for_ticket,
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
from tamin.content import selectors as content_selectors
from tamin.content.models import Audience, Faq
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories_desk import (
    DeskFaqFactory,
    StaffMembershipFactory,
    TicketCategoryFactory,
    TicketFactory,
    TicketMessageFactory,
    desk_staff,
)
from tests.content.factories import FaqFactory

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
    faq = DeskFaqFactory(ticket=ticket)
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
    faq.refresh_from_db()
    assert faq.is_published
    assert not Faq.objects.exclude(pk=faq.pk).exists()


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
    # when the officer publishes a question and answer from it, for pensioners
    response = client.post(
        url,
        {
            "action": "publish_faq",
            "faq-category": ticket.category.key,
            "faq-audience": "pensioners",
            "faq-question": "فیش مستمری کی صادر می‌شود؟",
            "faq-answer": "اوایل هر ماه.",
        },
    )
    assert response.status_code == 302
    # then it is one common question of the public content, topic = the category's title
    faq = Faq.objects.get(source_ticket_id=ticket.pk)
    assert (faq.is_published, faq.topic, faq.audience) == (True, "مستمری", Audience.PENSIONERS)
    # and anyone sees it on the contact page under its topic
    client.logout()
    html = client.get(reverse("branches:contact")).content.decode()
    assert "فیش مستمری کی صادر می‌شود؟" in html
    assert "اوایل هر ماه." in html
    assert '<h3 class="h6 mt-3" data-testid="faq-topic">مستمری</h3>' in html
    # when the officer takes it down
    client.force_login(staff)
    client.post(url, {"action": "unpublish_faq", "faq_id": faq.pk})
    # then it is gone from the public page but kept, and the staff page offers it back
    client.logout()
    html = client.get(reverse("branches:contact")).content.decode()
    assert "فیش مستمری کی صادر می‌شود؟" not in html
    faq.refresh_from_db()
    assert not faq.is_published
    client.force_login(staff)
    staff_html = client.get(url).content.decode()
    assert 'name="action" value="republish_faq"' in staff_html
    actions = list(
        AuditLog.objects.filter(
            target_type="content.faq", target_id=str(faq.pk), actor=staff
        ).values_list("action", flat=True)
    )
    assert sorted(actions) == ["content.faq_created", "content.faq_unpublished"]


def test_faq_publish_and_unpublish_services():
    # given a ticket
    ticket = TicketFactory()
    staff = desk_staff()
    other = TicketCategoryFactory(key="portal", title="درگاه و ورود")
    # when a FAQ is published under another category, withdrawn and put back
    faq = faq_publish_from_ticket(
        staff_user=staff,
        ticket_id=ticket.pk,
        question="  پرسش  ",
        answer="پاسخ",
        category_key="portal",
    )
    assert (faq.question, faq.topic, faq.audience) == ("پرسش", other.title, Audience.ALL)
    assert faq.source_ticket_id == ticket.pk
    assert list(content_selectors.faq_list()) == [faq]
    assert list(content_selectors.faq_list(query="ورود")) == [faq]  # the topic is searched
    faq_unpublish(staff_user=staff, faq_id=faq.pk)
    assert list(content_selectors.faq_list()) == []
    faq_unpublish(staff_user=staff, faq_id=faq.pk)  # again: nothing changes, no audit row
    faq_publish(staff_user=staff, faq_id=faq.pk)
    assert list(content_selectors.faq_list()) == [faq]
    # then three changes are audited
    actions = AuditLog.objects.filter(target_type="content.faq", target_id=str(faq.pk))
    assert sorted(actions.values_list("action", flat=True)) == [
        "content.faq_created",
        "content.faq_published",
        "content.faq_unpublished",
    ]
    # and the wording's rules are the content's
    for question, answer, code in (
        ("", "پاسخ", "question_required"),
        ("پ" * 301, "پاسخ", "question_too_long"),
        ("پرسش", " ", "answer_required"),
        ("پرسش\x07", "پاسخ", "question_invalid"),
    ):
        with pytest.raises(ApplicationError) as refused:
            faq_publish_from_ticket(
                staff_user=staff, ticket_id=ticket.pk, question=question, answer=answer
            )
        assert refused.value.code == code
    with pytest.raises(ApplicationError) as refused:
        faq_publish_from_ticket(
            staff_user=staff, ticket_id=ticket.pk, question="پرسش", answer="پاسخ", audience="x"
        )
    assert refused.value.code == "audience_invalid"
    assert Faq.objects.count() == 1


def test_desk_staff_cannot_take_down_what_the_content_editors_wrote(client):
    # given a question written in the admin (no ticket) and a desk officer on a ticket page
    written = FaqFactory(question="پرسش نوشته‌شده در مدیریت محتوا؟")
    ticket = TicketFactory()
    staff = desk_staff()
    # when the officer posts its id to take it down
    with pytest.raises(Http404):
        faq_get_for_staff(user=staff, faq_id=written.pk)
    with pytest.raises(Http404):
        faq_unpublish(staff_user=staff, faq_id=written.pk)
    client.force_login(staff)
    url = reverse("branches:ticket_detail_staff", kwargs={"ticket_id": ticket.pk})
    assert client.post(url, {"action": "unpublish_faq", "faq_id": written.pk}).status_code == 404
    # then it stays published and nothing is audited
    written.refresh_from_db()
    assert written.is_published
    assert not AuditLog.objects.filter(target_type="content.faq").exists()


def test_staff_page_lists_only_this_tickets_questions():
    # given two tickets, each with a question published from it
    ticket, other_ticket = TicketFactory.create_batch(2)
    mine = DeskFaqFactory(ticket=ticket)
    DeskFaqFactory(ticket=other_ticket)
    withdrawn = DeskFaqFactory(ticket=ticket, is_published=False)
    # then the ticket's page lists its own, published or not
    assert list(faq_list_for_ticket(ticket=ticket)) == [mine, withdrawn]


def test_contact_page_shows_the_first_questions_grouped_by_topic_in_constant_queries(
    client, django_assert_num_queries
):
    # given questions of two desk topics, one written in the admin without a topic, a draft
    DeskFaqFactory.create_batch(2, ticket__category__title="سوابق بیمه", order=1)
    FaqFactory(question="پرسش عمومی بی‌موضوع؟", order=2)
    DeskFaqFactory(ticket__category__title="مستمری", order=3)
    FaqFactory(is_published=False, question="پیش‌نویس")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("branches:contact"))
    # when more questions than the page shows are published
    DeskFaqFactory.create_batch(CONTACT_FAQS_SHOWN, ticket__category__title="مستمری", order=9)
    with django_assert_num_queries(len(few.captured_queries) + 1):  # + the total's count
        html = client.get(reverse("branches:contact")).content.decode()
    # then the first ones show, by topic, those without one last, and a link to all of them
    assert html.count('data-testid="faq"') == CONTACT_FAQS_SHOWN
    assert html.count('<h4 class="accordion-header">') == CONTACT_FAQS_SHOWN  # under topics
    assert "پیش‌نویس" not in html
    headings = [group.heading for group in faq_groups_for_contact_page().groups]
    assert headings == ["سوابق بیمه", "مستمری", "سایر پرسش‌ها"]
    total = CONTACT_FAQS_SHOWN + 4
    assert 'href="/faq/" data-testid="faq-all">همهٔ ۱۴ پرسش متداول' in html
    assert faq_groups_for_contact_page().total == total


def test_contact_page_without_topics_has_no_headings(client):
    FaqFactory(question="پرسش یکم؟")
    FaqFactory(question="پرسش دوم؟")
    groups = faq_groups_for_contact_page().groups
    assert [(group.heading, len(group.faqs)) for group in groups] == [("", 2)]
    html = client.get(reverse("branches:contact")).content.decode()
    assert 'data-testid="faq-topic"' not in html
    assert html.count('data-testid="faq"') == 2
    # the questions are the headings under «پرسش‌های متداول» (no level skipped)
    assert html.count('<h3 class="accordion-header">') == 2
    assert '<h4 class="accordion-header">' not in html
