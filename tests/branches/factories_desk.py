"""Factories of the contact desk (tickets, messages, the common questions it publishes)."""

import factory

from branches.models import Ticket, TicketCategory, TicketMessage, TicketStatus
from tests.accounts.factories import UserFactory
from tests.branches.factories import StaffMembershipFactory
from tests.content.factories import FaqFactory

__all__ = [
    "DeskFaqFactory",
    "StaffMembershipFactory",
    "TicketCategoryFactory",
    "TicketFactory",
    "TicketMessageFactory",
    "desk_staff",
]


class TicketCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TicketCategory
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"category-{n}")
    title = factory.Sequence(lambda n: f"موضوع {n}")


class TicketFactory(factory.django.DjangoModelFactory):
    """An open ticket with no messages (add them with TicketMessageFactory)."""

    class Meta:
        model = Ticket

    tracking_code = factory.Sequence(lambda n: f"{7000000000 + n}")
    requester = factory.SubFactory(UserFactory)
    category = factory.SubFactory(TicketCategoryFactory)
    subject = "پرسش درباره سوابق"
    status = TicketStatus.OPEN


class TicketMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TicketMessage

    ticket = factory.SubFactory(TicketFactory)
    author = factory.LazyAttribute(lambda o: o.ticket.requester)
    body = "سابقه دو ماه آخر من ثبت نشده است."
    from_staff = False


class DeskFaqFactory(FaqFactory):
    """A published common question (public content) the desk made from a ticket: the
    ticket's category title is its topic and it keeps the ticket's id."""

    class Params:
        ticket = factory.SubFactory(TicketFactory)

    question = factory.Sequence(lambda n: f"پرسش پرتکرار شماره {n}؟")
    answer = "پاسخ روشن و کوتاه."
    topic = factory.LazyAttribute(lambda o: o.ticket.category.title)
    source_ticket_id = factory.LazyAttribute(lambda o: o.ticket.pk)


def desk_staff(**kwargs):
    """A user who works the 1420 desk (an active member of an active branch)."""
    return StaffMembershipFactory(**kwargs).user
