"""API request limits: per account when signed in, per client address otherwise, in the
one error shape with a Persian message; a stranger at the owner's address cannot use up the
owner's budget; one counter per caller and window, the next window starting afresh
(tamin.core.api.WindowRateThrottle, tamin.core.cache.cache_count_in_window)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from tamin.accounts.services import api_sign_in_create
from tamin.core import cache as portal_cache
from tamin.core.api import rate_parse
from tamin.core.cache import cache_count_in_window
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = "/api/v1/rules/years/"  # open to anyone
PERSONAL = "/api/v1/accounts/me/"
# A second into a minute: the limits count per minute, so each test's calls fall in one.
MINUTE_START = dt.datetime(2026, 12, 4, 10, 0, 1, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def low_limits(settings, time_machine):
    settings.API_THROTTLE_RATES = {"account": "3/minute", "address": "2/minute"}
    time_machine.move_to(MINUTE_START, tick=False)
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


def test_the_next_window_starts_afresh_and_a_refusal_waits_for_it(client, time_machine):
    owner = UserFactory()
    bearer = _bearer(owner)
    for _ in range(3):
        assert client.get(PERSONAL, **bearer).status_code == 200
    time_machine.move_to(MINUTE_START + dt.timedelta(seconds=40), tick=False)
    refused = client.get(PERSONAL, **bearer)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 19  # the rest of the minute
    time_machine.move_to(MINUTE_START + dt.timedelta(minutes=1), tick=False)
    assert client.get(PERSONAL, **bearer).status_code == 200


def test_rates_read_as_count_and_seconds():
    assert rate_parse("300/minute") == (300, 60)
    assert rate_parse("5/s") == (5, 1)
    assert rate_parse("10/Hour") == (10, 3600)
    assert rate_parse("1/day") == (1, 86400)


def test_the_counter_counts_from_one_per_key():
    assert [cache_count_in_window("throttle:test:a:1", seconds=60) for _ in range(3)] == [1, 2, 3]
    assert cache_count_in_window("throttle:test:b:1", seconds=60) == 1


def test_on_redis_the_counter_is_one_integer_living_a_window(redis_url):
    """Against the real Redis: one key per caller and window, an integer, expiring."""
    import redis

    backend = portal_cache.PortalRedisCache(redis_url, {"KEY_PREFIX": "tamin-test-throttle"})
    original = portal_cache.cache
    portal_cache.cache = backend
    try:
        counts = [cache_count_in_window("throttle:account:7:1", seconds=60) for _ in range(4)]
    finally:
        portal_cache.cache = original
    assert counts == [1, 2, 3, 4]
    raw = redis.Redis.from_url(redis_url)
    name = backend.make_key("throttle:account:7:1")
    assert raw.get(name) == b"4"
    assert 0 < raw.ttl(name) <= 60
    assert backend.get("throttle:account:7:1") == 4  # Django's cache reads the same count
    raw.delete(name)
