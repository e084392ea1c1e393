"""Claims API (/api/v1/employers/workshops/<id>/notices/…): the inbox and the receipt;
and the schema of every claims endpoint, without a drf-spectacular warning."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from employers.models import Notice, NoticeKind
from employers.services.notices import notice_serve
from tamin.accounts.services import api_sign_in_create
from tamin.core.models import AuditLog
from tests.employers.factories import AccountantFactory, RepresentativeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _serve(workshop, key: str, *, kind: str = NoticeKind.LETTER, respond_days=None) -> Notice:
    return notice_serve(
        workshop=workshop,
        kind=kind,
        serve_key=key,
        title=f"ابلاغیهٔ {key}",
        body="متن ابلاغیه",
        content={"key": key},
        respond_days=respond_days,
    )


def _served_on(notice: Notice, day: datetime.date) -> None:
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    Notice.objects.filter(pk=notice.pk).update(served_at=at)


@pytest.fixture
def owner():
    return RepresentativeFactory(workshop=WorkshopFactory(e_notification_opt_in=True))


def _list_url(workshop_id: int) -> str:
    return f"/api/v1/employers/workshops/{workshop_id}/notices/"


def _detail_url(workshop_id: int, notice_id: int) -> str:
    return f"/api/v1/employers/workshops/{workshop_id}/notices/{notice_id}/"


def test_inbox_lists_served_notices_newest_first(client, owner):
    # given two served notices, one waiting for paper service, and another workshop's
    older = _serve(owner.workshop, "a", kind=NoticeKind.RULING, respond_days=31)
    newer = _serve(owner.workshop, "b")
    _served_on(older, datetime.date(2025, 3, 1))
    _served_on(newer, datetime.date(2025, 4, 1))
    paper_workshop = RepresentativeFactory().workshop
    _serve(paper_workshop, "paper")
    other = RepresentativeFactory(workshop=WorkshopFactory(e_notification_opt_in=True))
    _serve(other.workshop, "other")
    # when the owner reads the inbox
    response = client.get(_list_url(owner.workshop.pk), **_bearer(owner.user))
    # then only their served notices, newest first, both unread
    assert response.status_code == 200
    body = response.json()
    assert (body["page"], body["num_pages"], body["count"], body["unread"]) == (1, 1, 2, 2)
    assert [row["number"] for row in body["notices"]] == [newer.number, older.number]
    ruling_row = body["notices"][1]
    assert ruling_row["kind"] == "ruling"
    assert ruling_row["kind_label"] == "حکم مطالباتی"
    assert ruling_row["delivery"] == "electronic"
    assert ruling_row["delivery_label"] == "ابلاغ الکترونیک"
    assert ruling_row["first_opened_at"] is None
    assert ruling_row["respond_until"] == older.respond_until.isoformat()


def test_inbox_filters_by_kind_and_service_day(client, owner):
    ruling = _serve(owner.workshop, "r", kind=NoticeKind.RULING)
    letter = _serve(owner.workshop, "l")
    late_letter = _serve(owner.workshop, "l2")
    _served_on(ruling, datetime.date(2025, 3, 10))
    _served_on(letter, datetime.date(2025, 3, 20))
    _served_on(late_letter, datetime.date(2025, 4, 20))
    headers = _bearer(owner.user)

    def numbers(query: str) -> list[str]:
        response = client.get(_list_url(owner.workshop.pk) + query, **headers)
        assert response.status_code == 200, response.content
        return [row["number"] for row in response.json()["notices"]]

    assert numbers("?kind=ruling") == [ruling.number]
    assert numbers("?kind=letter&served_to=2025-03-31") == [letter.number]
    assert numbers("?served_from=2025-03-20&served_to=2025-03-20") == [letter.number]
    assert numbers("?served_from=2025-04-01") == [late_letter.number]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?kind=bogus", "kind"),
        ("?served_from=2025-13-01", "served_from"),
        ("?served_from=2025-04-02&served_to=2025-04-01", "served_to"),
        ("?page=0", "page"),
    ],
)
def test_inbox_refuses_a_bad_filter_in_persian(client, owner, query, field):
    _serve(owner.workshop, "x")
    response = client.get(_list_url(owner.workshop.pk) + query, **_bearer(owner.user))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"] == "داده‌های ارسالی معتبر نیست."
    assert list(body["extra"]["fields"]) == [field]


def test_a_jalali_date_typed_as_iso_is_refused_in_persian(client, owner):
    # 1404-01-01 parses as a date of the year 1404 AD: refused, with what to type instead
    query = "?served_from=1404-01-01"
    response = client.get(_list_url(owner.workshop.pk) + query, **_bearer(owner.user))
    assert response.status_code == 400
    [message] = response.json()["extra"]["fields"]["served_from"]
    assert "میلادی" in message


def test_inbox_period_message_is_persian(client, owner):
    query = "?served_from=2025-04-02&served_to=2025-04-01"
    body = client.get(_list_url(owner.workshop.pk) + query, **_bearer(owner.user)).json()
    assert body["extra"]["fields"]["served_to"] == ["پایان بازه نمی‌تواند پیش از آغاز آن باشد."]


def test_inbox_pages_in_a_bounded_number_of_queries(client, owner, django_assert_max_num_queries):
    for index in range(25):
        _serve(owner.workshop, f"n{index}")
    headers = _bearer(owner.user)
    # token, representative, count, page, unread + the session middleware's 4
    with django_assert_max_num_queries(10):
        response = client.get(_list_url(owner.workshop.pk) + "?page=2", **headers)
    body = response.json()
    assert (body["page"], body["num_pages"], body["count"]) == (2, 2, 25)
    assert len(body["notices"]) == 5
    # past the last page: the last page
    assert client.get(_list_url(owner.workshop.pk) + "?page=9", **headers).json()["page"] == 2


def test_reading_a_notice_records_the_receipt_once(client, owner):
    # given a served ruling notice and a second representative of the workshop
    notice = _serve(owner.workshop, "r", kind=NoticeKind.RULING, respond_days=31)
    accountant = AccountantFactory(workshop=owner.workshop)
    # when the owner reads it through the app
    response = client.get(_detail_url(owner.workshop.pk, notice.pk), **_bearer(owner.user))
    # then the whole notice, and the receipt is theirs
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "id",
        "number",
        "kind",
        "kind_label",
        "title",
        "body",
        "content",
        "delivery",
        "delivery_label",
        "served_at",
        "respond_until",
        "content_sha256",
        "first_opened_at",
        "verification_code",
    }
    notice.refresh_from_db()
    assert notice.first_opened_by == owner.user
    assert body["first_opened_at"] is not None
    assert body["content"] == {"key": "r", "respond_days": 31}
    assert body["content_sha256"] == notice.content_sha256
    assert body["verification_code"] is None
    opened_at = notice.first_opened_at
    # and a later reading by the accountant keeps the first receipt
    client.get(_detail_url(owner.workshop.pk, notice.pk), **_bearer(accountant.user))
    notice.refresh_from_db()
    assert (notice.first_opened_by, notice.first_opened_at) == (owner.user, opened_at)
    assert AuditLog.objects.filter(action="employers.notice_opened").count() == 1
    listing = client.get(_list_url(owner.workshop.pk), **_bearer(owner.user)).json()
    assert listing["unread"] == 0


def test_a_stranger_gets_404_and_records_no_receipt(client, owner):
    notice = _serve(owner.workshop, "r")
    stranger = RepresentativeFactory(workshop=WorkshopFactory(e_notification_opt_in=True))
    headers = _bearer(stranger.user)
    # the owner's workshop paths
    assert client.get(_list_url(owner.workshop.pk), **headers).status_code == 404
    assert client.get(_detail_url(owner.workshop.pk, notice.pk), **headers).status_code == 404
    # the owner's notice under the stranger's own workshop
    response = client.get(_detail_url(stranger.workshop.pk, notice.pk), **headers)
    assert response.status_code == 404
    assert set(response.json()) == {"code", "message", "extra"}
    notice.refresh_from_db()
    assert notice.first_opened_at is None
    assert client.get(_list_url(owner.workshop.pk)).status_code == 401


def test_a_notice_of_another_workshop_of_mine_is_404_under_this_one(client, owner):
    # one person acting for two workshops reaches each notice under its own workshop only
    second = RepresentativeFactory(
        user=owner.user, workshop=WorkshopFactory(e_notification_opt_in=True)
    )
    notice = _serve(second.workshop, "w2")
    headers = _bearer(owner.user)
    assert client.get(_detail_url(owner.workshop.pk, notice.pk), **headers).status_code == 404
    assert client.get(_detail_url(second.workshop.pk, notice.pk), **headers).status_code == 200


def test_a_paper_notice_not_yet_handed_over_is_404(client):
    rep = RepresentativeFactory()
    notice = _serve(rep.workshop, "p")
    assert notice.served_at is None
    response = client.get(_detail_url(rep.workshop.pk, notice.pk), **_bearer(rep.user))
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.first_opened_at is None


def test_schema_has_no_warnings_and_documents_the_claims_paths(client, tmp_path):
    # --fail-on-warn raises on any drf-spectacular warning (an unnamed component,
    # an enum collision, a colliding operation id)
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for path in (
        "/api/v1/employers/workshops/{workshop_id}/notices/:",
        "/api/v1/employers/workshops/{workshop_id}/notices/{notice_id}/:",
        "/api/v1/employers/workshops/{workshop_id}/rulings/:",
        "/api/v1/employers/workshops/{workshop_id}/rulings/{ruling_id}/:",
        "/api/v1/employers/workshops/{workshop_id}/objections/:",
        "/api/v1/employers/workshops/{workshop_id}/objections/{objection_id}/:",
        "/api/v1/employers/workshops/{workshop_id}/objections/{objection_id}/appeal/:",
        "/api/v1/employers/workshops/{workshop_id}/objections/{objection_id}/documents/:",
        "/api/v1/employers/workshops/{workshop_id}/installments/choices/:",
        "/api/v1/employers/workshops/{workshop_id}/installments/plans/:",
        "/api/v1/employers/workshops/{workshop_id}/installments/plans/{plan_id}/:",
        "/api/v1/employers/workshops/{workshop_id}/installments/plans/{plan_id}/installments/"
        "{number}/pay/:",
        "/api/v1/employers/workshops/{workshop_id}/clearances/:",
        "/api/v1/employers/workshops/{workshop_id}/clearances/{clearance_id}/:",
        "/api/v1/employers/workshops/{workshop_id}/clearances/{clearance_id}/certificate/:",
        "/api/v1/employers/workshops/{workshop_id}/clearances/{clearance_id}/certificate/prepare/:",
    ):
        assert path in schema, path
