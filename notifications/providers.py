"""Delivery providers: the edge between the outbox and the outside world.

An SMS provider has two methods. `send(to=, body=, client_id=) -> SendResult`
hands a message over under our id for it; `status(client_id=) -> SendResult |
None` says what became of the message sent under that id, or None when the
provider never received it. Both raise `TemporaryFailure` (try again later) or
`PermanentFailure` (never retry); anything else they raise is a bug or an
unexpected reply, which the delivery service records as a technical failure.
`status` is what makes a retry safe: an attempt whose outcome was lost (its
worker died mid-request) is asked about before anything is sent again.

`settings.SMS_BACKEND` names the SMS provider class (dotted path).
"""

from __future__ import annotations

import json
import logging
import os
import smtplib
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import requests
from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.utils import timezone
from django.utils.module_loading import import_string

from notifications.models import Status

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str
    # Our status after the hand-over: "delivered", or "sending" while a receipt is awaited.
    status: str


class DeliveryError(Exception):
    pass


class TemporaryFailure(DeliveryError):
    """The provider could not take the message now; the same message may be tried again."""


class PermanentFailure(DeliveryError):
    """The message can never be delivered as it is (bad number, rejected content)."""


class GatewayProtocolError(RuntimeError):
    """The gateway answered in a shape we do not understand."""


class SMSProvider(Protocol):
    def send(self, *, to: str, body: str, client_id: str) -> SendResult: ...

    def status(self, *, client_id: str) -> SendResult | None: ...


# --- Segment counting -------------------------------------------------------

# GSM 03.38 default alphabet (one septet each) and its extension table (escape + char).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


def sms_segments(body: str) -> int:
    """How many SMS parts the body costs.

    GSM 7-bit when every character is in the default alphabet or its extension
    (extension characters take two septets); otherwise UCS-2, where a character
    outside the Basic Multilingual Plane takes two code units. A multi-part
    message loses room to the concatenation header, and a part never splits an
    escape pair or a surrogate pair.
    """
    if not body:
        return 0
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in body):
        costs = [2 if ch in GSM7_EXTENSION else 1 for ch in body]
        single, part = GSM7_SINGLE, GSM7_PART
    else:
        costs = [2 if ord(ch) > 0xFFFF else 1 for ch in body]
        single, part = UCS2_SINGLE, UCS2_PART
    if sum(costs) <= single:
        return 1
    segments, used = 1, 0
    for cost in costs:
        if used + cost > part:
            segments += 1
            used = 0
        used += cost
    return segments


# --- File outbox (development and tests) -------------------------------------


@dataclass(frozen=True)
class OutboxMessage:
    to: str
    body: str
    segments: int
    created_at: datetime
    message_id: str


class FileSMSProvider:
    """Writes each message as one JSON file into SMS_OUTBOX_DIR; the dev page reads them.

    The file name carries the client id, so `status` finds a message by our id.
    """

    is_stand_in = True  # production's system check refuses it (tamin.core.checks)

    def __init__(self, outbox_dir: Path | str | None = None):
        self.outbox_dir = Path(outbox_dir or settings.SMS_OUTBOX_DIR)

    def send(self, *, to: str, body: str, client_id: str) -> SendResult:
        self.outbox_dir.mkdir(parents=True, exist_ok=True)
        now = timezone.now()
        message_id = _file_message_id(client_id)
        record = {
            "to": to,
            "body": body,
            "segments": sms_segments(body),
            "created_at": now.isoformat(),
            "message_id": message_id,
            "client_id": client_id,
        }
        # The name sorts by time so the newest files are found without opening all of them.
        name = f"{now:%Y%m%dT%H%M%S%f}-{message_id}.json"
        temporary = self.outbox_dir / f".{name}.tmp"
        temporary.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(temporary, self.outbox_dir / name)  # readers never see half a file
        return SendResult(provider_message_id=message_id, status=Status.DELIVERED)

    def status(self, *, client_id: str) -> SendResult | None:
        message_id = _file_message_id(client_id)
        if not self.outbox_dir.is_dir() or not any(self.outbox_dir.glob(f"*-{message_id}.json")):
            return None
        return SendResult(provider_message_id=message_id, status=Status.DELIVERED)


def _file_message_id(client_id: str) -> str:
    # Our ids are UUIDs; anything else is cut down to characters safe in a file name and a glob.
    safe = "".join(ch for ch in client_id if ch.isascii() and (ch.isalnum() or ch == "-"))[:64]
    if not safe:
        raise ValueError("a client id is required")
    return f"file-{safe}"


