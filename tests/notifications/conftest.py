"""Fixtures for notification tests: a per-test file outbox and a fake SMS gateway on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.notifications.stand_in_gateway import json_reply, serving


@pytest.fixture(autouse=True)
def sms_outbox(settings, tmp_path):
    """Every test writes its file outbox into its own directory."""
    settings.SMS_OUTBOX_DIR = tmp_path / "outbox"
    settings.SMS_BACKEND = "notifications.providers.FileSMSProvider"
    return settings.SMS_OUTBOX_DIR


@dataclass
class FakeGateway:
    """What the gateway answers next, and what it was asked.

    Sends it accepted (a 2xx answer naming a message id) are remembered by the
    client's `localid`, and the status endpoint answers from that memory, as the
    real gateway does; `status_query_status_code` makes the status endpoint fail.
    """

    url: str = ""
    status_code: int = 200
    reply: Any = None
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    queued: list[tuple[int, Any]] = field(default_factory=list)
    accepted: dict[str, str] = field(default_factory=dict)
    status_requests: list[str] = field(default_factory=list)
    status_query_status_code: int = 200
    status_delay: float = 0.0

    def answer(self, *, status_code: int = 200, reply: Any = None, delay: float = 0.0) -> None:
        """The answer to every following request."""
        self.status_code, self.reply, self.delay = status_code, reply, delay

    def answer_once(self, *, status_code: int, reply: Any = None) -> None:
        """An answer for the next request only (queued before the standing answer)."""
        self.queued.append((status_code, reply))

    def next_answer(self) -> tuple[int, Any]:
        return self.queued.pop(0) if self.queued else (self.status_code, self.reply)

    def remember(self, *, form: dict[str, str], status_code: int, reply: Any) -> None:
        try:
            message_id = str(reply["entries"][0]["messageid"])
        except (TypeError, KeyError, IndexError):
            return
        if status_code < 300 and form.get("localid"):
            self.accepted[form["localid"]] = message_id

    def status_reply(self, localid: str) -> dict[str, Any]:
        entries = []
        if localid in self.accepted:
            entries = [{"messageid": self.accepted[localid], "localid": localid, "status": 1}]
        return {"return": {"status": 200, "message": "ok"}, "entries": entries}


def _handler_for(gateway: FakeGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            gateway.requests.append({"path": self.path, "form": form})
            if gateway.delay:
                time.sleep(gateway.delay)
            status_code, reply = gateway.next_answer()
            gateway.remember(form=form, status_code=status_code, reply=reply)
            json_reply(self, status_code, reply)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if not parts.path.endswith("/sms/statuslocalmessageid.json"):
                json_reply(self, 404, {"return": {"status": 404, "message": "not found"}})
                return
            localid = parse_qs(parts.query).get("localid", [""])[0]
            gateway.status_requests.append(localid)
            if gateway.status_delay:
                time.sleep(gateway.status_delay)
            if gateway.status_query_status_code != 200:
                code = gateway.status_query_status_code
                json_reply(self, code, {"return": {"status": code, "message": "error"}})
                return
            json_reply(self, 200, gateway.status_reply(localid))

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def sms_gateway() -> Iterator[FakeGateway]:
    """A tiny HTTP server standing in for the SMS company: the true edge of the system."""
    gateway = FakeGateway()
    with serving(_handler_for(gateway)) as url:
        gateway.url = url
        yield gateway


@pytest.fixture
def http_gateway_settings(settings, sms_gateway):
    settings.SMS_BACKEND = "notifications.providers.HttpSMSGatewayProvider"
    settings.SMS_GATEWAY_URL = sms_gateway.url
    settings.SMS_GATEWAY_API_KEY = "test-api-key"
    settings.SMS_GATEWAY_SENDER = "10004346"
    settings.SMS_GATEWAY_TIMEOUT = 2.0
    return settings
