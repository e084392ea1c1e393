"""Insured API (/api/v1/insured/…): the same reads as the pages, as JSON, for the mobile app."""

from __future__ import annotations

import pytest

from branches.services.cases import case_submit
from insured.models import BankAccount
from insured.services.objections import objection_missing_days_file
from tamin.accounts.services import api_sign_in_create
from tamin.core.identifiers import sheba_with_check_digits
from tests.accounts.factories import UserFactory
from tests.insured.factories import ContributionRecordFactory
from tests.insured.factories_inquiries import WORKSHOP, insured_user, person_with_records

pytestmark = pytest.mark.django_db

MELLI = sheba_with_check_digits("0170000000110000000001")
READ_PATHS = (
    "/api/v1/insured/me/",
    "/api/v1/insured/records/summary/",
    "/api/v1/insured/records/1403/",
    "/api/v1/insured/records/combined/",
    "/api/v1/insured/relationship/",
    "/api/v1/insured/bank-accounts/",
    "/api/v1/insured/average-wage/",
    "/api/v1/insured/objections/",
)


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_me_with_a_bearer_token(client):
    user, person = insured_user()
    response = client.get("/api/v1/insured/me/", **_bearer(user))
    assert response.status_code == 200
    assert response.json()["insurance_number"] == person.insurance_number
    assert response.json()["national_code"] == person.national_code


def test_every_read_answers_for_the_person(client):
    user, _person, _short, _branch = person_with_records()
    client.force_login(user)
    for path in READ_PATHS:
        response = client.get(path)
        assert response.status_code == 200, path


def test_summary_and_year_add_up(client):
    # given 31 + 31 + 20 days in 1403 at one workshop
    user, _person, _short, _branch = person_with_records()
    client.force_login(user)
    summary = client.get("/api/v1/insured/records/summary/").json()
    assert summary["total_days"] == 82
    assert summary["by_workshop"][0]["workshop_code"] == WORKSHOP
    year = client.get("/api/v1/insured/records/1403/").json()
    assert [m["days"] for m in year["months"][:4]] == [31, 31, 20, 0]
    assert year["months"][2]["missing_days"] == 11


def test_combined_shows_overlaps(client):
    user, person, _short, _branch = person_with_records()
    ContributionRecordFactory(person=person, workshop_code="2000000002", year=1403, month=1)
    client.force_login(user)
    combined = client.get("/api/v1/insured/records/combined/").json()
    assert combined["overlap_days"] == 31
    assert combined["overlaps"][0]["period"]["label"] == "فروردین ۱۴۰۳"


def test_year_out_of_range_is_404(client):
    user, _person, _short, _branch = person_with_records()
    client.force_login(user)
    assert client.get("/api/v1/insured/records/1200/").status_code == 404
    assert client.get("/api/v1/insured/records/9999/").status_code == 404


def test_stranger_without_insured_record_gets_404(client):
    person_with_records()
    client.force_login(UserFactory())
    for path in READ_PATHS:
        response = client.get(path)
        assert response.status_code == 404, path
        assert set(response.json()) == {"code", "message", "extra"}


def test_another_insured_person_sees_only_their_own(client):
    # given an owner with records, an account and an objection
    owner, person, _short, _branch = person_with_records()
    BankAccount.objects.create(person=person, sheba=MELLI, bank_name="بانک ملی ایران")
    case = objection_missing_days_file(
        user=owner, person=person, workshop_code=WORKSHOP, year=1403, month=3, claimed_days=31
    )
    case_submit(case=case, actor=owner)
    # when another insured person reads
    stranger, _other = insured_user()
    client.force_login(stranger)
    # then empty lists and zero totals
    assert client.get("/api/v1/insured/bank-accounts/").json() == []
    assert client.get("/api/v1/insured/objections/").json() == []
    assert client.get("/api/v1/insured/records/summary/").json()["total_days"] == 0


def test_objections_list(client):
    user, person, _short, _branch = person_with_records()
    case = objection_missing_days_file(
        user=user, person=person, workshop_code=WORKSHOP, year=1403, month=3, claimed_days=31
    )
    client.force_login(user)
    rows = client.get("/api/v1/insured/objections/").json()
    assert [row["tracking_code"] for row in rows] == [case.tracking_code]
    assert rows[0]["kind_label"] == "اعتراض به کسری کارکرد"


def test_add_bank_account_and_bad_sheba(client):
    user, person = insured_user()
    headers = _bearer(user)
    created = client.post(
        "/api/v1/insured/bank-accounts/",
        {"sheba": MELLI},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    assert created.json()["bank_name"] == "بانک ملی ایران"
    bad = client.post(
        "/api/v1/insured/bank-accounts/",
        {"sheba": "IR000000000000000000000000"},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "sheba_invalid"
    assert BankAccount.objects.filter(person=person).count() == 1


def test_anonymous_gets_401(client):
    assert client.get("/api/v1/insured/me/").status_code == 401


def test_openapi_schema_documents_the_insured_paths(client):
    client.force_login(UserFactory())
    body = client.get("/api/v1/schema/").content.decode()
    for path in (
        "/api/v1/insured/me/",
        "/api/v1/insured/records/summary/",
        "/api/v1/insured/records/{year}/",
        "/api/v1/insured/records/combined/",
        "/api/v1/insured/relationship/",
        "/api/v1/insured/bank-accounts/",
        "/api/v1/insured/average-wage/",
        "/api/v1/insured/objections/",
    ):
        assert path in body, path
