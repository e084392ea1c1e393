"""The sandbox BANK: what the simulator page sends back to the portal's callback.

Kept apart from `sandbox.SandboxGateway.verify` on purpose: this plays the
bank, that plays us; they share only the HMAC signing of the fields.
"""

from __future__ import annotations

import secrets

from employers.payments.signing import sign


def sandbox_bank_result(*, order_id: str, amount: int, paid: bool) -> dict[str, str]:
    """The signed fields the bank POSTs back: order, status, amount, reference, masked card."""
    fields = {
        "order_id": order_id,
        "status": "paid" if paid else "cancelled",
        "amount": str(int(amount)),
        "reference": f"SB{secrets.randbelow(10**10):010d}" if paid else "",
        "card_mask": "603799******1234" if paid else "",
    }
    fields["signature"] = sign(fields)
    return fields
