"""The home page's service catalogue: every built service linked, nothing that is not built."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise

from tamin.core.service_desk import SERVICE_DESK

pytestmark = pytest.mark.django_db


def _catalogue_links(html: str) -> list[str]:
    cards = re.findall(r'<section class="[^"]*audience-card".*?</section>', html, flags=re.S)
    return [href for card in cards for href in re.findall(r'<a href="([^"]+)"', card)]


def test_every_service_on_the_home_page_opens_a_built_page(client):
    # given the home page
    html = client.get("/").content.decode()
    links = _catalogue_links(html)
    # then it links every service of the catalogue
    assert len(links) == sum(len(audience.services) for audience in SERVICE_DESK)
    login = reverse(settings.LOGIN_URL)
    for href in links:
        # and each link opens a page, or the sign-in page for a personal one (never a 404)
        response = client.get(href)
        assert response.status_code in (200, 302), href
        if response.status_code == 302:
            assert response["Location"].startswith(login), href


def test_services_that_are_not_built_are_absent(client):
    # given the home page
    html = client.get("/").content.decode()
    # then no service the portal does not offer is listed, linked or not
    for not_built in ("مفاصا حساب", "احکام مطالباتی"):
        assert not_built not in html
    items = re.findall(r'<li class="py-1">(.*?)</li>', html, flags=re.S)
    assert items
    assert all(item.startswith("<a href=") for item in items)  # every entry is a link


def test_the_catalogue_goes_through_gettext():
    # every title is a lazy translation, so an English catalogue can translate it
    for audience in SERVICE_DESK:
        assert isinstance(audience.title, Promise)
        for service in audience.services:
            assert isinstance(service.title, Promise)
