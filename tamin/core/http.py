"""JSON over HTTP to services outside the organization (civil registry, bank gateways).

One rule for every adapter: an answer we cannot use — no connection, a timeout,
a status other than 200, a body that is not a JSON object — is
`UpstreamUnavailable`, which the adapter turns into "try later", never into an
accept.
"""

from __future__ import annotations

from typing import Any

import requests


class UpstreamUnavailable(Exception):
    """The service did not answer, or not in the shape its protocol promises."""


def post_json(
    *,
    session: requests.Session,
    url: str,
    body: dict[str, Any],
    timeout: float,
    auth: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """POST `body` as JSON; the answer as a dict, or UpstreamUnavailable."""
    try:
        response = session.post(url, json=body, auth=auth, timeout=timeout)
    except requests.RequestException as exc:
        raise UpstreamUnavailable(type(exc).__name__) from exc
    if response.status_code != 200:
        raise UpstreamUnavailable(f"HTTP {response.status_code}")
    try:
        answer = response.json()
    except ValueError as exc:
        raise UpstreamUnavailable("reply is not JSON") from exc
    if not isinstance(answer, dict):
        raise UpstreamUnavailable("reply is not a JSON object")
    return answer
