"""A real Shaparak IPG: Saman Electronic Payment's (SEP) REST protocol, behind PaymentGateway.

Flow (docs/payments.md, "The Saman IPG adapter"):

1. `start`: POST the token request (terminal, amount in rial, our order id as
   ResNum, our callback URL) to PAYMENT_IPG_TOKEN_URL; the bank answers a token.
   The browser is sent to PAYMENT_IPG_PAYMENT_URL with a POSTed form {Token}.
2. The person pays; the bank POSTs its result to our callback (State, ResNum,
   RefNum, RRN, TraceNo, SecurePan, …). Anyone can POST there, so none of it
   is believed except which order it is about.
3. `verify`: POST {RefNum, TerminalNumber} to PAYMENT_IPG_VERIFY_URL. Only that
   server-to-server answer decides: its affective amount must equal the
   payment's, or the adapter POSTs the same body to PAYMENT_IPG_REVERSE_URL
   (the money goes back to the card) and answers reason "mismatch". A verify
   the bank does not answer is reason "unavailable": nothing is decided.

SEP settles on verify, so there is no separate settle call. All addresses come
from settings, so tests point them at a stand-in bank on 127.0.0.1.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from employers.models import PaymentStatus
from employers.payments import RedirectInstruction, VerifyResult
from tamin.core.exceptions import ApplicationError
from tamin.core.http import UpstreamUnavailable, post_json

logger = logging.getLogger(__name__)

# Result codes of SEP's verify/reverse answer that we act on.
SEP_OK = 0
SEP_ALREADY_VERIFIED = 2  # this RefNum was verified before (a replayed or borrowed RefNum)
SEP_NOT_FOUND = -2  # the bank knows no such transaction: the callback was not the bank's
# Callback State values: only "OK" means the person paid; this one means they gave up.
SEP_STATE_PAID = "OK"
SEP_STATE_CANCELLED = "CanceledByUser"


class SamanGateway:
    name = "saman"
    # What production's system check (tamin.core.checks) makes sure is configured.
    required_settings = (
        "PAYMENT_IPG_TERMINAL_ID",
        "PAYMENT_IPG_TOKEN_URL",
        "PAYMENT_IPG_PAYMENT_URL",
        "PAYMENT_IPG_VERIFY_URL",
        "PAYMENT_IPG_REVERSE_URL",
    )
    secret_settings = ("PAYMENT_IPG_TERMINAL_ID",)
    url_settings = (
        "PAYMENT_IPG_TOKEN_URL",
        "PAYMENT_IPG_PAYMENT_URL",
        "PAYMENT_IPG_VERIFY_URL",
        "PAYMENT_IPG_REVERSE_URL",
    )

    def __init__(self, *, session: requests.Session | None = None):
        self.terminal_id = str(settings.PAYMENT_IPG_TERMINAL_ID)
        self.timeout = settings.PAYMENT_IPG_TIMEOUT
        self.session = session or requests.Session()

    # --- start -------------------------------------------------------------------

    def start(self, *, payment, callback_url: str) -> RedirectInstruction:
        request = {
            "action": "token",
            "TerminalId": self.terminal_id,
            "Amount": int(payment.amount),
            "ResNum": payment.order_id,
            "RedirectUrl": callback_url,
        }
        try:
            answer = self._post(settings.PAYMENT_IPG_TOKEN_URL, request)
        except UpstreamUnavailable as exc:
            logger.warning("IPG token request failed for order %s: %s", payment.order_id, exc)
            raise _bank_unavailable() from exc
        token = answer.get("token")
        if str(answer.get("status")) != "1" or not token:
            logger.warning(
                "IPG refused a token for order %s: %s %s",
                payment.order_id,
                answer.get("errorCode"),
                str(answer.get("errorDesc", ""))[:200],
            )
            raise _bank_unavailable()
        return RedirectInstruction(
            url=settings.PAYMENT_IPG_PAYMENT_URL, method="POST", fields={"Token": str(token)}
        )

    # --- callback and verify ----------------------------------------------------

    @staticmethod
    def callback_order_id(callback_data: dict[str, str]) -> str:
        return str(callback_data.get("ResNum", ""))

    def verify(self, *, payment, callback_data: dict[str, str]) -> VerifyResult:
        data = {key: str(value) for key, value in callback_data.items()}
        if payment.status != PaymentStatus.INITIATED:
            # Settled already (a repeated callback): the bank is not asked again.
            return VerifyResult(ok=False, reason="declined")
        if data.get("ResNum") != payment.order_id:
            return VerifyResult(ok=False, reason="signature")
        terminal = data.get("TerminalId") or data.get("MID") or self.terminal_id
        if terminal != self.terminal_id:
            return VerifyResult(ok=False, reason="signature")
        state = data.get("State", "")
        if state != SEP_STATE_PAID:
            reason = "cancelled" if state == SEP_STATE_CANCELLED else "declined"
            return VerifyResult(ok=False, reason=reason)
        ref_num = data.get("RefNum", "")
        if not ref_num:
            return VerifyResult(ok=False, reason="signature")

        try:
            answer = self._post(settings.PAYMENT_IPG_VERIFY_URL, self._reference(ref_num))
        except UpstreamUnavailable as exc:
            logger.warning("IPG verify failed for order %s: %s", payment.order_id, exc)
            return VerifyResult(ok=False, reason="unavailable")
        detail = answer.get("TransactionDetail")
        code = _result_code(answer)
        if code in (SEP_NOT_FOUND, SEP_ALREADY_VERIFIED):
            # Not a fresh bank transaction for this order: refuse and change nothing.
            logger.warning("IPG verify of order %s answered %s", payment.order_id, code)
            return VerifyResult(ok=False, reason="signature")
        if code != SEP_OK or answer.get("Success") is not True:
            # Not verified (expired and reversed by the bank, terminal refused, …).
            logger.info("IPG did not verify order %s: %s", payment.order_id, code)
            return VerifyResult(ok=False, reason="declined")
        if not isinstance(detail, dict) or str(detail.get("RefNum", "")) != ref_num:
            return VerifyResult(ok=False, reason="signature")
        amount = _int_or_none(detail.get("AffectiveAmount"))
        if amount != payment.amount:
            self._reverse(ref_num=ref_num, order_id=payment.order_id)
            return VerifyResult(ok=False, amount=amount, reason="mismatch")
        return VerifyResult(
            ok=True,
            bank_reference=str(detail.get("RRN") or ref_num),
            amount=amount,
            card_mask=str(detail.get("MaskedPan") or data.get("SecurePan", "")),
        )

    def _reverse(self, *, ref_num: str, order_id: str) -> None:
        """Give the money back; a failure is logged loudly (the bank auto-reverses only unverified)."""
        try:
            answer = self._post(settings.PAYMENT_IPG_REVERSE_URL, self._reference(ref_num))
        except UpstreamUnavailable as exc:
            logger.error("IPG reverse FAILED for order %s (RefNum %s): %s", order_id, ref_num, exc)
            return
        if _result_code(answer) != SEP_OK:
            logger.error(
                "IPG reverse REFUSED for order %s (RefNum %s): %s",
                order_id,
                ref_num,
                answer.get("ResultCode"),
            )

    # --- HTTP --------------------------------------------------------------------

    def _reference(self, ref_num: str) -> dict[str, Any]:
        terminal: Any = int(self.terminal_id) if self.terminal_id.isdigit() else self.terminal_id
        return {"RefNum": ref_num, "TerminalNumber": terminal}

    def _post(self, url: str, body: dict[str, Any]) -> dict[str, Any]:
        return post_json(session=self.session, url=url, body=body, timeout=self.timeout)


def _bank_unavailable() -> ApplicationError:
    return ApplicationError(
        _("درگاه پرداخت بانک در دسترس نیست. چند دقیقه دیگر دوباره تلاش کنید."),
        code="payment_gateway_unavailable",
    )


def _result_code(answer: dict[str, Any]) -> int | None:
    return _int_or_none(answer.get("ResultCode"))


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
