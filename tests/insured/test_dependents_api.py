"""The dependents API (/api/v1/insured/): the same rules as the pages, JSON errors, 404s."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from branches.models import Case, CaseStatus
from insured.models.dependents import InsuredDependent
from tests.accounts.factories import UserFactory
from tests.branches.factories_cases import pdf_upload
from tests.insured.factories_dependents import (
    TODAY,
    InsuredDependentFactory,
    dependent_code,
    insured_family,
    j,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def family():
    user, person, branch = insured_family()
    api = APIClient()
    api.force_authenticate(user)
    return api, user, person, branch


def test_list_with_coverage_and_warnings(family):
    api, _user, person, _branch = family
    InsuredDependentFactory(person=person, birth_date=j(1385, 5, 10))  # 20 today
    data = api.get(reverse("api-insured-dependents")).json()
    assert len(data) == 1
    assert data[0]["covered_today"] is False
    assert data[0]["ended"] is True
    assert data[0]["until"] == j(1405, 5, 9).isoformat()
    assert "۱۰ مرداد ۱۴۰۵" in data[0]["warning"]


def test_check_saves_nothing(family):
    api, _user, _person, _branch = family
    response = api.post(
        reverse("api-insured-dependents-check"),
        {"relation": "father", "birth_date": j(1345, 3, 15).isoformat()},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["eligible"] is True
    assert body["needs_proof"] == ["birth_certificate", "dependence_proof"]
    assert not InsuredDependent.objects.exists()


def test_add_with_documents_goes_to_the_branch(family):
    api, _user, _person, _branch = family
    response = api.post(
        reverse("api-insured-dependents"),
        {
            "relation": "son",
            "national_code": dependent_code(60_005),
            "first_name": "علی",
            "last_name": "رضایی",
            "birth_date": j(1390, 1, 15).isoformat(),
            "birth_certificate": pdf_upload(),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["held"]) == ("pending", False)
    assert Case.objects.get(pk=body["case_id"]).status == CaseStatus.FORWARDED


def test_add_without_documents_is_held(family):
    api, _user, _person, _branch = family
    response = api.post(
        reverse("api-insured-dependents"),
        {
            "relation": "spouse",
            "national_code": dependent_code(60_005),
            "first_name": "زهرا",
            "last_name": "رضایی",
            "birth_date": j(1370, 1, 1).isoformat(),
        },
        format="multipart",
    )
    assert response.status_code == 201
    assert response.json()["held"] is True


def test_add_not_eligible_is_a_persian_400_and_saves_nothing(family):
    api, _user, _person, _branch = family
    response = api.post(
        reverse("api-insured-dependents"),
        {
            "relation": "son",
            "national_code": dependent_code(60_005),
            "first_name": "علی",
            "last_name": "رضایی",
            "birth_date": j(1379, 1, 1).isoformat(),
        },
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "dependent_not_eligible"
    assert body["extra"]["reasons"]
    assert not InsuredDependent.objects.exists()
    assert not Case.objects.exists()


def test_remove_and_a_strangers_404(family):
    api, _user, person, _branch = family
    mine = InsuredDependentFactory(person=person)
    _other_user, other, _b = insured_family()
    theirs = InsuredDependentFactory(person=other, national_code=dependent_code(60_077))
    url = reverse("api-insured-dependent-remove", args=[theirs.pk])
    assert api.post(url, {"reason": "death"}, format="json").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "active"
    response = api.post(
        reverse("api-insured-dependent-remove", args=[mine.pk]), {"reason": "death"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "removed"


def test_booklet_and_request(family):
    api, _user, person, _branch = family
    son = InsuredDependentFactory(person=person)
    data = api.get(reverse("api-insured-booklet")).json()
    assert data["eligibility"]["eligible"] is True
    assert [p["national_code"] for p in data["covered"]] == [
        person.national_code,
        son.national_code,
    ]
    response = api.post(
        reverse("api-insured-booklet-requests"),
        {"request_kind": "issue", "national_codes": [son.national_code]},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "forwarded"


def test_booklet_special_patient_refused(family):
    api, _user, person, _branch = family
    response = api.post(
        reverse("api-insured-booklet-requests"),
        {
            "request_kind": "issue",
            "national_codes": [person.national_code],
            "special_patient": True,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "booklet_special_patient"
    assert not Case.objects.exists()


def test_treatment_eligibility(family):
    api, _user, _person, _branch = family
    data = api.get(reverse("api-insured-treatment-eligibility")).json()
    assert data["eligibility"]["eligible"] is True
    assert data["eligibility"]["days"] == 93


def test_not_an_insured_person_is_404():
    api = APIClient()
    api.force_authenticate(UserFactory())
    for name in (
        "api-insured-dependents",
        "api-insured-booklet",
        "api-insured-treatment-eligibility",
    ):
        assert api.get(reverse(name)).status_code == 404
