"""API request limits: per account when signed in, per client address otherwise, in the
one error shape with a Persian message; a stranger at the owner's address cannot use up the
owner's budget (tamin.core.api)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tamin.accounts.services import api_sign_in_create
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = "/api/v1/rules/years/"  # open to anyone
PERSONAL = "/api/v1/accounts/me/"


@pytest.fixture(autouse=True)
def low_limits(settings):
    settings.API_THROTTLE_RATES = {"account": "3/minute", "address": "2/minute"}
    cache.clear()
    yield
    cache.clear()


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="throttle test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_an_account_is_limited_and_told_in_persian_when_to_come_back(client):
    owner, other = UserFactory(), UserFactory()
    for _ in range(3):
        assert client.get(PERSONAL, **_bearer(owner)).status_code == 200
    refused = client.get(PERSONAL, **_bearer(owner))
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "throttled"
    assert "دوباره بفرستید" in body["message"]
    assert body["extra"]["retry_after"] >= 1
    assert int(refused["Retry-After"]) >= 1
    # another account (same address) keeps its own budget
    assert client.get(PERSONAL, **_bearer(other)).status_code == 200


def test_requests_without_an_account_are_limited_per_client_address(client, settings):
    settings.TAMIN_TRUSTED_PROXY_COUNT = 1
    first = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "5.5.5.5"}
    for _ in range(2):
        assert client.get(PUBLIC, **first).status_code == 200
    assert client.get(PUBLIC, **first).status_code == 429
    # the same proxy, another person behind it: their own budget
    second = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6"}
    assert client.get(PUBLIC, **second).status_code == 200


def test_a_made_up_forwarded_address_does_not_buy_a_new_budget(client, settings):
    # no proxy is trusted: X-Forwarded-For is the caller's own words and is ignored
    settings.TAMIN_TRUSTED_PROXY_COUNT = 0
    for n in range(2):
        assert (
            client.get(PUBLIC, REMOTE_ADDR="7.7.7.7", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}").status_code
            == 200
        )
    assert (
        client.get(PUBLIC, REMOTE_ADDR="7.7.7.7", HTTP_X_FORWARDED_FOR="1.1.1.9").status_code == 429
    )


def test_a_stranger_at_the_owners_address_cannot_lock_the_owner_out(client):
    owner = UserFactory()
    # strangers behind the same carrier address use up the address budget …
    for _ in range(5):
        client.get(PUBLIC, REMOTE_ADDR="9.9.9.9")
    assert client.get(PUBLIC, REMOTE_ADDR="9.9.9.9").status_code == 429
    # … and the signed-in owner at that address is still served (limited per account only)
    assert client.get(PERSONAL, REMOTE_ADDR="9.9.9.9", **_bearer(owner)).status_code == 200


def test_a_limit_left_out_of_the_settings_is_not_applied(client, settings):
    settings.API_THROTTLE_RATES = {}
    for _ in range(10):
        assert client.get(PUBLIC, REMOTE_ADDR="8.8.8.8").status_code == 200
