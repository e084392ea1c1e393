"""Production refuses a USSD gateway without a real shared secret (ussd.E001, ussd.E002)."""

from __future__ import annotations

import secrets

import pytest
from django.core.checks import run_checks
from django.test import override_settings


def _ussd_ids(**overrides) -> list[str]:
    with override_settings(**overrides):
        return sorted(m.id for m in run_checks() if m.id.startswith("ussd."))


def test_a_real_secret_passes_in_production():
    assert _ussd_ids(TAMIN_PRODUCTION=True, USSD_SHARED_SECRET=secrets.token_urlsafe(48)) == []


def test_an_empty_secret_is_refused_in_production():
    assert _ussd_ids(TAMIN_PRODUCTION=True, USSD_SHARED_SECRET="") == ["ussd.E001"]
    assert _ussd_ids(TAMIN_PRODUCTION=True, USSD_SHARED_SECRET="   ") == ["ussd.E001"]


@pytest.mark.parametrize(
    "secret",
    [
        "replace-me-with-the-aggregators-shared-secret-0000",  # .env.example's kind
        "dev-only-ussd-shared-secret-0123456789abcdef",  # dev.py's
        "test-only-ussd-shared-secret-0123456789abcdef",  # test.py's
        "short-but-random-Xq9",  # shorter than 32 characters
    ],
)
def test_a_placeholder_or_short_secret_is_refused_in_production(secret):
    assert _ussd_ids(TAMIN_PRODUCTION=True, USSD_SHARED_SECRET=secret) == ["ussd.E002"]


def test_outside_production_no_ussd_check_speaks():
    assert _ussd_ids(TAMIN_PRODUCTION=False, USSD_SHARED_SECRET="") == []
