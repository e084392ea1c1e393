"""The delivery-receipt webhook: token auth, body checks, status mapping."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Status
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

AUTH = {"HTTP_AUTHORIZATION": "Token test-receipt-token"}


def _post(client, payload, **headers):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(
        reverse("notifications:receipts"), body, content_type="application/json", **headers
    )


@pytest.fixture
def accepted_sms():
    return NotificationFactory(
        status=Status.SENDING, attempts=1, sent_at=timezone.now(), provider_message_id="8792343"
    )


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_AUTHORIZATION": "Token wrong"},
        {"HTTP_AUTHORIZATION": "Bearer test-receipt-token"},
    ],
)
def test_receipt_without_the_right_token_is_401(client, accepted_sms, headers):
    # given/when a receipt without a valid token
    response = _post(client, {"message_id": "8792343", "status": "delivered"}, **headers)
    # then it is refused and the row unchanged
    assert response.status_code == 401
    accepted_sms.refresh_from_db()
    assert accepted_sms.status == Status.SENDING


def test_no_token_configured_refuses_everyone(client, settings, accepted_sms):
    # given the portal has no receipt token configured
    settings.DELIVERY_RECEIPT_TOKEN = ""
    # when a receipt with an empty token arrives / then 401
    assert (
        _post(
            client, {"message_id": "8792343", "status": "delivered"}, HTTP_AUTHORIZATION="Token "
        ).status_code
        == 401
    )


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        "[]",
        {"status": "delivered"},
        {"message_id": "8792343"},
        {"message_id": "8792343", "status": "weird"},
    ],
)
def test_bad_body_is_400(client, accepted_sms, payload):
    # given/when a receipt with a malformed body
    response = _post(client, payload, **AUTH)
    # then 400
    assert response.status_code == 400


def test_get_is_not_allowed(client):
    assert client.get(reverse("notifications:receipts"), **AUTH).status_code == 405


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("delivered", Status.DELIVERED),
        (10, Status.DELIVERED),
        ("undelivered", Status.TEMPORARY_FAILURE),
        (11, Status.TEMPORARY_FAILURE),
        ("blocked", Status.PERMANENT_FAILURE),
        (14, Status.PERMANENT_FAILURE),
        ("sent", Status.SENDING),
    ],
)
def test_receipt_maps_the_gateway_word_to_our_status(client, accepted_sms, word, status):
    # given an SMS the gateway accepted
    # when its receipt arrives
    response = _post(client, {"message_id": "8792343", "status": word}, **AUTH)
    # then 200 and the row takes the mapped status
    assert response.status_code == 200
    accepted_sms.refresh_from_db()
    assert accepted_sms.status == status
    assert (accepted_sms.delivered_at is not None) == (status == Status.DELIVERED)


def test_late_receipt_does_not_change_a_finished_row(client, accepted_sms):
    # given a delivered row
    _post(client, {"message_id": "8792343", "status": "delivered"}, **AUTH)
    # when a contradicting receipt arrives later
    response = _post(client, {"message_id": "8792343", "status": "undelivered"}, **AUTH)
    # then it is accepted but ignored
    assert response.status_code == 200
    accepted_sms.refresh_from_db()
    assert accepted_sms.status == Status.DELIVERED


def test_receipt_for_an_unknown_message_is_404(client):
    # given no row with that id / when its receipt arrives / then 404 so the gateway may retry
    assert _post(client, {"message_id": "nope", "status": "delivered"}, **AUTH).status_code == 404
