"""Plumbing shared by the SMS gateway stand-ins: serving a handler on 127.0.0.1, JSON replies.

The server and the reply are tests/stand_in_http.py's; the gateway's URLs sit under /v1.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

from tests import stand_in_http
from tests.stand_in_http import json_reply

__all__ = ["json_reply", "serving"]


@contextlib.contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler` on a free port of 127.0.0.1 in threads; yields the gateway's base URL."""
    with stand_in_http.serving(handler) as url:
        yield f"{url}/v1"
