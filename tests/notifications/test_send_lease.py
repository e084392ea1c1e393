"""A send holds a lease; a retry asks the gateway by our id first; a code past its time is not sent."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification, Priority, Status
from notifications.providers import HttpSMSGatewayProvider, TemporaryFailure
from notifications.services import (
    SECRET_REDACTED,
    Recipient,
    notification_deliver,
    notifications_requeue_stuck,
    notify,
)
from tamin.core.exceptions import ApplicationError
from tests.notifications.factories import NotificationFactory, gateway_reply_accepted, user_create

pytestmark = pytest.mark.django_db


def _lease_ran_out(row: Notification) -> None:
    """The state a worker killed mid-attempt leaves behind: claimed, no outcome, lease over."""
    then = timezone.now() - timedelta(seconds=5)
    Notification.objects.filter(pk=row.pk).update(
        status=Status.SENDING,
        attempts=1,
        claimed_at=then - timedelta(seconds=30),
        lease_owner=uuid.uuid4(),
        lease_until=then,
        updated_at=then - timedelta(seconds=30),
    )


def _sends(gateway) -> list[str]:
    return [request["form"]["localid"] for request in gateway.requests]


def test_the_claim_takes_a_lease_and_a_second_worker_cannot_send_meanwhile(
    http_gateway_settings, sms_gateway, settings
):
    # given a row a first worker has claimed (its lease is live) ...
    sms_gateway.answer(reply=gateway_reply_accepted())
    row = NotificationFactory()
    before = timezone.now()
    Notification.objects.filter(pk=row.pk).update(
        status=Status.SENDING,
        attempts=1,
        claimed_at=before,
        lease_owner=uuid.uuid4(),
        lease_until=before + timedelta(seconds=settings.SMS_SEND_LEASE_SECONDS),
    )
    # when a second delivery of the same row runs (a duplicate or redelivered task)
    result = notification_deliver(notification_id=row.pk)
    # then it sends nothing and leaves the first worker's lease alone
    assert result is None
    assert sms_gateway.requests == []
    assert sms_gateway.status_requests == []
    # and when a fresh row is delivered, the claim records a lease of SMS_SEND_LEASE_SECONDS
    fresh = NotificationFactory()
    notification_deliver(notification_id=fresh.pk)
    fresh.refresh_from_db()
    assert fresh.lease_owner is not None
    assert fresh.lease_until >= before + timedelta(seconds=settings.SMS_SEND_LEASE_SECONDS)
    # and a first attempt asks the gateway nothing: there is nothing in doubt
    assert sms_gateway.status_requests == []
    assert _sends(sms_gateway) == [str(fresh.client_message_id)]


def test_message_the_gateway_already_has_is_recorded_not_sent_again(
    http_gateway_settings, sms_gateway, django_capture_on_commit_callbacks
):
    # given a worker sent a code to the gateway under our id and died before recording it
    sms_gateway.answer(reply=gateway_reply_accepted(message_id=424242))
    row = NotificationFactory(priority=Priority.HIGH, body="کد: 135790", contains_secret=True)
    HttpSMSGatewayProvider().send(
        to=row.to_address, body=row.body, client_id=str(row.client_message_id)
    )
    _lease_ran_out(row)
    # when the code sweeper finds it and the delivery runs again
    with django_capture_on_commit_callbacks(execute=True):
        requeued = notifications_requeue_stuck(priority=Priority.HIGH)
    # then the gateway was asked about our id, and nothing was sent a second time
    assert requeued == 1
    assert sms_gateway.status_requests == [str(row.client_message_id)]
    assert _sends(sms_gateway) == [str(row.client_message_id)]
    # and the row records the gateway's message and waits for its receipt, code wiped
    row.refresh_from_db()
    assert (row.status, row.provider_message_id, row.attempts) == (Status.SENDING, "424242", 2)
    assert row.sent_at is not None
    assert row.body == SECRET_REDACTED


def test_message_the_gateway_never_got_is_sent_once(
    http_gateway_settings, sms_gateway, django_capture_on_commit_callbacks
):
    # given a worker died after claiming a row but before its request reached the gateway
    sms_gateway.answer(reply=gateway_reply_accepted(message_id=515151))
    row = NotificationFactory(priority=Priority.HIGH)
    _lease_ran_out(row)
    # when the sweeper re-queues it
    with django_capture_on_commit_callbacks(execute=True):
        notifications_requeue_stuck(priority=Priority.HIGH)
    # then the gateway said it never got it, and it was sent exactly once
    assert sms_gateway.status_requests == [str(row.client_message_id)]
    assert _sends(sms_gateway) == [str(row.client_message_id)]
    row.refresh_from_db()
    assert (row.status, row.provider_message_id) == (Status.SENDING, "515151")


def test_a_failing_status_query_sends_nothing(http_gateway_settings, sms_gateway):
    # given an attempt in doubt and a gateway whose status endpoint is down
    row = NotificationFactory()
    _lease_ran_out(row)
    Notification.objects.filter(pk=row.pk).update(status=Status.CREATED)
    sms_gateway.status_query_status_code = 503
    # when delivered again
    with pytest.raises(TemporaryFailure):
        notification_deliver(notification_id=row.pk)
    # then nothing was sent on a guess; the row waits for a retry
    assert sms_gateway.requests == []
    row.refresh_from_db()
    assert (row.status, row.sent_at) == (Status.TEMPORARY_FAILURE, None)


def test_an_attempt_whose_lease_ran_out_mid_query_does_not_send(
    http_gateway_settings, sms_gateway, settings
):
    # given an attempt in doubt, a one-second lease, and a gateway slow to answer the query
    settings.SMS_SEND_LEASE_SECONDS = 1
    sms_gateway.status_delay = 1.5
    row = NotificationFactory()
    _lease_ran_out(row)
    Notification.objects.filter(pk=row.pk).update(status=Status.CREATED)
    # when delivered again (the lease runs out while the gateway thinks)
    result = notification_deliver(notification_id=row.pk)
    # then this attempt no longer owns the row and sends nothing; the sweeper takes it later
    assert result is None
    assert sms_gateway.requests == []
    row.refresh_from_db()
    assert row.status == Status.SENDING
    assert row.sent_at is None


def test_file_backend_answers_the_in_doubt_question_too(sms_outbox):
    # given the file backend wrote a message and its worker died before recording it
    row = NotificationFactory()
    notification_deliver(notification_id=row.pk)
    _lease_ran_out(row)
    Notification.objects.filter(pk=row.pk).update(status=Status.CREATED, sent_at=None)
    # when delivered again
    notification_deliver(notification_id=row.pk)
    # then the outbox still holds one file and the row is delivered
    assert len(list(sms_outbox.glob("*.json"))) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.DELIVERED, 2)


def test_a_code_past_its_time_is_marked_expired_and_never_sent(
    http_gateway_settings, sms_gateway, django_capture_on_commit_callbacks
):
    # given a sign-in code whose validity ended while it waited (its task was lost)
    sms_gateway.answer(reply=gateway_reply_accepted())
    with django_capture_on_commit_callbacks(execute=False):
        [row] = notify(
            recipient=Recipient(mobile="09121234567"),
            template_key="otp_login",
            context={"code": "246810"},
            channels=["sms"],
            idempotency_key="late-code",
            priority=Priority.HIGH,
            expires_at=timezone.now() - timedelta(seconds=1),
        )
    # when it is delivered
    notification_deliver(notification_id=row.pk)
    # then the gateway never saw it, the row says expired, and the code is wiped
    assert sms_gateway.requests == []
    row.refresh_from_db()
    assert (row.status, row.sent_at) == (Status.EXPIRED, None)
    assert "246810" not in row.body


def test_a_code_that_could_arrive_after_its_expiry_is_not_sent(
    http_gateway_settings, sms_gateway, settings
):
    # given a code with less time left than the gateway may take to accept it
    row = NotificationFactory(
        expires_at=timezone.now() + timedelta(seconds=settings.SMS_GATEWAY_TIMEOUT / 2)
    )
    # when delivered
    notification_deliver(notification_id=row.pk)
    # then it is expired, not sent
    assert sms_gateway.requests == []
    row.refresh_from_db()
    assert row.status == Status.EXPIRED


def test_a_code_the_gateway_already_has_is_recorded_even_after_expiry(
    http_gateway_settings, sms_gateway
):
    # given a code that reached the gateway in time, whose worker died, and that has expired since
    sms_gateway.answer(reply=gateway_reply_accepted(message_id=777))
    row = NotificationFactory(expires_at=timezone.now() + timedelta(hours=1))
    HttpSMSGatewayProvider().send(
        to=row.to_address, body=row.body, client_id=str(row.client_message_id)
    )
    _lease_ran_out(row)
    Notification.objects.filter(pk=row.pk).update(
        status=Status.CREATED, expires_at=timezone.now() - timedelta(seconds=1)
    )
    # when delivered again
    notification_deliver(notification_id=row.pk)
    # then the record says what happened: the gateway has it (not "expired"), sent once
    row.refresh_from_db()
    assert (row.status, row.provider_message_id) == (Status.SENDING, "777")
    assert len(sms_gateway.requests) == 1


def test_notify_refuses_a_naive_expiry():
    # given/when a caller passes a datetime without a time zone
    # then notify refuses it
    with pytest.raises(ApplicationError) as error:
        notify(
            recipient=Recipient(mobile="09121234567"),
            template_key="otp_login",
            context={"code": "1"},
            idempotency_key="naive",
            expires_at=timezone.now().replace(tzinfo=None),
        )
    assert error.value.code == "invalid_expiry"


def test_sign_in_code_expires_with_the_code_itself(django_capture_on_commit_callbacks):
    # given a person who signs in with their password
    from tamin.accounts.services import login_challenge_start

    user = user_create(mobile="09121234567")
    # when the sign-in code is sent
    with django_capture_on_commit_callbacks(execute=False):
        login_challenge_start(user=user)
    # then its outbox row expires when the code stops working
    row = Notification.objects.get(template_key="otp_login", channel="sms")
    device = user.smsdevice_set.get()
    assert row.expires_at == device.valid_until
    assert row.priority == Priority.HIGH
