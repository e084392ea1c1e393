"""Paying a list through a real Shaparak IPG adapter (Saman's SEP protocol), issue #8 item 1.

A stand-in bank (http.server on 127.0.0.1, in a thread) answers the token,
verify and reverse calls the way SEP documents them; `bank.pay()` plays the
person on the bank's page and returns what the bank's page would POST to our
callback. Everything on our side is the real code: pages, services, adapter.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import EntryKind, LedgerEntry, Payment, PaymentStatus
from employers.selectors.money import workshop_debt
from tamin.core.models import AuditLog
from tests.employers.factories import RepresentativeFactory
from tests.employers.factories_money import submitted_list_with_charge
from tests.stand_in_http import stand_in_server

pytestmark = pytest.mark.django_db

TERMINAL = "13345678"
AMOUNT = 12_345_678


@dataclass
class StandInBank:
    url: str = ""
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    # RefNum → what was charged, and whether it was verified / reversed already
    transactions: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    token_status: int = 200
    verify_status: int = 200

    def answer(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.calls.append((path, body))
        if path == "/onlinepg/onlinepg":
            if self.token_status != 200:
                return self.token_status, {}
            if body.get("TerminalId") != TERMINAL or body.get("action") != "token":
                return 200, {"status": -1, "errorCode": 5, "errorDesc": "bad request"}
            token = secrets.token_hex(16)
            self.tokens[token] = body
            return 200, {"status": 1, "token": token}
        transaction = self.transactions.get(str(body.get("RefNum")))
        if path == "/verify":
            if self.verify_status != 200:
                return self.verify_status, {}
            if transaction is None or body.get("TerminalNumber") != int(TERMINAL):
                return 200, {"ResultCode": -2, "Success": False}
            code = 2 if transaction["verified"] else 0
            transaction["verified"] = True
            detail = {
                "RRN": transaction["rrn"],
                "RefNum": transaction["ref_num"],
                "MaskedPan": "603799******1234",
                "TerminalNumber": int(TERMINAL),
                "OrginalAmount": transaction["charged"],
                "AffectiveAmount": transaction["charged"],
            }
            return 200, {"ResultCode": code, "Success": True, "TransactionDetail": detail}
        if path == "/reverse":
            if transaction is None:
                return 200, {"ResultCode": -2, "Success": False}
            transaction["reversed"] = True
            return 200, {"ResultCode": 0, "Success": True}
        return 404, {}

    def pay(self, token: str, *, charged: int | None = None, cancel: bool = False) -> dict:
        """The person on the bank's page; returns the fields the bank POSTs to RedirectUrl."""
        request = self.tokens[token]
        if cancel:
            return {"MID": TERMINAL, "State": "CanceledByUser", "Status": "1", "ResNum": request["ResNum"], "Token": token}  # fmt: skip
        ref_num = secrets.token_hex(10)
        self.transactions[ref_num] = {
            "ref_num": ref_num,
            "rrn": str(secrets.randbelow(10**12)).zfill(12),
            "charged": request["Amount"] if charged is None else charged,
            "verified": False,
            "reversed": False,
        }
        return {
            "MID": TERMINAL,
            "TerminalId": TERMINAL,
            "State": "OK",
            "Status": "2",
            "ResNum": request["ResNum"],
            "RefNum": ref_num,
            "RRN": self.transactions[ref_num]["rrn"],
            "Amount": str(request["Amount"]),
            "SecurePan": "603799******1234",
            "Token": token,
        }

    def paths(self) -> list[str]:
        return [path for path, _ in self.calls]


