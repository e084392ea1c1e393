"""Installments test helpers: a workshop whose served rulings are final debt, as serving
makes them (notice_serve's hook posts the ruling row), and paying through the sandbox."""

from __future__ import annotations

import datetime
import itertools

from django.urls import reverse
from django.utils import timezone

from employers.models import ClaimRuling, Notice, Payment, Workshop
from employers.payments.sandbox_bank import sandbox_bank_result
from employers.services.money import payment_callback
from tests.employers import factories_objections as objection_factories
from tests.employers.factories import RepresentativeFactory

_numbers = itertools.count(1)


def representative_with_opt_in(**kwargs):
    """An owner of a workshop whose e-notification opt-in is recorded."""
    rep = RepresentativeFactory(**kwargs)
    Workshop.objects.filter(pk=rep.workshop_id).update(e_notification_opt_in=True)
    rep.workshop.refresh_from_db()
    return rep


def served_ruling(
    *,
    workshop: Workshop,
    principal: int,
    penalty: int = 0,
    served_at: datetime.datetime | None = None,
) -> ClaimRuling:
    """A ruling issued as a draft and served to the workshop's inbox (final debt from then).

    `served_at` back-dates the service (a ruling served months ago), as a row written
    then would read; the notice's own immutability guard is on save, not on this update.
    """
    ruling = objection_factories.served_ruling(
        workshop=workshop, principal=principal, penalty=penalty
    )
    if served_at is not None:
        Notice.objects.filter(pk=ruling.notice_id).update(served_at=served_at)
    ruling.refresh_from_db()
    return ruling


def months_ago(months: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=31 * months)


def pay_through_sandbox(client, *, start_url: str, data: dict | None = None) -> Payment:
    """Press a pay button (POST `start_url`), pay at the sandbox bank, and let the bank's
    signed form come back to our callback, as the browser does."""
    response = client.post(start_url, data or {})
    assert response.status_code == 302, response
    order_id = response.url.rstrip("/").rsplit("/", 1)[-1]
    assert response.url == reverse("employers:sandbox_bank", args=[order_id])
    handoff = client.post(response.url, {"action": "pay"})
    assert handoff.context["action"] == reverse("employers:payment_callback")
    callback = client.post(reverse("employers:payment_callback"), handoff.context["fields"])
    assert callback.status_code == 302
    return Payment.objects.get(order_id=order_id)


def settle(payment: Payment) -> Payment:
    """The bank's verified callback for `payment` (service level)."""
    return payment_callback(
        order_id=payment.order_id,
        data=sandbox_bank_result(order_id=payment.order_id, amount=payment.amount, paid=True),
    )
