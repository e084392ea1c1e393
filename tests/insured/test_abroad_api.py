"""Abroad API: quotes by hand, a request filed with its documents (multipart), held without
them, refused with the rule's reason, read back; strangers get 404."""

from __future__ import annotations

import pytest

from insured.models.abroad import AbroadRequest
from tamin.accounts.services import api_sign_in_create
from tamin.core.jalali import today_jalali
from tests.branches.factories import BranchFactory, CityFactory
from tests.branches.factories_cases import pdf_upload
from tests.insured.factories_abroad import applicant, jalali, packages_for_year

pytestmark = pytest.mark.django_db

BASE = "/api/v1/insured/abroad/"


@pytest.fixture(autouse=True)
def _packages_and_branch():
    packages_for_year()
    BranchFactory(code="1001", city=CityFactory(name="تهران"))


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _request(**kwargs) -> dict:
    return {
        "package_code": "basic",
        "country": "سوئد",
        "passport_number": "X11223344",
        "sex": "male",
    } | kwargs


def test_quotes_by_hand_for_someone_not_insured(client):
    headers = _bearer(applicant())
    quotes = client.get(BASE + "quotes/", **headers).json()
    assert [(q["package"]["code"], q["monthly_premium"], q["eligible"]) for q in quotes] == [
        ("basic", 18_703_742, True),
        ("double", 37_407_485, True),
    ]
    one = client.get(BASE + "quotes/double/", **headers).json()
    assert one["monthly_premium"] == 37_407_485
    assert one["steps"]
    assert client.get(BASE + "quotes/gold/", **headers).status_code == 404


def test_too_young_today_is_refused_with_the_reason_and_nothing_stored(client):
    today = today_jalali()
    user = applicant(birth_date=jalali(today.year - 17, 1, 1))
    headers = _bearer(user)
    assert client.get(BASE + "quotes/basic/", **headers).json()["eligible"] is False
    response = client.post(BASE + "requests/", _request(), **headers)
    assert response.status_code == 400
    assert response.json()["code"] == "abroad_age"
    assert "۱۸ تا ۵۰ سال" in response.json()["message"]
    assert not AbroadRequest.objects.exists()


def test_file_with_documents_then_read_it_back(client):
    user = applicant()
    headers = _bearer(user)
    data = _request(passport=[pdf_upload("p.pdf")], residence_proof=[pdf_upload("r.pdf")])
    response = client.post(BASE + "requests/", data, **headers)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "forwarded"
    assert body["held"] is False
    assert body["branch_code"] == "1001"
    assert body["monthly_premium"] == 18_703_742
    assert body["insurance_number"] is None
    listed = client.get(BASE + "requests/", **headers).json()
    assert [item["id"] for item in listed] == [body["id"]]
    assert (
        client.get(BASE + f"requests/{body['id']}/", **headers).json()["passport_number"]
        == "X11223344"
    )


def test_without_documents_the_request_is_held(client):
    response = client.post(BASE + "requests/", _request(), **_bearer(applicant()))
    assert response.status_code == 201
    assert response.json()["held"] is True
    assert response.json()["status"] == "submitted"


def test_a_strangers_request_is_404(client):
    owner = applicant()
    created = client.post(BASE + "requests/", _request(), **_bearer(owner)).json()
    stranger = _bearer(applicant())
    assert client.get(BASE + f"requests/{created['id']}/", **stranger).status_code == 404
    assert client.get(BASE + "requests/", **stranger).json() == []


def test_signed_out_is_refused(client):
    assert client.get(BASE + "quotes/").status_code in (401, 403)
