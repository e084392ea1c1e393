"""API of medical claims (/api/v1/insured/medical-claims/…): the agencies accepting medical
documents, filing with multipart documents, my claims and one claim (404 for anyone else's)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from branches.models import Case, CaseStatus
from insured.models.medical_claims import MedicalClaim
from insured.services.medical_claims import medical_claim_decide
from tamin.accounts.services import api_sign_in_create
from tests.accounts.factories import UserFactory
from tests.branches.factories import AgencyFactory, CityFactory
from tests.branches.factories_cases import pdf_upload, png_upload, upload
from tests.insured.factories_medical_claims import (
    agency_staff,
    file_claim,
    insured_user,
    medical_agency,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/insured/medical-claims/"


@pytest.fixture(autouse=True)
def _private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _claim(agency, **changes) -> dict:
    return {
        "agency": agency.code,
        "service_kind": "medicine",
        "expense_date": timezone.localdate().isoformat(),
        "amount_claimed": "3200000",
        "invoice": pdf_upload("factor.pdf"),
        "prescription": png_upload("noskhe.png"),
    } | changes


def test_the_agencies_are_those_accepting_medical_documents_filtered_by_city(client):
    user, _person = insured_user()
    city = CityFactory(name="مرودشت")
    here = medical_agency(city=city, province=city.province)
    medical_agency()
    AgencyFactory(city=city, province=city.province)  # does not accept medical documents

    everything = client.get(f"{BASE}agencies/", **_bearer(user)).json()
    in_city = client.get(f"{BASE}agencies/", {"city": city.pk}, **_bearer(user)).json()

    assert len(everything) == 2
    assert [agency["code"] for agency in in_city] == [here.code]
    assert in_city[0]["city"] == "مرودشت"
    control = client.get(f"{BASE}agencies/", {"q": "a\x01"}, **_bearer(user))
    assert control.status_code == 200
    assert control.json() == []


def test_filing_with_both_documents_answers_201_forwarded(client):
    user, person = insured_user()
    agency = medical_agency()

    response = client.post(BASE, _claim(agency), **_bearer(user))

    assert response.status_code == 201, response.content
    body = response.json()
    claim = MedicalClaim.objects.get()
    assert body["id"] == claim.pk
    assert body["status"] == CaseStatus.FORWARDED
    assert body["held"] is False
    assert body["agency_code"] == agency.code
    assert body["amount_claimed"] == 3_200_000
    assert body["amount_approved"] is None
    assert claim.person == person


def test_filing_without_documents_is_held(client):
    user, _person = insured_user()
    agency = medical_agency()

    response = client.post(BASE, _claim(agency, invoice="", prescription=""), **_bearer(user))

    assert response.status_code == 201, response.content
    assert response.json()["held"] is True
    assert response.json()["status"] == CaseStatus.SUBMITTED


def test_an_agency_not_accepting_medical_documents_is_400_in_persian_nothing_stored(client):
    user, _person = insured_user()
    other = AgencyFactory(accepts_medical_documents=False)

    response = client.post(BASE, _claim(other), **_bearer(user))

    assert response.status_code == 400
    assert response.json()["code"] == "case_agency_no_medical_documents"
    assert "اسناد پزشکی نمی‌پذیرد" in response.json()["message"]
    assert not Case.objects.exists()
    assert not MedicalClaim.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"amount_claimed": "0"},
        {"service_kind": "massage"},
        {"expense_date": "2999-01-01"},
        {"invoice": upload("factor.pdf", b"%PDF-not really")},
        {"description": "bad\x01text"},
    ],
)
def test_bad_input_is_400_and_stores_nothing(client, changes):
    user, _person = insured_user()
    agency = medical_agency()

    response = client.post(BASE, _claim(agency, **changes), **_bearer(user))

    assert response.status_code == 400
    assert not Case.objects.exists()
    assert not MedicalClaim.objects.exists()


def test_my_claims_and_one_claim_with_its_working(client):
    user, person = insured_user()
    agency = medical_agency()
    claim = file_claim(user=user, person=person, agency=agency, amount=10_000_000)
    medical_claim_decide(
        actor=agency_staff(agency=agency),
        case_id=claim.case_id,
        accepted=True,
        amount_approved=7_500_000,
    )
    stranger, stranger_person = insured_user()
    file_claim(user=stranger, person=stranger_person, agency=agency)

    listed = client.get(BASE, **_bearer(user)).json()
    detail = client.get(f"{BASE}{claim.pk}/", **_bearer(user)).json()

    assert [row["id"] for row in listed] == [claim.pk]
    assert detail["status"] == CaseStatus.ACCEPTED
    assert detail["amount_approved"] == 7_500_000
    assert detail["steps"] == [
        "مبلغ درخواستی شما: ۱۰٬۰۰۰٬۰۰۰ ریال",
        "مبلغ تأییدشده کارگزاری: ۷٬۵۰۰٬۰۰۰ ریال",
        "کسر شده: ۱۰٬۰۰۰٬۰۰۰ ریال − ۷٬۵۰۰٬۰۰۰ ریال = ۲٬۵۰۰٬۰۰۰ ریال",
    ]
    assert sorted(document["document_type"] for document in detail["documents"]) == [
        "invoice",
        "prescription",
    ]
    assert detail["missing_documents"] == []


def test_a_strangers_claim_and_an_account_without_insured_record_are_404(client):
    user, person = insured_user()
    claim = file_claim(user=user, person=person, agency=medical_agency())
    stranger, _other = insured_user()

    assert client.get(f"{BASE}{claim.pk}/", **_bearer(stranger)).status_code == 404
    nobody = UserFactory()
    for path in (BASE, f"{BASE}agencies/", f"{BASE}{claim.pk}/"):
        assert client.get(path, **_bearer(nobody)).status_code == 404
    assert client.get(BASE).status_code in (401, 403)
