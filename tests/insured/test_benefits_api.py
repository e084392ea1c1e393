"""Benefits API (/api/v1/insured/benefits/…): eligibility with the amount, a request with its
documents (multipart), my requests, one request (404 for a stranger)."""

from __future__ import annotations

import pytest

from branches.models import Case, CaseStatus
from insured.models import Sex
from insured.models.benefits import BenefitRequest
from tamin.accounts.services import api_sign_in_create
from tests.accounts.factories import UserFactory
from tests.branches.factories_cases import pdf_upload
from tests.insured.factories_benefits import LAST_MONTHS, person_with_account

pytestmark = pytest.mark.django_db

BASE = "/api/v1/insured/benefits"


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_eligibility_and_amount_with_the_working(client):
    user, _person, _branch = person_with_account(wages=LAST_MONTHS, sex=Sex.FEMALE)
    response = client.get(
        f"{BASE}/maternity/eligibility/", {"leave_start": "1403/01/05"}, **_bearer(user)
    )
    assert response.status_code == 200
    data = response.json()
    assert data["eligible"] is True
    assert data["amount"] == 416_000_340
    assert (data["daily_amount"], data["days"]) == (1_540_742, 270)
    assert data["reasons"] == []
    assert data["steps"]
    assert data["facts"] == {"leave_start": "2024-03-24", "leave_days": None}


def test_an_iso_date_reads_as_the_same_day_and_a_day_that_does_not_exist_is_400(client):
    # the API's dates are ISO like the calculators'; 2024-03-24 is 1403/01/05
    user, _person, _branch = person_with_account(wages=LAST_MONTHS, sex=Sex.FEMALE)
    headers = _bearer(user)
    url = f"{BASE}/maternity/eligibility/"
    jalali = client.get(url, {"leave_start": "1403/01/05"}, **headers).json()
    iso = client.get(url, {"leave_start": "2024-03-24"}, **headers)
    assert iso.status_code == 200
    assert iso.json() == jalali
    assert client.get(url, {"leave_start": "2024-02-30"}, **headers).status_code == 400


def test_eligibility_refused_with_reasons_and_bad_input_with_400(client):
    user, _person, _branch = person_with_account(wages=LAST_MONTHS)
    headers = _bearer(user)
    refused = client.get(
        f"{BASE}/unemployment/eligibility/",
        {"unemployed_on": "1403/01/15", "dependents": "0"},
        **headers,
    ).json()
    assert refused["eligible"] is False
    assert refused["amount"] == 0
    assert any("غیرارادی" in reason for reason in refused["reasons"])
    bad = client.get(f"{BASE}/sickness/eligibility/", {"start_date": "x"}, **headers)
    assert bad.status_code == 400
    assert bad.json()["code"] == "validation_error"
    assert set(bad.json()["extra"]["fields"]) == {"start_date", "days_off"}
    assert client.get(f"{BASE}/pension/eligibility/", **headers).status_code == 404


def test_request_with_multipart_documents_then_my_requests_and_the_request(client):
    user, person, branch = person_with_account(wages=LAST_MONTHS)
    headers = _bearer(user)
    response = client.post(
        f"{BASE}/orthotics/requests/",
        {
            "device": "پروتز زانو",
            "invoice_date": "1403/01/20",
            "invoice_amount": "250000000",
            "prescription": pdf_upload("noskhe.pdf"),
            "invoice": pdf_upload("factor.pdf"),
        },
        **headers,
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["amount"] == 200_000_000
    assert data["held"] is False
    assert data["status"] == CaseStatus.FORWARDED
    assert data["due_date"]
    assert data["sheba"] == person.bank_accounts.get().sheba
    case = Case.objects.get(pk=data["case_id"])
    assert case.branch == branch
    assert case.documents.count() == 2
    # my requests lists it with its amount and answer date
    mine = client.get(f"{BASE}/requests/", **headers).json()
    assert [item["tracking_code"] for item in mine] == [data["tracking_code"]]
    assert mine[0]["amount"] == 200_000_000
    assert mine[0]["benefit_request_id"] == data["id"]
    assert mine[0]["due_date"] == case.due_date.isoformat()
    # one request: its working; a stranger's: 404
    one = client.get(f"{BASE}/requests/{data['id']}/", **headers).json()
    assert one["steps"]
    stranger, _p, _b = person_with_account()
    assert client.get(f"{BASE}/requests/{data['id']}/", **_bearer(stranger)).status_code == 404
    assert client.get(f"{BASE}/requests/", **_bearer(stranger)).json() == []


def test_request_without_documents_is_held(client):
    user, _person, _branch = person_with_account(wages=LAST_MONTHS)
    response = client.post(
        f"{BASE}/sickness/requests/",
        {"start_date": "1403/01/10", "days_off": "10"},
        **_bearer(user),
    )
    assert response.status_code == 201
    assert response.json()["held"] is True
    assert response.json()["due_date"] is None


def test_a_refused_request_stores_nothing(client):
    user, _person, _branch = person_with_account(wages=LAST_MONTHS)
    response = client.post(
        f"{BASE}/sickness/requests/",
        {"start_date": "1403/01/10", "days_off": "3", "medical_certificate": pdf_upload()},
        **_bearer(user),
    )
    assert response.status_code == 400
    assert response.json()["code"] == "benefit_not_eligible"
    assert not Case.objects.exists()
    assert not BenefitRequest.objects.exists()
    other_account = client.post(
        f"{BASE}/sickness/requests/",
        {"start_date": "1403/01/10", "days_off": "10", "bank_account_id": "abc"},
        **_bearer(user),
    )
    assert other_account.status_code == 400
    assert not Case.objects.exists()


def test_an_account_without_an_insured_record_gets_404(client):
    headers = _bearer(UserFactory())
    assert client.get(f"{BASE}/requests/", **headers).status_code == 404
    assert (
        client.get(f"{BASE}/sickness/eligibility/", {"days_off": "1"}, **headers).status_code == 404
    )
