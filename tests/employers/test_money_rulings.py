"""What is still owed of each ruling (final debt), as the money allocation computes it:
a payment made for a ruling pays that ruling first and then the oldest, never a list;
an installment payment pays the oldest ruling first; a general payment pays lists and
penalties first, and only its remainder pays the oldest ruling. The debt page names each
ruling still owed and links it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import EntryKind, Installment, InstallmentPlan, Payment, PaymentStatus
from employers.selectors.money import rulings_outstanding, workshop_debt
from employers.services.ledger import ledger_record
from employers.services.rulings import RulingLineInput
from tests.employers.factories_money import payment_recorded, submitted_list_with_charge
from tests.employers.factories_rulings import served_ruling, setting

pytestmark = pytest.mark.django_db


def _two_rulings(s):
    """Ruling A of 10,000,000 served first, then B of 5,000,000."""
    older = served_ruling(s, lines=[RulingLineInput(1404, 2, 9_000_000, 1_000_000)])
    newer = served_ruling(s, lines=[RulingLineInput(1404, 3, 5_000_000, 0)])
    return older, newer


def _paid_for_ruling(s, ruling, amount):
    return ledger_record(
        workshop=s.workshop,
        kind=EntryKind.PAYMENT,
        amount=-amount,
        description="پرداخت حکم",
        ruling=ruling,
    )


def _paid_for_installment(s, amount):
    plan = InstallmentPlan.objects.create(
        workshop=s.workshop,
        total=amount,
        down_payment_percent=50,
        installment_count=6,
        agreed_by=s.owner.user,
        agreed_at=timezone.now(),
    )
    installment = Installment.objects.create(
        plan=plan, number=0, due_on=timezone.localdate(), amount=amount
    )
    payment = Payment.objects.create(
        workshop=s.workshop,
        installment=installment,
        amount=amount,
        status=PaymentStatus.PAID,
        gateway="sandbox",
        order_id="1" * 20,
        initiated_by=s.owner.user,
    )
    return ledger_record(
        workshop=s.workshop,
        kind=EntryKind.PAYMENT,
        amount=-amount,
        description="پرداخت قسط",
        payment=payment,
    )


def _debt(s):
    return workshop_debt(workshop=s.workshop, today=timezone.localdate())


def test_a_payment_for_a_ruling_pays_that_ruling_before_an_older_one():
    s = setting()
    older, newer = _two_rulings(s)
    _paid_for_ruling(s, newer, 3_000_000)
    assert rulings_outstanding(workshop=s.workshop) == {older.pk: 10_000_000, newer.pk: 2_000_000}
    assert _debt(s).final == 12_000_000


def test_what_a_ruling_payment_leaves_pays_the_oldest_ruling_and_never_a_list():
    s = setting()
    submitted_list_with_charge(workshop=s.workshop, year=1404, month=1, amount=4_000_000)
    older, newer = _two_rulings(s)
    _paid_for_ruling(s, newer, 7_000_000)
    debt = _debt(s)
    assert debt.rulings_unpaid == {older.pk: 8_000_000, newer.pk: 0}
    assert debt.final == 8_000_000
    assert debt.estimated.total == 4_000_000  # the list is still owed in full


def test_an_installment_payment_pays_the_oldest_ruling_first_and_never_a_list():
    s = setting()
    submitted_list_with_charge(workshop=s.workshop, year=1404, month=1, amount=4_000_000)
    older, newer = _two_rulings(s)
    _paid_for_installment(s, 12_000_000)
    debt = _debt(s)
    assert debt.rulings_unpaid == {older.pk: 0, newer.pk: 3_000_000}
    assert debt.estimated.total == 4_000_000


def test_a_general_payment_pays_lists_and_penalties_first_then_the_oldest_ruling():
    s = setting()
    submitted_list_with_charge(workshop=s.workshop, year=1404, month=1, amount=4_000_000)
    ledger_record(
        workshop=s.workshop,
        kind=EntryKind.PENALTY,
        amount=1_000_000,
        description="جریمه",
        penalty_key="late:1404-01:1",
        year=1404,
        month=1,
    )
    older, newer = _two_rulings(s)
    payment_recorded(workshop=s.workshop, amount=8_000_000)
    debt = _debt(s)
    # 4,000,000 to the list, 1,000,000 to the penalty, the remaining 3,000,000 to A
    assert debt.estimated.total == 0
    assert debt.estimated.penalties_outstanding == 0
    assert debt.rulings_unpaid == {older.pk: 7_000_000, newer.pk: 5_000_000}
    assert debt.final == 12_000_000
    assert debt.estimated.credit == 0


def test_a_general_payment_beyond_everything_is_credit():
    s = setting()
    submitted_list_with_charge(workshop=s.workshop, year=1404, month=1, amount=4_000_000)
    older, newer = _two_rulings(s)
    payment_recorded(workshop=s.workshop, amount=30_000_000)
    debt = _debt(s)
    assert debt.rulings_unpaid == {older.pk: 0, newer.pk: 0}
    assert debt.final == 0
    assert debt.estimated.credit == 11_000_000  # 30 − 4 − 10 − 5 (millions)


def test_the_debt_page_names_and_links_each_ruling_still_owed(client):
    s = setting()
    older, newer = _two_rulings(s)
    _paid_for_ruling(s, newer, 5_000_000)  # B paid in full
    client.force_login(s.owner.user)
    page = client.get(reverse("employers:debt", args=[s.workshop.pk])).content.decode()
    assert "احکام مطالباتی پرداخت‌نشده" in page
    assert reverse("employers:ruling_detail", args=[older.pk]) in page
    assert reverse("employers:ruling_detail", args=[newer.pk]) not in page
    assert "۱۰٬۰۰۰٬۰۰۰ ریال" in page
    assert reverse("employers:rulings", args=[s.workshop.pk]) in page
