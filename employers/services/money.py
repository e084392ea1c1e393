"""Money writes: starting a payment, the bank's callback, and posting late-payment penalties.

Payment journey: `payment_start` (a Payment with a unique random order id and
the amount owed) → the gateway's page → `payment_callback` (signature checked
by the gateway's `verify`, amount compared, the Payment moved
initiated→paid by a conditional UPDATE so a repeated callback credits nothing,
and the ledger payment row written in the same transaction).

Penalties: `penalties_post` posts one `penalty` ledger row per accrual the
selectors compute (`penalties_to_post`: a month late of a list, a month without a
list), each with its key, unique per workshop: running it again (or twice at
once: the workshop row is locked, and the key is unique) posts nothing more.
Accruals never disappear once computed, so whatever the debt page shows is what
gets posted.
"""

from __future__ import annotations

import datetime
import logging
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import (
    ClaimRuling,
    EntryKind,
    Installment,
    LedgerEntry,
    ListStatus,
    MonthlyList,
    Payment,
    PaymentStatus,
    Workshop,
)
from employers.payments import RedirectInstruction, callback_order_id, gateway_get
from employers.selectors.money import (
    LATE_PAYMENT,
    PenaltyAccrual,
    list_outstanding,
    penalties_to_post,
    workshop_balance,
)
from employers.selectors.workshops import workshop_get_for_user
from employers.services.installments import (
    installment_payment_amount,
    payment_settled,
    ruling_payment_amount,
    settlement_payment_description,
)
from employers.services.ledger import ledger_record
from notifications.services import notify
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_code, format_period, format_rial, persian_digits
from tamin.core.services import audit_record

logger = logging.getLogger(__name__)


def _order_id() -> str:
    # 20 random digits: unguessable, and digits-only as Iranian IPGs expect of an order id.
    return "".join(secrets.choice("0123456789") for _ in range(20))


@transaction.atomic
def payment_start(
    *,
    user,
    workshop: Workshop,
    monthly_list: MonthlyList | None = None,
    amount: int | None = None,
    installment: Installment | None = None,
    ruling: ClaimRuling | None = None,
) -> Payment:
    """A new initiated Payment for a list's outstanding premium (or `amount`, or the balance;
    or an installment of a plan, or one ruling: employers.services.installments)."""
    workshop = workshop_get_for_user(user=user, workshop_id=workshop.pk)
    if installment is not None:
        amount = installment_payment_amount(workshop=workshop, installment=installment)
    elif ruling is not None:
        amount = ruling_payment_amount(workshop=workshop, ruling=ruling)
    elif monthly_list is not None:
        if monthly_list.workshop_id != workshop.pk:
            raise ApplicationError(_("این لیست متعلق به این کارگاه نیست."), code="list_not_yours")
        amount = list_outstanding(
            workshop=workshop, year=monthly_list.year, month=monthly_list.month
        )
    elif amount is None:
        # Penalties accrued but not yet posted are owed too: post them so the balance has them.
        penalties_post(workshop=workshop)
        amount = workshop_balance(workshop=workshop)
    amount = int(amount or 0)
    if amount <= 0:
        raise ApplicationError(_("بدهی پرداخت‌نشده‌ای وجود ندارد."), code="nothing_to_pay")
    payment = Payment(
        workshop=workshop,
        monthly_list=monthly_list,
        installment=installment,
        ruling=ruling,
        amount=amount,
        gateway=gateway_get().name,
        order_id=_order_id(),
        initiated_by=user,
    )
    payment.full_clean()
    payment.save()
    audit_record(
        action="payment.initiated",
        actor=user,
        target=payment,
        after={"amount": amount, "order_id": payment.order_id, "gateway": payment.gateway},
    )
    return payment


def payment_redirect(*, payment: Payment, callback_url: str) -> RedirectInstruction:
    """Where to send the browser to pay (the gateway decides; a real bank issues a token).

    When the bank gives no token the payment is failed, so it never waits forever.
    """
    try:
        return gateway_get().start(payment=payment, callback_url=callback_url)
    except ApplicationError as exc:
        _fail(payment, status=PaymentStatus.FAILED, reason=exc.message)
        raise


