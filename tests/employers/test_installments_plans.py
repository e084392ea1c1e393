"""Installment plans at the service: the table, the schedule, agreeing, defaulting,
re-planning, and the penalty waiver (DOMAIN.md §5; terms as seeded by tamin.rules 0007)."""

from __future__ import annotations

import datetime

import jdatetime
import pytest
from django.http import Http404
from django.utils import timezone

from employers.models import (
    ClaimRuling,
    EntryKind,
    Installment,
    InstallmentPlan,
    InstallmentStatus,
    LedgerEntry,
    PlanStatus,
)
from employers.selectors.installments import installment_plan_proposal
from employers.selectors.money import workshop_debt
from employers.services.installments import (
    installment_plan_agree,
    installment_plans_default_overdue,
    installment_reminders_send,
)
from employers.services.money import payment_start
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tamin.rules.disputes import (
    add_jalali_months,
    dispute_terms,
    installment_schedule,
    waiver_until,
)
from tests.employers.factories import AccountantFactory
from tests.employers.factories_installments import (
    months_ago,
    representative_with_opt_in,
    served_ruling,
    settle,
)

pytestmark = pytest.mark.django_db


def _today() -> datetime.date:
    return timezone.localdate()


def _final(workshop) -> int:
    return workshop_debt(workshop=workshop, today=_today()).final


def _state(workshop) -> tuple:
    """What a refusal must leave unchanged: plans, installments, the ledger, the rulings."""
    return (
        InstallmentPlan.objects.filter(workshop=workshop).count(),
        Installment.objects.filter(plan__workshop=workshop).count(),
        list(LedgerEntry.objects.filter(workshop=workshop).values_list("id", "amount")),
        list(
            ClaimRuling.objects.filter(workshop=workshop).values_list(
                "id", "current_amount", "penalties_waived_at"
            )
        ),
    )


@pytest.fixture
def rep():
    return representative_with_opt_in()


# --- the table, worked by hand from DOMAIN.md §5 ----------------------------------------


@pytest.mark.parametrize(
    ("debt", "expected"),
    [
        # ≤100M: 50 % → 12, 40 % → 10, 30 % → 8, 20 % → 6, 10 % → not allowed
        (50_000_000, {50: 12, 40: 10, 30: 8, 20: 6}),
        (100_000_000, {50: 12, 40: 10, 30: 8, 20: 6}),
        # ≤500M: 18/15/12/9/6
        (100_000_001, {50: 18, 40: 15, 30: 12, 20: 9, 10: 6}),
        (300_000_000, {50: 18, 40: 15, 30: 12, 20: 9, 10: 6}),
        # ≤1bn: 24/20/16/12/8; >1bn: 36/30/24/18/12
        (1_000_000_000, {50: 24, 40: 20, 30: 16, 20: 12, 10: 8}),
        (1_000_000_001, {50: 36, 40: 30, 30: 24, 20: 18, 10: 12}),
        # the minimum total is allowed; one rial less is not
        (10_000_000, {50: 12, 40: 10, 30: 8, 20: 6}),
        (9_999_999, {}),
    ],
)
def test_the_choices_follow_the_table_for_the_amount_band(rep, debt, expected):
    # given a workshop whose only final debt is one ruling of `debt`, served long ago
    served_ruling(workshop=rep.workshop, principal=debt, served_at=months_ago(8))
    # when it asks what it may agree
    proposal = installment_plan_proposal(workshop=rep.workshop, today=_today())
    # then the choices are the table's cells for its band
    assert proposal.total == debt
    assert proposal.choices == expected


def test_300_million_at_30_percent_is_12_installments_that_add_up(rep):
    served_ruling(workshop=rep.workshop, principal=300_000_000, served_at=months_ago(8))
    proposal = installment_plan_proposal(workshop=rep.workshop, today=_today())
    schedule = proposal.schedule(30)
    # the down payment (30 %) due today + 7 days, then 12 equal parts
    assert [item.number for item in schedule] == list(range(13))
    assert schedule[0].amount == 90_000_000
    assert schedule[0].due_on == _today() + datetime.timedelta(days=7)
    assert {item.amount for item in schedule[1:]} == {17_500_000}
    assert sum(item.amount for item in schedule) == 300_000_000


