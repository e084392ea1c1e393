"""Installments through the pages a representative uses: from the debt page to a plan,
paying its installments and a ruling at the sandbox bank, and 404 for strangers."""

from __future__ import annotations

import datetime

import jdatetime
import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import (
    ClaimRuling,
    EntryKind,
    Installment,
    InstallmentPlan,
    InstallmentStatus,
    LedgerEntry,
    Payment,
    PaymentStatus,
    PlanStatus,
)
from employers.payments.sandbox_bank import sandbox_bank_result
from employers.selectors.money import workshop_debt
from employers.services.installments import (
    installment_plan_agree,
    installment_plans_default_overdue,
)
from tamin.core.jalali import format_jalali_date
from tamin.rules.disputes import dispute_terms
from tests.accounts.factories import UserFactory
from tests.employers.factories_installments import (
    months_ago,
    pay_through_sandbox,
    representative_with_opt_in,
    served_ruling,
)

pytestmark = pytest.mark.django_db


def _final(workshop) -> int:
    return workshop_debt(workshop=workshop, today=timezone.localdate()).final


@pytest.fixture
def rep():
    return representative_with_opt_in()


def test_the_debt_page_links_to_installments_only_with_a_final_debt(client, rep):
    client.force_login(rep.user)
    debt_url = reverse("employers:debt", args=[rep.workshop.pk])
    assert "تقسیط بدهی" not in client.get(debt_url).content.decode()
    served_ruling(workshop=rep.workshop, principal=300_000_000, served_at=months_ago(8))
    page = client.get(debt_url).content.decode()
    assert "تقسیط بدهی" in page
    assert reverse("employers:installments", args=[rep.workshop.pk]) in page


def test_proposing_previewing_and_agreeing_a_plan_through_the_pages(client, rep):
    served_ruling(workshop=rep.workshop, principal=300_000_000, served_at=months_ago(8))
    client.force_login(rep.user)
    # the installments page offers to propose a plan
    home = client.get(reverse("employers:installments", args=[rep.workshop.pk]))
    propose_url = reverse("employers:installment_propose", args=[rep.workshop.pk])
    assert propose_url in home.content.decode()
    # the proposal page shows the debt and the table's choices for its band
    page = client.get(propose_url).content.decode()
    assert "۳۰۰٬۰۰۰٬۰۰۰ ریال" in page
    for percent, count in ((50, "۱۸"), (40, "۱۵"), (30, "۱۲"), (20, "۹"), (10, "۶")):
        assert f'value="{percent}"' in page
        assert f'<td data-label="تعداد اقساط">{count}</td>' in page
    # the preview at 30 %: the down payment due in 7 days, then 12 a Jalali month apart
    preview = client.get(propose_url, {"down_payment_percent": "۳۰"})
    schedule = preview.context["schedule"]
    assert len(schedule) == 13
    text = preview.content.decode()
    first_due = timezone.localdate() + datetime.timedelta(days=7)
    assert format_jalali_date(first_due) in text
    assert "۹۰٬۰۰۰٬۰۰۰ ریال" in text  # the down payment
    assert "۱۷٬۵۰۰٬۰۰۰ ریال" in text  # each installment
    assert not InstallmentPlan.objects.exists()  # a preview agrees nothing
    # the confirmation POST agrees it
    response = client.post(
        propose_url, {"down_payment_percent": "30", "expected_total": "300000000"}
    )
    plan = InstallmentPlan.objects.get(workshop=rep.workshop)
    assert response.url == reverse("employers:installment_plan", args=[plan.pk])
    assert (plan.total, plan.installment_count) == (300_000_000, 12)
    page = client.get(response.url).content.decode()
    assert "توافق تقسیط ثبت شد" in page
    assert "پرداخت پیش‌پرداخت" in page  # the pay button of the next one due
    assert "جاری" in page


def test_a_choice_not_in_the_table_is_explained_on_the_preview(client, rep):
    served_ruling(workshop=rep.workshop, principal=50_000_000, served_at=months_ago(8))
    client.force_login(rep.user)
    propose_url = reverse("employers:installment_propose", args=[rep.workshop.pk])
    page = client.get(propose_url, {"down_payment_percent": "10"})
    assert page.context["schedule"] == []
    assert "در جدول تقسیط نیست" in page.content.decode()
    # and posted anyway, it is refused with the same message; nothing is agreed
    response = client.post(
        propose_url, {"down_payment_percent": "10", "expected_total": "50000000"}, follow=True
    )
    assert "در جدول تقسیط نیست" in response.content.decode()
    assert not InstallmentPlan.objects.exists()