def file_outbox_read(
    *, outbox_dir: Path | str | None = None, limit: int = 50
) -> list[OutboxMessage]:
    """The newest `limit` messages of the file outbox, newest first."""
    directory = Path(outbox_dir or settings.SMS_OUTBOX_DIR)
    if not directory.is_dir():
        return []
    names = sorted(
        (entry.name for entry in os.scandir(directory) if entry.name.endswith(".json")),
        reverse=True,
    )[:limit]
    messages = []
    for name in names:
        try:
            data = json.loads((directory / name).read_text(encoding="utf-8"))
            messages.append(
                OutboxMessage(
                    to=str(data["to"]),
                    body=str(data["body"]),
                    segments=int(data.get("segments") or sms_segments(data["body"])),
                    created_at=datetime.fromisoformat(data["created_at"]),
                    message_id=str(data.get("message_id", "")),
                )
            )
        except (OSError, ValueError, KeyError):
            logger.warning("Skipping unreadable outbox file %s", name)
    return messages


# --- HTTP SMS gateway (Kavenegar-shaped REST API) ----------------------------

# The gateway's words and numeric codes for a message's state, mapped to our statuses.
GATEWAY_STATUSES: dict[str, str] = {
    "delivered": Status.DELIVERED,
    "10": Status.DELIVERED,
    "queued": Status.SENDING,
    "scheduled": Status.SENDING,
    "sent": Status.SENDING,
    "accepted": Status.SENDING,
    "1": Status.SENDING,
    "2": Status.SENDING,
    "4": Status.SENDING,
    "5": Status.SENDING,
    # The handset did not take it in time (switched off, full): the gateway already retried.
    "undelivered": Status.TEMPORARY_FAILURE,
    "expired": Status.TEMPORARY_FAILURE,
    "failed": Status.TEMPORARY_FAILURE,
    "6": Status.TEMPORARY_FAILURE,
    "11": Status.TEMPORARY_FAILURE,
    # Will never arrive: cancelled, blocked by the operator/recipient, unknown number.
    "cancelled": Status.PERMANENT_FAILURE,
    "canceled": Status.PERMANENT_FAILURE,
    "blocked": Status.PERMANENT_FAILURE,
    "rejected": Status.PERMANENT_FAILURE,
    "invalid": Status.PERMANENT_FAILURE,
    "13": Status.PERMANENT_FAILURE,
    "14": Status.PERMANENT_FAILURE,
    "100": Status.PERMANENT_FAILURE,
}


def gateway_status(value: Any) -> str | None:
    """Our status for a gateway's status word or code; None when unknown."""
    return GATEWAY_STATUSES.get(str(value).strip().lower())


# HTTP codes in the 4xx range that still mean "later" rather than "never".
_RETRYABLE_CLIENT_ERRORS = frozenset({408, 425, 429})


_gateway_sessions = threading.local()


def _gateway_session() -> requests.Session:
    """The HTTP session of this thread of this process, kept between messages, so each SMS
    reuses the gateway's open connection (keep-alive) instead of a new TCP and TLS
    handshake. A connection the gateway closed is noticed by urllib3 and opened again; a
    send lost on a dropped connection is a TemporaryFailure whose retry asks the gateway
    first, like any other."""
    pid = os.getpid()  # never a session inherited across a fork (the prefork pool)
    if getattr(_gateway_sessions, "pid", None) != pid:
        _gateway_sessions.session = requests.Session()
        _gateway_sessions.pid = pid
    return _gateway_sessions.session


