"""Public directory: search by province/city/type, details, 404 for inactive, map JSON."""

import pytest
from django.urls import reverse

from branches.models import BranchKind, MedicalCentreKind, Ownership
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


def _two_provinces():
    tehran = CityFactory(name="تهران", province=ProvinceFactory(name="تهران", slug="tehran"))
    isfahan = CityFactory(name="اصفهان", province=ProvinceFactory(name="اصفهان", slug="isfahan"))
    return tehran, isfahan


def test_branch_list_filters_by_province_city_and_kind_without_login(client):
    # Given branches in two provinces, one of them a satellite
    tehran, isfahan = _two_provinces()
    main = BranchFactory(name="شعبه ۱ تهران", code="1001", city=tehran)
    SatelliteBranchFactory(name="شعبه اقماری یوسف‌آباد", code="1101", parent=main)
    BranchFactory(name="شعبه ۱ اصفهان", code="2001", city=isfahan)

    # When an anonymous visitor filters by province
    page = client.get(reverse("branches:branch_list"), {"province": "tehran"})

    # Then only that province's branches are listed
    assert page.status_code == 200
    body = page.content.decode()
    assert "شعبه ۱ تهران" in body
    assert "شعبه اقماری یوسف‌آباد" in body
    assert "شعبه ۱ اصفهان" not in body

    # When they also pick the satellite type and the city
    page = client.get(
        reverse("branches:branch_list"),
        {"province": "tehran", "city": tehran.pk, "kind": BranchKind.SATELLITE},
    )
    body = page.content.decode()
    assert "شعبه اقماری یوسف‌آباد" in body
    assert "شعبه ۱ تهران</a>" not in body


def test_branch_list_free_text_and_bad_values_do_not_break(client):
    # Given a branch
    tehran, _ = _two_provinces()
    BranchFactory(name="شعبه ۱ تهران", code="1001", city=tehran, address="خیابان ولیعصر")

    # When searching by address words, and with nonsense filter values
    found = client.get(reverse("branches:branch_list"), {"q": "ولیعصر"})
    nonsense = client.get(
        reverse("branches:branch_list"), {"city": "abc", "kind": "castle", "page": "x"}
    )

    # Then the address search finds it and nonsense values are ignored (not a 500)
    assert "شعبه ۱ تهران" in found.content.decode()
    assert nonsense.status_code == 200
    assert "شعبه ۱ تهران" in nonsense.content.decode()


def test_inactive_branch_is_hidden_and_its_page_is_404(client):
    # Given an inactive branch
    branch = BranchFactory(name="شعبه بسته", is_active=False)

    # When listing and opening it
    listing = client.get(reverse("branches:branch_list"))
    detail = client.get(reverse("branches:branch_detail", args=[branch.code]))

    # Then it is nowhere to be seen
    assert "شعبه بسته" not in listing.content.decode()
    assert detail.status_code == 404
    assert client.get(reverse("branches:branch_detail", args=["0000"])).status_code == 404


def test_branch_detail_shows_contact_satellites_and_agencies(client):
    # Given a branch with a satellite and an agency accepting medical documents
    branch = BranchFactory(
        name="شعبه ۱ تهران", code="1001", phone="021-88901001", hours="شنبه تا چهارشنبه"
    )
    SatelliteBranchFactory(name="شعبه اقماری یوسف‌آباد", parent=branch)
    SatelliteBranchFactory(name="اقماری تعطیل", parent=branch, is_active=False)
    AgencyFactory(name="کارگزاری آریا", branch=branch, accepts_medical_documents=True)

    # When the detail page is opened
    page = client.get(reverse("branches:branch_detail", args=["1001"]))

    # Then it shows phone (Persian digits), hours, active satellites and agencies, and an OSM link
    body = page.content.decode()
    assert page.status_code == 200
    assert "۰۲۱-۸۸۹۰۱۰۰۱" in body
    assert "شنبه تا چهارشنبه" in body
    assert "شعبه اقماری یوسف‌آباد" in body
    assert "اقماری تعطیل" not in body
    assert "کارگزاری آریا" in body
    assert "openstreetmap.org" in body


def test_agency_list_shows_duties_and_filters_medical_documents(client):
    # Given two agencies, one accepting medical documents
    duty = AgencyDutyFactory(key="medical-documents", title="پذیرش اسناد پزشکی")
    other_duty = AgencyDutyFactory(key="booklet", title="صدور و تمدید دفترچه درمانی")
    AgencyFactory(name="کارگزاری آریا", accepts_medical_documents=True, duties=[duty])
    AgencyFactory(name="کارگزاری سپید", duties=[other_duty])

    # When filtering for medical documents
    page = client.get(reverse("branches:agency_list"), {"medical_documents": "on"})
    body = page.content.decode()

    # Then only the accepting agency is listed, with its duties
    assert "کارگزاری آریا" in body
    assert "کارگزاری سپید" not in body
    assert "پذیرش اسناد پزشکی" in body

    # When filtering by duty
    body = client.get(reverse("branches:agency_list"), {"duty": "booklet"}).content.decode()
    assert "کارگزاری سپید" in body
    assert "کارگزاری آریا" not in body


def test_agency_detail_and_survey_link_only_for_signed_in(client, django_user_model):
    # Given an agency
    agency = AgencyFactory(name="کارگزاری آریا", code="A1001")
    url = reverse("branches:agency_detail", args=["A1001"])
    survey_url = reverse("branches:survey_list")

    # When an anonymous visitor opens it, there is no survey link
    anonymous = client.get(url).content.decode()
    assert agency.branch.name in anonymous
    assert survey_url not in anonymous

    # When a signed-in person opens it, the survey link is there
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory())
    assert survey_url in client.get(url).content.decode()


