"""Employer API (/api/v1/employers/…): workshops, lists, debt and turnover as JSON."""

from __future__ import annotations

import pytest

from employers.listfile.types import ListIssue
from employers.models import EntryKind, ListFormat, ListStatus, MonthlyList
from employers.services.ledger import ledger_record
from employers.services.list_errors import list_errors_store
from tamin.accounts.services import api_sign_in_create
from tests.accounts.factories import UserFactory
from tests.employers.factories import RepresentativeFactory
from tests.employers.factories_money import submitted_list_with_charge

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _paths(workshop_id: int) -> tuple[str, ...]:
    return (
        f"/api/v1/employers/workshops/{workshop_id}/lists/",
        f"/api/v1/employers/workshops/{workshop_id}/debt/",
        f"/api/v1/employers/workshops/{workshop_id}/turnover/",
    )


def test_workshops_with_a_bearer_token(client):
    # given an owner with a bearer token and someone else's workshop
    rep = RepresentativeFactory()
    RepresentativeFactory()
    # when listing workshops
    response = client.get("/api/v1/employers/workshops/", **_bearer(rep.user))
    # then only their own, with the role
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": rep.workshop.pk,
            "code": rep.workshop.code,
            "name": rep.workshop.name,
            "employer_name": rep.workshop.employer_name,
            "branch": rep.workshop.branch.name,
            "role": "owner",
            "e_notification_opt_in": False,
        }
    ]


def test_lists_show_status_totals_and_errors(client):
    rep = RepresentativeFactory()
    submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=100)
    invalid = MonthlyList.objects.create(
        workshop=rep.workshop,
        year=1404,
        month=2,
        status=ListStatus.INVALID,
        file_format=ListFormat.DBF,
        uploaded_by=rep.user,
    )
    error = ListIssue(
        file="DSKWOR00", row=3, field="DSW_ID1", code="national_code", message="کد ملی نامعتبر"
    )
    list_errors_store(monthly_list=invalid, issues=[error])
    invalid.save()
    body = client.get(_paths(rep.workshop.pk)[0], **_bearer(rep.user)).json()
    assert [(item["month"], item["status"], item["error_count"]) for item in body] == [
        (2, "invalid", 1),
        (1, "submitted", 0),
    ]
    assert body[0]["errors"] == [
        {
            "file": "DSKWOR00",
            "row": 3,
            "field": "DSW_ID1",
            "code": "national_code",
            "message": "کد ملی نامعتبر",
        }
    ]
    assert set(body[1]["totals"]) == {
        "total_days",
        "total_insurable",
        "total_pay",
        "insured_share",
        "employer_share",
        "unemployment_share",
    }


def test_debt_and_turnover(client):
    rep = RepresentativeFactory()
    item = submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=3_000)
    ledger_record(
        workshop=rep.workshop,
        kind=EntryKind.PAYMENT,
        amount=-1_000,
        description="پ",
        year=1404,
        month=1,
    )
    debt = client.get(_paths(rep.workshop.pk)[1], **_bearer(rep.user)).json()
    assert debt["estimated_debt"] == 2_000
    assert debt["final_debt"] == 0
    assert debt["balance"] == 2_000
    assert debt["lists"][0]["list_id"] == item.pk
    assert debt["lists"][0]["outstanding"] == 2_000
    turnover = client.get(_paths(rep.workshop.pk)[2], **_bearer(rep.user)).json()
    assert [(row["kind"], row["amount"], row["balance"]) for row in turnover["rows"]] == [
        ("payment", -1_000, 2_000),
        ("charge", 3_000, 3_000),
    ]
    assert (turnover["page"], turnover["num_pages"], turnover["count"]) == (1, 1, 2)


def test_strangers_get_404_and_anonymous_401(client):
    rep = RepresentativeFactory()
    stranger = UserFactory()
    for path in _paths(rep.workshop.pk):
        assert client.get(path, **_bearer(stranger)).status_code == 404, path
        assert client.get(path).status_code == 401, path
    assert client.get("/api/v1/employers/workshops/", **_bearer(stranger)).json() == []


def test_openapi_schema_documents_the_employer_paths(client):
    client.force_login(UserFactory())
    body = client.get("/api/v1/schema/").content.decode()
    for path in (
        "/api/v1/employers/workshops/",
        "/api/v1/employers/workshops/{workshop_id}/lists/",
        "/api/v1/employers/workshops/{workshop_id}/debt/",
        "/api/v1/employers/workshops/{workshop_id}/turnover/",
    ):
        assert path in body, path