@pytest.fixture
def bank(settings) -> Iterator[StandInBank]:
    bank = StandInBank()

    def answer(path: str, body: bytes, headers: Mapping[str, str]) -> tuple[int, Any]:
        return bank.answer(path, json.loads(body or b"{}"))

    with stand_in_server(answer) as base_url:
        bank.url = base_url
        settings.PAYMENT_GATEWAY = "employers.payments.ipg.SamanGateway"
        settings.PAYMENT_IPG_TERMINAL_ID = TERMINAL
        settings.PAYMENT_IPG_TOKEN_URL = f"{bank.url}/onlinepg/onlinepg"
        settings.PAYMENT_IPG_PAYMENT_URL = f"{bank.url}/OnlinePG/OnlinePG"
        settings.PAYMENT_IPG_VERIFY_URL = f"{bank.url}/verify"
        settings.PAYMENT_IPG_REVERSE_URL = f"{bank.url}/reverse"
        settings.PAYMENT_IPG_TIMEOUT = 2.0
        yield bank


@pytest.fixture
def owner_with_list():
    rep = RepresentativeFactory()
    item = submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=AMOUNT)
    return rep, item


def _start_payment(client, rep, item, bank) -> tuple[Payment, str]:
    """The owner presses «پرداخت»; returns the payment and the bank's token."""
    client.force_login(rep.user)
    response = client.post(
        reverse("employers:payment_start", args=[rep.workshop.pk]), {"list_id": item.pk}
    )
    payment = Payment.objects.get(workshop=rep.workshop)
    # The browser gets an auto-submitting form to the bank's page carrying the token
    assert response.status_code == 200
    assert response.context["action"] == f"{bank.url}/OnlinePG/OnlinePG"
    token = response.context["fields"]["Token"]
    assert set(response.context["fields"]) == {"Token"}
    return payment, token


def _callback(client, fields):
    client.logout()  # the bank's browser POST carries no session we rely on
    return client.post(reverse("employers:payment_callback"), fields)


def _credits(rep) -> list[int]:
    return list(
        LedgerEntry.objects.filter(workshop=rep.workshop, kind=EntryKind.PAYMENT).values_list(
            "amount", flat=True
        )
    )


def test_token_redirect_verify_credits_the_workshop_once(client, owner_with_list, bank):
    rep, item = owner_with_list
    # Given the owner starts paying the list
    payment, token = _start_payment(client, rep, item, bank)
    # Then the bank was asked for a token for our order, amount and callback
    [(path, request)] = bank.calls
    assert path == "/onlinepg/onlinepg"
    assert request == {
        "action": "token",
        "TerminalId": TERMINAL,
        "Amount": AMOUNT,
        "ResNum": payment.order_id,
        "RedirectUrl": "http://testserver" + reverse("employers:payment_callback"),
    }
    assert payment.gateway == "saman"
    # When they pay at the bank and the bank posts the result to our callback
    fields = bank.pay(token)
    response = _callback(client, fields)
    # Then we verified it server-to-server, the payment is paid and credited once
    assert response.status_code == 302
    assert response.url == reverse("employers:payment_result", args=[payment.order_id])
    assert bank.paths()[-1] == "/verify"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.bank_reference == fields["RRN"]
    assert payment.card_mask == "603799******1234"
    assert _credits(rep) == [-AMOUNT]
    assert workshop_debt(workshop=rep.workshop, today=timezone.localdate()).estimated.total == 0
    # And the same callback again (a reload) neither asks the bank nor credits again
    calls_before = len(bank.calls)
    assert _callback(client, fields).status_code == 302
    assert len(bank.calls) == calls_before
    assert _credits(rep) == [-AMOUNT]


def test_a_different_verified_amount_is_reversed_and_nothing_is_credited(
    client, owner_with_list, bank
):
    rep, item = owner_with_list
    payment, token = _start_payment(client, rep, item, bank)
    # Given the bank charged the card another amount than the order's
    fields = bank.pay(token, charged=1_000)
    # When its callback arrives
    _callback(client, fields)
    # Then the adapter reversed the transaction at the bank
    assert bank.paths()[-2:] == ["/verify", "/reverse"]
    assert bank.transactions[fields["RefNum"]]["reversed"] is True
    # And the payment failed, nothing is credited, the debt stands, and the owner is told
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert "برگشت داده شد" in payment.failure_reason
    assert _credits(rep) == []
    assert (
        workshop_debt(workshop=rep.workshop, today=timezone.localdate()).estimated.total == AMOUNT
    )