def test_an_uneven_schedule_puts_the_remainder_last(rep):
    served_ruling(workshop=rep.workshop, principal=123_456_789, served_at=months_ago(8))
    proposal = installment_plan_proposal(workshop=rep.workshop, today=_today())
    schedule = proposal.schedule(20)  # ≤500M at 20 %: 9 installments
    assert len(schedule) == 10
    # 20 % of 123,456,789 = 24,691,357.8 → 24,691,358 (half up); 98,765,431 / 9
    assert schedule[0].amount == 24_691_358
    assert [item.amount for item in schedule[1:9]] == [10_973_936] * 8
    assert schedule[9].amount == 98_765_431 - 10_973_936 * 8
    assert sum(item.amount for item in schedule) == 123_456_789


def test_installments_fall_a_jalali_month_apart_on_the_same_day_or_the_months_last():
    # a down payment due 1404/06/31: Mehr to Bahman have 30 days, Esfand 1404 has 29
    first_due = jdatetime.date(1404, 6, 31).togregorian()
    schedule = installment_schedule(
        total=100_000_000, down_payment_percent=10, installments=9, first_due=first_due
    )
    days = [str(jdatetime.date.fromgregorian(date=item.due_on)) for item in schedule]
    assert days == [
        "1404-06-31",
        "1404-07-30",
        "1404-08-30",
        "1404-09-30",
        "1404-10-30",
        "1404-11-30",
        "1404-12-29",
        "1405-01-31",
        "1405-02-31",
        "1405-03-31",
    ]


# --- agreeing ----------------------------------------------------------------------------


def test_agreeing_creates_the_plan_over_the_rulings_still_owed(rep):
    old = served_ruling(workshop=rep.workshop, principal=200_000_000, served_at=months_ago(9))
    newer = served_ruling(
        workshop=rep.workshop, principal=80_000_000, penalty=20_000_000, served_at=months_ago(8)
    )
    assert _final(rep.workshop) == 300_000_000
    # when the owner agrees 30 % down (past the waiver term: nothing is waived)
    plan = installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=30)
    # then the plan covers both rulings, 300M in 1 + 12 installments
    assert plan.status == PlanStatus.ACTIVE
    assert (plan.total, plan.down_payment_percent, plan.installment_count) == (300_000_000, 30, 12)
    assert set(plan.rulings.values_list("pk", flat=True)) == {old.pk, newer.pk}
    rows = list(plan.installments.order_by("number"))
    assert len(rows) == 13
    assert sum(row.amount for row in rows) == 300_000_000
    assert rows[0].due_on == _today() + datetime.timedelta(days=7)
    assert all(row.status == InstallmentStatus.DUE for row in rows)
    assert plan.replan_of is None
    # and the debt is unchanged until paid: a plan changes how, not what
    assert _final(rep.workshop) == 300_000_000
    newer.refresh_from_db()
    assert newer.penalties_waived_at is None


def test_an_accountant_of_the_workshop_may_agree_too(rep):
    served_ruling(workshop=rep.workshop, principal=50_000_000, served_at=months_ago(8))
    accountant = AccountantFactory(workshop=rep.workshop)
    plan = installment_plan_agree(
        user=accountant.user, workshop=rep.workshop, down_payment_percent=50
    )
    assert plan.agreed_by == accountant.user


def test_below_the_minimum_is_refused_naming_the_minimum_and_changes_nothing(rep):
    served_ruling(workshop=rep.workshop, principal=9_000_000, served_at=months_ago(8))
    before = _state(rep.workshop)
    with pytest.raises(ApplicationError) as exc:
        installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=50)
    assert exc.value.code == "below_minimum"
    assert "۱۰٬۰۰۰٬۰۰۰ ریال" in exc.value.message
    assert "۹٬۰۰۰٬۰۰۰ ریال" in exc.value.message
    assert _state(rep.workshop) == before


def test_a_choice_not_in_the_table_is_refused_and_changes_nothing(rep):
    # 50,000,000 at 10 %: the ≤100M band has no 10 % cell
    served_ruling(workshop=rep.workshop, principal=50_000_000, served_at=months_ago(8))
    before = _state(rep.workshop)
    for percent in (10, 35):
        with pytest.raises(ApplicationError) as exc:
            installment_plan_agree(
                user=rep.user, workshop=rep.workshop, down_payment_percent=percent
            )
        assert exc.value.code == "choice_not_in_table"
        assert "۵۰٪، ۴۰٪، ۳۰٪، ۲۰٪" in exc.value.message
    assert _state(rep.workshop) == before


