"""The aggregator's endpoint and the staff simulator (docs/ussd.md).

`gateway`: POST /ussd/gateway/ — the operator's USSD aggregator, authenticated by the
shared secret in `X-Ussd-Secret` (compared in constant time with `USSD_SHARED_SECRET`;
none configured → 503). Fields `session_id`, `msisdn`, `input`, form-encoded or JSON;
the answer is always JSON `{"action": "continue"|"end", "text": "…"}`, a Persian screen
even for a refused or malformed request.

`simulator` / `simulator_send`: a staff page drawing a phone; its form (sent by
static/js/ussd_simulator.js, or as a plain form without JavaScript) reaches
`gateway_answer` — the same code as the aggregator's — with the secret added here, on
the server. Every simulated session is audited with the staff member and the account
its number reached: the simulator reads that account's data as its owner would.
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from branches.selectors.staff import staff_works_at_branch
from tamin.accounts.models import Role
from tamin.accounts.selectors import user_for_mobile, user_roles
from tamin.core.services import audit_record
from tamin.ussd.engine import END, ussd_reply
from tamin.ussd.screens import units

SECRET_HEADER = "X-Ussd-Secret"  # noqa: S105 - the header's name, not a secret
BODY_MAX_BYTES = 4096
SESSION_ID_RE = re.compile(r"[A-Za-z0-9._:\-]{1,64}", flags=re.ASCII)
MSISDN_MAX_CHARS = 20
INPUT_MAX_CHARS = 182  # the most a USSD reply can carry (GSM 7-bit)
# The demo insured person's number (tamin.accounts.demo): what the simulator dials first.
SIMULATOR_DEFAULT_MSISDN = "09121110001"

BAD_REQUEST = "درخواست نامعتبر است."
FORBIDDEN = "دسترسی مجاز نیست."
UNAVAILABLE = "این خدمت موقتاً در دسترس نیست."


def _screen(action: str, text: str) -> dict[str, str]:
    return {"action": action, "text": text}


def _as_text(value: Any) -> str | None:
    """A field as text: a string, or a whole number (aggregators send numbers as numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return value if isinstance(value, str) else None


def _fields(payload: Any) -> tuple[str, str, str] | None:
    """(session_id, msisdn, input) when the payload has the contract's shape, else None."""
    if not hasattr(payload, "get"):
        return None
    session_id = _as_text(payload.get("session_id"))
    msisdn = _as_text(payload.get("msisdn"))
    raw_input = payload.get("input")
    text = "" if raw_input is None else _as_text(raw_input)
    if session_id is None or msisdn is None or text is None:
        return None
    if not SESSION_ID_RE.fullmatch(session_id):
        return None
    if not msisdn.strip() or len(msisdn) > MSISDN_MAX_CHARS or "\x00" in msisdn:
        return None
    if len(text) > INPUT_MAX_CHARS or "\x00" in text:
        return None
    return session_id, msisdn, text


def _payload_read(request: HttpRequest) -> Any:
    """The request's fields (JSON object or form), or None for a body we do not read."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length > BODY_MAX_BYTES:
        return None
    if request.content_type == "application/json":
        try:
            return json.loads(request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None
    return request.POST


def gateway_answer(
    *, request: HttpRequest, secret: str, payload: Callable[[], Any]
) -> tuple[int, dict[str, str]]:
    """(HTTP status, screen) for one request: the secret first, then the fields, then the menu."""
    expected = settings.USSD_SHARED_SECRET or ""
    if not expected:
        return 503, _screen(END, UNAVAILABLE)
    if not hmac.compare_digest(secret.encode("utf-8"), expected.encode("utf-8")):
        return 403, _screen(END, FORBIDDEN)
    fields = _fields(payload())
    if fields is None:
        return 400, _screen(END, BAD_REQUEST)
    session_id, msisdn, text = fields
    reply = ussd_reply(session_id=session_id, msisdn=msisdn, text=text, request=request)
    return 200, _screen(reply.action, reply.text)


def _json(status: int, body: dict) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@csrf_exempt  # a machine caller; the shared secret is its credential
@require_POST
def gateway(request: HttpRequest) -> HttpResponse:
    status, body = gateway_answer(
        request=request,
        secret=request.headers.get(SECRET_HEADER, ""),
        payload=lambda: _payload_read(request),
    )
    return _json(status, body)


# --- the staff simulator -----------------------------------------------------------------


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Branch staff (the staff role and a live branch membership, the simulator enabled); anyone
    else gets 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.USSD_SIMULATOR_ENABLED or Role.STAFF not in user_roles(user=request.user):
            raise Http404
        # It answers with real people's records: staff working at a branch today only.
        if not staff_works_at_branch(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _page(
    request: HttpRequest,
    *,
    msisdn: str,
    session_id: str = "",
    screen: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    text = (screen or {}).get("text", "")
    return render(
        request,
        "ussd/simulator.html",
        {
            "msisdn": msisdn,
            "session_id": session_id,
            "screen": text,
            "screen_units": units(text),
            "ended": (screen or {}).get("action") == END,
        },
        status=status,
    )


@staff_only
@require_GET
def simulator(request: HttpRequest) -> HttpResponse:
    return _page(request, msisdn=SIMULATOR_DEFAULT_MSISDN)


@staff_only
@require_POST
def simulator_send(request: HttpRequest) -> HttpResponse:
    """One step of the simulated phone: dial anew (no session) or answer the screen."""
    msisdn = (request.POST.get("msisdn") or "")[:MSISDN_MAX_CHARS]
    session_id = request.POST.get("session_id") or ""
    text = request.POST.get("input") or ""
    if not session_id or "dial" in request.POST:
        session_id, text = f"sim-{secrets.token_hex(8)}", ""
        reached = user_for_mobile(mobile=msisdn)
        audit_record(
            action="ussd.simulator_session",
            actor=request.user,
            target=reached,
            request=request,
            detail={"account_reached": reached is not None},
        )
    status, screen = gateway_answer(
        request=request,
        secret=settings.USSD_SHARED_SECRET or "",
        payload=lambda: {"session_id": session_id, "msisdn": msisdn, "input": text},
    )
    if screen["action"] == END:
        session_id = ""
    if "application/json" in request.headers.get("Accept", ""):
        return _json(status, {**screen, "session_id": session_id})
    return _page(request, msisdn=msisdn, session_id=session_id, screen=screen, status=status)
