"""Delivery: the conditional claim, provider outcomes, retries."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from notifications.models import Channel, Status
from notifications.providers import TemporaryFailure
from notifications.services import notification_deliver
from notifications.tasks import deliver_notification_task
from tests.notifications.factories import (
    NotificationFactory,
    gateway_reply_accepted,
    gateway_reply_error,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def celery_errors_kept():
    """Eager tasks keep errors in their result, as a worker would, so eager retries chain."""
    from tamin.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def test_two_deliveries_of_the_same_row_send_once(sms_outbox):
    # given a created SMS row
    row = NotificationFactory(body="کد: 111222")
    # when two workers deliver it one after the other (a duplicate task)
    first = notification_deliver(notification_id=row.pk)
    second = notification_deliver(notification_id=row.pk)
    # then only the first claimed it and the provider was called once
    assert first is not None
    assert second is None
    assert len(list(sms_outbox.glob("*.json"))) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.DELIVERED, 1)
    assert row.provider_message_id.startswith("file-")
    assert row.sent_at is not None
    assert row.delivered_at is not None


def test_a_row_claimed_by_another_worker_is_left_alone(sms_outbox):
    # given a row another worker is already sending
    row = NotificationFactory(status=Status.SENDING, attempts=1)
    # when a second task arrives
    result = notification_deliver(notification_id=row.pk)
    # then nothing is sent and the row is unchanged
    assert result is None
    assert not list(sms_outbox.glob("*.json"))
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENDING, 1)


def test_a_missing_row_is_ignored():
    # given/when a task for a row that does not exist
    # then it quietly does nothing
    assert notification_deliver(notification_id=987654) is None


def test_http_gateway_acceptance_keeps_the_row_sending_until_a_receipt(
    http_gateway_settings, sms_gateway
):
    # given the HTTP gateway accepts the message
    sms_gateway.answer(reply=gateway_reply_accepted(message_id=5550001))
    row = NotificationFactory(to_address="09121234567", body="کد: 123456")
    # when delivered
    notification_deliver(notification_id=row.pk)
    # then the row waits for its receipt with the gateway's message id
    row.refresh_from_db()
    assert row.status == Status.SENDING
    assert row.provider_message_id == "5550001"
    assert row.sent_at is not None
    assert row.delivered_at is None
    # and the gateway got the message on its send endpoint
    (request,) = sms_gateway.requests
    assert request["path"] == "/v1/test-api-key/sms/send.json"
    assert request["form"] == {
        "receptor": "09121234567",
        "message": "کد: 123456",
        "sender": "10004346",
        "localid": str(row.client_message_id),
    }


def test_temporary_failure_is_recorded_and_reraised_for_celery(http_gateway_settings, sms_gateway):
    # given a gateway that is down
    sms_gateway.answer(status_code=503, reply=gateway_reply_error(status=503))
    row = NotificationFactory()
    # when delivered directly through the service
    with pytest.raises(TemporaryFailure):
        notification_deliver(notification_id=row.pk)
    # then the row is a temporary failure that may be claimed again
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.TEMPORARY_FAILURE, 1)
    assert "503" in row.last_error


def test_task_retries_a_temporary_failure_until_the_gateway_accepts(
    http_gateway_settings, sms_gateway, celery_errors_kept
):
    # given a gateway that fails once, then accepts
    sms_gateway.answer(reply=gateway_reply_accepted(message_id=42))
    sms_gateway.answer_once(status_code=502, reply=gateway_reply_error(status=502))
    row = NotificationFactory()
    # when the task runs (eagerly, so Celery runs the retry at once instead of after a backoff)
    deliver_notification_task.apply(args=[row.pk])
    # then the second attempt went through
    row.refresh_from_db()
    assert (row.status, row.attempts, row.provider_message_id) == (Status.SENDING, 2, "42")
    assert len(sms_gateway.requests) == 2


def test_task_stops_after_the_maximum_attempts(
    http_gateway_settings, sms_gateway, settings, celery_errors_kept
):
    # given a gateway that never recovers
    sms_gateway.answer(status_code=503, reply=gateway_reply_error(status=503))
    row = NotificationFactory()
    # when the task runs with all its retries
    result = deliver_notification_task.apply(args=[row.pk])
    # then it gave up after NOTIFICATION_MAX_ATTEMPTS tries, leaving a temporary failure
    assert isinstance(result.result, TemporaryFailure)
    row.refresh_from_db()
    assert row.status == Status.TEMPORARY_FAILURE
    assert row.attempts == settings.NOTIFICATION_MAX_ATTEMPTS
    assert len(sms_gateway.requests) == settings.NOTIFICATION_MAX_ATTEMPTS


def test_row_out_of_attempts_becomes_a_technical_failure(sms_outbox, settings):
    # given a row that has used every attempt (its worker kept dying)
    row = NotificationFactory(
        status=Status.TEMPORARY_FAILURE, attempts=settings.NOTIFICATION_MAX_ATTEMPTS
    )
    # when delivered once more
    assert notification_deliver(notification_id=row.pk) is None
    # then it is given up without sending
    row.refresh_from_db()
    assert row.status == Status.TECHNICAL_FAILURE
    assert not list(sms_outbox.glob("*.json"))


@pytest.mark.parametrize("code", [400, 411, 412])
def test_permanent_failure_is_recorded_and_not_retried(http_gateway_settings, sms_gateway, code):
    # given the gateway refuses the number
    sms_gateway.answer(status_code=code, reply=gateway_reply_error(status=code))
    row = NotificationFactory()
    # when the task runs
    deliver_notification_task.apply(args=[row.pk])
    # then one try, permanent failure
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.PERMANENT_FAILURE, 1)
    assert len(sms_gateway.requests) == 1


def test_unexpected_reply_is_a_technical_failure(http_gateway_settings, sms_gateway, caplog):
    # given a gateway answering 200 with a body we do not understand
    sms_gateway.answer(reply={"hello": "world"})
    row = NotificationFactory()
    # when delivered
    notification_deliver(notification_id=row.pk)
    # then the row is a technical failure and the error is logged
    row.refresh_from_db()
    assert row.status == Status.TECHNICAL_FAILURE
    assert "GatewayProtocolError" in row.last_error
    assert "Technical failure" in caplog.text


def test_email_is_delivered_through_django_mail():
    # given an e-mail row
    row = NotificationFactory(
        channel=Channel.EMAIL, to_address="person@example.com", subject="موضوع", body="متن پیام"
    )
    # when delivered
    notification_deliver(notification_id=row.pk)
    # then the mail left and the row is delivered
    (message,) = mail.outbox
    assert (message.to, message.subject, message.body) == (
        ["person@example.com"],
        "موضوع",
        "متن پیام",
    )
    row.refresh_from_db()
    assert row.status == Status.DELIVERED


def test_file_outbox_message_records_segments(sms_outbox):
    # given a Persian SMS longer than one part
    row = NotificationFactory(body="ب" * 71)
    # when delivered
    notification_deliver(notification_id=row.pk)
    # then the outbox file records two segments
    (path,) = sms_outbox.glob("*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"to", "body", "segments", "created_at", "message_id", "client_id"}
    assert data["client_id"] == str(row.client_message_id)
    assert data["segments"] == 2


def test_one_time_codes_are_wiped_from_the_outbox_row_once_sent(settings, tmp_path):
    # Given the file SMS backend and a sign-in code
    settings.SMS_BACKEND = "notifications.providers.FileSMSProvider"
    settings.SMS_OUTBOX_DIR = tmp_path
    from notifications.services import Recipient, notification_deliver, notify

    [row] = notify(
        recipient=Recipient(mobile="09121234567"),
        template_key="otp_login",
        context={"code": "482913"},
        channels=["sms"],
        idempotency_key="wipe-test",
        priority="high",
    )
    assert "482913" in row.body
    # When it is delivered
    notification_deliver(notification_id=row.pk)
    # Then the phone got the code but the database row no longer holds it
    row.refresh_from_db()
    assert row.status == "delivered"
    assert "482913" not in row.body
    assert any("482913" in path.read_text(encoding="utf-8") for path in tmp_path.iterdir())