def test_a_second_active_plan_is_refused(rep):
    served_ruling(workshop=rep.workshop, principal=50_000_000, served_at=months_ago(8))
    installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=50)
    served_ruling(workshop=rep.workshop, principal=60_000_000, served_at=months_ago(8))
    before = _state(rep.workshop)
    with pytest.raises(ApplicationError) as exc:
        installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=50)
    assert exc.value.code == "active_plan"
    assert _state(rep.workshop) == before


def test_no_final_debt_is_refused(rep):
    with pytest.raises(ApplicationError) as exc:
        installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=50)
    assert exc.value.code == "no_final_debt"
    assert not InstallmentPlan.objects.exists()


def test_a_debt_changed_since_the_preview_is_refused(rep):
    served_ruling(workshop=rep.workshop, principal=50_000_000, served_at=months_ago(8))
    before = _state(rep.workshop)
    with pytest.raises(ApplicationError) as exc:
        installment_plan_agree(
            user=rep.user,
            workshop=rep.workshop,
            down_payment_percent=50,
            expected_total=40_000_000,
        )
    assert exc.value.code == "total_changed"
    assert "۵۰٬۰۰۰٬۰۰۰ ریال" in exc.value.message
    assert _state(rep.workshop) == before


def test_a_stranger_cannot_agree_for_the_workshop(rep):
    served_ruling(workshop=rep.workshop, principal=50_000_000, served_at=months_ago(8))
    stranger = representative_with_opt_in()
    with pytest.raises(Http404):
        installment_plan_agree(user=stranger.user, workshop=rep.workshop, down_payment_percent=50)
    assert not InstallmentPlan.objects.exists()


# --- the penalty waiver ------------------------------------------------------------------


def test_agreeing_within_the_waiver_term_waives_the_rulings_penalties_once(rep):
    # given a ruling served today: 250M principal, 50M penalties
    ruling = served_ruling(workshop=rep.workshop, principal=250_000_000, penalty=50_000_000)
    proposal = installment_plan_proposal(workshop=rep.workshop, today=_today())
    assert (proposal.final, proposal.waived, proposal.total) == (
        300_000_000,
        50_000_000,
        250_000_000,
    )
    # when the plan is agreed
    plan = installment_plan_agree(
        user=rep.user, workshop=rep.workshop, down_payment_percent=40, expected_total=250_000_000
    )
    # then the penalties are waived through the ruling's own change, posted to the account
    ruling.refresh_from_db()
    assert ruling.current_amount == 250_000_000
    assert ruling.penalties_waived_at is not None
    waiver = LedgerEntry.objects.get(ruling=ruling, kind=EntryKind.RULING, amount__lt=0)
    assert waiver.amount == -50_000_000
    assert waiver.description.startswith("بخشودگی جرائم حکم")
    # and the plan covers the principal only (≤500M at 40 %: 15 installments)
    assert (plan.total, plan.installment_count) == (250_000_000, 15)
    assert _final(rep.workshop) == 250_000_000


def test_after_the_waiver_term_agreeing_waives_nothing(rep):
    ruling = served_ruling(
        workshop=rep.workshop, principal=250_000_000, penalty=50_000_000, served_at=months_ago(7)
    )
    plan = installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=40)
    ruling.refresh_from_db()
    assert ruling.penalties_waived_at is None
    assert ruling.current_amount == 300_000_000
    assert plan.total == 300_000_000


def test_the_waiver_term_runs_to_its_last_day_inclusive(rep):
    terms = dispute_terms(on=_today())
    ruling = served_ruling(workshop=rep.workshop, principal=30_000_000, penalty=6_000_000)
    served_on = timezone.localtime(ruling.notice.served_at).date()
    until = waiver_until(terms=terms, served_on=served_on)
    assert until == add_jalali_months(served_on, terms.waiver_months)
    on_time = installment_plan_proposal(workshop=rep.workshop, today=until)
    late = installment_plan_proposal(
        workshop=rep.workshop, today=until + datetime.timedelta(days=1)
    )
    assert (on_time.waived, on_time.total) == (6_000_000, 30_000_000)
    assert (late.waived, late.total) == (0, 36_000_000)


