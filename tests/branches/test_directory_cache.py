"""The directory's unfiltered lists are cached fragments: a repeat visit reads nothing of the
directory, any change to a place shows at once, and what a visitor filters or types is
never cached."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.branches.factories import AgencyFactory, BranchFactory, MedicalCentreFactory

pytestmark = pytest.mark.django_db


def _directory_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries if "branches_" in q["sql"]]


@pytest.mark.parametrize(
    ("name", "factory"),
    [
        ("branches:branch_list", BranchFactory),
        ("branches:agency_list", AgencyFactory),
        ("branches:centre_list", MedicalCentreFactory),
    ],
)
def test_a_repeat_visit_of_the_unfiltered_list_reads_no_place(client, name, factory):
    place = factory(name="مکان نخست")
    url = reverse(name)
    assert _directory_queries(client, url)  # the first visit renders
    assert _directory_queries(client, url) == []
    # A renamed place shows on the very next visit
    place.name = "مکان تازه‌نام"
    place.save()
    body = client.get(url).content.decode()
    assert "مکان تازه‌نام" in body
    assert "مکان نخست" not in body


def test_a_new_place_and_each_page_of_the_list_are_current(client):
    BranchFactory(name="شعبه یکم")
    url = reverse("branches:branch_list")
    client.get(url)
    BranchFactory(name="شعبه دوم")
    assert "شعبه دوم" in client.get(url).content.decode()
    # The page number is part of the key: page 2 of a one-page list is its last page
    assert "شعبه دوم" in client.get(url, {"page": "2"}).content.decode()


def test_filtered_and_searched_lists_are_rendered_each_time(client):
    BranchFactory(name="شعبه مرکزی")
    url = reverse("branches:branch_list")
    for params in ({"q": "مرکزی"}, {"kind": "branch"}, {"page": "1", "q": "x"}):
        client.get(url, params)
        assert _directory_queries(
            client, url + "?" + "&".join(f"{k}={v}" for k, v in params.items())
        )
