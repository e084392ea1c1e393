from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

# «Today» for every test here: Monday 10 Azar 1405 (2026-12-01), 10:00 in Tehran.
TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Tehran"))


@pytest.fixture(autouse=True)
def _azar_10_1405():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def private_store(settings, tmp_path):
    """Each test's own private store: sample forms are written there."""
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    return settings.PRIVATE_STORAGE_DIR
