"""Claims API: the workshop's rulings and one ruling (/api/v1/employers/workshops/<id>/rulings/)."""

from __future__ import annotations

import pytest

from employers.models import RulingStatus
from employers.services.rulings import ruling_amount_change
from tamin.accounts.services import api_sign_in_create
from tests.employers.factories import RepresentativeFactory
from tests.employers.factories_money import payment_recorded
from tests.employers.factories_rulings import draft_ruling, served_ruling, setting

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _list_url(workshop_id: int) -> str:
    return f"/api/v1/employers/workshops/{workshop_id}/rulings/"


def _detail_url(workshop_id: int, ruling_id: int) -> str:
    return f"/api/v1/employers/workshops/{workshop_id}/rulings/{ruling_id}/"


def test_rulings_list_shows_the_served_ones_with_what_is_owed(client):
    # given a served ruling (53,000,000 rial) partly paid, a draft, and another workshop's
    s = setting()
    ruling = served_ruling(s)
    draft_ruling(s)
    served_ruling(setting())
    payment_recorded(workshop=s.workshop, amount=10_000_000)
    # when the owner lists the rulings
    response = client.get(_list_url(s.workshop.pk), **_bearer(s.owner.user))
    # then the served one only, with its totals, what is still owed and its deadline
    assert response.status_code == 200
    body = response.json()
    assert (body["page"], body["num_pages"], body["count"]) == (1, 1, 1)
    [row] = body["rulings"]
    ruling.refresh_from_db()
    assert row["id"] == ruling.pk
    assert row["number"] == ruling.number
    assert (row["status"], row["status_label"]) == ("served", "ابلاغ شده")
    assert (row["source"], row["source_label"]) == ("manual", "صدور دستی")
    assert (row["principal_total"], row["penalty_total"], row["total"]) == (
        50_000_000,
        3_000_000,
        53_000_000,
    )
    assert row["current_amount"] == 53_000_000
    assert row["owed"] == 43_000_000
    assert row["notice_number"] == ruling.notice.number
    assert row["objection_until"] == ruling.notice.respond_until.isoformat()
    assert row["served_at"] is not None


def test_one_ruling_with_its_lines_and_current_amount(client):
    # given a served ruling whose amount a vote lowered to 40,000,000
    s = setting()
    ruling = served_ruling(s)
    ruling_amount_change(
        ruling=ruling, new_amount=40_000_000, description="رأی هیأت", status=RulingStatus.DECIDED
    )
    # when the owner opens it
    response = client.get(_detail_url(s.workshop.pk, ruling.pk), **_bearer(s.owner.user))
    # then the periods, the totals as issued, the amount now and what is owed
    assert response.status_code == 200
    body = response.json()
    assert [
        (line["year"], line["month"], line["principal"], line["penalty"]) for line in body["lines"]
    ] == [
        (1404, 2, 30_000_000, 3_000_000),
        (1404, 3, 20_000_000, 0),
    ]
    assert body["lines"][0]["label"] == "اردیبهشت ۱۴۰۴"
    assert body["lines"][0]["total"] == 33_000_000
    assert body["total"] == 53_000_000
    assert (body["current_amount"], body["owed"]) == (40_000_000, 40_000_000)
    assert (body["status"], body["status_label"]) == ("decided", "رأی هیأت صادر شده")
    assert body["within_objection_term"] is True
    assert body["legal_basis"] == ruling.legal_basis
    assert (body["delivery"], body["delivery_label"]) == ("electronic", "ابلاغ الکترونیک")


def test_rulings_list_refuses_a_bad_page(client):
    s = setting()
    served_ruling(s)
    response = client.get(_list_url(s.workshop.pk) + "?page=abc", **_bearer(s.owner.user))
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["message"]) == ("validation_error", "داده‌های ارسالی معتبر نیست.")
    assert list(body["extra"]["fields"]) == ["page"]


def test_strangers_drafts_and_paper_rulings_are_404(client):
    s = setting()
    ruling = served_ruling(s)
    draft = draft_ruling(s)
    stranger = RepresentativeFactory()
    headers = _bearer(stranger.user)
    assert client.get(_list_url(s.workshop.pk), **headers).status_code == 404
    assert client.get(_detail_url(s.workshop.pk, ruling.pk), **headers).status_code == 404
    # the ruling under the stranger's own workshop
    assert client.get(_detail_url(stranger.workshop.pk, ruling.pk), **headers).status_code == 404
    # the owner: a draft, and a ruling waiting for paper service
    owner = _bearer(s.owner.user)
    assert client.get(_detail_url(s.workshop.pk, draft.pk), **owner).status_code == 404
    paper = setting(electronic=False)
    on_paper = served_ruling(paper)
    assert on_paper.notice.served_at is None
    response = client.get(_detail_url(paper.workshop.pk, on_paper.pk), **_bearer(paper.owner.user))
    assert response.status_code == 404
    assert (
        client.get(_list_url(paper.workshop.pk), **_bearer(paper.owner.user)).json()["count"] == 0
    )


def test_a_ruling_of_my_other_workshop_is_404_under_this_one(client):
    s = setting()
    second = RepresentativeFactory(user=s.owner.user, workshop__e_notification_opt_in=True)
    ruling = served_ruling(s)
    headers = _bearer(s.owner.user)
    assert client.get(_detail_url(second.workshop.pk, ruling.pk), **headers).status_code == 404
    assert client.get(_detail_url(s.workshop.pk, ruling.pk), **headers).status_code == 200


def test_rulings_list_in_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    s = setting()
    for _index in range(5):
        served_ruling(s)
    headers = _bearer(s.owner.user)
    with django_assert_max_num_queries(12):
        response = client.get(_list_url(s.workshop.pk), **headers)
    assert response.json()["count"] == 5
