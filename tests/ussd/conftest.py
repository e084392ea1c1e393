"""USSD tests: a known shared secret, an empty cache (sessions, limits) and the menu's SMS
template present even after a transactional test's flush."""

from __future__ import annotations

import importlib

import pytest
from django.core.cache import cache

SECRET = "test-ussd-secret-for-the-aggregator-0123456789"


@pytest.fixture(autouse=True)
def _ussd(settings, db):
    settings.USSD_SHARED_SECRET = SECRET
    settings.USSD_SESSION_SECONDS = 120
    # One number walks many screens a second here; the limit has its own test.
    settings.USSD_REQUESTS_PER_MINUTE = 10_000
    cache.clear()
    migration = importlib.import_module("tamin.ussd.migrations.0001_payment_link_template")
    from django.apps import apps

    migration.seed(apps, None)
    yield
    cache.clear()
