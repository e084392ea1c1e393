"""Claims API: installment plans (/api/v1/employers/workshops/<id>/installments/…): the
choices for today's final debt, agreeing a plan, the plans, one plan, paying an installment."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import (
    Installment,
    InstallmentPlan,
    InstallmentStatus,
    LedgerEntry,
    Payment,
    PaymentStatus,
)
from employers.services.installments import installment_plan_agree
from tamin.accounts.services import api_sign_in_create
from tests.employers.factories import AccountantFactory, RepresentativeFactory
from tests.employers.factories_installments import (
    months_ago,
    representative_with_opt_in,
    served_ruling,
    settle,
)

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _base(workshop_id: int) -> str:
    return f"/api/v1/employers/workshops/{workshop_id}/installments/"


def _plan_url(workshop_id: int, plan_id: int) -> str:
    return f"{_base(workshop_id)}plans/{plan_id}/"


def _pay_url(workshop_id: int, plan_id: int, number: int) -> str:
    return f"{_plan_url(workshop_id, plan_id)}installments/{number}/pay/"


@pytest.fixture
def rep():
    return representative_with_opt_in()


def _agreed(rep, *, principal=300_000_000, percent=30) -> InstallmentPlan:
    served_ruling(workshop=rep.workshop, principal=principal, served_at=months_ago(8))
    return installment_plan_agree(
        user=rep.user, workshop=rep.workshop, down_payment_percent=percent
    )


def test_choices_for_the_final_debt_and_a_schedule(client, rep):
    # given a ruling of 300,000,000 rial served 8 months ago (past the waiver term)
    served_ruling(workshop=rep.workshop, principal=300_000_000, served_at=months_ago(8))
    headers = _bearer(rep.user)
    # when the app asks for the choices
    body = client.get(_base(rep.workshop.pk) + "choices/", **headers).json()
    # then the table's row for the 100M-500M band, nothing waived, no refusal
    assert (body["final_debt"], body["waived"], body["total"]) == (300_000_000, 0, 300_000_000)
    assert body["minimum_total"] == 10_000_000
    assert body["refusal"] is None
    assert body["replan_of"] is None
    first_due = timezone.localdate() + datetime.timedelta(days=7)
    assert body["first_due"] == first_due.isoformat()
    assert [(c["down_payment_percent"], c["installments"]) for c in body["choices"]] == [
        (50, 18),
        (40, 15),
        (30, 12),
        (20, 9),
        (10, 6),
    ]
    thirty = body["choices"][2]
    assert (thirty["down_payment"], thirty["installment_amount"]) == (90_000_000, 17_500_000)
    assert body["schedule"] == []
    # and with a share, the schedule it makes; nothing is agreed
    preview = client.get(
        _base(rep.workshop.pk) + "choices/?down_payment_percent=30", **headers
    ).json()
    assert len(preview["schedule"]) == 13
    assert preview["schedule"][0] == {
        "number": 0,
        "due_on": first_due.isoformat(),
        "amount": 90_000_000,
    }
    assert not InstallmentPlan.objects.exists()


def test_choices_show_the_waiver_within_its_term(client, rep):
    ruling = served_ruling(
        workshop=rep.workshop, principal=100_000_000, penalty=20_000_000, served_at=months_ago(1)
    )
    body = client.get(_base(rep.workshop.pk) + "choices/", **_bearer(rep.user)).json()
    assert (body["final_debt"], body["waived"], body["total"]) == (
        120_000_000,
        20_000_000,
        100_000_000,
    )
    assert body["waivers"] == [
        {"ruling_id": ruling.pk, "ruling_number": ruling.number, "amount": 20_000_000}
    ]


def test_choices_below_the_minimum_say_why(client, rep):
    served_ruling(workshop=rep.workshop, principal=9_000_000, served_at=months_ago(8))
    body = client.get(_base(rep.workshop.pk) + "choices/", **_bearer(rep.user)).json()
    assert body["refusal"]["code"] == "below_minimum"
    assert "حداقل مبلغ تقسیط (۱۰٬۰۰۰٬۰۰۰ ریال)" in body["refusal"]["message"]
    assert body["choices"] == []


def test_a_share_outside_the_table_is_400_in_persian(client, rep):
    served_ruling(workshop=rep.workshop, principal=50_000_000, served_at=months_ago(8))
    response = client.get(
        _base(rep.workshop.pk) + "choices/?down_payment_percent=10", **_bearer(rep.user)
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "choice_not_in_table"
    assert "در جدول تقسیط نیست" in body["message"]


def test_agreeing_a_plan(client, rep):
    served_ruling(workshop=rep.workshop, principal=300_000_000, served_at=months_ago(8))
    response = client.post(
        _base(rep.workshop.pk) + "plans/",
        {"down_payment_percent": 30, "expected_total": 300_000_000},
        content_type="application/json",
        **_bearer(rep.user),
    )
    assert response.status_code == 201, response.content
    plan = InstallmentPlan.objects.get(workshop=rep.workshop)
    body = response.json()
    assert body["plan"]["id"] == plan.pk
    assert (body["plan"]["status"], body["plan"]["status_label"]) == ("active", "جاری")
    assert (body["plan"]["total"], body["plan"]["installment_count"]) == (300_000_000, 12)
    assert (body["paid"], body["remaining"]) == (0, 300_000_000)
    assert len(body["installments"]) == 13
    down = body["installments"][0]
    assert (down["number"], down["title"], down["amount"], down["payable"]) == (
        0,
        "پیش‌پرداخت",
        90_000_000,
        True,
    )
    assert body["installments"][1]["payable"] is False


@pytest.mark.parametrize(
    ("principal", "payload", "code"),
    [
        (9_000_000, {"down_payment_percent": 50, "expected_total": 9_000_000}, "below_minimum"),
        (
            50_000_000,
            {"down_payment_percent": 10, "expected_total": 50_000_000},
            "choice_not_in_table",
        ),
        (50_000_000, {"down_payment_percent": 50, "expected_total": 40_000_000}, "total_changed"),
    ],
)
def test_a_plan_refused_changes_nothing(client, rep, principal, payload, code):
    served_ruling(workshop=rep.workshop, principal=principal, served_at=months_ago(8))
    ledger_before = LedgerEntry.objects.count()
    response = client.post(
        _base(rep.workshop.pk) + "plans/",
        payload,
        content_type="application/json",
        **_bearer(rep.user),
    )
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert not InstallmentPlan.objects.exists()
    assert not Installment.objects.exists()
    assert LedgerEntry.objects.count() == ledger_before


def test_a_plan_without_its_total_is_a_validation_error(client, rep):
    served_ruling(workshop=rep.workshop, principal=50_000_000, served_at=months_ago(8))
    response = client.post(
        _base(rep.workshop.pk) + "plans/",
        {"down_payment_percent": "پنجاه"},
        content_type="application/json",
        **_bearer(rep.user),
    )
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "داده‌های ارسالی معتبر نیست."
    assert set(body["extra"]["fields"]) == {"down_payment_percent", "expected_total"}
    assert not InstallmentPlan.objects.exists()


def test_plans_list_and_one_plan_after_paying_the_down_payment(client, rep):
    plan = _agreed(rep)
    headers = _bearer(rep.user)
    # pay the down payment through the API, and the bank's verified answer
    started = client.post(_pay_url(rep.workshop.pk, plan.pk, 0), **headers)
    settle(Payment.objects.get(order_id=started.json()["order_id"]))
    listing = client.get(_base(rep.workshop.pk) + "plans/", **headers).json()
    assert listing["count"] == 1
    assert listing["plans"][0]["id"] == plan.pk
    body = client.get(_plan_url(rep.workshop.pk, plan.pk), **headers).json()
    assert (body["paid"], body["remaining"]) == (90_000_000, 210_000_000)
    down, first = body["installments"][:2]
    assert down["status"] == "paid"
    assert down["status_label"].startswith("پرداخت شد")
    assert down["paid_at"] is not None
    assert (first["title"], first["payable"]) == ("قسط ۱", True)
    assert [ruling["number"] for ruling in body["rulings"]] == [plan.rulings.get().number]


def test_paying_the_next_installment_starts_a_payment(client, rep):
    plan = _agreed(rep)
    response = client.post(_pay_url(rep.workshop.pk, plan.pk, 0), **_bearer(rep.user))
    assert response.status_code == 201, response.content
    body = response.json()
    payment = Payment.objects.get(order_id=body["order_id"])
    assert payment.installment.number == 0
    assert (payment.amount, payment.status) == (90_000_000, PaymentStatus.INITIATED)
    assert body["amount"] == 90_000_000
    assert body["method"] == "GET"
    assert body["url"] == "http://testserver" + reverse(
        "employers:sandbox_bank", args=[payment.order_id]
    )
    assert body["fields"] == {}


def test_paying_out_of_order_is_refused_and_starts_nothing(client, rep):
    plan = _agreed(rep)
    response = client.post(_pay_url(rep.workshop.pk, plan.pk, 1), **_bearer(rep.user))
    assert response.status_code == 400
    assert response.json()["code"] == "installment_out_of_order"
    assert "ابتدا قسط پیشین را بپردازید" in response.json()["message"]
    assert not Payment.objects.exists()
    # a number the plan does not have
    response = client.post(_pay_url(rep.workshop.pk, plan.pk, 99), **_bearer(rep.user))
    assert response.status_code == 404


def test_an_accountant_of_the_workshop_reads_the_plan(client, rep):
    plan = _agreed(rep)
    accountant = AccountantFactory(workshop=rep.workshop)
    response = client.get(_plan_url(rep.workshop.pk, plan.pk), **_bearer(accountant.user))
    assert response.status_code == 200
    assert response.json()["installments"][0]["status"] == InstallmentStatus.DUE


def test_strangers_get_404_and_change_nothing(client, rep):
    plan = _agreed(rep)
    stranger = RepresentativeFactory()
    headers = _bearer(stranger.user)
    workshop = rep.workshop.pk
    for url in (
        _base(workshop) + "choices/",
        _base(workshop) + "plans/",
        _plan_url(workshop, plan.pk),
        _plan_url(stranger.workshop.pk, plan.pk),
    ):
        assert client.get(url, **headers).status_code == 404, url
    assert (
        client.post(
            _base(workshop) + "plans/",
            {"down_payment_percent": 30, "expected_total": 300_000_000},
            content_type="application/json",
            **headers,
        ).status_code
        == 404
    )
    for url in (_pay_url(workshop, plan.pk, 0), _pay_url(stranger.workshop.pk, plan.pk, 0)):
        assert client.post(url, **headers).status_code == 404, url
    assert not Payment.objects.exists()
    assert InstallmentPlan.objects.count() == 1


def test_a_plan_of_my_other_workshop_is_404_under_this_one(client, rep):
    plan = _agreed(rep)
    second = RepresentativeFactory(user=rep.user)
    headers = _bearer(rep.user)
    assert client.get(_plan_url(second.workshop.pk, plan.pk), **headers).status_code == 404
    assert client.post(_pay_url(second.workshop.pk, plan.pk, 0), **headers).status_code == 404
    assert not Payment.objects.exists()
