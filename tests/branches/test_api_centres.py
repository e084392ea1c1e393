"""Centres guide API (/api/v1/centres/…): branches, agencies and medical centres with the
directory pages' filters, 20 a page, a detail by code; public, read-only."""

from __future__ import annotations

import pytest

from branches.models import BranchKind, MedicalCentreKind, Ownership
from tests.accounts.factories import UserFactory
from tests.branches.factories import (
    AgencyDutyFactory,
    AgencyFactory,
    BranchFactory,
    CityFactory,
    MedicalCentreFactory,
    ProvinceFactory,
    SatelliteBranchFactory,
    SpecialtyFactory,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/centres/"


@pytest.fixture
def tehran_and_shiraz():
    tehran = CityFactory(name="تهران", province=ProvinceFactory(name="تهران", slug="tehran"))
    shiraz = CityFactory(name="شیراز", province=ProvinceFactory(name="فارس", slug="fars"))
    return tehran, shiraz


def test_branches_without_sign_in_filtered_by_province_city_kind_and_text(
    client, tehran_and_shiraz
):
    tehran, shiraz = tehran_and_shiraz
    main = BranchFactory(code="1201", name="شعبه ۱۲ تهران", city=tehran, province=tehran.province)
    satellite = SatelliteBranchFactory(code="1202", parent=main, province=tehran.province)
    BranchFactory(code="7101", name="شعبه ۱ شیراز", city=shiraz, province=shiraz.province)
    BranchFactory(code="1299", city=tehran, province=tehran.province, is_active=False)
    # by province: the two active ones of Tehran (the inactive one never)
    body = client.get(BASE + "branches/", {"province": "tehran"}).json()
    assert body["count"] == 2
    assert {row["code"] for row in body["results"]} == {"1201", "1202"}
    # by kind
    body = client.get(BASE + "branches/", {"province": "tehran", "kind": "satellite"}).json()
    [row] = body["results"]
    assert row["code"] == satellite.code
    assert (row["kind"], row["kind_label"], row["parent_code"]) == (
        BranchKind.SATELLITE,
        "شعبه اقماری",
        "1201",
    )
    # by city id and by text (the city's name too)
    body = client.get(BASE + "branches/", {"city": shiraz.pk}).json()
    assert [row["code"] for row in body["results"]] == ["7101"]
    body = client.get(BASE + "branches/", {"q": "شیراز"}).json()
    assert [row["code"] for row in body["results"]] == ["7101"]
    row = body["results"][0]
    assert (row["province"], row["province_slug"], row["city"], row["city_id"]) == (
        "فارس",
        "fars",
        "شیراز",
        shiraz.pk,
    )
    assert (row["latitude"], row["longitude"]) == (35.7, 51.4)


def test_twenty_a_page_and_past_the_last_page_is_the_last(client):
    city = CityFactory()
    for _ in range(23):
        BranchFactory(city=city, province=city.province)
    first = client.get(BASE + "branches/").json()
    assert (first["page"], first["num_pages"], first["count"], len(first["results"])) == (
        1,
        2,
        23,
        20,
    )
    last = client.get(BASE + "branches/", {"page": 9}).json()
    assert (last["page"], len(last["results"])) == (2, 3)
    assert not {r["code"] for r in first["results"]} & {r["code"] for r in last["results"]}


def test_a_bad_filter_is_400_in_the_one_error_shape(client):
    response = client.get(BASE + "medical-centres/", {"kind": "spa", "city": "x"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert set(body["extra"]["fields"]) == {"kind", "city"}


def test_branch_detail_with_its_satellites_and_agencies(client):
    main = BranchFactory(code="3300")
    SatelliteBranchFactory(code="3301", parent=main)
    SatelliteBranchFactory(code="3302", parent=main, is_active=False)
    AgencyFactory(code="A3300", branch=main)
    body = client.get(BASE + "branches/3300/").json()
    assert body["code"] == "3300"
    assert [s["code"] for s in body["satellites"]] == ["3301"]
    assert [a["code"] for a in body["agencies"]] == ["A3300"]
    assert client.get(BASE + "branches/3302/").status_code == 404
    assert client.get(BASE + "branches/0000/").json()["code"] == "not_found"


def test_agencies_by_duty_and_medical_documents(client):
    duty = AgencyDutyFactory(key="booklet", title="صدور دفترچه")
    branch = BranchFactory()
    taking = AgencyFactory(code="A1", branch=branch, duties=[duty], accepts_medical_documents=True)
    AgencyFactory(code="A2", branch=branch, duties=[duty])
    AgencyFactory(code="A3", branch=branch)
    AgencyFactory(code="A4", branch=BranchFactory(is_active=False), accepts_medical_documents=True)
    by_duty = client.get(BASE + "agencies/", {"duty": "booklet"}).json()
    assert sorted(r["code"] for r in by_duty["results"]) == ["A1", "A2"]
    medical = client.get(BASE + "agencies/", {"medical_documents": "true"}).json()
    assert [r["code"] for r in medical["results"]] == ["A1"]
    row = medical["results"][0]
    assert row["duties"] == [{"key": "booklet", "title": "صدور دفترچه"}]
    assert (row["branch_code"], row["accepts_medical_documents"]) == (branch.code, True)
    detail = client.get(BASE + f"agencies/{taking.code}/").json()
    assert detail["name"] == taking.name
    assert (
        client.get(BASE + "agencies/A4/").status_code == 200
    )  # its own page stays, as on the site
    assert client.get(BASE + "agencies/A9/").status_code == 404


def test_medical_centres_by_kind_ownership_and_specialty(client):
    heart = SpecialtyFactory(name="قلب")
    eyes = SpecialtyFactory(name="چشم")
    MedicalCentreFactory(
        code="M1", kind=MedicalCentreKind.HOSPITAL, ownership=Ownership.OWNED, specialties=[heart]
    )
    MedicalCentreFactory(
        code="M2",
        kind=MedicalCentreKind.HOSPITAL,
        ownership=Ownership.CONTRACTED,
        specialties=[eyes],
    )
    MedicalCentreFactory(code="M3", kind=MedicalCentreKind.PHARMACY)
    hospitals = client.get(BASE + "medical-centres/", {"kind": "hospital"}).json()
    assert sorted(r["code"] for r in hospitals["results"]) == ["M1", "M2"]
    contracted = client.get(BASE + "medical-centres/", {"ownership": "contracted"}).json()
    assert [r["code"] for r in contracted["results"]] == ["M2"]
    by_specialty = client.get(BASE + "medical-centres/", {"specialty": heart.pk}).json()
    [row] = by_specialty["results"]
    assert row["code"] == "M1"
    assert (row["kind_label"], row["ownership_label"]) == ("بیمارستان", "ملکی (متعلق به سازمان)")
    assert row["specialties"] == [{"id": heart.pk, "name": "قلب"}]
    assert client.get(BASE + "medical-centres/M2/").json()["specialties"][0]["name"] == "چشم"
    assert client.get(BASE + "medical-centres/M9/").status_code == 404


def test_the_filters_lists(client, tehran_and_shiraz):
    _tehran, shiraz = tehran_and_shiraz
    AgencyDutyFactory(key="booklet", title="صدور دفترچه")
    SpecialtyFactory(name="قلب")
    provinces = client.get(BASE + "provinces/").json()
    assert [(p["slug"], p["name"]) for p in provinces] == [("tehran", "تهران"), ("fars", "فارس")]
    cities = client.get(BASE + "cities/", {"province": "fars"}).json()
    assert cities == [
        {"id": shiraz.pk, "name": "شیراز", "province": "fars", "province_name": "فارس"}
    ]
    assert len(client.get(BASE + "cities/").json()) == 2
    assert client.get(BASE + "agency-duties/").json() == [
        {"key": "booklet", "title": "صدور دفترچه"}
    ]
    assert [s["name"] for s in client.get(BASE + "specialties/").json()] == ["قلب"]


@pytest.mark.parametrize("path", ["branches/", "agencies/", "medical-centres/"])
def test_a_page_costs_the_same_for_one_place_as_for_twenty(
    client, django_assert_max_num_queries, path
):
    # given twenty places of each kind, each agency and centre with two duties/specialties
    duties = [AgencyDutyFactory(), AgencyDutyFactory()]
    specialties = [SpecialtyFactory(), SpecialtyFactory()]
    for _ in range(20):
        branch = BranchFactory()
        AgencyFactory(branch=branch, duties=duties)
        MedicalCentreFactory(specialties=specialties)
    # then a page is a count, the rows, and one read of the duties or specialties
    with django_assert_max_num_queries(3):
        body = client.get(BASE + path).json()
    assert len(body["results"]) == 20


def test_a_signed_in_caller_reads_it_too(client):
    BranchFactory(code="4400")
    client.force_login(UserFactory())
    assert client.get(BASE + "branches/4400/").status_code == 200
