"""The HTTP SMS gateway adapter against a local HTTP server (the true edge)."""

from __future__ import annotations

import socket

import pytest

from notifications.models import Status
from notifications.providers import (
    FileSMSProvider,
    GatewayProtocolError,
    HttpSMSGatewayProvider,
    PermanentFailure,
    TemporaryFailure,
)
from tests.notifications.factories import gateway_reply_accepted, gateway_reply_error

CLIENT_ID = "6f1c2a9e-5b0d-4c11-9a53-2f7e8d4b1c00"


@pytest.fixture
def provider(sms_gateway):
    return HttpSMSGatewayProvider(url=sms_gateway.url, api_key="k3y", sender="2000", timeout=0.5)


def test_accepted_message_returns_the_gateway_message_id(provider, sms_gateway):
    # given the gateway accepts
    sms_gateway.answer(reply=gateway_reply_accepted(message_id=123456789, status=1))
    # when sending
    result = provider.send(to="09121234567", body="کد: 654321", client_id=CLIENT_ID)
    # then its message id is returned and delivery awaits a receipt
    assert (result.provider_message_id, result.status) == ("123456789", Status.SENDING)
    # and the gateway was given our id for the message
    (request,) = sms_gateway.requests
    assert request["path"] == "/v1/k3y/sms/send.json"
    assert request["form"] == {
        "receptor": "09121234567",
        "message": "کد: 654321",
        "sender": "2000",
        "localid": CLIENT_ID,
    }


@pytest.mark.parametrize("code", [500, 502, 503, 504])
def test_server_errors_are_temporary(provider, sms_gateway, code):
    sms_gateway.answer(status_code=code, reply=gateway_reply_error(status=code))
    with pytest.raises(TemporaryFailure):
        provider.send(to="09121234567", body="x", client_id=CLIENT_ID)


@pytest.mark.parametrize("code", [400, 401, 403, 411, 412, 418])
def test_client_errors_are_permanent(provider, sms_gateway, code):
    sms_gateway.answer(status_code=code, reply=gateway_reply_error(status=code))
    with pytest.raises(PermanentFailure):
        provider.send(to="09121234567", body="x", client_id=CLIENT_ID)


def test_rate_limit_is_temporary(provider, sms_gateway):
    sms_gateway.answer(status_code=429, reply=gateway_reply_error(status=429))
    with pytest.raises(TemporaryFailure):
        provider.send(to="09121234567", body="x", client_id=CLIENT_ID)


def test_error_reported_only_in_the_json_return_status_counts(provider, sms_gateway):
    # given HTTP 200 whose JSON says the receptor is invalid
    sms_gateway.answer(status_code=200, reply=gateway_reply_error(status=411))
    # when/then
    with pytest.raises(PermanentFailure):
        provider.send(to="0912", body="x", client_id=CLIENT_ID)


def test_entry_status_blocked_is_permanent(provider, sms_gateway):
    sms_gateway.answer(reply=gateway_reply_accepted(status=14))
    with pytest.raises(PermanentFailure):
        provider.send(to="09121234567", body="x", client_id=CLIENT_ID)


def test_timeout_is_temporary(provider, sms_gateway):
    # given a gateway slower than our timeout
    sms_gateway.answer(reply=gateway_reply_accepted(), delay=1.5)
    # when/then
    with pytest.raises(TemporaryFailure):
        provider.send(to="09121234567", body="x", client_id=CLIENT_ID)


def test_unreachable_gateway_is_temporary():
    # given a port nobody listens on
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    provider = HttpSMSGatewayProvider(url=f"http://127.0.0.1:{port}", api_key="k", timeout=0.5)
    # when/then
    with pytest.raises(TemporaryFailure):
        provider.send(to="09121234567", body="x", client_id=CLIENT_ID)


def test_reply_without_entries_is_a_protocol_error(provider, sms_gateway):
    sms_gateway.answer(reply={"return": {"status": 200, "message": "ok"}, "entries": []})
    with pytest.raises(GatewayProtocolError):
        provider.send(to="09121234567", body="x", client_id=CLIENT_ID)


def test_missing_configuration_is_a_protocol_error():
    with pytest.raises(GatewayProtocolError):
        HttpSMSGatewayProvider(url="", api_key="").send(
            to="09121234567", body="x", client_id=CLIENT_ID
        )


def test_status_of_a_message_the_gateway_has(provider, sms_gateway):
    # given the gateway accepted a message under our id
    sms_gateway.answer(reply=gateway_reply_accepted(message_id=99001))
    provider.send(to="09121234567", body="x", client_id=CLIENT_ID)
    # when we ask about that id
    result = provider.status(client_id=CLIENT_ID)
    # then the gateway's message id comes back; it awaits a receipt
    assert (result.provider_message_id, result.status) == ("99001", Status.SENDING)
    assert sms_gateway.status_requests == [CLIENT_ID]


def test_status_of_a_message_the_gateway_never_got(provider, sms_gateway):
    # given/when we ask about an id the gateway never received
    # then it says so (None), and the caller may send
    assert provider.status(client_id=CLIENT_ID) is None


def test_status_entry_with_message_id_zero_means_unknown(provider, sms_gateway, monkeypatch):
    # given a gateway that answers an unknown id with an entry whose messageid is 0
    monkeypatch.setattr(
        sms_gateway,
        "status_reply",
        lambda localid: {
            "return": {"status": 200},
            "entries": [{"messageid": 0, "localid": localid, "status": 0}],
        },
    )
    # when/then
    assert provider.status(client_id=CLIENT_ID) is None


@pytest.mark.parametrize("code", [401, 500, 503])
def test_status_query_that_fails_is_temporary_never_unknown(provider, sms_gateway, code):
    # given a status endpoint that fails
    sms_gateway.status_query_status_code = code
    # when/then: the caller must not read a failure as "never received" and send again
    with pytest.raises(TemporaryFailure):
        provider.status(client_id=CLIENT_ID)


def test_status_query_to_an_unreachable_gateway_is_temporary():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    provider = HttpSMSGatewayProvider(url=f"http://127.0.0.1:{port}", api_key="k", timeout=0.5)
    with pytest.raises(TemporaryFailure):
        provider.status(client_id=CLIENT_ID)


def test_file_backend_finds_its_message_by_client_id(tmp_path):
    # given the file outbox wrote one message under our id
    provider = FileSMSProvider(outbox_dir=tmp_path)
    sent = provider.send(to="09121234567", body="x", client_id=CLIENT_ID)
    # when asked about that id and about another
    found = provider.status(client_id=CLIENT_ID)
    missing = provider.status(client_id="0b3a3c55-1111-4c11-9a53-2f7e8d4b1c00")
    # then only the first is known, under the same message id
    assert found == sent
    assert missing is None
