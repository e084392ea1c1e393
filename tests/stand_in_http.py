"""A stand-in for a service outside the organization: an HTTP server on 127.0.0.1 in a thread.

`stand_in_server(answer)` serves until the block ends; `answer(path, body, headers)`
returns (status, JSON-able reply, or raw bytes) for every POST. Tests use it for
the civil registry and the bank, through the same adapters production uses.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = Callable[[str, bytes, Mapping[str, str]], tuple[int, Any]]


def json_reply(handler: BaseHTTPRequestHandler, status: int, reply: Any) -> None:
    """Answer with `reply` (JSON-able, or raw bytes); the client may have stopped waiting."""
    if isinstance(reply, bytes):
        payload = reply
    else:
        payload = json.dumps(reply if reply is not None else {}).encode()
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the adapter gave up waiting (timeout tests), or its worker was killed


def _handler_for(answer: Answer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            status, reply = answer(self.path, self.rfile.read(length), self.headers)
            json_reply(self, status, reply)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler` on a free port of 127.0.0.1 in threads; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def stand_in_server(answer: Answer) -> Iterator[str]:
    """Serve `answer` on a free port of 127.0.0.1; yields the base URL."""
    with serving(_handler_for(answer)) as url:
        yield url
