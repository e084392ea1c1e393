"""Debt, allocation of payments and account turnover of a workshop (penalties: test_money_penalties)."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.utils import timezone

from employers.models import EntryKind
from employers.selectors.money import (
    payment_get_for_user,
    turnover,
    workshop_balance,
    workshop_debt,
)
from employers.services.ledger import ledger_record
from employers.services.money import payment_start
from tests.accounts.factories import UserFactory
from tests.employers.factories import RepresentativeFactory
from tests.employers.factories_money import payment_recorded, submitted_list_with_charge

pytestmark = pytest.mark.django_db


def _pay(workshop, amount, *, year=None, month=None):
    return payment_recorded(workshop=workshop, amount=amount, year=year, month=month)


def _debt(workshop):
    return workshop_debt(workshop=workshop, today=timezone.localdate())


def test_estimated_debt_is_charges_minus_payments_per_list():
    # given two submitted lists and a payment for the second one
    workshop = RepresentativeFactory().workshop
    submitted_list_with_charge(workshop=workshop, year=1404, month=1, amount=1_000_000)
    submitted_list_with_charge(workshop=workshop, year=1404, month=2, amount=2_000_000)
    _pay(workshop, 500_000, year=1404, month=2)
    # when the debt is read
    debt = _debt(workshop).estimated
    # then each list owes its charge less its payment
    assert [(d.month, d.outstanding) for d in debt.lists] == [(1, 1_000_000), (2, 1_500_000)]
    assert debt.total == 2_500_000 == workshop_balance(workshop=workshop)


def test_a_payment_without_a_list_pays_the_oldest_first():
    # given two lists and a general payment larger than the first
    workshop = RepresentativeFactory().workshop
    submitted_list_with_charge(workshop=workshop, year=1404, month=2, amount=2_000_000)
    submitted_list_with_charge(workshop=workshop, year=1404, month=1, amount=1_000_000)
    _pay(workshop, 1_200_000)
    # then Farvardin is paid and 200,000 went to Ordibehesht
    owing = {d.month: d.outstanding for d in _debt(workshop).estimated.lists}
    assert owing == {2: 1_800_000}


def test_overpaying_a_list_spills_to_the_oldest_other_list_then_credit():
    workshop = RepresentativeFactory().workshop
    submitted_list_with_charge(workshop=workshop, year=1404, month=1, amount=1_000_000)
    submitted_list_with_charge(workshop=workshop, year=1404, month=2, amount=1_000_000)
    # when 2,500,000 is paid for month 2
    _pay(workshop, 2_500_000, year=1404, month=2)
    # then both are paid and 500,000 is credit
    debt = _debt(workshop).estimated
    assert debt.total == 0
    assert debt.credit == 500_000
    assert workshop_balance(workshop=workshop) == -500_000


def test_final_debt_is_zero_until_rulings_exist():
    workshop = RepresentativeFactory().workshop
    submitted_list_with_charge(workshop=workshop, year=1404, month=1, amount=1_000_000)
    assert _debt(workshop).final == 0
    ledger_record(workshop=workshop, kind=EntryKind.RULING, amount=7_000, description="حکم")
    assert _debt(workshop).final == 7_000


def test_turnover_running_balance_is_exact_across_pages(django_assert_num_queries):
    # given charges, a payment and a penalty
    workshop = RepresentativeFactory().workshop
    amounts = []
    for month in range(1, 8):
        submitted_list_with_charge(workshop=workshop, year=1403, month=month, amount=month * 1000)
        amounts.append(month * 1000)
    _pay(workshop, 2500)
    amounts.append(-2500)
    ledger_record(workshop=workshop, kind=EntryKind.PENALTY, amount=77, description="جریمه")
    amounts.append(77)
    # when read in pages of 4 with one query each
    with django_assert_num_queries(1):
        first = turnover(workshop=workshop, page=1, page_size=4)
    last = turnover(workshop=workshop, page=3, page_size=4)
    # then rows are newest first and every balance is the sum up to that row
    expected = [sum(amounts[: i + 1]) for i in range(len(amounts))][::-1]
    assert [row.balance for row in first.rows] == expected[:4]
    assert [row.balance for row in last.rows] == expected[8:]
    assert first.num_pages == 3
    assert first.count == 9
    assert first.balance == sum(amounts) == workshop_balance(workshop=workshop)
    assert first.rows[0].debit == 77
    assert first.rows[1].credit == 2500


def test_turnover_page_out_of_range_is_clamped():
    workshop = RepresentativeFactory().workshop
    assert turnover(workshop=workshop, page=99).page == 1


def test_payment_of_another_workshop_is_404():
    rep = RepresentativeFactory()
    submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=1000)
    payment = payment_start(user=rep.user, workshop=rep.workshop)
    with pytest.raises(Http404):
        payment_get_for_user(user=UserFactory(), order_id=payment.order_id)
    assert payment_get_for_user(user=rep.user, order_id=payment.order_id) == payment
