"""Installment plans (تقسیط بدهی) and the penalty waiver (بخشودگی جرائم), DOMAIN.md §5.

Agreeing: `installment_plan_agree` takes a down payment share the installment table
allows for the workshop's final debt (`employers.selectors.installments.
installment_plan_proposal` says what is allowed, and why not), waives the penalties
of every ruling still inside its waiver term, and creates the plan over the rulings
still owed with its installments: the down payment due `installment_first_due_days`
from today, then equal parts a Jalali month apart, the last taking the remainder.

Paying: an installment (the next one due) or one ruling is paid through the payment
adapter like any payment (`employers.services.money.payment_start(installment=…)` or
`(ruling=…)`, then the gateway, then `payment_callback`). The amounts come from here
(`installment_payment_amount`, `ruling_payment_amount`); once the bank's answer is
verified and the ledger row written, `payment_settled` (called by `payment_callback` in
its transaction) marks the installment paid — once, by a conditional UPDATE — closes
the plan when every installment is paid, and waives the penalties of each ruling whose
principal is now paid within its waiver term.

Missing: `installment_plans_default_overdue` (the periodic task) defaults every active
plan with an installment still unpaid `installment_grace_days` after its due date; its
later installments are cancelled and every representative is told (SMS + inbox). The
workshop may then re-plan what it still owes as often as `installment_replans_allowed`.

This module never imports `employers.services.money` (money imports it).
"""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import (
    ClaimRuling,
    Installment,
    InstallmentPlan,
    InstallmentStatus,
    Payment,
    PlanStatus,
    Representative,
    Workshop,
)
from employers.selectors.installments import (
    installment_next_due,
    installment_plan_proposal,
    replans_left,
    ruling_payment_offers,
    ruling_waivable_penalties,
)
from employers.selectors.money import rulings_outstanding
from employers.selectors.workshops import workshop_get_for_user
from employers.services.rulings import ruling_amount_change
from notifications.services import notify
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_code, format_jalali_date, format_rial, persian_digits
from tamin.core.services import audit_record
from tamin.rules.disputes import dispute_terms

logger = logging.getLogger(__name__)

WAIVER_BY_PLAN = "plan"
WAIVER_BY_PAYMENT = "payment"


# --- the penalty waiver ------------------------------------------------------------------


@transaction.atomic
def _ruling_penalties_waive(
    *, ruling_id: int, on: datetime.date, by: str, actor=None
) -> ClaimRuling | None:
    """Waive the ruling's penalties if they may be waived on `on`; None when not.

    The ruling row is locked first, so two payments settling at once waive once; what
    is owed on it is then lowered through `ruling_amount_change`, which posts the
    difference to the account.
    """
    terms = dispute_terms(on=on)
    ruling = (
        ClaimRuling.objects.select_for_update(of=("self",))
        .select_related("notice")
        .get(pk=ruling_id)
    )
    amount = ruling_waivable_penalties(terms=terms, ruling=ruling, on=on) if terms else 0
    if amount <= 0:
        return None
    ruling.penalties_waived_at = timezone.now()
    ruling.save(update_fields=["penalties_waived_at", "updated_at"])
    ruling = ruling_amount_change(
        ruling=ruling,
        new_amount=ruling.current_amount - amount,
        description=_("بخشودگی جرائم حکم %(number)s") % {"number": format_code(ruling.number)},
        actor=actor,
    )
    audit_record(
        action="employers.ruling_penalties_waived",
        actor=actor,
        target=ruling,
        after={"waived": amount, "by": by, "on": on.isoformat()},
    )
    return ruling


# --- agreeing a plan ---------------------------------------------------------------------


