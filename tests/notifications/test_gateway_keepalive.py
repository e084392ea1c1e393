"""Consecutive SMS reuse the gateway's open connection (keep-alive), as a worker sends them:
a new provider per message (notifications.providers.sms_provider), the same connection."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any

from notifications.providers import HttpSMSGatewayProvider
from tests.notifications.stand_in_gateway import serving


def _handler(peers: list[tuple[str, int]]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # a gateway that keeps connections open, as real ones do

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            peers.append(self.client_address)
            body = json.dumps(
                {"return": {"status": 200}, "entries": [{"messageid": len(peers), "status": 1}]}
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def _send(url: str, n: int) -> None:
    provider = HttpSMSGatewayProvider(url=url, api_key="k3y", timeout=2.0)
    provider.send(to="09121234567", body="کد: 1", client_id=f"client-{n}")


def test_messages_of_one_worker_reuse_one_connection_and_threads_keep_their_own():
    peers: list[tuple[str, int]] = []
    with serving(_handler(peers)) as url:
        # Given three messages sent one after another, each by a new provider
        for n in range(3):
            _send(url, n)
        # and one from another thread
        other = threading.Thread(target=_send, args=(url, 99))
        other.start()
        other.join()

    # Then the three came over one connection (one client port), the thread's over its own
    assert len(peers) == 4
    assert len(set(peers[:3])) == 1
    assert peers[3] != peers[0]
