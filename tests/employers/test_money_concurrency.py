"""No double credit under concurrency: the bank's callback arriving many times at once (PostgreSQL)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import jdatetime
import pytest
from django.db import connection

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
    rep = RepresentativeFactory()
    submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=10_000_000)
    today = jdatetime.date(1404, 3, 5).togregorian()
    # when the task runs 8 times at once
    results = _parallel(THREADS, lambda: penalties_post(workshop=rep.workshop, today=today))
    # then one penalty row in total
    assert sum(results) == 1
    assert LedgerEntry.objects.filter(kind=EntryKind.PENALTY).count() == 1
