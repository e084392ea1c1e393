"""Factories of the contact desk (tickets, messages, FAQs)."""

import factory

from branches.models import Faq, Ticket, TicketCategory, TicketMessage, TicketStatus
from tests.accounts.factories import UserFactory
from tests.branches.factories import StaffMembershipFactory

__all__ = [
    "FaqFactory",
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


class FaqFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faq

    category = factory.SubFactory(TicketCategoryFactory)
    question = factory.Sequence(lambda n: f"پرسش پرتکرار شماره {n}؟")
    answer = "پاسخ روشن و کوتاه."
    is_published = True


def desk_staff(**kwargs):
    """A user who works the 1420 desk (an active member of an active branch)."""
    return StaffMembershipFactory(**kwargs).user
