"""Paying a list through the sandbox bank, as a person does it with the browser."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import EntryKind, LedgerEntry, Payment, PaymentStatus
from employers.payments.sandbox_bank import sandbox_bank_result
from employers.selectors.money import workshop_balance, workshop_debt
from employers.services.money import payment_callback, payment_start
from tamin.core.exceptions import ApplicationError
from tests.accounts.factories import UserFactory
from tests.employers.factories import AccountantFactory, RepresentativeFactory
from tests.employers.factories_money import submitted_list_with_charge

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_with_list():
    rep = RepresentativeFactory()
    item = submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=12_345_678)
    return rep, item


def _start(client, rep, item):
    client.force_login(rep.user)
    response = client.post(
        reverse("employers:payment_start", args=[rep.workshop.pk]), {"list_id": item.pk}
    )
    assert response.status_code == 302
    return Payment.objects.get(workshop=rep.workshop, status=PaymentStatus.INITIATED)


def test_sandbox_payment_journey_credits_the_list(client, owner_with_list):
    rep, item = owner_with_list
    # given the debt page offers to pay the list
    client.force_login(rep.user)
    debt_page = client.get(reverse("employers:debt", args=[rep.workshop.pk]))
    assert debt_page.status_code == 200
    assert "۱۲٬۳۴۵٬۶۷۸" in debt_page.content.decode()
    # when the owner starts the payment
    response = client.post(
        reverse("employers:payment_start", args=[rep.workshop.pk]), {"list_id": item.pk}
    )
    payment = Payment.objects.get(workshop=rep.workshop)
    # then they are sent to the sandbox bank, which shows the amount
    assert response.url == reverse("employers:sandbox_bank", args=[payment.order_id])
    assert payment.amount == 12_345_678
    bank = client.get(response.url)
    assert bank.status_code == 200
    assert "۱۲٬۳۴۵٬۶۷۸" in bank.content.decode()
    # when they press «پرداخت», the bank hands the browser a signed form for our callback
    handoff = client.post(response.url, {"action": "pay"})
    assert handoff.context["action"] == reverse("employers:payment_callback")
    fields = handoff.context["fields"]
    # and the browser posts it (no CSRF token: it comes from the bank)
    client.logout()
    callback = client.post(reverse("employers:payment_callback"), fields)
    # then the payment is paid, one ledger row credits it and the debt is gone
    assert callback.status_code == 302
    assert callback.url == reverse("employers:payment_result", args=[payment.order_id])
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.bank_reference == fields["reference"]
    rows = LedgerEntry.objects.filter(workshop=rep.workshop, kind=EntryKind.PAYMENT)
    assert [(row.amount, row.payment_id, row.month) for row in rows] == [
        (-12_345_678, payment.pk, 1)
    ]
    assert workshop_debt(workshop=rep.workshop, today=timezone.localdate()).estimated.total == 0
    # and the result page says so to the owner
    client.force_login(rep.user)
    result = client.get(callback.url)
    assert "پرداخت با موفقیت انجام" in result.content.decode()


def test_repeated_callback_credits_nothing_more(client, owner_with_list):
    rep, item = owner_with_list
    payment = _start(client, rep, item)
    fields = sandbox_bank_result(order_id=payment.order_id, amount=payment.amount, paid=True)
    # when the bank's callback arrives three times
    for _ in range(3):
        assert client.post(reverse("employers:payment_callback"), fields).status_code == 302
    # then one credit only
    assert LedgerEntry.objects.filter(kind=EntryKind.PAYMENT, payment=payment).count() == 1
    assert workshop_debt(workshop=rep.workshop, today=timezone.localdate()).estimated.total == 0


def test_tampered_signature_is_refused_and_changes_nothing(client, owner_with_list):
    rep, item = owner_with_list
    payment = _start(client, rep, item)
    fields = sandbox_bank_result(order_id=payment.order_id, amount=payment.amount, paid=True)
    # given a forged reference (signature no longer matches)
    forged = {**fields, "reference": "SB9999999999"}
    # when posted
    response = client.post(reverse("employers:payment_callback"), forged)
    # then refused, the payment still waits and nothing is credited
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.INITIATED
    assert not LedgerEntry.objects.filter(kind=EntryKind.PAYMENT).exists()
    # and an unsigned "paid" fails the same way
    unsigned = {key: value for key, value in fields.items() if key != "signature"}
    assert client.post(reverse("employers:payment_callback"), unsigned).status_code == 400


def test_amount_mismatch_fails_and_credits_nothing(client, owner_with_list):
    rep, item = owner_with_list
    payment = _start(client, rep, item)
    # given the bank (validly signed) reports a smaller amount
    fields = sandbox_bank_result(order_id=payment.order_id, amount=1000, paid=True)
    # when the callback arrives
    client.post(reverse("employers:payment_callback"), fields)
    # then the payment failed and the debt stands
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert not LedgerEntry.objects.filter(kind=EntryKind.PAYMENT).exists()
    assert (
        workshop_debt(workshop=rep.workshop, today=timezone.localdate()).estimated.total
        == 12_345_678
    )
    # and a later correct callback cannot revive it
    good = sandbox_bank_result(order_id=payment.order_id, amount=payment.amount, paid=True)
    client.post(reverse("employers:payment_callback"), good)
    assert not LedgerEntry.objects.filter(kind=EntryKind.PAYMENT).exists()


def test_cancel_at_the_bank_cancels_the_payment(client, owner_with_list):
    rep, item = owner_with_list
    payment = _start(client, rep, item)
    handoff = client.post(
        reverse("employers:sandbox_bank", args=[payment.order_id]), {"action": "cancel"}
    )
    client.post(reverse("employers:payment_callback"), handoff.context["fields"])
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED
    assert not LedgerEntry.objects.filter(kind=EntryKind.PAYMENT).exists()


def test_unknown_order_is_refused(client):
    response = client.post(reverse("employers:payment_callback"), {"order_id": "123"})
    assert response.status_code == 400


def test_nothing_to_pay_is_an_error():
    rep = RepresentativeFactory()
    with pytest.raises(ApplicationError) as exc:
        payment_start(user=rep.user, workshop=rep.workshop)
    assert exc.value.code == "nothing_to_pay"


def test_general_payment_of_the_balance(owner_with_list):
    rep, _item = owner_with_list
    # when paying without a list
    payment = payment_start(user=rep.user, workshop=rep.workshop)
    payment_callback(
        order_id=payment.order_id,
        data=sandbox_bank_result(order_id=payment.order_id, amount=payment.amount, paid=True),
    )
    # then the whole balance is paid: the premium and the late-payment penalties accrued
    # since its deadline (1404/02/31: the list was sent today, long after), posted first
    penalties = LedgerEntry.objects.filter(workshop=rep.workshop, kind=EntryKind.PENALTY)
    assert penalties.exists()
    assert payment.amount == 12_345_678 + sum(row.amount for row in penalties)
    assert workshop_debt(workshop=rep.workshop, today=timezone.localdate()).estimated.total == 0
    assert workshop_balance(workshop=rep.workshop) == 0


def test_strangers_get_404_on_every_money_page(client, owner_with_list):
    rep, item = owner_with_list
    payment = payment_start(user=rep.user, workshop=rep.workshop, monthly_list=item)
    client.force_login(UserFactory())
    ws = rep.workshop.pk
    assert client.get(reverse("employers:debt", args=[ws])).status_code == 404
    assert client.get(reverse("employers:turnover", args=[ws])).status_code == 404
    assert (
        client.post(reverse("employers:payment_start", args=[ws]), {"list_id": item.pk}).status_code
        == 404
    )
    assert (
        client.get(reverse("employers:payment_result", args=[payment.order_id])).status_code == 404
    )
    assert client.get(reverse("employers:sandbox_bank", args=[payment.order_id])).status_code == 404
    assert not Payment.objects.exclude(pk=payment.pk).exists()


def test_list_of_another_workshop_cannot_be_paid_here(client, owner_with_list):
    rep, _item = owner_with_list
    other = submitted_list_with_charge(
        workshop=RepresentativeFactory().workshop, year=1404, month=1, amount=5
    )
    client.force_login(rep.user)
    response = client.post(
        reverse("employers:payment_start", args=[rep.workshop.pk]), {"list_id": other.pk}
    )
    assert response.status_code == 404


def test_sandbox_bank_only_for_the_initiator(client, owner_with_list):
    rep, item = owner_with_list
    payment = payment_start(user=rep.user, workshop=rep.workshop, monthly_list=item)
    accountant = AccountantFactory(workshop=rep.workshop)
    client.force_login(accountant.user)
    # the accountant sees the result page of the workshop's payment but not the bank page
    assert (
        client.get(reverse("employers:payment_result", args=[payment.order_id])).status_code == 200
    )
    assert client.get(reverse("employers:sandbox_bank", args=[payment.order_id])).status_code == 404


def test_turnover_page_shows_rows_with_persian_digits(client, owner_with_list):
    rep, _item = owner_with_list
    client.force_login(rep.user)
    response = client.get(reverse("employers:turnover", args=[rep.workshop.pk]))
    assert response.status_code == 200
    assert "۱۲٬۳۴۵٬۶۷۸" in response.content.decode()
