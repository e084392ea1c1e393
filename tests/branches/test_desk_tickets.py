"""Tickets from the requester's side: open, reply, close, and nobody else's tickets."""

import pytest
from django.http import Http404
from django.urls import reverse

from branches.models import Ticket, TicketMessage, TicketStatus
from branches.selectors.desk import (
    ticket_get_for_requester,
    ticket_list_for_requester,
    ticket_messages_list,
)
from branches.services.desk import ticket_answer, ticket_close, ticket_open, ticket_reply
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories_desk import (
    TicketCategoryFactory,
    TicketFactory,
    TicketMessageFactory,
    desk_staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return TicketCategoryFactory(key="records", title="سوابق بیمه")


def test_open_gives_a_tracking_code_and_the_first_message(category):
    # given a signed-in person
    person = UserFactory()
    # when they open a ticket
    ticket = ticket_open(
        requester=person,
        category_key="records",
        subject="  سابقه ثبت نشده  ",
        body="سابقه مهر ماه من نیامده است.",
    )
    # then it is open, has a 10-digit tracking code, one message, and an audit row
    assert ticket.status == TicketStatus.OPEN
    assert len(ticket.tracking_code) == 10
    assert ticket.tracking_code.isdigit()
    assert ticket.subject == "سابقه ثبت نشده"
    [message] = ticket.messages.all()
    assert message.author == person
    assert not message.from_staff
    assert AuditLog.objects.filter(action="desk.ticket_opened", target_id=str(ticket.pk)).exists()


@pytest.mark.parametrize(
    ("category_key", "subject", "body", "code"),
    [
        ("nope", "عنوان", "متن", "category_invalid"),
        ("records", "   ", "متن", "subject_required"),
        ("records", "عنوان", "", "body_required"),
        ("records", "عنوان", "x" * 5001, "body_too_long"),
    ],
)
def test_open_refuses_broken_input(category, category_key, subject, body, code):
    with pytest.raises(ApplicationError) as error:
        ticket_open(requester=UserFactory(), category_key=category_key, subject=subject, body=body)
    assert error.value.code == code
    assert not Ticket.objects.exists()


def test_reply_reopens_an_answered_ticket():
    # given a ticket the desk has answered
    ticket = TicketMessageFactory().ticket
    ticket_answer(staff_user=desk_staff(), ticket_id=ticket.pk, body="پاسخ کارشناس")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.ANSWERED
    # when the requester writes again
    ticket_reply(requester=ticket.requester, ticket_id=ticket.pk, body="هنوز درست نشده است.")
    # then the ticket is back in the desk's queue, with an audit row of the change
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN
    audit = AuditLog.objects.get(action="desk.ticket_replied", target_id=str(ticket.pk))
    assert audit.before == {"status": "answered"}
    assert audit.after == {"status": "open"}
    assert [m.body for m in ticket_messages_list(ticket=ticket)][-1] == "هنوز درست نشده است."


def test_a_closed_ticket_takes_no_more_messages():
    # given a ticket its requester closed
    ticket = TicketFactory()
    ticket_close(user=ticket.requester, ticket_id=ticket.pk)
    # when they or the desk write to it / close it again
    # then each is refused with a Persian message
    with pytest.raises(ApplicationError, match="بسته"):
        ticket_reply(requester=ticket.requester, ticket_id=ticket.pk, body="سلام")
    with pytest.raises(ApplicationError, match="بسته"):
        ticket_answer(staff_user=desk_staff(), ticket_id=ticket.pk, body="پاسخ")
    with pytest.raises(ApplicationError):
        ticket_close(user=ticket.requester, ticket_id=ticket.pk)
    assert not TicketMessage.objects.filter(ticket=ticket).exists()
    assert AuditLog.objects.filter(action="desk.ticket_closed").count() == 1


def test_stranger_gets_404_from_requester_selector_and_services():
    # given someone else's ticket
    ticket = TicketFactory()
    stranger = UserFactory()
    # when / then the stranger can neither see, reply to nor close it
    with pytest.raises(Http404):
        ticket_get_for_requester(user=stranger, ticket_id=ticket.pk)
    with pytest.raises(Http404):
        ticket_reply(requester=stranger, ticket_id=ticket.pk, body="سلام")
    with pytest.raises(Http404):
        ticket_close(user=stranger, ticket_id=ticket.pk)
    assert list(ticket_list_for_requester(user=stranger)) == []
    with pytest.raises(Http404):
        ticket_get_for_requester(user=ticket.requester, ticket_id=ticket.pk + 1000)


def test_new_ticket_page_requires_sign_in(client):
    response = client.get(reverse("branches:ticket_new"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_person_opens_a_ticket_through_the_page(client, category):
    # given a signed-in person
    person = UserFactory()
    client.force_login(person)
    # when they fill in the form
    response = client.post(
        reverse("branches:ticket_new"),
        {"category": "records", "subject": "سابقه ناقص", "body": "دو ماه کم است."},
        follow=True,
    )
    # then they land on their ticket with its tracking code in Persian digits
    ticket = Ticket.objects.get(requester=person)
    assert response.redirect_chain[-1][0] == reverse(
        "branches:my_ticket_detail", kwargs={"ticket_id": ticket.pk}
    )
    html = response.content.decode()
    tracking_fa = ticket.tracking_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert tracking_fa in html
    assert "دو ماه کم است." in html


def test_new_ticket_form_shows_errors_without_saving(client, category):
    client.force_login(UserFactory())
    response = client.post(reverse("branches:ticket_new"), {"category": "", "subject": ""})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Ticket.objects.exists()


def test_my_tickets_lists_only_mine(client):
    # given my ticket and someone else's
    mine = TicketFactory(subject="پرسش من")
    TicketFactory(subject="پرسش دیگری")
    client.force_login(mine.requester)
    # when I open my tickets
    html = client.get(reverse("branches:my_tickets")).content.decode()
    # then only mine is listed
    assert "پرسش من" in html
    assert "پرسش دیگری" not in html


def test_requester_replies_and_closes_through_the_page(client):
    ticket = TicketMessageFactory().ticket
    client.force_login(ticket.requester)
    url = reverse("branches:my_ticket_detail", kwargs={"ticket_id": ticket.pk})
    # when they reply
    response = client.post(url, {"action": "reply", "body": "توضیح بیشتر"})
    assert response.status_code == 302
    assert ticket.messages.count() == 2
    # and then close it
    client.post(url, {"action": "close"})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CLOSED
    # then the page offers no reply form any more
    html = client.get(url).content.decode()
    assert 'value="reply"' not in html
    # and a late reply is refused on the page, not saved
    response = client.post(url, {"action": "reply", "body": "دیر"})
    assert response.status_code == 200
    assert ticket.messages.count() == 2


def test_stranger_gets_404_on_someone_elses_ticket_page(client):
    ticket = TicketFactory()
    client.force_login(UserFactory())
    url = reverse("branches:my_ticket_detail", kwargs={"ticket_id": ticket.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "close"}).status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN


def test_answer_notifies_requester_by_sms_and_inbox_once():
    # given an open ticket
    ticket = TicketMessageFactory().ticket
    # when the desk answers it
    message = ticket_answer(staff_user=desk_staff(), ticket_id=ticket.pk, body="لیست را فرستادیم.")
    # then the requester gets one SMS and one inbox message naming the tracking code
    rows = Notification.objects.filter(user=ticket.requester, template_key="ticket_answered")
    assert sorted(rows.values_list("channel", flat=True)) == ["inbox", "sms"]
    tracking_fa = ticket.tracking_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    for row in rows:
        assert tracking_fa in row.body
    assert "لیست را فرستادیم." in rows.get(channel="inbox").body
    assert rows.get(channel="sms").to_address == ticket.requester.mobile
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.ANSWERED
    assert ticket.answered_at is not None
    assert message.from_staff