@transaction.atomic
def installment_plan_agree(
    *,
    user,
    workshop: Workshop,
    down_payment_percent: int,
    expected_total: int | None = None,
    today: datetime.date | None = None,
) -> InstallmentPlan:
    """Agree a plan at `down_payment_percent` over the workshop's final debt.

    `expected_total`: the amount the person saw on the preview; when the debt has
    changed since, nothing is agreed and they are asked to look again.
    """
    workshop = workshop_get_for_user(user=user, workshop_id=workshop.pk)
    # One agreement at a time per workshop (the unique active plan is the last guard).
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    today = today or timezone.localdate()
    proposal = installment_plan_proposal(workshop=workshop, today=today)
    refusal = proposal.choice_refusal(down_payment_percent)
    if refusal is not None:
        raise ApplicationError(refusal.message, code=refusal.code)
    if expected_total is not None and expected_total != proposal.total:
        raise ApplicationError(
            _(
                "بدهی کارگاه از زمان پیش‌نمایش تغییر کرده است (اکنون %(total)s)؛ "
                "اقساط را دوباره ببینید و تأیید کنید."
            )
            % {"total": format_rial(proposal.total)},
            code="total_changed",
        )
    for waiver in proposal.waivers:
        _ruling_penalties_waive(ruling_id=waiver.ruling.pk, on=today, by=WAIVER_BY_PLAN, actor=user)
    total = sum(owed for owed in rulings_outstanding(workshop=workshop).values() if owed > 0)
    if total != proposal.total:  # the allocation moved under us: agree nothing
        raise ApplicationError(
            _("بدهی کارگاه در حال تغییر است؛ چند لحظه بعد دوباره تلاش کنید."),
            code="total_changed",
        )
    count = proposal.choices[down_payment_percent]
    plan = InstallmentPlan(
        workshop=workshop,
        total=total,
        down_payment_percent=down_payment_percent,
        installment_count=count,
        agreed_by=user,
        agreed_at=timezone.now(),
        replan_of=proposal.replan_of,
    )
    plan.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            plan.save(force_insert=True)
    except IntegrityError as exc:  # another active plan, or that plan was re-planned
        raise ApplicationError(
            _("این کارگاه یک توافق تقسیط جاری دارد؛ توافق دیگری ثبت نمی‌شود."),
            code="active_plan",
        ) from exc
    plan.rulings.set([ruling.pk for ruling in proposal.rulings])
    Installment.objects.bulk_create(
        Installment(plan=plan, number=item.number, due_on=item.due_on, amount=item.amount)
        for item in proposal.schedule(down_payment_percent)
    )
    audit_record(
        action="employers.installment_plan_agreed",
        actor=user,
        target=plan,
        after={
            "total": total,
            "down_payment_percent": down_payment_percent,
            "installments": count,
            "rulings": [ruling.pk for ruling in proposal.rulings],
            "waived": proposal.waived,
            "replan_of": proposal.replan_of.pk if proposal.replan_of else None,
        },
    )
    return plan


# --- paying -----------------------------------------------------------------------------


def installment_payment_amount(*, workshop: Workshop, installment: Installment) -> int:
    """What paying `installment` costs; refuses anything but the next installment due of
    an active plan of this workshop."""
    plan = installment.plan
    if plan.workshop_id != workshop.pk:
        raise ApplicationError(_("این قسط متعلق به این کارگاه نیست."), code="installment_not_yours")
    if plan.status != PlanStatus.ACTIVE:
        raise ApplicationError(
            _("این توافق تقسیط جاری نیست و قسط آن پرداخت نمی‌شود."), code="plan_not_active"
        )
    if installment.status != InstallmentStatus.DUE:
        raise ApplicationError(_("این قسط پرداختنی نیست."), code="installment_not_due")
    next_due = installment_next_due(plan=plan)
    if next_due is None or next_due.pk != installment.pk:
        raise ApplicationError(
            _("اقساط به ترتیب پرداخت می‌شوند؛ ابتدا قسط پیشین را بپردازید."),
            code="installment_out_of_order",
        )
    return installment.amount


def ruling_payment_amount(*, workshop: Workshop, ruling: ClaimRuling) -> int:
    """What paying `ruling` costs today: its principal while its waiver term runs (the
    penalties are waived once the payment is verified), after that what is owed of it."""
    if ruling.workshop_id != workshop.pk:
        raise ApplicationError(_("این حکم متعلق به این کارگاه نیست."), code="ruling_not_yours")
    offer = next(
        (
            item
            for item in ruling_payment_offers(workshop=workshop, today=timezone.localdate())
            if item.ruling.pk == ruling.pk
        ),
        None,
    )
    if offer is None or offer.amount_to_pay <= 0:
        raise ApplicationError(
            _("بدهی پرداخت‌نشده‌ای برای این حکم وجود ندارد."), code="nothing_to_pay"
        )
    if offer.in_active_plan:
        raise ApplicationError(
            _("این حکم در توافق تقسیط جاری کارگاه است؛ اقساط آن را بپردازید."),
            code="ruling_in_plan",
        )
    return offer.amount_to_pay