def test_bank_down_at_verify_credits_nothing_and_the_payment_keeps_waiting(
    client, owner_with_list, bank
):
    rep, item = owner_with_list
    payment, token = _start_payment(client, rep, item, bank)
    fields = bank.pay(token)
    # Given the bank's verify service answers 503
    bank.verify_status = 503
    # When the callback arrives
    response = _callback(client, fields)
    # Then nothing is credited, the payment still waits, and the owner reads why in Persian
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.INITIATED
    assert _credits(rep) == []
    client.force_login(rep.user)
    result = client.get(response.url)
    assert "بانک به درخواست تأیید پرداخت پاسخ نداد" in result.content.decode()
    assert AuditLog.objects.filter(action="payment.verify_unavailable").count() == 1
    # And when the bank is back, the same callback verifies and credits once
    bank.verify_status = 200
    _callback(client, fields)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert _credits(rep) == [-AMOUNT]


def test_a_forged_callback_with_an_unknown_reference_changes_nothing(client, owner_with_list, bank):
    rep, item = owner_with_list
    payment, token = _start_payment(client, rep, item, bank)
    # Given someone posts "State=OK" for our order with a reference the bank never issued
    forged = {**bank.pay(token), "RefNum": "not-a-bank-reference"}
    # When it reaches the callback
    response = _callback(client, forged)
    # Then it is refused and the payment still waits for the real answer
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.INITIATED
    assert _credits(rep) == []


def test_a_reference_already_verified_for_another_order_credits_nothing(
    client, owner_with_list, bank
):
    rep, item = owner_with_list
    first, first_token = _start_payment(client, rep, item, bank)
    paid = bank.pay(first_token)
    _callback(client, paid)
    assert _credits(rep) == [-AMOUNT]
    # Given a second order of the same workshop for a new charge of the same amount
    submitted_list_with_charge(workshop=rep.workshop, year=1404, month=2, amount=AMOUNT)
    client.force_login(rep.user)
    client.post(reverse("employers:payment_start", args=[rep.workshop.pk]), {"list_id": ""})
    second = Payment.objects.exclude(pk=first.pk).get()
    # When the first order's bank reference is replayed for the second order
    replay = {**paid, "ResNum": second.order_id}
    response = _callback(client, replay)
    # Then the bank says "already verified" and nothing more is credited
    assert response.status_code == 400
    second.refresh_from_db()
    assert second.status == PaymentStatus.INITIATED
    assert _credits(rep) == [-AMOUNT]


def test_cancel_at_the_bank_cancels_without_asking_verify(client, owner_with_list, bank):
    rep, item = owner_with_list
    payment, token = _start_payment(client, rep, item, bank)
    # When the person presses cancel on the bank's page
    _callback(client, bank.pay(token, cancel=True))
    # Then the payment is cancelled, nothing is credited and verify was never called
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED
    assert "/verify" not in bank.paths()
    assert _credits(rep) == []


def test_bank_down_at_token_request_tells_the_owner_and_fails_the_payment(
    client, owner_with_list, bank
):
    rep, item = owner_with_list
    # Given the bank's token service is down
    bank.token_status = 502
    client.force_login(rep.user)
    # When the owner presses «پرداخت»
    response = client.post(
        reverse("employers:payment_start", args=[rep.workshop.pk]),
        {"list_id": item.pk},
        follow=True,
    )
    # Then they are back on the debt page with a Persian message, and no payment waits
    assert response.redirect_chain[-1][0] == reverse("employers:debt", args=[rep.workshop.pk])
    assert "درگاه پرداخت بانک در دسترس نیست" in response.content.decode()
    assert Payment.objects.get(workshop=rep.workshop).status == PaymentStatus.FAILED
