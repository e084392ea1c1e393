"""The sandbox gateway, OUR side: where to send the browser and how to check the callback.

The bank's side (the simulator page that signs the result) is
`employers.payments.sandbox_bank`; this module only verifies what comes back,
exactly as a real IPG adapter would.
"""

from __future__ import annotations

from django.urls import reverse

from employers.payments import RedirectInstruction, VerifyResult
from employers.payments.signing import signature_is_valid


class SandboxGateway:
    name = "sandbox"
    is_stand_in = True  # no money moves: production's system check refuses it

    def start(self, *, payment, callback_url: str) -> RedirectInstruction:
        # The simulator knows our callback from the order; a real bank gets it in `fields`.
        return RedirectInstruction(
            url=reverse("employers:sandbox_bank", kwargs={"order_id": payment.order_id}),
            method="GET",
        )

    def verify(self, *, payment, callback_data: dict[str, str]) -> VerifyResult:
        data = {key: str(value) for key, value in callback_data.items()}
        if data.get("order_id") != payment.order_id or not signature_is_valid(data):
            return VerifyResult(ok=False, reason="signature")
        try:
            amount = int(data.get("amount", ""))
        except ValueError:
            return VerifyResult(ok=False, reason="signature")
        if data.get("status") == "cancelled":
            return VerifyResult(ok=False, amount=amount, reason="cancelled")
        if data.get("status") != "paid":
            return VerifyResult(ok=False, amount=amount, reason="declined")
        return VerifyResult(
            ok=True,
            bank_reference=data.get("reference", ""),
            amount=amount,
            card_mask=data.get("card_mask", ""),
        )
