"""Fixtures for notification tests: a per-test file outbox and a fake SMS gateway on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest


@pytest.fixture(autouse=True)
def sms_outbox(settings, tmp_path):
    """Every test writes its file outbox into its own directory."""
    settings.SMS_OUTBOX_DIR = tmp_path / "outbox"
    settings.SMS_BACKEND = "notifications.providers.FileSMSProvider"
    return settings.SMS_OUTBOX_DIR


@dataclass
class FakeGateway:
    """What the gateway answers next, and what it was asked."""

    url: str = ""
    status_code: int = 200
    reply: Any = None
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    queued: list[tuple[int, Any]] = field(default_factory=list)

    def answer(self, *, status_code: int = 200, reply: Any = None, delay: float = 0.0) -> None:
        """The answer to every following request."""
        self.status_code, self.reply, self.delay = status_code, reply, delay

    def answer_once(self, *, status_code: int, reply: Any = None) -> None:
        """An answer for the next request only (queued before the standing answer)."""
        self.queued.append((status_code, reply))

    def next_answer(self) -> tuple[int, Any]:
        return self.queued.pop(0) if self.queued else (self.status_code, self.reply)


def _handler_for(gateway: FakeGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode())
            gateway.requests.append({"path": self.path, "form": {k: v[0] for k, v in form.items()}})
            if gateway.delay:
                time.sleep(gateway.delay)
            status_code, reply = gateway.next_answer()
            body = json.dumps(reply if reply is not None else {}).encode()
            try:
                self.send_response(status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def sms_gateway() -> Iterator[FakeGateway]:
    """A tiny HTTP server standing in for the SMS company: the true edge of the system."""
    gateway = FakeGateway()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(gateway))
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    yield gateway
    server.shutdown()
    server.server_close()


@pytest.fixture
def http_gateway_settings(settings, sms_gateway):
    settings.SMS_BACKEND = "notifications.providers.HttpSMSGatewayProvider"
    settings.SMS_GATEWAY_URL = sms_gateway.url
    settings.SMS_GATEWAY_API_KEY = "test-api-key"
    settings.SMS_GATEWAY_SENDER = "10004346"
    settings.SMS_GATEWAY_TIMEOUT = 2.0
    return settings
