"""The payment adapter: how the portal talks to a bank's internet payment gateway (IPG).

Flow (docs/payments.md):
1. `employers.services.money.payment_start` creates a Payment (unique random
   order id, the amount owed) and asks the gateway how to send the browser to
   the bank: `start(payment=, callback_url=) -> RedirectInstruction`.
2. The person pays on the bank's page; the bank sends the browser back to our
   callback with its fields.
3. `payment_callback` asks the gateway to check them:
   `verify(payment=, callback_data=) -> VerifyResult`. Only a verified result
   whose amount equals the payment's credits the workshop, once.

A real Shaparak IPG adapter implements the same two methods (its `verify` calls
the bank's verify API, and reverses a payment whose verified amount differs);
`settings.PAYMENT_GATEWAY` names the class to use. `employers.payments.ipg`
holds one for Saman's (SEP) REST protocol; the sandbox declares `is_stand_in`,
so production's system check refuses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class RedirectInstruction:
    url: str
    method: str = "GET"  # "GET": redirect; "POST": an auto-submitting form with `fields`
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    bank_reference: str = ""
    amount: int | None = None
    card_mask: str = ""
    # Why it failed: "signature" (not from the bank: refuse and change nothing),
    # "cancelled" (the person gave up), "declined", "mismatch" (the bank verified another
    # amount; the adapter reversed it), "unavailable" (the bank did not answer the verify
    # call: nothing is decided, the payment keeps waiting), …
    reason: str = ""


class PaymentGateway(Protocol):
    name: str

    def start(self, *, payment, callback_url: str) -> RedirectInstruction: ...

    def verify(self, *, payment, callback_data: dict[str, str]) -> VerifyResult: ...

    # Optional: `callback_order_id(callback_data) -> str` when the bank names our order id
    # other than "order_id" in its callback (Saman: ResNum).


def gateway_get() -> PaymentGateway:
    """The configured gateway (settings.PAYMENT_GATEWAY, a dotted path to a class)."""
    return import_string(settings.PAYMENT_GATEWAY)()


def callback_order_id(*, callback_data: dict[str, str]) -> str:
    """Our order id as the configured gateway's callback carries it."""
    reader = getattr(gateway_get(), "callback_order_id", None)
    if reader is not None:
        return str(reader(callback_data) or "")
    return str(callback_data.get("order_id", "") or "")
