"""Writes of the 1420 contact desk.

Flow: a signed-in person opens a ticket (`ticket_open`: category, subject, first
message; they get a tracking code). Contact-desk staff answer it
(`ticket_answer`; the ticket becomes "answered" and the requester gets an SMS
and an inbox message). The requester may write again (`ticket_reply`), which
reopens an answered ticket. Either side may close it (`ticket_close`); a closed
ticket takes no more messages. A good question and answer can be published as
a common question (`faq_publish_from_ticket`), withdrawn (`faq_unpublish`) and put
back (`faq_publish`). There is one store of common questions, the public content's
(`tamin.content.services`): what the desk publishes shows on `/faq/`, on the contact
page, in the API and in the USSD menu, with the ticket's category as its topic.
The desk acts only on the questions it made (those carrying a ticket's id).

Who is contact-desk staff: any active member of an active branch
(`StaffMembership`). Tickets belong to no branch, so the whole desk shares one
queue; a non-member calling a staff service gets a 404, as on the pages.
Every state change writes an audit row.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Ticket, TicketCategory, TicketMessage, TicketStatus
from branches.selectors.desk import (
    desk_staff_is,
    faq_get_for_staff,
    ticket_get_for_requester,
    ticket_get_for_staff,
)
from notifications.services import notify
from tamin.content import services as content_services
from tamin.content.selectors import Audience
from tamin.core.exceptions import ApplicationError
from tamin.core.services import audit_record

SUBJECT_MAX = 200
BODY_MAX = 5000
# A common question's limits are the public content's (the desk's form shows them).
QUESTION_MAX = content_services.FAQ_QUESTION_MAX
ANSWER_MAX = content_services.FAQ_ANSWER_MAX
TRACKING_CODE_DIGITS = 10
TRACKING_CODE_TRIES = 10


def _tracking_code_new() -> str:
    """Ten digits, no leading zero, easy to read out over the phone to 1420."""
    for _try in range(TRACKING_CODE_TRIES):
        low = 10 ** (TRACKING_CODE_DIGITS - 1)
        code = str(low + secrets.randbelow(9 * low))
        if not Ticket.objects.filter(tracking_code=code).exists():
            return code
    raise ApplicationError(
        _("ساخت کد رهگیری ممکن نشد؛ دوباره تلاش کنید."), code="tracking_code_exhausted"
    )


def _text_clean(value: str, *, field: str, max_length: int, label: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ApplicationError(
            _("%(label)s را بنویسید.") % {"label": label}, code=f"{field}_required"
        )
    if len(text) > max_length:
        raise ApplicationError(
            _("%(label)s بلندتر از حد مجاز است.") % {"label": label},
            code=f"{field}_too_long",
            extra={"max_length": max_length},
        )
    return text


def _category_get(key: str) -> TicketCategory:
    category = TicketCategory.objects.filter(key=key).first()
    if category is None:
        raise ApplicationError(_("موضوع درخواست را از فهرست برگزینید."), code="category_invalid")
    return category


def _lock(ticket: Ticket) -> Ticket:
    """Re-read the (already access-checked) ticket under a row lock."""
    return (
        Ticket.objects.select_for_update().select_related("category", "requester").get(pk=ticket.pk)
    )


def _refuse_if_closed(ticket: Ticket) -> None:
    if ticket.status == TicketStatus.CLOSED:
        raise ApplicationError(
            _("این درخواست بسته شده است؛ برای پرسش تازه درخواست جدیدی ثبت کنید."),
            code="ticket_closed",
        )


def _message_add(*, ticket: Ticket, author, body: str, from_staff: bool) -> TicketMessage:
    message = TicketMessage(ticket=ticket, author=author, body=body, from_staff=from_staff)
    message.full_clean()
    message.save()
    return message


@transaction.atomic
def ticket_open(*, requester, category_key: str, subject: str, body: str) -> Ticket:
    """A new ticket with its first message; returns it with its tracking code."""
    if not getattr(requester, "is_authenticated", False):
        raise ApplicationError(_("برای ثبت درخواست وارد شوید."), code="login_required")
    category = _category_get(category_key)
    subject = _text_clean(subject, field="subject", max_length=SUBJECT_MAX, label=_("موضوع"))
    body = _text_clean(body, field="body", max_length=BODY_MAX, label=_("متن درخواست"))
    ticket = Ticket(
        tracking_code=_tracking_code_new(),
        requester=requester,
        category=category,
        subject=subject,
        status=TicketStatus.OPEN,
    )
    ticket.full_clean()
    ticket.save()
    _message_add(ticket=ticket, author=requester, body=body, from_staff=False)
    audit_record(
        action="desk.ticket_opened",
        actor=requester,
        target=ticket,
        after={"status": ticket.status, "category": category.key},
        detail={"tracking_code": ticket.tracking_code},
    )
    return ticket


@transaction.atomic
def ticket_reply(*, requester, ticket_id: int, body: str) -> TicketMessage:
    """The requester writes again; an answered ticket goes back to the desk (open)."""
    ticket = _lock(ticket_get_for_requester(user=requester, ticket_id=ticket_id))
    _refuse_if_closed(ticket)
    body = _text_clean(body, field="body", max_length=BODY_MAX, label=_("متن پیام"))
    message = _message_add(ticket=ticket, author=requester, body=body, from_staff=False)
    before = ticket.status
    if ticket.status == TicketStatus.ANSWERED:
        ticket.status = TicketStatus.OPEN
        ticket.full_clean()
        ticket.save(update_fields=["status", "updated_at"])
    else:
        # Still waiting in the queue: only the activity time moves.
        ticket.save(update_fields=["updated_at"])
    audit_record(
        action="desk.ticket_replied",
        actor=requester,
        target=ticket,
        before={"status": before},
        after={"status": ticket.status},
        detail={"message": message.pk},
    )
    return message


@transaction.atomic
def ticket_answer(*, staff_user, ticket_id: int, body: str) -> TicketMessage:
    """Desk staff answer; the requester is told by SMS and in the portal inbox."""
    ticket = _lock(ticket_get_for_staff(user=staff_user, ticket_id=ticket_id))
    _refuse_if_closed(ticket)
    body = _text_clean(body, field="body", max_length=BODY_MAX, label=_("متن پاسخ"))
    message = _message_add(ticket=ticket, author=staff_user, body=body, from_staff=True)
    before = ticket.status
    ticket.status = TicketStatus.ANSWERED
    ticket.answered_at = timezone.now()
    ticket.full_clean()
    ticket.save(update_fields=["status", "answered_at", "updated_at"])
    audit_record(
        action="desk.ticket_answered",
        actor=staff_user,
        target=ticket,
        before={"status": before},
        after={"status": ticket.status},
        detail={"message": message.pk},
    )
    requester = ticket.requester
    notify(
        recipient=requester,
        template_key="ticket_answered",
        context={
            "name": requester.get_full_name(),
            "tracking_code": ticket.tracking_code,
            "subject": ticket.subject,
            "answer": body,
        },
        channels=["sms", "inbox"],
        idempotency_key=f"desk.ticket_answered:{message.pk}",
    )
    return message


@transaction.atomic
def ticket_close(*, user, ticket_id: int) -> Ticket:
    """Desk staff may close any ticket; a requester may close their own (problem solved)."""
    if desk_staff_is(user=user):
        ticket = ticket_get_for_staff(user=user, ticket_id=ticket_id)
    else:
        ticket = ticket_get_for_requester(user=user, ticket_id=ticket_id)
    ticket = _lock(ticket)
    if ticket.status == TicketStatus.CLOSED:
        raise ApplicationError(_("این درخواست پیش‌تر بسته شده است."), code="ticket_closed")
    before = ticket.status
    ticket.status = TicketStatus.CLOSED
    ticket.full_clean()
    ticket.save(update_fields=["status", "updated_at"])
    audit_record(
        action="desk.ticket_closed",
        actor=user,
        target=ticket,
        before={"status": before},
        after={"status": ticket.status},
        detail={"by": "requester" if ticket.requester_id == user.pk else "staff"},
    )
    return ticket


@transaction.atomic
def faq_publish_from_ticket(
    *,
    staff_user,
    ticket_id: int,
    question: str,
    answer: str,
    category_key: str | None = None,
    audience: str = Audience.ALL,
):
    """Publish a question and answer drawn from a ticket as a common question (staff edit
    the wording first, so no personal detail of the requester reaches the public pages).

    Its topic is the category's title (the ticket's own unless staff chose another); it
    remembers the ticket's id. Returns the new `tamin.content` question.
    """
    ticket = ticket_get_for_staff(user=staff_user, ticket_id=ticket_id)
    category = _category_get(category_key) if category_key else ticket.category
    # The wording's rules (required, lengths, no control characters) are the content's.
    return content_services.faq_create(
        question=question,
        answer=answer,
        audience=audience,
        topic=category.title,
        source_ticket_id=ticket.pk,
        published=True,
        actor=staff_user,
    )


@transaction.atomic
def faq_unpublish(*, staff_user, faq_id: int):
    """Take a question the desk published off every public page (kept, so it can be put back)."""
    faq = faq_get_for_staff(user=staff_user, faq_id=faq_id)
    return content_services.faq_set_published(faq_id=faq.pk, published=False, actor=staff_user)


@transaction.atomic
def faq_publish(*, staff_user, faq_id: int):
    """Put a question the desk published back on the public pages."""
    faq = faq_get_for_staff(user=staff_user, faq_id=faq_id)
    return content_services.faq_set_published(faq_id=faq.pk, published=True, actor=staff_user)
