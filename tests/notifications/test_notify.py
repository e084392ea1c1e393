"""notify(): outbox rows in the caller's transaction, idempotency, preferences, rendering."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from celery.signals import before_task_publish
from django.db import transaction

from notifications.models import Channel, Notification, Status
from notifications.services import Recipient, notify, preference_update
from tamin.core.exceptions import ApplicationError
from tests.notifications.factories import NotificationTemplateFactory, user_create

pytestmark = pytest.mark.django_db


def test_rows_are_written_in_the_callers_transaction_and_queued_on_commit(
    django_capture_on_commit_callbacks,
):
    # given a user with a mobile
    user = user_create()
    # when notify runs inside the caller's transaction
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        rows = notify(
            recipient=user,
            template_key="otp_login",
            context={"code": "123456"},
            idempotency_key="login:1",
            priority="high",
        )
        # then the row exists before commit but nothing is queued yet
        assert Notification.objects.filter(pk=rows[0].pk, status=Status.CREATED).exists()
        assert callbacks == []
    # then exactly one delivery is queued once the transaction commits
    assert [row.channel for row in rows] == [Channel.SMS]
    assert len(callbacks) == 1


def test_committed_notification_is_delivered_to_the_file_outbox(
    django_capture_on_commit_callbacks, sms_outbox
):
    # given a user
    user = user_create(mobile="09351112233")
    # when notify commits and the queued task runs (Celery is eager in tests)
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = notify(
            recipient=user,
            template_key="otp_register",
            context={"code": "482913"},
            idempotency_key="reg:1",
            priority="high",
        )
    # then the row is delivered and the file outbox holds the message
    row.refresh_from_db()
    assert row.status == Status.DELIVERED
    assert row.attempts == 1
    (message_file,) = sms_outbox.glob("*.json")
    message = json.loads(message_file.read_text(encoding="utf-8"))
    assert message["to"] == "09351112233"
    assert "482913" in message["body"]


def test_rollback_leaves_no_row_and_queues_nothing(django_capture_on_commit_callbacks):
    # given a user
    user = user_create()

    # when the caller's transaction fails after notify
    def caller_change_that_fails() -> None:
        with transaction.atomic():
            notify(
                recipient=user, template_key="otp_login", context={"code": "1"}, idempotency_key="k"
            )
            raise RuntimeError("the caller's change failed")

    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(RuntimeError),
    ):
        caller_change_that_fails()
    # then no outbox row and no task
    assert not Notification.objects.exists()
    assert callbacks == []


def test_repeated_idempotency_key_returns_existing_rows_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    # given a notification already written
    user = user_create()
    with django_capture_on_commit_callbacks(execute=False) as first:
        first_rows = notify(
            recipient=user, template_key="welcome", context={}, idempotency_key="welcome:1"
        )
    # when the same key is used again (a retried request)
    with django_capture_on_commit_callbacks(execute=False) as second:
        second_rows = notify(
            recipient=user, template_key="welcome", context={}, idempotency_key="welcome:1"
        )
    # then the same rows come back and nothing new is queued
    assert sorted(r.pk for r in first_rows) == sorted(r.pk for r in second_rows)
    assert Notification.objects.count() == 2  # inbox + sms
    assert len(first) == 1  # only the SMS needs a task; the inbox is delivered at once
    assert second == []


def test_inbox_row_is_delivered_at_once():
    # given a user
    user = user_create()
    # when an inbox-only notice is written
    (row,) = notify(
        recipient=user, template_key="signed_out_everywhere", context={}, idempotency_key="so:1"
    )
    # then it is already delivered and unread
    assert row.channel == Channel.INBOX
    assert row.status == Status.DELIVERED
    assert row.delivered_at is not None
    assert row.read_at is None


def test_optional_notice_respects_preferences_but_inbox_is_always_on():
    # given a user who turned SMS off
    user = user_create()
    preference_update(user=user, sms=False, email=False)
    # when an optional (non-legal) notice is sent
    rows = notify(recipient=user, template_key="welcome", context={}, idempotency_key="w:2")
    # then only the inbox copy is written
    assert [row.channel for row in rows] == [Channel.INBOX]


def test_legal_notice_ignores_preferences():
    # given a user who turned SMS off
    user = user_create()
    preference_update(user=user, sms=False, email=False)
    # when a legal/security notice is sent
    rows = notify(
        recipient=user, template_key="password_changed", context={}, idempotency_key="pc:1"
    )
    # then the SMS is written anyway
    assert sorted(row.channel for row in rows) == [Channel.INBOX, Channel.SMS]


def test_email_is_written_only_when_chosen_and_an_address_exists():
    # given templates on every channel and a user with an e-mail who opted in
    template = NotificationTemplateFactory(channel=Channel.EMAIL, subject="موضوع", body="متن")
    NotificationTemplateFactory(key=template.key, channel=Channel.SMS)
    user = user_create(email="person@example.com")
    preference_update(user=user, sms=False, email=True)
    # when notified
    rows = notify(recipient=user, template_key=template.key, context={}, idempotency_key="e:1")
    # then only the e-mail row is written, to the user's address
    assert [(row.channel, row.to_address) for row in rows] == [
        (Channel.EMAIL, "person@example.com")
    ]


def test_channels_without_template_or_address_are_skipped():
    # given a recipient without an account (registration) and a key with sms + inbox templates
    recipient = Recipient(mobile="۰۹۱۲۳۴۵۶۷۸۹")
    # when notify asks for every channel
    rows = notify(
        recipient=recipient, template_key="password_changed", context={}, idempotency_key="x:1"
    )
    # then the inbox (no user) and e-mail (no template, no address) are skipped; digits normalised
    assert [(row.channel, row.to_address) for row in rows] == [(Channel.SMS, "09123456789")]


def test_explicit_channels_limit_the_rows():
    # given a user and a key with sms + inbox templates
    user = user_create()
    # when only the inbox is asked for
    rows = notify(
        recipient=user,
        template_key="password_changed",
        context={},
        channels=[Channel.INBOX],
        idempotency_key="pc:2",
    )
    # then only the inbox row exists
    assert [row.channel for row in rows] == [Channel.INBOX]


def test_newest_active_version_is_used_and_recorded():
    # given three versions, the newest switched off
    NotificationTemplateFactory(key="news", version=1, body="یک")
    NotificationTemplateFactory(key="news", version=2, body="دو")
    NotificationTemplateFactory(key="news", version=3, body="سه", is_active=False)
    user = user_create()
    # when notified
    (row,) = notify(recipient=user, template_key="news", context={}, idempotency_key="n:1")
    # then version 2 is rendered and recorded
    assert (row.template_version, row.body) == (2, "دو")


def test_seeded_otp_keeps_ascii_code_and_renders_project_filters():
    # given the seeded login template and a context with a date
    user = user_create()
    # when rendered
    (row,) = notify(
        recipient=user,
        template_key="otp_login",
        context={"code": "051234", "minutes": 5},
        idempotency_key="otp:ascii",
    )
    # then the code stays in ASCII digits (phones autofill it) and |fa gave Persian digits
    assert "051234" in row.body
    assert "۵ دقیقه" in row.body
    # and the jdatetime builtin works in stored templates
    at = dt.datetime(2025, 3, 21, 7, 0, tzinfo=dt.UTC)  # 10:30 in Tehran
    (inbox_row,) = notify(
        recipient=user,
        template_key="password_changed",
        context={"at": at},
        channels=[Channel.INBOX],
        idempotency_key="pc:date",
    )
    assert "۱۴۰۴/۰۱/۰۱" in inbox_row.body


def test_rendered_text_is_not_html_escaped():
    # given a template printing a name with characters HTML would escape
    template = NotificationTemplateFactory(body="سلام {{ name }}")
    user = user_create()
    # when rendered
    (row,) = notify(
        recipient=user,
        template_key=template.key,
        context={"name": "A & B <C>"},
        idempotency_key="h",
    )
    # then the plain-text body keeps them as they are
    assert row.body == "سلام A & B <C>"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"template_key": "no_such_template"}, "template_missing"),
        ({"template_key": "otp_login", "idempotency_key": ""}, "idempotency_key_required"),
        ({"template_key": "otp_login", "priority": "urgent"}, "invalid_priority"),
        ({"template_key": "otp_login", "channels": ["fax"]}, "invalid_channel"),
    ],
)
def test_broken_rules_raise_application_error(kwargs, code):
    # given a user
    user = user_create()
    arguments = {"recipient": user, "context": {}, "idempotency_key": "k:1", **kwargs}
    # when/then
    with pytest.raises(ApplicationError) as error:
        notify(**arguments)
    assert error.value.code == code


@pytest.fixture
def published_tasks(settings):
    """Publish to Celery's in-memory broker instead of running eagerly, and record what was sent."""
    from tamin.celery import app

    sent: list[dict] = []

    def record(sender=None, routing_key=None, body=None, **_kwargs):
        sent.append({"task": sender, "queue": routing_key, "args": body[0]})

    app.conf.task_always_eager = False
    before_task_publish.connect(record, weak=False)
    yield sent
    before_task_publish.disconnect(record)
    app.conf.task_always_eager = True


@pytest.mark.parametrize(
    ("priority", "queue"), [("high", "otp"), ("normal", "default"), ("bulk", "bulk")]
)
def test_priority_chooses_the_queue(
    published_tasks, django_capture_on_commit_callbacks, priority, queue
):
    # given a user
    user = user_create()
    # when a notification commits
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = notify(
            recipient=user,
            template_key="otp_login",
            context={"code": "1"},
            idempotency_key=f"q:{priority}",
            priority=priority,
        )
    # then the delivery task went to the queue of its priority with the row id
    assert published_tasks == [
        {"task": "notifications.tasks.deliver_notification_task", "queue": queue, "args": [row.pk]}
    ]