def test_paying_a_rulings_principal_within_the_term_waives_its_penalties(rep):
    ruling = served_ruling(workshop=rep.workshop, principal=20_000_000, penalty=5_000_000)
    # the pay action asks for the principal while the term runs
    payment = payment_start(user=rep.user, workshop=rep.workshop, ruling=ruling)
    assert payment.amount == 20_000_000
    assert payment.ruling == ruling
    # nothing is waived before the bank verifies it
    ruling.refresh_from_db()
    assert ruling.penalties_waived_at is None
    settle(payment)
    ruling.refresh_from_db()
    assert ruling.penalties_waived_at is not None
    assert ruling.current_amount == 20_000_000
    assert _final(rep.workshop) == 0
    rows = LedgerEntry.objects.filter(workshop=rep.workshop).order_by("id")
    assert [(row.kind, row.amount, row.ruling_id) for row in rows] == [
        (EntryKind.RULING, 25_000_000, ruling.pk),
        (EntryKind.PAYMENT, -20_000_000, ruling.pk),
        (EntryKind.RULING, -5_000_000, ruling.pk),
    ]
    # a repeated callback waives nothing more
    settle(payment)
    assert LedgerEntry.objects.filter(workshop=rep.workshop).count() == 3


def test_paying_a_ruling_after_the_term_costs_the_whole_and_waives_nothing(rep):
    ruling = served_ruling(
        workshop=rep.workshop, principal=20_000_000, penalty=5_000_000, served_at=months_ago(7)
    )
    payment = payment_start(user=rep.user, workshop=rep.workshop, ruling=ruling)
    assert payment.amount == 25_000_000
    settle(payment)
    ruling.refresh_from_db()
    assert ruling.penalties_waived_at is None
    assert ruling.current_amount == 25_000_000
    assert _final(rep.workshop) == 0


def test_a_ruling_in_an_active_plan_is_paid_by_its_installments(rep):
    ruling = served_ruling(workshop=rep.workshop, principal=50_000_000, served_at=months_ago(8))
    installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=50)
    with pytest.raises(ApplicationError) as exc:
        payment_start(user=rep.user, workshop=rep.workshop, ruling=ruling)
    assert exc.value.code == "ruling_in_plan"


def test_a_ruling_of_another_workshop_cannot_be_paid_here(rep):
    other = served_ruling(workshop=representative_with_opt_in().workshop, principal=50_000_000)
    with pytest.raises(ApplicationError) as exc:
        payment_start(user=rep.user, workshop=rep.workshop, ruling=other)
    assert exc.value.code == "ruling_not_yours"


# --- paying installments -------------------------------------------------------------------


def test_installments_are_paid_in_order_and_the_plan_completes(rep):
    served_ruling(workshop=rep.workshop, principal=12_000_000, served_at=months_ago(8))
    plan = installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=20)
    rows = list(plan.installments.order_by("number"))
    assert [row.amount for row in rows] == [2_400_000] + [1_600_000] * 6
    # the second cannot be paid before the down payment
    with pytest.raises(ApplicationError) as exc:
        payment_start(user=rep.user, workshop=rep.workshop, installment=rows[1])
    assert exc.value.code == "installment_out_of_order"
    for number, row in enumerate(rows):
        payment = payment_start(user=rep.user, workshop=rep.workshop, installment=row)
        assert (payment.amount, payment.installment_id) == (row.amount, row.pk)
        settle(payment)
        row.refresh_from_db()
        assert row.status == InstallmentStatus.PAID
        assert row.payment_id == payment.pk
        plan.refresh_from_db()
        expected = PlanStatus.COMPLETED if number == len(rows) - 1 else PlanStatus.ACTIVE
        assert plan.status == expected
    assert _final(rep.workshop) == 0
    # and a paid installment is not payable again
    with pytest.raises(ApplicationError) as exc:
        payment_start(user=rep.user, workshop=rep.workshop, installment=rows[0])
    assert exc.value.code == "plan_not_active"


def test_an_installment_of_another_workshop_cannot_be_paid_here(rep):
    other = representative_with_opt_in()
    served_ruling(workshop=other.workshop, principal=12_000_000, served_at=months_ago(8))
    plan = installment_plan_agree(user=other.user, workshop=other.workshop, down_payment_percent=50)
    served_ruling(workshop=rep.workshop, principal=12_000_000, served_at=months_ago(8))
    with pytest.raises(ApplicationError) as exc:
        payment_start(user=rep.user, workshop=rep.workshop, installment=plan.installments.first())
    assert exc.value.code == "installment_not_yours"


# --- default and re-plan -------------------------------------------------------------------


def _default_day(plan) -> datetime.date:
    """The first day the down payment counts as missed: its due date + grace days + 1."""
    terms = dispute_terms(on=_today())
    due = plan.installments.get(number=0).due_on
    return due + datetime.timedelta(days=terms.installment_grace_days + 1)


