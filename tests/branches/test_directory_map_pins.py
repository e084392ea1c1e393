"""Map pins: every place of the directory has its own point, and the map draws one pin each."""

import io
from collections import Counter

import pytest
from django.urls import reverse

from branches.demo.directory import seed
from branches.models import Agency, Branch, MedicalCentre

pytestmark = pytest.mark.django_db

LAYERS = {"branches": Branch, "agencies": Agency, "centres": MedicalCentre}


def _points_of_every_place() -> list[tuple]:
    return [
        (model.__name__, code, lat, lng)
        for model in LAYERS.values()
        for code, lat, lng in model.objects.values_list("code", "latitude", "longitude")
    ]


def test_no_two_places_of_the_demo_directory_share_a_point():
    # Given the demo directory
    seed(io.StringIO())
    # When every branch, agency and medical centre's point is read
    places = _points_of_every_place()
    # Then each has one, and no point is shared (two Tehran places were one pin)
    assert all(lat is not None and lng is not None for _, _, lat, lng in places)
    shared = {
        point: count
        for point, count in Counter((lat, lng) for *_, lat, lng in places).items()
        if count > 1
    }
    assert not shared, f"places on the same point: {shared}"


@pytest.mark.parametrize("layer", LAYERS)
def test_the_map_data_gives_one_pin_per_place(client, layer):
    # Given the demo directory
    seed(io.StringIO())
    # When the map asks for a layer's markers, unfiltered and for Tehran alone
    everywhere = client.get(reverse("branches:map_points", args=[layer])).json()["points"]
    # Then there is one marker per active place, each at a point of its own
    assert sorted(p["code"] for p in everywhere) == sorted(
        LAYERS[layer].objects.filter(is_active=True).values_list("code", flat=True)
    )
    assert len({(p["lat"], p["lng"]) for p in everywhere}) == len(everywhere)
    in_tehran = [p for p in everywhere if p["city"] == "تهران"]
    assert len(in_tehran) >= 2
    assert len({(p["lat"], p["lng"]) for p in in_tehran}) == len(in_tehran)


def test_reseeding_moves_places_seeded_on_their_city_point():
    # Given a directory seeded when two Tehran centres sat on the same point
    seed(io.StringIO())
    MedicalCentre.objects.filter(code__in=["M1001", "M1002"]).update(
        latitude="35.681200", longitude="51.396000"
    )
    # When the demo seed runs again
    seed(io.StringIO())
    # Then each is back on its own point
    first, second = MedicalCentre.objects.filter(code__in=["M1001", "M1002"])
    assert (first.latitude, first.longitude) != (second.latitude, second.longitude)
