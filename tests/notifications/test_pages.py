"""Inbox, preferences and the developer SMS outbox pages."""

from __future__ import annotations

import importlib

import pytest
from django.urls import NoReverseMatch, clear_url_caches, reverse

from notifications.models import Channel, Notification, Status
from notifications.services import notify
from tamin.core.jalali import format_code
from tamin.core.models import AuditLog
from tests.notifications.factories import NotificationFactory, user_create

pytestmark = pytest.mark.django_db


def _inbox_message(user, *, body="متن", read=False):
    from django.utils import timezone

    return NotificationFactory(
        user=user,
        channel=Channel.INBOX,
        to_address="",
        body=body,
        status=Status.DELIVERED,
        read_at=timezone.now() if read else None,
    )


def test_inbox_requires_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_inbox_lists_own_messages_with_unread_bold(client):
    # given a person with one unread and one read message, and a stranger's message
    user = user_create()
    stranger = user_create(mobile="09129998877")
    _inbox_message(user, body="پیام تازه")
    _inbox_message(user, body="پیام خوانده", read=True)
    _inbox_message(stranger, body="پیام دیگری")
    client.force_login(user)
    # when the inbox is opened
    response = client.get(reverse("notifications:inbox"))
    # then both own messages show, the unread one bold, and not the stranger's
    html = response.content.decode()
    assert response.status_code == 200
    assert "پیام تازه" in html
    assert "پیام خوانده" in html
    assert "پیام دیگری" not in html
    assert html.count("inbox-unread") == 1
    assert response.context["unread_count"] == 1
    assert 'name="viewport"' in html  # works on a phone


def test_inbox_shows_jalali_dates(client):
    # given a seeded notice delivered to the inbox
    user = user_create()
    (row,) = notify(
        recipient=user, template_key="signed_out_everywhere", context={}, idempotency_key="s"
    )
    client.force_login(user)
    # when the inbox is opened
    html = client.get(reverse("notifications:inbox")).content.decode()
    # then its time is shown in the Jalali calendar with Persian digits
    from tamin.core.jalali import format_jalali_datetime

    assert format_jalali_datetime(row.created_at) in html


def test_mark_read_post(client):
    # given an unread message
    user = user_create()
    message = _inbox_message(user)
    client.force_login(user)
    # when the person marks it read
    response = client.post(reverse("notifications:inbox_read", args=[message.pk]))
    # then it is read and they return to the inbox
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.read_at is not None


def test_mark_read_of_another_persons_message_is_404(client):
    # given someone else's message
    owner = user_create()
    message = _inbox_message(owner)
    intruder = user_create(mobile="09351234567")
    client.force_login(intruder)
    # when the intruder tries to mark it read
    response = client.post(reverse("notifications:inbox_read", args=[message.pk]))
    # then 404 and nothing changes
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.read_at is None


def test_mark_read_needs_post(client):
    user = user_create()
    message = _inbox_message(user)
    client.force_login(user)
    assert client.get(reverse("notifications:inbox_read", args=[message.pk])).status_code == 405


def test_preferences_form_saves_and_audits(client):
    # given a signed-in person with an e-mail
    user = user_create(email="person@example.com")
    client.force_login(user)
    assert client.get(reverse("notifications:preferences")).status_code == 200
    # when they turn SMS off and e-mail on
    response = client.post(reverse("notifications:preferences"), {"email": "on"})
    # then the choice is kept and audited
    assert response.status_code == 302
    user.notification_preference.refresh_from_db()
    assert (user.notification_preference.sms, user.notification_preference.email) == (False, True)
    audit = AuditLog.objects.get(action="notifications.preference_update")
    assert audit.before == {"sms": True, "email": False}
    assert audit.after == {"sms": False, "email": True}


def test_preferences_email_without_address_shows_persian_error(client):
    # given a person without an e-mail address
    user = user_create()
    client.force_login(user)
    # when they ask for e-mail
    response = client.post(reverse("notifications:preferences"), {"sms": "on", "email": "on"})
    # then the page explains why, and nothing is saved
    assert response.status_code == 200
    assert "ایمیل" in response.content.decode()
    assert not AuditLog.objects.filter(action="notifications.preference_update").exists()


def test_dev_outbox_shows_newest_first(client, django_capture_on_commit_callbacks):
    # given two codes sent through the file backend
    user = user_create()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipient=user,
            template_key="otp_login",
            context={"code": "111111"},
            idempotency_key="a",
        )
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipient=user,
            template_key="otp_login",
            context={"code": "222222"},
            idempotency_key="b",
        )
    # when anyone opens the developer outbox
    response = client.get(reverse("notifications:dev_outbox"))
    # then both messages show, newest first, with recipient and body
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="card mb-2 outbox-message"') == 2
    # (codes in a body are written as pages write codes: Persian digits, isolated)
    assert html.index(format_code("222222")) < html.index(format_code("111111"))
    assert "09121234567" in html
    assert 'outbox-body">' in html


def test_dev_outbox_view_404s_when_backend_is_not_the_file_one(client, settings):
    # given the page was registered, then the SMS backend changed to the real gateway
    settings.SMS_BACKEND = "notifications.providers.HttpSMSGatewayProvider"
    # when the page is opened / then it is not there
    assert client.get("/notifications/dev/outbox/").status_code == 404


def test_dev_outbox_view_404s_when_the_page_is_switched_off(client, settings):
    settings.DEV_OUTBOX_PAGE = False
    assert client.get("/notifications/dev/outbox/").status_code == 404


@pytest.fixture
def reload_urls():
    from django.conf import settings as live_settings
    from django.test import override_settings

    import notifications.urls
    import tamin.urls

    # Teardown runs before the `settings` fixture restores its values, so put
    # back the URLs under the values the process started with.
    original = {
        "SMS_BACKEND": live_settings.SMS_BACKEND,
        "DEV_OUTBOX_PAGE": live_settings.DEV_OUTBOX_PAGE,
    }

    def reload() -> None:
        importlib.reload(notifications.urls)
        importlib.reload(tamin.urls)
        clear_url_caches()

    yield reload
    with override_settings(**original):
        reload()


def test_dev_outbox_url_is_not_registered_with_the_gateway_backend(settings, reload_urls):
    # given the real gateway is configured at start-up
    settings.SMS_BACKEND = "notifications.providers.HttpSMSGatewayProvider"
    # when the URLs are loaded
    reload_urls()
    # then the developer outbox has no URL at all
    with pytest.raises(NoReverseMatch):
        reverse("notifications:dev_outbox")


def test_outbox_selector_reads_nothing_when_outbox_is_empty():
    from notifications.selectors import outbox_dev_messages

    assert outbox_dev_messages() == []
    assert not Notification.objects.exists()