def _fail(payment: Payment, *, status: str, reason: str) -> Payment:
    updated = Payment.objects.filter(pk=payment.pk, status=PaymentStatus.INITIATED).update(
        status=status, failure_reason=reason[:200], updated_at=timezone.now()
    )
    if updated:
        payment.refresh_from_db()
        audit_record(
            action=f"payment.{status}",
            target=payment,
            before={"status": PaymentStatus.INITIATED},
            after={"status": status, "reason": reason},
        )
    return payment


def _wait_for_bank(payment: Payment) -> Payment:
    """The bank did not answer the verify call: decide nothing, the payment keeps waiting.

    A later callback (the person reloads, the bank retries) verifies again; a payment
    the bank never verifies is returned to the card by the bank itself.
    """
    reason = _(
        "بانک به درخواست تأیید پرداخت پاسخ نداد. هنوز چیزی ثبت نشده است؛ "
        "اگر مبلغی از حساب شما کسر شده باشد و تأیید نشود، بانک آن را بازمی‌گرداند."
    )
    Payment.objects.filter(pk=payment.pk, status=PaymentStatus.INITIATED).update(
        failure_reason=reason[:200], updated_at=timezone.now()
    )
    payment.refresh_from_db()
    audit_record(
        action="payment.verify_unavailable",
        target=payment,
        detail={"gateway": payment.gateway},
    )
    return payment


@transaction.atomic
def payment_callback(*, order_id: str, data: dict[str, str]) -> Payment:
    """The bank's answer for `order_id`: verify, compare the amount, credit once.

    A callback whose signature does not verify changes nothing (anyone can POST
    here); a verified one for an order already settled returns it untouched.
    """
    # A bank may name our order id its own way (Saman: ResNum); the gateway knows.
    order_id = str(order_id or "") or callback_order_id(callback_data=data)
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("workshop", "monthly_list", "initiated_by")
        .filter(order_id=order_id)
        .first()
    )
    if payment is None:
        raise ApplicationError(_("پرداختی با این شماره سفارش پیدا نشد."), code="payment_missing")
    result = gateway_get().verify(payment=payment, callback_data=data)
    if result.reason == "signature":
        audit_record(
            action="payment.callback_refused",
            target=payment,
            detail={"reason": "signature"},
        )
        raise ApplicationError(
            _("پاسخ بانک معتبر نیست و پذیرفته نشد."), code="payment_signature_invalid"
        )
    if payment.status != PaymentStatus.INITIATED:
        return payment  # repeated callback: already settled, credit nothing more
    if result.reason == "unavailable":
        return _wait_for_bank(payment)
    if result.reason == "mismatch":
        return _fail(
            payment,
            status=PaymentStatus.FAILED,
            reason=_(
                "بانک مبلغی جز مبلغ سفارش را تأیید کرد؛ پرداخت برگشت داده شد و "
                "مبلغ به کارت شما بازمی‌گردد."
            ),
        )
    if not result.ok:
        status = PaymentStatus.CANCELLED if result.reason == "cancelled" else PaymentStatus.FAILED
        reason = (
            _("پرداخت توسط شما لغو شد.")
            if status == PaymentStatus.CANCELLED
            else _("بانک پرداخت را تأیید نکرد.")
        )
        return _fail(payment, status=status, reason=reason)
    if result.amount != payment.amount:
        return _fail(
            payment,
            status=PaymentStatus.FAILED,
            reason=_("مبلغ پرداخت‌شده با مبلغ سفارش برابر نیست."),
        )
    now = timezone.now()
    # The conditional UPDATE is the guard against a double credit (with the row lock above).
    updated = Payment.objects.filter(pk=payment.pk, status=PaymentStatus.INITIATED).update(
        status=PaymentStatus.PAID,
        bank_reference=result.bank_reference[:64],
        card_mask=result.card_mask[:20],
        verified_at=now,
        updated_at=now,
    )
    if not updated:
        return payment
    payment.refresh_from_db()
    monthly_list = payment.monthly_list
    description = (
        _("پرداخت حق بیمه %(period)s")
        % {"period": format_period(monthly_list.year, monthly_list.month)}
        if monthly_list
        else settlement_payment_description(payment=payment) or _("پرداخت علی‌الحساب")
    )
    ledger_record(
        workshop=payment.workshop,
        kind=EntryKind.PAYMENT,
        amount=-payment.amount,
        description=f"{description} — {format_code(payment.bank_reference)}",
        monthly_list=monthly_list,
        payment=payment,
        year=monthly_list.year if monthly_list else None,
        month=monthly_list.month if monthly_list else None,
        ruling=payment.ruling,
        actor=payment.initiated_by,
    )
    # An installment marked paid (its plan completed), penalties waived (installments).
    payment_settled(payment=payment)
    audit_record(
        action="payment.paid",
        actor=payment.initiated_by,
        target=payment,
        before={"status": PaymentStatus.INITIATED},
        after={
            "status": PaymentStatus.PAID,
            "amount": payment.amount,
            "reference": payment.bank_reference,
        },
    )
    notify(
        recipient=payment.initiated_by,
        template_key="employer_payment_received",
        context={
            "workshop": payment.workshop.name,
            "workshop_code": format_code(payment.workshop.code),
            "amount": format_rial(payment.amount),
            "reference": format_code(payment.bank_reference),
            "period": format_period(monthly_list.year, monthly_list.month) if monthly_list else "",
        },
        channels=["inbox", "sms"],
        idempotency_key=f"employer_payment_received:{payment.order_id}",
    )
    return payment


