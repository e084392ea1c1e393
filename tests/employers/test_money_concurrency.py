"""No double credit under concurrency: the bank's callback arriving many times at once (PostgreSQL)."""

from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import jdatetime
import pytest
from django.db import connection
from django.utils import timezone

from employers.models import EntryKind, LedgerEntry, Payment, PaymentStatus
from employers.payments.sandbox_bank import sandbox_bank_result
from employers.services.money import payment_callback, payment_start, penalties_post
from tests.employers.factories import RepresentativeFactory
from tests.employers.factories_money import submitted_list_with_charge

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8


def _parallel(count: int, work) -> list:
    barrier = threading.Barrier(count)

    def attempt(_index):
        try:
            barrier.wait(timeout=30)
            return work()
        finally:
            connection.close()  # each thread opened its own connection

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(attempt, range(count)))


def test_simultaneous_callbacks_credit_once(postgres_required):
    # given a started payment and the bank's signed answer
    rep = RepresentativeFactory()
    item = submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=9_000)
    payment = payment_start(user=rep.user, workshop=rep.workshop, monthly_list=item)
    fields = sandbox_bank_result(order_id=payment.order_id, amount=payment.amount, paid=True)
    # when it arrives 8 times at the same instant
    _parallel(THREADS, lambda: payment_callback(order_id=payment.order_id, data=fields).status)
    # then one payment row only
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PAID
    assert LedgerEntry.objects.filter(kind=EntryKind.PAYMENT, payment=payment).count() == 1


def test_simultaneous_penalty_runs_post_once(postgres_required):
    # given Farvardin 1404 sent on 1404/01/25 (10,000,000) and unpaid, Ordibehesht never sent
    rep = RepresentativeFactory()
    item = submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=10_000_000)
    sent_on = timezone.make_aware(
        datetime.datetime.combine(jdatetime.date(1404, 1, 25).togregorian(), datetime.time(10))
    )
    LedgerEntry.objects.filter(monthly_list=item, kind=EntryKind.CHARGE).update(created_at=sent_on)
    today = jdatetime.date(1404, 4, 5).togregorian()
    # when the task runs 8 times at once
    results = _parallel(THREADS, lambda: penalties_post(workshop=rep.workshop, today=today))
    # then each accrual once: Khordad and Tir late (2 % × 10,000,000 = 200,000 each) and
    # Ordibehesht's missing list (10 % of the last premium, 10,000,000 = 1,000,000)
    assert sum(results) == 3
    assert sorted(
        LedgerEntry.objects.filter(kind=EntryKind.PENALTY).values_list("penalty_key", "amount")
    ) == [("late:1404-01:1", 200_000), ("late:1404-01:2", 200_000), ("no_list:1404-02", 1_000_000)]
