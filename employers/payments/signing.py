"""HMAC-SHA256 over the sandbox bank's callback fields (shared by both sides, nothing else)."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

SIGNED_FIELDS = ("order_id", "status", "amount", "reference", "card_mask")


def sandbox_secret() -> bytes:
    configured = getattr(settings, "PAYMENT_SANDBOX_SECRET", "")
    if configured:
        return configured.encode()
    # Derived so a fresh checkout works; never equal to SECRET_KEY itself.
    return hmac.new(settings.SECRET_KEY.encode(), b"tamin-payment-sandbox", hashlib.sha256).digest()


def sign(fields: dict[str, str]) -> str:
    message = "|".join(f"{name}={fields.get(name, '')}" for name in SIGNED_FIELDS)
    return hmac.new(sandbox_secret(), message.encode(), hashlib.sha256).hexdigest()


def signature_is_valid(fields: dict[str, str]) -> bool:
    return hmac.compare_digest(sign(fields), str(fields.get("signature", "")))