def _penalty_description(accrual: PenaltyAccrual) -> str:
    if accrual.kind == LATE_PAYMENT:
        return _("جریمه دیرکرد %(period)s — ماه %(n)s") % {
            "period": accrual.label,
            "n": persian_digits(accrual.number),
        }
    return _("جریمه عدم ارسال لیست %(period)s") % {"period": accrual.label}


@transaction.atomic
def penalties_post(*, workshop: Workshop, today: datetime.date | None = None) -> int:
    """Post every penalty accrued up to `today` that has no ledger row yet; returns how many."""
    today = today or timezone.localdate()
    # Lock the workshop so two runs at once cannot both see "not posted yet".
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    due = penalties_to_post(workshop=workshop, today=today)
    if due.years_without_rates:
        logger.warning(
            "No penalty rates (PenaltyParameters) cover %s: penalties of workshop %s for "
            "those years are not posted until staff enter a row in the admin.",
            ", ".join(str(year) for year in due.years_without_rates),
            workshop.code,
        )
    accruals = due.accruals
    in_force = (
        {
            (item.year, item.month): item
            for item in MonthlyList.objects.filter(
                workshop=workshop, status=ListStatus.SUBMITTED
            ).only("id", "year", "month")
        }
        if accruals
        else {}
    )
    for accrual in accruals:
        ledger_record(
            workshop=workshop,
            kind=EntryKind.PENALTY,
            amount=accrual.amount,
            description=_penalty_description(accrual),
            monthly_list=in_force.get((accrual.year, accrual.month)),
            year=accrual.year,
            month=accrual.month,
            penalty_key=accrual.key,
        )
    return len(accruals)


def penalties_post_all(*, today: datetime.date | None = None) -> int:
    """Run `penalties_post` for every workshop that has a charge (the beat task).

    A closed workshop owes no more no-list penalties, but a late list of it still accrues.
    """
    workshop_ids = (
        LedgerEntry.objects.filter(kind=EntryKind.CHARGE)
        .values_list("workshop_id", flat=True)
        .distinct()
    )
    total = 0
    for workshop in Workshop.objects.filter(pk__in=list(workshop_ids)):
        total += penalties_post(workshop=workshop, today=today)
    return total
