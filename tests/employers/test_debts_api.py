"""Every workshop's debt in one call (`GET /api/v1/employers/debts/`, the selector
`employers.selectors.debt_overview_for_user` the USSD menu reads too) and starting to pay a
list from the app (`POST /api/v1/employers/workshops/<id>/lists/<list_id>/pay/`)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import Payment, PaymentStatus, Representative
from employers.selectors import debt_overview_for_user
from employers.selectors.money import workshop_debt
from tests.employers.factories import AccountantFactory, RepresentativeFactory, WorkshopFactory
from tests.employers.factories_installments import (
    months_ago,
    representative_with_opt_in,
    served_ruling,
    settle,
)
from tests.employers.factories_money import payment_recorded, submitted_list_with_charge

pytestmark = pytest.mark.django_db

DEBTS = "/api/v1/employers/debts/"


def _signed_in(client, user) -> dict:
    """The app's session (the API takes the bearer token or the browser's session alike;
    the token itself is tested in tests/accounts)."""
    client.force_login(user)
    return {}


def _pay_url(workshop_id: int, list_id: int) -> str:
    return f"/api/v1/employers/workshops/{workshop_id}/lists/{list_id}/pay/"


def _more_workshops(rep, count: int) -> list:
    """`count` more workshops the same person owns, each owing one list."""
    workshops = []
    for n in range(count):
        workshop = WorkshopFactory()
        Representative.objects.create(user=rep.user, workshop=workshop, role="owner")
        submitted_list_with_charge(workshop=workshop, year=1404, month=2, amount=1_000 + n)
        workshops.append(workshop)
    return workshops


def test_every_workshop_with_its_estimated_and_final_debt(client):
    # given an owner of a workshop with two lists (one half paid) and a served ruling,
    rep = representative_with_opt_in()
    first = submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=5_000_000)
    submitted_list_with_charge(workshop=rep.workshop, year=1404, month=2, amount=3_000_000)
    payment_recorded(workshop=rep.workshop, amount=2_000_000, year=1404, month=1)
    served_ruling(workshop=rep.workshop, principal=7_000_000, served_at=months_ago(2))
    # and the accountant of a second workshop that owes nothing,
    other = AccountantFactory(user=rep.user)
    # and a stranger's workshop that owes
    stranger = RepresentativeFactory()
    submitted_list_with_charge(workshop=stranger.workshop, year=1404, month=1, amount=9)
    # when the app reads the debts
    response = client.get(DEBTS, **_signed_in(client, rep.user))
    # then both of mine (by name), the figures of the workshop's debt page, no stranger's
    assert response.status_code == 200
    body = {row["workshop_id"]: row for row in response.json()}
    assert set(body) == {rep.workshop.pk, other.workshop.pk}
    owing = body[rep.workshop.pk]
    debt = workshop_debt(workshop=rep.workshop, today=timezone.localdate())
    assert owing["code"] == rep.workshop.code
    assert owing["name"] == rep.workshop.name
    assert owing["estimated_debt"] == 6_000_000 == debt.estimated.total
    assert owing["final_debt"] == 7_000_000 == debt.final
    assert owing["penalties_owed"] == debt.penalties_owed
    assert owing["total"] == 13_000_000 + debt.penalties_owed
    assert owing["balance"] == debt.balance
    assert owing["oldest_unpaid_list_id"] == first.pk
    assert body[other.workshop.pk] | {"workshop_id": 0} == {
        "workshop_id": 0,
        "code": other.workshop.code,
        "name": other.workshop.name,
        "estimated_debt": 0,
        "final_debt": 0,
        "penalties_owed": 0,
        "total": 0,
        "balance": 0,
        "credit": 0,
        "oldest_unpaid_list_id": None,
    }


def test_a_person_without_workshops_gets_an_empty_list(client):
    rep = RepresentativeFactory(is_active=False)
    assert client.get(DEBTS, **_signed_in(client, rep.user)).json() == []


def test_the_selector_is_what_the_api_answers():
    rep = RepresentativeFactory()
    item = submitted_list_with_charge(workshop=rep.workshop, year=1404, month=3, amount=4_200)
    [line] = debt_overview_for_user(user=rep.user)
    assert (line.workshop_id, line.code, line.estimated, line.final) == (
        rep.workshop.pk,
        rep.workshop.code,
        4_200,
        0,
    )
    assert line.oldest_unpaid_list_id == item.pk


@pytest.mark.parametrize(("workshops", "max_queries"), [(1, 8 + 3), (3, 8 + 3 * 3)])
def test_queries_are_bounded_per_workshop(
    client, django_assert_max_num_queries, workshops, max_queries
):
    # given an owner of 1 or 3 workshops, each owing lists
    rep = RepresentativeFactory()
    for month in (1, 2, 3):
        submitted_list_with_charge(workshop=rep.workshop, year=1404, month=month, amount=500)
    _more_workshops(rep, workshops - 1)
    headers = _signed_in(client, rep.user)
    # then the call costs the session and the workshops (8) plus three reads per workshop:
    # its ledger, the penalty rates, its in-force lists — however many lists or rows it has
    with django_assert_max_num_queries(max_queries):
        response = client.get(DEBTS, **headers)
    assert len(response.json()) == workshops


def test_paying_a_list_starts_a_payment_for_what_is_still_owed(client):
    rep = RepresentativeFactory()
    item = submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=5_000_000)
    payment_recorded(workshop=rep.workshop, amount=1_500_000, year=1404, month=1)
    response = client.post(_pay_url(rep.workshop.pk, item.pk), **_signed_in(client, rep.user))
    assert response.status_code == 201, response.content
    body = response.json()
    payment = Payment.objects.get(order_id=body["order_id"])
    assert (payment.amount, payment.status, payment.monthly_list_id) == (
        3_500_000,
        PaymentStatus.INITIATED,
        item.pk,
    )
    assert payment.initiated_by_id == rep.user.pk
    assert body["amount"] == 3_500_000
    assert body["method"] == "GET"
    assert body["url"] == "http://testserver" + reverse(
        "employers:sandbox_bank", args=[payment.order_id]
    )
    assert body["fields"] == {}
    # and once the bank answers, the debts call shows nothing owed for it
    settle(payment)
    [line] = client.get(DEBTS, **_signed_in(client, rep.user)).json()
    assert (line["estimated_debt"], line["oldest_unpaid_list_id"]) == (0, None)


def test_a_paid_list_is_400_with_a_code_and_starts_nothing(client):
    rep = RepresentativeFactory()
    item = submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=800)
    payment_recorded(workshop=rep.workshop, amount=800, year=1404, month=1)
    response = client.post(_pay_url(rep.workshop.pk, item.pk), **_signed_in(client, rep.user))
    assert response.status_code == 400
    assert response.json()["code"] == "nothing_to_pay"
    assert response.json()["message"] == "بدهی پرداخت‌نشده‌ای وجود ندارد."
    assert not Payment.objects.exists()


def test_another_workshops_list_is_404_and_starts_nothing(client):
    rep = RepresentativeFactory()
    stranger = RepresentativeFactory()
    theirs = submitted_list_with_charge(workshop=stranger.workshop, year=1404, month=1, amount=800)
    mine = submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=800)
    headers = _signed_in(client, rep.user)
    # their workshop, and their list under my workshop
    assert client.post(_pay_url(stranger.workshop.pk, theirs.pk), **headers).status_code == 404
    assert client.post(_pay_url(rep.workshop.pk, theirs.pk), **headers).status_code == 404
    # and my list under their workshop
    assert client.post(_pay_url(stranger.workshop.pk, mine.pk), **headers).status_code == 404
    assert not Payment.objects.exists()


def test_without_a_token_is_refused(client):
    assert client.get(DEBTS).status_code in (401, 403)
