"""The client's address, decided once for every limit, lockout and audit row.

Behind N trusted reverse proxies (`TAMIN_TRUSTED_PROXY_COUNT`), each proxy
appends the address it received the request from to `X-Forwarded-For`, so the
client is the N-th entry from the right. Entries further left were written by
the client and are never trusted. With N = 0 (no proxy) only `REMOTE_ADDR`
counts. Anything that is not an IP address falls back to `REMOTE_ADDR`.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def normalize_ip(value: str) -> str | None:
    """`value` as a canonical IP address, or None; accepts a port and IPv6 in brackets."""
    text = value.strip().strip('"')
    if text.startswith("["):  # "[2001:db8::1]:443"
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # "203.0.113.7:5555"
        text = text.partition(":")[0]
    # An IPv6 zone ("fe80::1%eth0") names our interface, not the client.
    text = text.partition("%")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # one counter per client, however the proxy spells it
    return str(address)


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of the person behind `request` (None when there is no request)."""
    if request is None:
        return None
    remote = normalize_ip(request.META.get("REMOTE_ADDR") or "")
    proxies = max(int(getattr(settings, "TAMIN_TRUSTED_PROXY_COUNT", 0) or 0), 0)
    if not proxies:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < proxies:
        # The chain is shorter than our proxies: the request did not come
        # through all of them, so no entry is known to be proxy-written.
        return remote
    return normalize_ip(forwarded[-proxies]) or remote
