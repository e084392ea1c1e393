"""A verified payment tells the employer in the inbox and by SMS (templates seeded by migration)."""

from __future__ import annotations

import pytest

from employers.payments.sandbox_bank import sandbox_bank_result
from employers.services.money import payment_callback, payment_start
from notifications.models import Notification
from tests.employers.factories import RepresentativeFactory
from tests.employers.factories_money import submitted_list_with_charge

pytestmark = pytest.mark.django_db


def test_paid_payment_notifies_the_initiator_once():
    # given a started payment for a list
    rep = RepresentativeFactory()
    item = submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=5_000)
    payment = payment_start(user=rep.user, workshop=rep.workshop, monthly_list=item)
    fields = sandbox_bank_result(order_id=payment.order_id, amount=payment.amount, paid=True)
    # when the bank's callback arrives twice
    payment_callback(order_id=payment.order_id, data=fields)
    payment_callback(order_id=payment.order_id, data=fields)
    # then one inbox message and one SMS, with the bank reference
    rows = Notification.objects.filter(template_key="employer_payment_received")
    assert sorted(rows.values_list("channel", flat=True)) == ["inbox", "sms"]
    assert all(row.user_id == rep.user.pk for row in rows)