def test_a_missed_installment_defaults_the_plan_once_and_tells_the_representatives(rep):
    accountant = AccountantFactory(workshop=rep.workshop)
    served_ruling(workshop=rep.workshop, principal=60_000_000, served_at=months_ago(8))
    plan = installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=50)
    day = _default_day(plan)
    # on the last day of grace nothing happens
    assert installment_plans_default_overdue(today=day - datetime.timedelta(days=1)) == 0
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    # the day after, the plan defaults: the missed one is missed, the rest cancelled
    assert installment_plans_default_overdue(today=day) == 1
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DEFAULTED
    assert plan.defaulted_at is not None
    statuses = list(plan.installments.order_by("number").values_list("status", flat=True))
    assert statuses == [InstallmentStatus.MISSED] + [InstallmentStatus.CANCELLED] * 12
    sent = Notification.objects.filter(template_key="employer_plan_defaulted")
    assert sorted((row.user_id, row.channel) for row in sent) == sorted(
        (user.pk, channel) for user in (rep.user, accountant.user) for channel in ("inbox", "sms")
    )
    assert "۶۰٬۰۰۰٬۰۰۰ ریال" in sent.get(user=rep.user, channel="sms").body
    # a first plan: the inbox says it may be planned again
    assert "دوباره تقسیط کنید" in sent.get(user=rep.user, channel="inbox").body
    # running again changes and sends nothing
    assert installment_plans_default_overdue(today=day) == 0
    assert Notification.objects.filter(template_key="employer_plan_defaulted").count() == 4
    # a cancelled installment is not payable
    with pytest.raises(ApplicationError):
        payment_start(
            user=rep.user, workshop=rep.workshop, installment=plan.installments.get(number=1)
        )


def test_a_defaulted_plan_is_re_planned_once_then_refused(rep):
    served_ruling(workshop=rep.workshop, principal=60_000_000, served_at=months_ago(8))
    first = installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=50)
    # the down payment is paid, then installment 1 is missed
    settle(
        payment_start(
            user=rep.user, workshop=rep.workshop, installment=first.installments.get(number=0)
        )
    )
    missed_on = first.installments.get(number=1).due_on
    grace = dispute_terms(on=_today()).installment_grace_days
    assert (
        installment_plans_default_overdue(today=missed_on + datetime.timedelta(days=grace + 1)) == 1
    )
    # when the workshop re-plans what it still owes (60M − the 30M down payment)
    proposal = installment_plan_proposal(workshop=rep.workshop, today=_today())
    assert proposal.refusal is None
    assert proposal.replan_of == first
    second = installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=40)
    assert second.replan_of == first
    assert second.total == 30_000_000
    # and that one defaults too, and this time the message offers no new plan
    assert installment_plans_default_overdue(today=_default_day(second)) == 1
    told = Notification.objects.get(
        template_key="employer_plan_defaulted",
        channel="inbox",
        idempotency_key__startswith=f"employer_plan_defaulted:{second.pk}:",
    )
    assert "امکان تقسیط دوباره وجود ندارد" in told.body
    assert "دوباره تقسیط کنید" not in told.body
    # then a third plan is refused, and nothing changes
    before = _state(rep.workshop)
    with pytest.raises(ApplicationError) as exc:
        installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=50)
    assert exc.value.code == "replans_exhausted"
    assert "بار" in exc.value.message
    assert _state(rep.workshop) == before


# --- reminders ----------------------------------------------------------------------------


def test_a_reminder_is_sent_once_a_few_days_before_each_due_date(rep):
    served_ruling(workshop=rep.workshop, principal=60_000_000, served_at=months_ago(8))
    plan = installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=50)
    due = plan.installments.get(number=0).due_on
    # four days before: not yet
    assert installment_reminders_send(days_before=3, today=due - datetime.timedelta(days=4)) == 0
    # three days before, and again the next day: one SMS
    assert installment_reminders_send(days_before=3, today=due - datetime.timedelta(days=3)) == 1
    assert installment_reminders_send(days_before=3, today=due - datetime.timedelta(days=2)) == 1
    sent = Notification.objects.filter(template_key="employer_installment_reminder")
    assert sent.count() == 1
    assert sent.get().channel == "sms"
    assert "پیش‌پرداخت" in sent.get().body
    assert "۳۰٬۰۰۰٬۰۰۰ ریال" in sent.get().body
