"""Fixtures for kernel tests: PDFs go to a temporary directory, the cache starts empty."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _pdf_storage(settings, tmp_path):
    # Each test gets its own storage so stored files never leak between tests.
    settings.PDF_STORAGE_DIR = tmp_path / "documents"
    return settings.PDF_STORAGE_DIR


@pytest.fixture
def empty_cache(db):
    cache.clear()
    yield
    cache.clear()
