"""A bank reference is written one way (format_code, in an isolated left-to-right element)
on the result page, the turnover page and in the message that confirms the payment."""

from __future__ import annotations

import pytest
from django.urls import reverse

from employers.models import Payment
from notifications.models import Notification
from tamin.core.jalali import format_code
from tests.employers.factories import RepresentativeFactory
from tests.employers.factories_money import submitted_list_with_charge
from tests.persian_text import latin_digits_outside_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(client):
    # Given a representative who paid a list through the sandbox bank
    rep = RepresentativeFactory(workshop__name="کارگاه نمونه")
    item = submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=12_345_678)
    client.force_login(rep.user)
    client.post(reverse("employers:payment_start", args=[rep.workshop.pk]), {"list_id": item.pk})
    payment = Payment.objects.get(workshop=rep.workshop)
    fields = client.post(
        reverse("employers:sandbox_bank", args=[payment.order_id]), {"action": "pay"}
    ).context["fields"]
    client.post(reverse("employers:payment_callback"), fields)
    payment.refresh_from_db()
    return rep, payment


def test_the_bank_reference_reads_the_same_on_the_result_and_turnover_pages(client, paid):
    rep, payment = paid
    shown = f'<bdi dir="ltr" class="code">{format_code(payment.bank_reference)}</bdi>'
    # When the representative opens the result page and the turnover page
    result = client.get(reverse("employers:payment_result", args=[payment.order_id]))
    turnover = client.get(reverse("employers:turnover", args=[rep.workshop.pk]))
    # Then both write the reference the same way, as a code, and no other Latin digit is seen
    for page in (result, turnover):
        html = page.content.decode()
        assert shown in html
        assert latin_digits_outside_codes(html) == []


def test_the_payment_message_writes_the_reference_in_persian(paid):
    _rep, payment = paid
    # When the confirmation is written (SMS and inbox)
    messages = Notification.objects.filter(template_key="employer_payment_received")
    # Then it writes the reference and the workshop code as the pages do
    assert messages.count() == 2
    for message in messages:
        assert format_code(payment.bank_reference) in message.body
        assert format_code(payment.workshop.code) in message.body