def settlement_payment_description(*, payment: Payment) -> str | None:
    """The ledger row's description of an installment or a ruling payment (else None)."""
    if payment.installment_id:
        installment = payment.installment
        if installment.number == 0:
            return _("پیش‌پرداخت توافق تقسیط %(plan)s") % {
                "plan": persian_digits(installment.plan_id)
            }
        return _("قسط %(n)s توافق تقسیط %(plan)s") % {
            "n": persian_digits(installment.number),
            "plan": persian_digits(installment.plan_id),
        }
    if payment.ruling_id:
        return _("پرداخت حکم مطالباتی %(number)s") % {"number": format_code(payment.ruling.number)}
    return None


def payment_settled(*, payment: Payment) -> None:
    """After a verified payment's ledger row (inside `payment_callback`'s transaction).

    1. An installment payment marks its installment paid, once (conditional UPDATE);
       the plan is completed when none is left unpaid. An installment no longer due (its
       plan defaulted meanwhile) stays as it is: the money still pays the rulings.
    2. Every ruling of the workshop whose principal is now paid within its waiver term
       has its penalties waived.
    """
    now = payment.verified_at or timezone.now()
    if payment.installment_id:
        _installment_paid(payment=payment, now=now)
    _waive_where_principal_paid(payment=payment, on=timezone.localtime(now).date())


def _installment_paid(*, payment: Payment, now: datetime.datetime) -> None:
    # The plan's row lock orders this with a default of the same plan (which takes it too).
    plan_id = Installment.objects.values_list("plan_id", flat=True).get(pk=payment.installment_id)
    list(InstallmentPlan.objects.select_for_update().filter(pk=plan_id).values_list("pk"))
    marked = Installment.objects.filter(
        pk=payment.installment_id, status=InstallmentStatus.DUE
    ).update(status=InstallmentStatus.PAID, payment=payment, paid_at=now)
    installment = Installment.objects.select_related("plan").get(pk=payment.installment_id)
    if not marked:
        audit_record(
            action="employers.installment_paid_when_not_due",
            actor=payment.initiated_by,
            target=installment.plan,
            detail={"installment": installment.number, "order_id": payment.order_id},
        )
        return
    audit_record(
        action="employers.installment_paid",
        actor=payment.initiated_by,
        target=installment.plan,
        after={"installment": installment.number, "amount": installment.amount},
    )
    plan = installment.plan
    if not plan.installments.exclude(status=InstallmentStatus.PAID).exists():
        completed = InstallmentPlan.objects.filter(pk=plan.pk, status=PlanStatus.ACTIVE).update(
            status=PlanStatus.COMPLETED, updated_at=timezone.now()
        )
        if completed:
            audit_record(
                action="employers.installment_plan_completed",
                actor=payment.initiated_by,
                target=plan,
                before={"status": PlanStatus.ACTIVE},
                after={"status": PlanStatus.COMPLETED},
            )


def _waive_where_principal_paid(*, payment: Payment, on: datetime.date) -> None:
    terms = dispute_terms(on=on)
    if terms is None:
        return
    candidates = [
        ruling
        for ruling in ClaimRuling.objects.filter(
            workshop_id=payment.workshop_id,
            penalties_waived_at__isnull=True,
            penalty_total__gt=0,
            current_amount__gt=0,
        ).select_related("notice")
        if ruling_waivable_penalties(terms=terms, ruling=ruling, on=on)
    ]
    if not candidates:
        return
    outstanding = rulings_outstanding(workshop=payment.workshop)
    for ruling in candidates:
        waivable = ruling_waivable_penalties(terms=terms, ruling=ruling, on=on)
        if outstanding.get(ruling.pk, 0) <= waivable:  # its principal is paid
            _ruling_penalties_waive(
                ruling_id=ruling.pk, on=on, by=WAIVER_BY_PAYMENT, actor=payment.initiated_by
            )


# --- missing an installment ---------------------------------------------------------------


