"""Demo money: the demo workshop's accepted months paid through the sandbox bank.

Runs after `employers.demo.lists`; the last demo month stays unpaid (the debt the
demo employer pays by hand). `seed(stdout)` is idempotent: a month already paid
is skipped. Payments go through the same start → bank → callback services as a
person's payment, so the turnover shows real payment rows.
"""

from __future__ import annotations

from employers.demo.lists import ACCEPTED_MONTHS, DEMO_WORKSHOP_CODE, DEMO_YEAR
from employers.models import ListStatus, MonthlyList, Representative, RepresentativeRole
from employers.payments.sandbox_bank import sandbox_bank_result
from employers.selectors.money import list_outstanding
from employers.services.money import payment_callback, payment_start


def seed(stdout) -> None:
    owner = (
        Representative.objects.filter(
            workshop__code=DEMO_WORKSHOP_CODE, role=RepresentativeRole.OWNER, is_active=True
        )
        .select_related("user", "workshop")
        .first()
    )
    if owner is None:
        stdout.write("demo money: the demo workshop or its owner is missing\n")
        return
    workshop = owner.workshop
    for month in ACCEPTED_MONTHS:
        monthly_list = MonthlyList.objects.filter(
            workshop=workshop, year=DEMO_YEAR, month=month, status=ListStatus.SUBMITTED
        ).first()
        if monthly_list is None:
            continue
        if list_outstanding(workshop=workshop, year=DEMO_YEAR, month=month) <= 0:
            continue
        payment = payment_start(user=owner.user, workshop=workshop, monthly_list=monthly_list)
        payment_callback(
            order_id=payment.order_id,
            data=sandbox_bank_result(order_id=payment.order_id, amount=payment.amount, paid=True),
        )
        stdout.write(f"demo money: {DEMO_YEAR}/{month} paid ({payment.amount} rial)\n")