class HttpSMSGatewayProvider:
    """REST adapter for a Kavenegar-shaped gateway (the contract is in docs/deploy.md).

    send:   POST {SMS_GATEWAY_URL}/{api_key}/sms/send.json
            form: receptor, message, sender, localid (our client message id)
            → {"return": {"status": 200}, "entries": [{"messageid": …, "status": …}]}
    status: GET  {SMS_GATEWAY_URL}/{api_key}/sms/statuslocalmessageid.json?localid=…
            → the same shape with "localid" in each entry; no entry (or messageid 0)
              when the gateway never received a message under that id.

    The gateway accepting a message is not delivery: the row stays "sending"
    until a delivery receipt arrives at /notifications/receipts/.
    """

    # What production's system check (tamin.core.checks) makes sure is configured.
    required_settings = ("SMS_GATEWAY_URL", "SMS_GATEWAY_API_KEY", "DELIVERY_RECEIPT_TOKEN")
    secret_settings = ("SMS_GATEWAY_API_KEY", "DELIVERY_RECEIPT_TOKEN")
    url_settings = ("SMS_GATEWAY_URL",)

    def __init__(
        self,
        *,
        url: str | None = None,
        api_key: str | None = None,
        sender: str | None = None,
        timeout: float | None = None,
        session: requests.Session | None = None,
    ):
        self.url = (url if url is not None else settings.SMS_GATEWAY_URL).rstrip("/")
        self.api_key = api_key if api_key is not None else settings.SMS_GATEWAY_API_KEY
        self.sender = sender if sender is not None else settings.SMS_GATEWAY_SENDER
        self.timeout = timeout if timeout is not None else settings.SMS_GATEWAY_TIMEOUT
        self.session = session or _gateway_session()

    def send(self, *, to: str, body: str, client_id: str) -> SendResult:
        payload = {"receptor": to, "message": body, "localid": client_id}
        if self.sender:
            payload["sender"] = self.sender
        response, data, code = self._call("POST", "send", data=payload)
        if response.status_code >= 500 or code >= 500:
            raise TemporaryFailure(f"gateway error {code}: {_return_message(data)}")
        if response.status_code >= 400 or code >= 400:
            error = TemporaryFailure if code in _RETRYABLE_CLIENT_ERRORS else PermanentFailure
            raise error(f"gateway refused {code}: {_return_message(data)}")

        try:
            entry = data["entries"][0]
            message_id = str(entry["messageid"])
        except (TypeError, KeyError, IndexError) as exc:
            raise GatewayProtocolError(f"unexpected gateway reply: {response.text[:200]}") from exc
        status = gateway_status(entry.get("status", "")) or Status.SENDING
        if status == Status.PERMANENT_FAILURE:
            raise PermanentFailure(f"gateway rejected the message: {entry.get('status')}")
        if status == Status.TEMPORARY_FAILURE:
            raise TemporaryFailure(f"gateway could not send now: {entry.get('status')}")
        return SendResult(provider_message_id=message_id, status=status)

    def status(self, *, client_id: str) -> SendResult | None:
        """What the gateway did with the message it got under `client_id`; None if it got none.

        An answer that does not say clearly raises: the caller must never send
        again on a guess.
        """
        response, data, code = self._call(
            "GET", "statuslocalmessageid", params={"localid": client_id}
        )
        if response.status_code >= 400 or code >= 400:
            raise TemporaryFailure(f"gateway status query failed {code}: {_return_message(data)}")
        if not isinstance(data, dict) or not isinstance(data.get("entries") or [], list):
            raise GatewayProtocolError(f"unexpected gateway reply: {response.text[:200]}")
        for entry in data.get("entries") or []:
            if not isinstance(entry, dict) or str(entry.get("localid", "")) != client_id:
                continue
            message_id = str(entry.get("messageid") or "").strip()
            if message_id in ("", "0"):
                continue  # the gateway's way of saying it has no such message
            status = gateway_status(entry.get("status", "")) or Status.SENDING
            return SendResult(provider_message_id=message_id, status=status)
        return None

    def _call(self, method: str, action: str, **kwargs: Any) -> tuple[requests.Response, Any, int]:
        """One request; the reply, its JSON (or None) and the gateway's status code."""
        if not self.url or not self.api_key:
            raise GatewayProtocolError("SMS_GATEWAY_URL and SMS_GATEWAY_API_KEY must be set")
        endpoint = f"{self.url}/{self.api_key}/sms/{action}.json"
        try:
            response = self.session.request(method, endpoint, timeout=self.timeout, **kwargs)
        except (requests.Timeout, requests.ConnectionError) as exc:
            raise TemporaryFailure(f"gateway unreachable: {type(exc).__name__}") from exc
        data = _json_or_none(response)
        return response, data, _return_status(data) or response.status_code


def _json_or_none(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _return_status(data: Any) -> int | None:
    try:
        return int(data["return"]["status"])
    except (TypeError, KeyError, ValueError):
        return None


def _return_message(data: Any) -> str:
    try:
        return str(data["return"]["message"])[:200]
    except (TypeError, KeyError):
        return ""


# --- E-mail ------------------------------------------------------------------


class EmailProvider:
    """Plain-text e-mail through Django's configured EMAIL_BACKEND."""

    def send(self, *, to: str, subject: str, body: str) -> SendResult:
        message_id = make_msgid(domain="tamin")
        message = EmailMessage(
            subject=subject, body=body, to=[to], headers={"Message-ID": message_id}
        )
        try:
            message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentFailure(f"recipient refused: {exc}") from exc
        except (
            TimeoutError,
            smtplib.SMTPServerDisconnected,
            smtplib.SMTPConnectError,
            ConnectionError,
        ) as exc:
            raise TemporaryFailure(f"mail server unreachable: {type(exc).__name__}") from exc
        return SendResult(provider_message_id=message_id.strip("<>")[:64], status=Status.DELIVERED)


def sms_provider() -> SMSProvider:
    return import_string(settings.SMS_BACKEND)()


def sms_backend_is_file() -> bool:
    try:
        backend = import_string(settings.SMS_BACKEND)
    except ImportError:
        return False
    return isinstance(backend, type) and issubclass(backend, FileSMSProvider)