def installment_plans_default_overdue(*, today: datetime.date | None = None) -> int:
    """Default every active plan with an installment unpaid past its grace days (the beat
    task); returns how many. Running it again defaults nothing more."""
    today = today or timezone.localdate()
    terms = dispute_terms(on=today)
    if terms is None:
        logger.warning("No dispute terms cover %s: installment plans are not checked.", today)
        return 0
    missed_before = today - datetime.timedelta(days=terms.installment_grace_days)
    plan_ids = (
        Installment.objects.filter(
            status=InstallmentStatus.DUE,
            due_on__lt=missed_before,
            plan__status=PlanStatus.ACTIVE,
        )
        .values_list("plan_id", flat=True)
        .distinct()
    )
    return sum(
        1
        for plan_id in list(plan_ids)
        if installment_plan_default(plan_id=plan_id, missed_before=missed_before)
    )


@transaction.atomic
def installment_plan_default(*, plan_id: int, missed_before: datetime.date) -> bool:
    """Default one plan whose installment due before `missed_before` is unpaid."""
    plan = (
        InstallmentPlan.objects.select_for_update(of=("self",))
        .select_related("workshop")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None or plan.status != PlanStatus.ACTIVE:
        return False
    due = plan.installments.filter(status=InstallmentStatus.DUE)
    missed = list(due.filter(due_on__lt=missed_before).values_list("number", flat=True))
    if not missed:
        return False
    due.filter(number__in=missed).update(status=InstallmentStatus.MISSED)
    cancelled = due.exclude(number__in=missed).update(status=InstallmentStatus.CANCELLED)
    now = timezone.now()
    plan.status = PlanStatus.DEFAULTED
    plan.defaulted_at = now
    plan.save(update_fields=["status", "defaulted_at", "updated_at"])
    remaining = sum(
        owed for owed in rulings_outstanding(workshop=plan.workshop).values() if owed > 0
    )
    audit_record(
        action="employers.installment_plan_defaulted",
        target=plan,
        before={"status": PlanStatus.ACTIVE},
        after={
            "status": PlanStatus.DEFAULTED,
            "missed": missed,
            "cancelled": cancelled,
            "remaining": remaining,
        },
    )
    context = {
        "workshop_code": format_code(plan.workshop.code),
        "amount": format_rial(remaining),
        # the message says whether a new plan may still be agreed (a parameter, and a count)
        "can_replan": replans_left(plan=plan, today=timezone.localdate()) > 0,
    }
    for representative in Representative.objects.filter(
        workshop_id=plan.workshop_id, is_active=True
    ).select_related("user"):
        notify(
            recipient=representative.user,
            template_key="employer_plan_defaulted",
            context=context,
            channels=["sms", "inbox"],
            idempotency_key=f"employer_plan_defaulted:{plan.pk}:user:{representative.user_id}",
        )
    return True


# --- reminders ---------------------------------------------------------------------------


def installment_reminders_send(*, days_before: int, today: datetime.date | None = None) -> int:
    """An SMS to every representative a few days before each installment falls due, once
    per installment and person (the idempotency key: a later run finds the message and
    sends nothing); returns how many installments are in the window."""
    today = today or timezone.localdate()
    upcoming = (
        Installment.objects.filter(
            status=InstallmentStatus.DUE,
            plan__status=PlanStatus.ACTIVE,
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=days_before),
        )
        .select_related("plan__workshop")
        .order_by("due_on", "id")
    )
    reminded = 0
    for installment in upcoming:
        workshop = installment.plan.workshop
        context = {
            "workshop_code": format_code(workshop.code),
            # «قسط ۳ …», and for the down payment «قسط پیش‌پرداخت …»
            "number": (
                persian_digits(installment.number) if installment.number else _("پیش‌پرداخت")
            ),
            "amount": format_rial(installment.amount),
            "due_on": format_jalali_date(installment.due_on),
        }
        for representative in Representative.objects.filter(
            workshop_id=workshop.pk, is_active=True
        ).select_related("user"):
            notify(
                recipient=representative.user,
                template_key="employer_installment_reminder",
                context=context,
                channels=["sms"],
                idempotency_key=(
                    f"employer_installment_reminder:{installment.pk}:user:{representative.user_id}"
                ),
                priority="bulk",  # the sweep reminds many at once: the bulk queue
            )
        reminded += 1
    return reminded


def installment_plans_sweep(*, remind_days_before: int, today: datetime.date | None = None) -> dict:
    """The periodic task: default the plans whose installment was missed, then remind."""
    return {
        "defaulted": installment_plans_default_overdue(today=today),
        "reminded": installment_reminders_send(days_before=remind_days_before, today=today),
    }