def test_below_the_minimum_the_page_says_the_minimum_and_offers_nothing(client, rep):
    served_ruling(workshop=rep.workshop, principal=9_000_000, served_at=months_ago(8))
    client.force_login(rep.user)
    page = client.get(reverse("employers:installment_propose", args=[rep.workshop.pk]))
    text = page.content.decode()
    assert "حداقل مبلغ تقسیط (۱۰٬۰۰۰٬۰۰۰ ریال)" in text
    assert 'name="down_payment_percent"' not in text
    response = client.post(
        reverse("employers:installment_propose", args=[rep.workshop.pk]),
        {"down_payment_percent": "50", "expected_total": "9000000"},
        follow=True,
    )
    assert "حداقل مبلغ تقسیط" in response.content.decode()
    assert not InstallmentPlan.objects.exists()


def test_paying_an_installment_at_the_sandbox_bank_end_to_end(client, rep):
    served_ruling(workshop=rep.workshop, principal=300_000_000, served_at=months_ago(8))
    plan = installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=30)
    client.force_login(rep.user)
    plan_url = reverse("employers:installment_plan", args=[plan.pk])
    pay_url = reverse("employers:installment_pay", args=[plan.pk])
    # when the owner pays the down payment from the plan page
    payment = pay_through_sandbox(client, start_url=pay_url, data={"number": "0"})
    # then the payment is for that installment, the installment is paid, the debt is less
    assert payment.status == PaymentStatus.PAID
    down = plan.installments.get(number=0)
    assert (payment.installment_id, payment.amount) == (down.pk, 90_000_000)
    assert (down.status, down.payment_id) == (InstallmentStatus.PAID, payment.pk)
    row = LedgerEntry.objects.get(payment=payment)
    assert (row.kind, row.amount) == (EntryKind.PAYMENT, -90_000_000)
    assert "پیش‌پرداخت توافق تقسیط" in row.description
    assert _final(rep.workshop) == 210_000_000
    # and the plan page shows it paid and offers the next one
    page = client.get(plan_url)
    assert page.context["view"].next_row.installment.number == 1
    assert "پرداخت شد" in page.content.decode()
    assert "پرداخت قسط ۱" in page.content.decode()
    # a repeated callback (the bank retries) credits and marks nothing more
    signed = sandbox_bank_result(order_id=payment.order_id, amount=payment.amount, paid=True)
    callback = client.post(reverse("employers:payment_callback"), signed)
    assert callback.status_code == 302
    assert LedgerEntry.objects.filter(kind=EntryKind.PAYMENT).count() == 1
    assert Installment.objects.filter(plan=plan, status=InstallmentStatus.PAID).count() == 1


def test_paying_an_installment_other_than_the_next_is_refused_on_the_page(client, rep):
    served_ruling(workshop=rep.workshop, principal=60_000_000, served_at=months_ago(8))
    plan = installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=50)
    client.force_login(rep.user)
    response = client.post(
        reverse("employers:installment_pay", args=[plan.pk]), {"number": "3"}, follow=True
    )
    assert "ابتدا قسط پیشین را بپردازید" in response.content.decode()
    assert not Payment.objects.exists()
    # a number the plan does not have is a 404
    missing = client.post(reverse("employers:installment_pay", args=[plan.pk]), {"number": "99"})
    assert missing.status_code == 404


def test_paying_a_ruling_within_the_term_from_the_page_waives_its_penalties(client, rep):
    ruling = served_ruling(workshop=rep.workshop, principal=20_000_000, penalty=5_000_000)
    client.force_login(rep.user)
    home = client.get(reverse("employers:installments", args=[rep.workshop.pk]))
    text = home.content.decode()
    # the page offers the principal, naming the penalties waived and the last day
    offer = home.context["offers"][0]
    assert (offer.outstanding, offer.waivable, offer.amount_to_pay) == (
        25_000_000,
        5_000_000,
        20_000_000,
    )
    assert format_jalali_date(offer.waiver_until) in text
    assert "۲۰٬۰۰۰٬۰۰۰ ریال" in text
    payment = pay_through_sandbox(
        client,
        start_url=reverse("employers:installment_ruling_pay", args=[rep.workshop.pk, ruling.pk]),
    )
    assert (payment.ruling_id, payment.amount, payment.status) == (
        ruling.pk,
        20_000_000,
        PaymentStatus.PAID,
    )
    ruling.refresh_from_db()
    assert ruling.penalties_waived_at is not None
    assert _final(rep.workshop) == 0
    # the turnover names the payment and the waiver
    turnover = client.get(reverse("employers:turnover", args=[rep.workshop.pk])).content.decode()
    assert "پرداخت حکم مطالباتی" in turnover
    assert "بخشودگی جرائم حکم" in turnover


