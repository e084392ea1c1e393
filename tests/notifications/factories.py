"""Factories for notification tests (users are made through the real user manager)."""

from __future__ import annotations

import itertools
from typing import Any

import factory
from django.contrib.auth import get_user_model

from notifications.models import Channel, Notification, NotificationPreference, NotificationTemplate
from tamin.core.identifiers import national_code_with_check_digit

_serial = itertools.count(100_000_001)


def user_create(
    *,
    mobile: str = "09121234567",
    email: str = "",
    password: str = "a-long-test-password",
):
    return get_user_model().objects.create_user(
        national_code=national_code_with_check_digit(f"{next(_serial):09d}"),
        password=password,
        mobile=mobile,
        email=email,
    )


class NotificationTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationTemplate

    key = factory.Sequence(lambda n: f"test_key_{n}")
    channel = Channel.SMS
    version = 1
    subject = ""
    body = "کد: {{ code }}"
    is_legal = False
    is_active = True


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = None
    channel = Channel.SMS
    to_address = "09121234567"
    template_key = "test"
    template_version = 1
    body = "پیام آزمایشی"
    idempotency_key = factory.Sequence(lambda n: f"idem-{n}")


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    sms = True
    email = False


def gateway_reply_accepted(*, message_id: int = 8792343, status: int = 1) -> dict[str, Any]:
    """What a Kavenegar-shaped gateway answers when it takes a message."""
    return {
        "return": {"status": 200, "message": "accepted"},
        "entries": [{"messageid": message_id, "status": status, "receptor": "09121234567"}],
    }


def gateway_reply_error(*, status: int, message: str = "error") -> dict[str, Any]:
    return {"return": {"status": status, "message": message}, "entries": None}
