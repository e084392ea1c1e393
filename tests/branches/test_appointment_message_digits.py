"""Appointment messages write digits in Persian; the inbox isolates the booking code."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from branches.services.appointments import booking_create
from notifications.models import Notification
from tamin.core.jalali import format_code
from tests.accounts.factories import UserFactory
from tests.branches.factories_appointments import SlotFactory, tomorrow_at
from tests.persian_text import latin_digits_outside_codes, text_outside_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking():
    # Given a branch whose address was typed with Latin digits, and a person who books there
    slot = SlotFactory(starts_at=tomorrow_at(9, 30))
    branch = slot.service.branch
    branch.address = "خیابان ولیعصر، کوچه سروش، پلاک 41"
    branch.save(update_fields=["address"])
    return booking_create(person=UserFactory(mobile="09121234567"), slot_id=slot.pk)


def test_confirmation_sms_and_inbox_have_persian_digits_but_the_code_as_written(booking):
    # When the confirmation is written
    messages = Notification.objects.filter(template_key="appointment_confirmed")
    inbox = messages.get(channel="inbox")
    sms = messages.get(channel="sms")
    # Then the address reads «پلاک ۴۱» and no Latin digit is left outside the booking code
    assert "پلاک ۴۱" in inbox.body
    for message in (sms, inbox):
        text = (message.subject + message.body).replace(format_code(booking.code), "")
        assert not re.findall(r"[0-9]", text)
    assert format_code(booking.code) in sms.body


def test_inbox_badge_and_message_show_persian_digits_and_the_code_isolated(client, booking):
    # When the person opens the inbox (one unread message)
    client.force_login(booking.person)
    html = client.get(reverse("notifications:inbox")).content.decode()
    # Then the badge counts in Persian, the code sits in its own left-to-right element,
    # and no Latin digit is seen anywhere else
    assert "۱ خوانده‌نشده" in text_outside_codes(html)
    assert f'<bdi dir="ltr" class="code">{format_code(booking.code)}</bdi>' in html
    assert latin_digits_outside_codes(html) == []
