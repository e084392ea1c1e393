"""Fixtures for kernel tests: the private store is a temporary directory, the cache starts empty."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _pdf_storage(settings, tmp_path):
    # Each test gets its own storage so stored files never leak between tests.
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    return settings.PRIVATE_STORAGE_DIR


@pytest.fixture
def empty_cache(db):
    cache.clear()
    yield
    cache.clear()
