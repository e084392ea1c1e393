"""`manage.py cache_forget` deletes the portal's entries by pattern and nothing else."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tamin.core.cache import cache_delete_matching


def _forget(*args) -> str:
    out = io.StringIO()
    call_command("cache_forget", *args, stdout=out)
    return out.getvalue()


def test_a_pattern_deletes_only_its_entries():
    cache.set("accounts:principal:v1:7", {"a": 1})
    cache.set("accounts:principal:v1:8", {"a": 2})
    cache.set("template.cache.directory-branches.x", "<li>")
    assert _forget("accounts:principal:*").startswith("2 ")
    assert cache.get("accounts:principal:v1:7") is None
    assert cache.get("template.cache.directory-branches.x") == "<li>"
    assert _forget().startswith("1 ")
    assert cache.get("template.cache.directory-branches.x") is None


@pytest.mark.django_db
def test_on_redis_the_brokers_keys_stay(redis_url, settings):
    """Against the real Redis: the portal's keys go, a key outside its prefix stays."""
    import redis
    from django.core.cache.backends.redis import RedisCache

    from tamin.core import cache as portal_cache

    backend = portal_cache.PortalRedisCache(redis_url, {"KEY_PREFIX": "tamin-test-forget"})
    raw = redis.Redis.from_url(redis_url)
    raw.set("otp-queue-stand-in", b"1")
    backend.set("accounts:principal:v1:9", 1)
    assert isinstance(backend, RedisCache)
    original = portal_cache.cache
    portal_cache.cache = backend
    try:
        assert cache_delete_matching("*") >= 1
    finally:
        portal_cache.cache = original
    assert backend.get("accounts:principal:v1:9") is None
    assert raw.get("otp-queue-stand-in") == b"1"
    raw.delete("otp-queue-stand-in")