def test_strangers_get_404_on_every_installments_page(client, rep):
    ruling = served_ruling(workshop=rep.workshop, principal=60_000_000, served_at=months_ago(8))
    plan = installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=50)
    stranger = representative_with_opt_in()
    own_ruling = served_ruling(workshop=stranger.workshop, principal=60_000_000)
    client.force_login(stranger.user)
    ws = rep.workshop.pk
    assert client.get(reverse("employers:installments", args=[ws])).status_code == 404
    propose = reverse("employers:installment_propose", args=[ws])
    assert client.get(propose).status_code == 404
    assert (
        client.post(
            propose, {"down_payment_percent": "50", "expected_total": "60000000"}
        ).status_code
        == 404
    )
    assert client.get(reverse("employers:installment_plan", args=[plan.pk])).status_code == 404
    assert (
        client.post(
            reverse("employers:installment_pay", args=[plan.pk]), {"number": "0"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("employers:installment_ruling_pay", args=[ws, ruling.pk])).status_code
        == 404
    )
    # another workshop's ruling under one's own workshop is a 404 too
    assert (
        client.post(
            reverse("employers:installment_ruling_pay", args=[stranger.workshop.pk, ruling.pk])
        ).status_code
        == 404
    )
    # a person with no workshop at all
    client.force_login(UserFactory())
    assert client.get(reverse("employers:installment_plan", args=[plan.pk])).status_code == 404
    assert not Payment.objects.exists()
    assert InstallmentPlan.objects.count() == 1
    assert own_ruling.pk  # the stranger's own ruling exists, and was not what was asked for


def test_a_draft_ruling_is_not_payable(client, rep):
    draft = ClaimRuling.objects.create(
        workshop=rep.workshop,
        branch=rep.workshop.branch,
        number="80000001",
        source="manual",
        legal_basis="ماده ۴۰",
        principal_total=10_000_000,
        issued_by=UserFactory(),
    )
    client.force_login(rep.user)
    response = client.post(
        reverse("employers:installment_ruling_pay", args=[rep.workshop.pk, draft.pk])
    )
    assert response.status_code == 404


def test_the_plan_page_reads_in_a_few_queries_whatever_its_length(
    client, rep, django_assert_max_num_queries
):
    for _ in range(3):
        served_ruling(workshop=rep.workshop, principal=700_000_000, served_at=months_ago(8))
    # 2.1bn at 50 %: 36 installments
    plan = installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=50)
    assert plan.installment_count == 36
    client.force_login(rep.user)
    url = reverse("employers:installment_plan", args=[plan.pk])
    client.get(url)  # warm the session and the caches
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["view"].rows) == 37


def test_the_installments_home_reads_in_a_few_queries(client, rep, django_assert_max_num_queries):
    for _ in range(5):
        served_ruling(workshop=rep.workshop, principal=20_000_000, penalty=1_000_000)
    client.force_login(rep.user)
    url = reverse("employers:installments", args=[rep.workshop.pk])
    client.get(url)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert len(response.context["offers"]) == 5


def test_a_defaulted_plan_page_says_so_and_offers_no_payment(client, rep):
    served_ruling(workshop=rep.workshop, principal=60_000_000, served_at=months_ago(8))
    plan = installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=50)
    grace = dispute_terms(on=timezone.localdate()).installment_grace_days
    due = plan.installments.get(number=0).due_on
    installment_plans_default_overdue(today=due + datetime.timedelta(days=grace + 1))
    client.force_login(rep.user)
    page = client.get(reverse("employers:installment_plan", args=[plan.pk]))
    text = page.content.decode()
    assert page.context["view"].plan.status == PlanStatus.DEFAULTED
    assert "نکول شد" in text
    assert "معوق" in text
    assert "لغو با نکول توافق" in text
    assert 'name="number"' not in text
    # and the propose page offers the re-plan
    propose = client.get(reverse("employers:installment_propose", args=[rep.workshop.pk]))
    assert propose.context["proposal"].replan_of == plan
    assert "تقسیط مجدد" in propose.content.decode()


def test_dates_on_the_plan_page_are_jalali(client, rep):
    served_ruling(workshop=rep.workshop, principal=60_000_000, served_at=months_ago(8))
    plan = installment_plan_agree(user=rep.user, workshop=rep.workshop, down_payment_percent=50)
    client.force_login(rep.user)
    text = client.get(reverse("employers:installment_plan", args=[plan.pk])).content.decode()
    for item in plan.installments.all():
        assert format_jalali_date(item.due_on) in text
    assert str(jdatetime.date.today().year) not in text  # Latin digits nowhere
