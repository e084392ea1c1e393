"""Installment plans and the penalty waiver, as the pages and the services read them.

What a workshop may agree (`installment_plan_proposal`): the final debt still owed of
its rulings, less the penalties that agreeing now would waive (rulings served within
the waiver term whose penalties are not yet waived), must reach the minimum total; the
choices are the cells of the installment table for that amount's band; a workshop with
an active plan, or whose last plan defaulted and was already re-planned as often as the
terms allow, is refused. The refusal is computed here, once, so the page that explains
it and the service that enforces it never disagree.

What paying one ruling costs (`ruling_payment_offers`): while its waiver term runs and
its penalties are not waived, what is owed of it less those penalties (the principal);
the penalties are waived when that payment is verified. After the term, what is owed.

Access: `installment_plan_get_for_user`, `ruling_get_for_workshop` and
`installment_get_for_plan` answer 404 for a missing object and for someone else's alike.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import (
    ClaimRuling,
    Installment,
    InstallmentPlan,
    InstallmentStatus,
    PlanStatus,
    RulingStatus,
    Workshop,
)
from employers.selectors.money import rulings_outstanding
from employers.selectors.rulings import rulings_owed
from employers.selectors.workshops import workshops_for_user
from tamin.core.jalali import format_jalali_date, format_rial, persian_digits
from tamin.rules.disputes import (
    DisputeTerms,
    ScheduledInstallment,
    dispute_terms,
    installment_choices,
    installment_schedule,
    waiver_until,
)

# Rulings whose amount is owed (a draft is not served; a cancelled one owes nothing).
OWED_STATUSES = (
    RulingStatus.SERVED,
    RulingStatus.OBJECTED,
    RulingStatus.DECIDED,
    RulingStatus.FINAL,
)


# --- the penalty waiver ------------------------------------------------------------------


def ruling_served_on(ruling: ClaimRuling) -> datetime.date | None:
    """The day the ruling was served (its notice's service), Tehran time; None if not yet."""
    notice = ruling.notice
    if notice is None or notice.served_at is None:
        return None
    return timezone.localtime(notice.served_at).date()


def ruling_waiver_until(*, terms: DisputeTerms, ruling: ClaimRuling) -> datetime.date | None:
    served_on = ruling_served_on(ruling)
    return None if served_on is None else waiver_until(terms=terms, served_on=served_on)


def ruling_waivable_penalties(
    *, terms: DisputeTerms, ruling: ClaimRuling, on: datetime.date
) -> int:
    """The penalties settling `ruling` on `on` would waive (0 when none may be).

    A ruling's penalties are waived once, within the waiver term of its service; what
    is waived is its penalty total, never more than what the ruling stands at now (a
    board's vote may have lowered it).
    """
    if (
        ruling.status not in OWED_STATUSES
        or ruling.penalties_waived_at is not None
        or ruling.penalty_total <= 0
        or ruling.current_amount <= 0
    ):
        return 0
    until = ruling_waiver_until(terms=terms, ruling=ruling)
    if until is None or on > until:
        return 0
    return min(ruling.penalty_total, ruling.current_amount)


@dataclass(frozen=True)
class RulingOffer:
    """One ruling still owed, as the installments page offers to pay it."""

    ruling: ClaimRuling
    outstanding: int  # what is still owed of it
    waivable: int  # penalties paying its principal now would waive
    waiver_until: datetime.date | None  # the last day of its waiver term
    in_active_plan: bool

    @property
    def amount_to_pay(self) -> int:
        """What paying this ruling costs today (its principal while the waiver term runs)."""
        return max(self.outstanding - self.waivable, 0)


def _rulings_owed(*, workshop: Workshop) -> tuple[dict[int | None, int], list[ClaimRuling]]:
    """What is owed of each ruling, and the served rulings still owed, oldest first."""
    outstanding = rulings_outstanding(workshop=workshop)
    return outstanding, [row.ruling for row in rulings_owed(workshop=workshop, unpaid=outstanding)]


def ruling_payment_offers(
    *, workshop: Workshop, today: datetime.date, terms: DisputeTerms | None = None
) -> list[RulingOffer]:
    """Every ruling of the workshop still owed, oldest first, with what paying it costs."""
    terms = terms or dispute_terms(on=today)
    outstanding, rulings = _rulings_owed(workshop=workshop)
    in_plan = set(
        InstallmentPlan.rulings.through.objects.filter(
            installmentplan__workshop=workshop,
            installmentplan__status=PlanStatus.ACTIVE,
            claimruling_id__in=[ruling.pk for ruling in rulings],
        ).values_list("claimruling_id", flat=True)
    )
    return [
        RulingOffer(
            ruling=ruling,
            outstanding=outstanding[ruling.pk],
            waivable=ruling_waivable_penalties(terms=terms, ruling=ruling, on=today)
            if terms
            else 0,
            waiver_until=ruling_waiver_until(terms=terms, ruling=ruling) if terms else None,
            in_active_plan=ruling.pk in in_plan,
        )
        for ruling in rulings
    ]


def ruling_get_for_workshop(*, workshop: Workshop, ruling_id: int) -> ClaimRuling:
    """A served ruling of this workshop; 404 for a draft, a missing or another's ruling."""
    ruling = (
        ClaimRuling.objects.filter(pk=ruling_id, workshop=workshop, status__in=OWED_STATUSES)
        .select_related("notice", "workshop")
        .first()
    )
    if ruling is None:
        raise Http404
    return ruling


# --- proposing a plan -------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str


@dataclass(frozen=True)
class Waiver:
    ruling: ClaimRuling
    amount: int  # the penalties agreeing now waives


@dataclass(frozen=True)
class ChoiceRow:
    """One cell of the table for this debt: the share, the count and what they come to."""

    percent: int
    installments: int
    down_payment: int
    installment_amount: int  # each installment (the last takes the remainder)


@dataclass(frozen=True)
class PlanProposal:
    """What agreeing a plan for the workshop on `today` would mean."""

    workshop: Workshop
    today: datetime.date
    terms: DisputeTerms | None
    final: int  # final debt still owed of the rulings, before any waiver
    waivers: list[Waiver] = field(default_factory=list)
    rulings: list[ClaimRuling] = field(default_factory=list)  # what the plan covers
    choices: dict[int, int] = field(default_factory=dict)  # down payment % → installments
    replan_of: InstallmentPlan | None = None
    active_plan: InstallmentPlan | None = None
    refusal: Refusal | None = None

    @property
    def waived(self) -> int:
        return sum(item.amount for item in self.waivers)

    @property
    def total(self) -> int:
        """The amount the plan would cover: the final debt less the penalties waived."""
        return max(self.final - self.waived, 0)

    @property
    def first_due(self) -> datetime.date | None:
        if self.terms is None:
            return None
        return self.today + datetime.timedelta(days=self.terms.installment_first_due_days)

    def schedule(self, percent: int) -> list[ScheduledInstallment]:
        """The preview of the plan at `percent` down payment (a choice of the table)."""
        return installment_schedule(
            total=self.total,
            down_payment_percent=percent,
            installments=self.choices[percent],
            first_due=self.first_due,
        )

    @property
    def choice_rows(self) -> list[ChoiceRow]:
        rows = []
        for percent, count in self.choices.items():
            schedule = self.schedule(percent)
            rows.append(ChoiceRow(percent, count, schedule[0].amount, schedule[1].amount))
        return rows

    def choice_refusal(self, percent: int | None) -> Refusal | None:
        """Why `percent` cannot be agreed (None: it can)."""
        if self.refusal is not None:
            return self.refusal
        if percent not in self.choices:
            allowed = "، ".join(f"{persian_digits(p)}٪" for p in self.choices)
            return Refusal(
                "choice_not_in_table",
                _(
                    "پیش‌پرداخت %(percent)s درصد برای بدهی %(total)s در جدول تقسیط نیست؛ "
                    "پیش‌پرداخت‌های مجاز: %(allowed)s."
                )
                % {
                    "percent": persian_digits(percent or 0),
                    "total": format_rial(self.total),
                    "allowed": allowed,
                },
            )
        return None


def replans_left(*, plan: InstallmentPlan, today: datetime.date) -> int:
    """How many more times the workshop may re-plan after `plan` defaults (0 without terms)."""
    terms = dispute_terms(on=today)
    if terms is None:
        return 0
    return max(terms.installment_replans_allowed - _replans_used(plan), 0)


def _replans_used(plan: InstallmentPlan) -> int:
    """How many times the chain ending at `plan` has been re-planned already."""
    used = 0
    while plan.replan_of_id is not None:
        used += 1
        plan = InstallmentPlan.objects.only("id", "replan_of_id").get(pk=plan.replan_of_id)
    return used


def installment_plan_proposal(*, workshop: Workshop, today: datetime.date) -> PlanProposal:
    """Everything the proposal page shows and `installment_plan_agree` enforces."""
    terms = dispute_terms(on=today)
    outstanding, rulings = _rulings_owed(workshop=workshop)
    final = sum(owed for owed in outstanding.values() if owed > 0)
    base = {"workshop": workshop, "today": today, "terms": terms, "final": final}
    if terms is None:
        return PlanProposal(
            **base,
            refusal=Refusal(
                "no_terms",
                _(
                    "شرایط تقسیط برای امروز در سامانه ثبت نشده است؛ لطفاً بعداً مراجعه کنید "
                    "یا با شعبه تماس بگیرید."
                ),
            ),
        )
    latest = InstallmentPlan.objects.filter(workshop=workshop).order_by("-agreed_at", "-id").first()
    if latest is not None and latest.status == PlanStatus.ACTIVE:
        return PlanProposal(
            **base,
            active_plan=latest,
            refusal=Refusal(
                "active_plan",
                _(
                    "این کارگاه یک توافق تقسیط جاری دارد؛ تا تسویه یا نکول آن، توافق دیگری "
                    "ثبت نمی‌شود."
                ),
            ),
        )
    replan_of = None
    if latest is not None and latest.status == PlanStatus.DEFAULTED:
        if _replans_used(latest) >= terms.installment_replans_allowed:
            return PlanProposal(
                **base,
                refusal=Refusal(
                    "replans_exhausted",
                    _(
                        "توافق تقسیط این کارگاه نکول شده و امکان تقسیط مجدد (%(count)s بار) "
                        "پیش‌تر استفاده شده است؛ مانده بدهی را یکجا بپردازید یا با شعبه "
                        "تماس بگیرید."
                    )
                    % {"count": persian_digits(terms.installment_replans_allowed)},
                ),
            )
        replan_of = latest
    if final <= 0:
        return PlanProposal(
            **base,
            refusal=Refusal(
                "no_final_debt", _("این کارگاه بدهی قطعی (حکم مطالباتی) پرداخت‌نشده‌ای ندارد.")
            ),
        )
    waivers = [
        Waiver(ruling, amount)
        for ruling in rulings
        if (amount := ruling_waivable_penalties(terms=terms, ruling=ruling, on=today))
    ]
    proposal = PlanProposal(**base, waivers=waivers, rulings=rulings, replan_of=replan_of)
    if proposal.total < terms.installment_minimum_total:
        return PlanProposal(
            **base,
            waivers=waivers,
            refusal=Refusal(
                "below_minimum",
                _(
                    "مبلغ قابل تقسیط (%(total)s) کمتر از حداقل مبلغ تقسیط (%(minimum)s) است؛ "
                    "این بدهی را یکجا بپردازید."
                )
                % {
                    "total": format_rial(proposal.total),
                    "minimum": format_rial(terms.installment_minimum_total),
                },
            ),
        )
    return PlanProposal(
        **base,
        waivers=waivers,
        rulings=rulings,
        replan_of=replan_of,
        choices=installment_choices(terms=terms, amount=proposal.total),
    )


# --- plans ----------------------------------------------------------------------------


def installment_plans_for_workshop(*, workshop: Workshop) -> list[InstallmentPlan]:
    """Every plan of the workshop, newest first (one query)."""
    return list(InstallmentPlan.objects.filter(workshop=workshop).order_by("-agreed_at", "-id"))


def installment_plan_get_for_user(*, user, plan_id: int) -> InstallmentPlan:
    """A plan of a workshop the person acts for; 404 for missing or someone else's."""
    workshop_ids = workshops_for_user(user=user).values_list("workshop_id", flat=True)
    plan = (
        InstallmentPlan.objects.select_related("workshop")
        .filter(pk=plan_id, workshop_id__in=workshop_ids)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def installment_get_for_plan(*, plan: InstallmentPlan, number: int) -> Installment:
    installment = Installment.objects.filter(plan=plan, number=number).first()
    if installment is None:
        raise Http404
    return installment


@dataclass(frozen=True)
class InstallmentRow:
    installment: Installment
    status_label: str
    payable: bool  # the next one to pay of an active plan

    @property
    def title(self) -> str:
        if self.installment.number == 0:
            return _("پیش‌پرداخت")
        return _("قسط %(n)s") % {"n": persian_digits(self.installment.number)}


@dataclass(frozen=True)
class PlanView:
    plan: InstallmentPlan
    rows: list[InstallmentRow]
    rulings: list[ClaimRuling]
    paid: int
    grace_days: int | None

    @property
    def remaining(self) -> int:
        return self.plan.total - self.paid

    @property
    def next_row(self) -> InstallmentRow | None:
        return next((row for row in self.rows if row.payable), None)


def _status_label(installment: Installment, *, today: datetime.date, grace: int | None) -> str:
    if installment.status == InstallmentStatus.PAID:
        return _("پرداخت شد (%(day)s)") % {"day": format_jalali_date(installment.paid_at)}
    if installment.status == InstallmentStatus.DUE and installment.due_on < today:
        if grace is None:
            return _("سررسید گذشته")
        last = installment.due_on + datetime.timedelta(days=grace)
        return _("سررسید گذشته؛ تا %(day)s بپردازید") % {"day": format_jalali_date(last)}
    return str(InstallmentStatus(installment.status).label)


def installment_plan_view(*, plan: InstallmentPlan, today: datetime.date) -> PlanView:
    """The plan page: its installments with their status labels and the next to pay."""
    terms = dispute_terms(on=today)
    grace = terms.installment_grace_days if terms else None
    installments = list(plan.installments.order_by("number"))
    next_due = next((item for item in installments if item.status == InstallmentStatus.DUE), None)
    rows = [
        InstallmentRow(
            installment=item,
            status_label=_status_label(item, today=today, grace=grace),
            payable=(
                plan.status == PlanStatus.ACTIVE and next_due is not None and item.pk == next_due.pk
            ),
        )
        for item in installments
    ]
    return PlanView(
        plan=plan,
        rows=rows,
        rulings=list(plan.rulings.order_by("created_at", "id").only("id", "number")),
        paid=sum(item.amount for item in installments if item.status == InstallmentStatus.PAID),
        grace_days=grace,
    )


def installment_next_due(*, plan: InstallmentPlan) -> Installment | None:
    """The installment to pay next (the lowest-numbered one still due)."""
    return plan.installments.filter(status=InstallmentStatus.DUE).order_by("number").first()