def test_inactive_agency_and_centre_are_404(client):
    # Given an inactive agency and an inactive centre
    agency = AgencyFactory(is_active=False)
    centre = MedicalCentreFactory(is_active=False)

    # Then their pages do not exist
    assert client.get(reverse("branches:agency_detail", args=[agency.code])).status_code == 404
    assert client.get(reverse("branches:centre_detail", args=[centre.code])).status_code == 404


def test_centre_list_filters_by_kind_ownership_and_specialty(client):
    # Given an owned hospital with cardiology and a contracted pharmacy
    cardiology = SpecialtyFactory(name="قلب و عروق")
    MedicalCentreFactory(
        name="بیمارستان امید",
        kind=MedicalCentreKind.HOSPITAL,
        ownership=Ownership.OWNED,
        specialties=[cardiology],
    )
    MedicalCentreFactory(
        name="داروخانه نوین", kind=MedicalCentreKind.PHARMACY, ownership=Ownership.CONTRACTED
    )
    url = reverse("branches:centre_list")

    # Then each filter narrows the list
    assert "داروخانه نوین" not in client.get(url, {"ownership": "owned"}).content.decode()
    assert "بیمارستان امید" not in client.get(url, {"kind": "pharmacy"}).content.decode()
    body = client.get(url, {"specialty": cardiology.pk}).content.decode()
    assert "بیمارستان امید" in body
    assert "داروخانه نوین" not in body
    # And the detail page lists the specialties
    detail = client.get(
        reverse(
            "branches:centre_detail", args=[MedicalCentreFactory(specialties=[cardiology]).code]
        )
    )
    assert "قلب و عروق" in detail.content.decode()


def test_city_options_narrow_to_the_province(client):
    # Given cities in two provinces
    tehran, isfahan = _two_provinces()

    # When the htmx endpoint is asked for Isfahan's cities
    options = client.get(reverse("branches:city_options"), {"province": "isfahan"})

    # Then only Isfahan's cities come back as <option>s
    body = options.content.decode()
    assert f'value="{isfahan.pk}"' in body
    assert f'value="{tehran.pk}"' not in body


def test_city_select_without_javascript_follows_the_chosen_province(client):
    # Given cities in two provinces
    tehran, isfahan = _two_provinces()

    # When the form is submitted with a province (no JavaScript)
    body = client.get(reverse("branches:branch_list"), {"province": "isfahan"}).content.decode()

    # Then the city select offers only that province's cities
    assert f'<option value="{isfahan.pk}"' in body
    assert f'<option value="{tehran.pk}"' not in body


def test_map_points_json_follows_the_list_filters(client):
    # Given branches in two provinces, one without coordinates
    tehran, isfahan = _two_provinces()
    BranchFactory(code="1001", name="شعبه ۱ تهران", city=tehran)
    BranchFactory(code="1002", name="بی‌مختصات", city=tehran, latitude=None, longitude=None)
    BranchFactory(code="2001", city=isfahan)

    # When the map asks for Tehran's points
    data = client.get(
        reverse("branches:map_points", args=["branches"]), {"province": "tehran"}
    ).json()

    # Then it gets only the located Tehran branch, with a link to its page
    assert [p["code"] for p in data["points"]] == ["1001"]
    assert data["points"][0]["url"] == reverse("branches:branch_detail", args=["1001"])
    assert isinstance(data["points"][0]["lat"], float)
    assert client.get(reverse("branches:map_points", args=["castles"])).status_code == 404


def test_map_section_is_optional_and_lazy(client):
    # Given a branch
    BranchFactory()

    # When the list page is rendered
    body = client.get(reverse("branches:branch_list")).content.decode()

    # Then the map is a closed <details> section that names Leaflet but does not load it
    assert "<details" in body
    assert "data-leaflet-js" in body
    assert '<script src="/static/vendor/leaflet/leaflet.js' not in body


def test_branch_list_query_count_does_not_grow_with_rows(client, django_assert_num_queries):
    # Given many branches with satellites
    for _ in range(5):
        SatelliteBranchFactory()

    # When the list is rendered, the queries are: provinces, cities, count, page
    with django_assert_num_queries(4):
        assert client.get(reverse("branches:branch_list")).status_code == 200


def test_agency_and_centre_lists_query_count(client, django_assert_num_queries):
    # Given several agencies with duties and centres with specialties
    duty = AgencyDutyFactory()
    specialty = SpecialtyFactory()
    for _ in range(6):
        AgencyFactory(duties=[duty])
        MedicalCentreFactory(specialties=[specialty])

    # Then both lists are rendered with a fixed number of queries
    # (provinces, cities, duties/specialties, count, page, prefetch)
    with django_assert_num_queries(6):
        client.get(reverse("branches:agency_list"))
    with django_assert_num_queries(6):
        client.get(reverse("branches:centre_list"))


def test_landing_page_links_every_section(client):
    # Given an empty directory
    # When the landing page is opened
    page = client.get(reverse("branches:directory"))

    # Then it links the lists of branches, agencies (and medical documents) and centres
    body = page.content.decode()
    assert page.status_code == 200
    for name in ("branch_list", "agency_list", "centre_list"):
        assert reverse(f"branches:{name}") in body
    assert "medical_documents=on" in body


def test_pagination_keeps_filters(client):
    # Given more branches than fit on one page in one province
    tehran, _ = _two_provinces()
    for _ in range(25):
        BranchFactory(city=tehran)

    # When the first page is shown
    body = client.get(reverse("branches:branch_list"), {"province": "tehran"}).content.decode()

    # Then the next-page link keeps the province filter
    assert "?province=tehran&amp;page=2" in body
