"""The directory map works on the static files the production image serves.

`make run` serves static/ as it is; the image serves hashed copies through
whitenoise (tests/production_static.py builds them the same way). Anything a
script derives from a static URL must survive the hash: the map's marker
images were looked up beside `leaflet.css` by name, which only the unhashed
name allowed. The browser talks to Django in this process through Playwright's
request routing (the test client, whitenoise included), so what it loads is
exactly what production's middleware stack answers.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from playwright.sync_api import Page, Route, expect

from branches.demo import directory as demo_directory
from tests.production_static import ProductionStatic, build

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.django_db(transaction=True),
]

SITE = "http://testserver"


@pytest.fixture(scope="module")
def production_static(tmp_path_factory) -> ProductionStatic:
    return build(tmp_path_factory.mktemp("production-static"))


def _answer_from_django(client: Client, route: Route) -> None:
    """Our site comes from Django in this process; the map tiles' internet does not exist."""
    url = urlsplit(route.request.url)
    if f"{url.scheme}://{url.netloc}" != SITE:
        route.abort()
        return
    response = client.get(url.path + (f"?{url.query}" if url.query else ""))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    route.fulfill(status=response.status_code, headers=dict(response.items()), body=body)


def test_directory_map_loads_leaflet_and_its_marker_images_under_production_static(
    page: Page, production_static: ProductionStatic
):
    # Given the demo directory, served with DEBUG off from the collected static files
    demo_directory.seed(io.StringIO())
    failed: list[str] = []
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    with override_settings(**production_static.overrides):
        client = Client(raise_request_exception=False)
        page.route("**/*", lambda route: _answer_from_django(client, route))

        # When a visitor opens the branch list and its map
        page.goto(SITE + reverse("branches:branch_list"))
        page.locator("details[data-map] > summary").click()

        # Then Leaflet draws the markers, and each marker's image loaded
        markers = page.locator("img.leaflet-marker-icon")
        expect(markers.first).to_be_visible()
        page.wait_for_function(
            "() => [...document.querySelectorAll('img.leaflet-marker-icon')]"
            ".every(img => img.complete)"
        )
        broken = markers.evaluate_all(
            "images => images.filter(img => img.naturalWidth === 0).map(img => img.src)"
        )
        assert not broken, f"marker images that did not load: {sorted(set(broken))}"
    # and nothing the page asked our site for failed
    assert not failed, failed
