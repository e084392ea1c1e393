"""The HTTP SMS gateway adapter against a local HTTP server (the true edge)."""

from __future__ import annotations

import socket

import pytest

from notifications.models import Status
from notifications.providers import (
    GatewayProtocolError,
    HttpSMSGatewayProvider,
    PermanentFailure,
    TemporaryFailure,
)
from tests.notifications.factories import gateway_reply_accepted, gateway_reply_error


@pytest.fixture
def provider(sms_gateway):
    return HttpSMSGatewayProvider(url=sms_gateway.url, api_key="k3y", sender="2000", timeout=0.5)


def test_accepted_message_returns_the_gateway_message_id(provider, sms_gateway):
    # given the gateway accepts
    sms_gateway.answer(reply=gateway_reply_accepted(message_id=123456789, status=1))
    # when sending
    result = provider.send(to="09121234567", body="کد: 654321")
    # then its message id is returned and delivery awaits a receipt
    assert (result.provider_message_id, result.status) == ("123456789", Status.SENDING)
    (request,) = sms_gateway.requests
    assert request["path"] == "/v1/k3y/sms/send.json"
    assert request["form"] == {"receptor": "09121234567", "message": "کد: 654321", "sender": "2000"}


@pytest.mark.parametrize("code", [500, 502, 503, 504])
def test_server_errors_are_temporary(provider, sms_gateway, code):
    sms_gateway.answer(status_code=code, reply=gateway_reply_error(status=code))
    with pytest.raises(TemporaryFailure):
        provider.send(to="09121234567", body="x")


@pytest.mark.parametrize("code", [400, 401, 403, 411, 412, 418])
def test_client_errors_are_permanent(provider, sms_gateway, code):
    sms_gateway.answer(status_code=code, reply=gateway_reply_error(status=code))
    with pytest.raises(PermanentFailure):
        provider.send(to="09121234567", body="x")


def test_rate_limit_is_temporary(provider, sms_gateway):
    sms_gateway.answer(status_code=429, reply=gateway_reply_error(status=429))
    with pytest.raises(TemporaryFailure):
        provider.send(to="09121234567", body="x")


def test_error_reported_only_in_the_json_return_status_counts(provider, sms_gateway):
    # given HTTP 200 whose JSON says the receptor is invalid
    sms_gateway.answer(status_code=200, reply=gateway_reply_error(status=411))
    # when/then
    with pytest.raises(PermanentFailure):
        provider.send(to="0912", body="x")


def test_entry_status_blocked_is_permanent(provider, sms_gateway):
    sms_gateway.answer(reply=gateway_reply_accepted(status=14))
    with pytest.raises(PermanentFailure):
        provider.send(to="09121234567", body="x")


def test_timeout_is_temporary(provider, sms_gateway):
    # given a gateway slower than our timeout
    sms_gateway.answer(reply=gateway_reply_accepted(), delay=1.5)
    # when/then
    with pytest.raises(TemporaryFailure):
        provider.send(to="09121234567", body="x")


def test_unreachable_gateway_is_temporary():
    # given a port nobody listens on
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    provider = HttpSMSGatewayProvider(url=f"http://127.0.0.1:{port}", api_key="k", timeout=0.5)
    # when/then
    with pytest.raises(TemporaryFailure):
        provider.send(to="09121234567", body="x")


def test_reply_without_entries_is_a_protocol_error(provider, sms_gateway):
    sms_gateway.answer(reply={"return": {"status": 200, "message": "ok"}, "entries": []})
    with pytest.raises(GatewayProtocolError):
        provider.send(to="09121234567", body="x")


def test_missing_configuration_is_a_protocol_error():
    with pytest.raises(GatewayProtocolError):
        HttpSMSGatewayProvider(url="", api_key="").send(to="09121234567", body="x")
