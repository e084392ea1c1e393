"""Installments test helpers: a workshop whose served rulings are final debt, as serving
makes them (notice_serve's hook posts the ruling row), and paying through the sandbox."""

from __future__ import annotations

import datetime
import itertools

from django.urls import reverse
from django.utils import timezone

from employers.models import ClaimRuling, Notice, NoticeKind, Payment, RulingSource, Workshop
from employers.payments.sandbox_bank import sandbox_bank_result
from employers.services.money import payment_callback
from employers.services.notices import notice_serve
from tests.accounts.factories import UserFactory
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
    ruling = ClaimRuling.objects.create(
        workshop=workshop,
        branch=workshop.branch,
        number=f"9{next(_numbers):07d}",
        source=RulingSource.MANUAL,
        legal_basis="ماده ۴۰ قانون تأمین اجتماعی",
        principal_total=principal,
        penalty_total=penalty,
        issued_by=UserFactory(),
    )
    notice = notice_serve(
        workshop=workshop,
        kind=NoticeKind.RULING,
        serve_key=f"test-ruling:{ruling.pk}",
        title=f"حکم مطالباتی {ruling.number}",
        body="متن حکم",
        content={"ruling_id": ruling.pk},
        respond_days=31,
        issued_by=ruling.issued_by,
    )
    ClaimRuling.objects.filter(pk=ruling.pk).update(notice=notice)
    if served_at is not None:
        Notice.objects.filter(pk=notice.pk).update(served_at=served_at)
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
