"""Production refuses the embedded stand-ins: system checks tamin.E001–E009 (issue #8, item 1).

The subprocess tests run `manage.py check --deploy --fail-level WARNING` exactly as an
operator would, with `tamin.settings.production` and an environment built from
`.env.example` (parsed from the file, so the file itself is what is judged).
The in-process tests run the same checks with override_settings for the cases
between.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.test import override_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
ENV_EXAMPLE = BASE_DIR / ".env.example"

REAL_VALUES = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "TAMIN_SITE_URL": "https://eservices.tamin.ir",
    "DJANGO_ALLOWED_HOSTS": "eservices.tamin.ir",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://eservices.tamin.ir",
    "DATABASE_URL": f"postgres://tamin:{secrets.token_urlsafe(16)}@db.internal:5432/tamin",
    "IDENTITY_ADAPTER": "tamin.accounts.identity.HttpIdentityRegistryAdapter",
    "IDENTITY_REGISTRY_URL": "https://gsb.tamin.ir/civil-registry/v1/verify",
    "IDENTITY_REGISTRY_USERNAME": "tamin-portal",
    "IDENTITY_REGISTRY_PASSWORD": secrets.token_urlsafe(16),
    "PAYMENT_GATEWAY": "employers.payments.ipg.SamanGateway",
    "PAYMENT_IPG_TERMINAL_ID": "13345678",
    "SMS_BACKEND": "notifications.providers.HttpSMSGatewayProvider",
    "SMS_GATEWAY_URL": "https://api.kavenegar.com/v1",
    "SMS_GATEWAY_API_KEY": secrets.token_hex(20),
    "DELIVERY_RECEIPT_TOKEN": secrets.token_urlsafe(24),
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "mail.tamin.ir",
    "EMAIL_HOST_PASSWORD": secrets.token_urlsafe(12),
    "USSD_SHARED_SECRET": secrets.token_urlsafe(48),
}

STAND_INS = {
    "PAYMENT_GATEWAY": "employers.payments.sandbox.SandboxGateway",
    "IDENTITY_ADAPTER": "tamin.accounts.identity.EmbeddedIdentityAdapter",
    "SMS_BACKEND": "notifications.providers.FileSMSProvider",
    "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
}


def env_example_values() -> dict[str, str]:
    """The variables .env.example sets (commented lines keep their defaults)."""
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#") and "=" in line:
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def check_deploy(environment: dict[str, str], *extra: str) -> subprocess.CompletedProcess:
    """`manage.py check --deploy --fail-level WARNING` on production settings, env only."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(BASE_DIR / "var")),
        "LANG": "C.UTF-8",
        **environment,
        "DJANGO_SETTINGS_MODULE": "tamin.settings.production",
    }
    command = [sys.executable, "manage.py", "check", *extra]
    return subprocess.run(
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def reported_ids(output: str) -> set[str]:
    return set(re.findall(r"\(([a-z_.]+\.[EW]\d+)\)", output))


def tamin_ids(messages) -> list[str]:
    return sorted(message.id for message in messages if message.id.startswith("tamin."))


# --- The operator's command ------------------------------------------------------------


def test_env_example_as_written_fails_check_deploy_with_the_placeholders_named():
    # Given .env.example exactly as written, on production settings
    # When the operator runs check --deploy --fail-level WARNING
    result = check_deploy(env_example_values(), "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    # Then it fails: the placeholder secret key, the documentation site URL, and the
    # placeholder credentials / example hosts of every real adapter it names
    assert result.returncode != 0, output
    assert {"tamin.E001", "tamin.E002", "tamin.E008"} <= reported_ids(output)
    for setting in (
        "IDENTITY_REGISTRY_PASSWORD",
        "IDENTITY_REGISTRY_URL",
        "PAYMENT_IPG_TERMINAL_ID",
        "SMS_GATEWAY_API_KEY",
        "EMAIL_HOST_PASSWORD",
    ):
        assert setting in output


def test_env_example_fails_even_without_deploy_so_migrate_and_the_server_refuse():
    # Given .env.example as written
    # When any management command runs its ordinary checks (migrate does, before the
    # compose stack starts web and workers)
    result = check_deploy(env_example_values())
    # Then the errors are there too: they are not deploy-only
    assert result.returncode != 0
    assert "tamin.E001" in result.stdout + result.stderr


def test_real_production_values_pass_without_any_error_or_warning():
    # Given .env.example with real-looking values for every adapter and secret
    environment = {**env_example_values(), **REAL_VALUES}
    # When check --deploy runs at warning level
    result = check_deploy(environment, "--deploy", "--fail-level", "WARNING")
    # Then nothing is reported: no error, and no Django deploy warning either
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_each_stand_in_adapter_is_refused_with_its_own_id():
    # Given real secrets and URLs, but the four embedded stand-ins
    environment = {**env_example_values(), **REAL_VALUES, **STAND_INS}
    # When check --deploy runs
    result = check_deploy(environment, "--deploy")
    output = result.stdout + result.stderr
    # Then each stand-in is an error of its own, and nothing else is reported
    assert result.returncode != 0
    assert reported_ids(output) == {"tamin.E003", "tamin.E004", "tamin.E005", "tamin.E006"}
    assert "SandboxGateway" in output
    assert "EmbeddedIdentityAdapter" in output


# --- The checks in-process ----------------------------------------------------------------

PRODUCTION_REAL = {
    "TAMIN_PRODUCTION": True,
    "SECRET_KEY": REAL_VALUES["DJANGO_SECRET_KEY"],
    "SITE_URL": REAL_VALUES["TAMIN_SITE_URL"],
    "PAYMENT_GATEWAY": REAL_VALUES["PAYMENT_GATEWAY"],
    "PAYMENT_IPG_TERMINAL_ID": REAL_VALUES["PAYMENT_IPG_TERMINAL_ID"],
    "IDENTITY_ADAPTER": REAL_VALUES["IDENTITY_ADAPTER"],
    "IDENTITY_REGISTRY_URL": REAL_VALUES["IDENTITY_REGISTRY_URL"],
    "IDENTITY_REGISTRY_USERNAME": "tamin-portal",
    "IDENTITY_REGISTRY_PASSWORD": REAL_VALUES["IDENTITY_REGISTRY_PASSWORD"],
    "SMS_BACKEND": REAL_VALUES["SMS_BACKEND"],
    "SMS_GATEWAY_URL": REAL_VALUES["SMS_GATEWAY_URL"],
    "SMS_GATEWAY_API_KEY": REAL_VALUES["SMS_GATEWAY_API_KEY"],
    "DELIVERY_RECEIPT_TOKEN": REAL_VALUES["DELIVERY_RECEIPT_TOKEN"],
    "EMAIL_BACKEND": REAL_VALUES["EMAIL_BACKEND"],
    "EMAIL_HOST": REAL_VALUES["EMAIL_HOST"],
    "EMAIL_HOST_PASSWORD": REAL_VALUES["EMAIL_HOST_PASSWORD"],
    "USSD_SHARED_SECRET": REAL_VALUES["USSD_SHARED_SECRET"],
    "PRIVATE_STORAGE_BACKEND": "filesystem",
}


def test_real_values_in_process_give_no_tamin_message():
    with override_settings(**PRODUCTION_REAL):
        assert tamin_ids(run_checks(include_deployment_checks=True)) == []


def test_stand_ins_are_accepted_outside_production():
    # Given the development shape (every stand-in) without the production flag
    stand_ins = {
        "PAYMENT_GATEWAY": STAND_INS["PAYMENT_GATEWAY"],
        "IDENTITY_ADAPTER": STAND_INS["IDENTITY_ADAPTER"],
        "SMS_BACKEND": STAND_INS["SMS_BACKEND"],
        "EMAIL_BACKEND": STAND_INS["EMAIL_BACKEND"],
        "SITE_URL": "http://127.0.0.1:8000",
    }
    with override_settings(TAMIN_PRODUCTION=False, **stand_ins):
        # Then no tamin check speaks: make run and the tests are unaffected
        assert tamin_ids(run_checks(include_deployment_checks=True)) == []


@pytest.mark.parametrize(
    "secret_key",
    [
        "x" * 40,  # too short
        "ab" * 40,  # long, but two distinct characters
        "replace-me-with-64-random-characters-from-secrets-token-urlsafe-0000",
        # fixed, so every xdist worker collects the same test ids
        "django-insecure-" + "q7Kx2mVt9LpZ3wRc8NbY4sHd6FgJ1uEa5TyWo0iXk" * 2,
        "dev-only-insecure-key-change-me-0123456789abcdefghij",
    ],
)
def test_weak_or_placeholder_secret_key_is_refused(secret_key):
    with override_settings(**{**PRODUCTION_REAL, "SECRET_KEY": secret_key}):
        assert tamin_ids(run_checks()) == ["tamin.E001"]


@pytest.mark.parametrize(
    "site_url",
    [
        "http://eservices.tamin.ir",
        "https://localhost:8000",
        "https://127.0.0.1",
        "https://127.8.0.1",
        "https://[::1]:8443",
        "https://0.0.0.0",
        "https://portal.example",
        "https://example.com",
        "",
    ],
)
def test_local_plain_or_example_site_url_is_refused(site_url):
    with override_settings(**{**PRODUCTION_REAL, "SITE_URL": site_url}):
        assert tamin_ids(run_checks()) == ["tamin.E002"]


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        ("PAYMENT_GATEWAY", "employers.payments.sandbox.SandboxGateway", "tamin.E003"),
        ("IDENTITY_ADAPTER", "tamin.accounts.identity.EmbeddedIdentityAdapter", "tamin.E004"),
        ("SMS_BACKEND", "notifications.providers.FileSMSProvider", "tamin.E005"),
        ("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend", "tamin.E006"),
        ("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend", "tamin.E006"),
        ("IDENTITY_REGISTRY_URL", "", "tamin.E007"),
        ("IDENTITY_REGISTRY_URL", "http://gsb.tamin.ir/verify", "tamin.E008"),
        ("PAYMENT_IPG_TERMINAL_ID", "", "tamin.E007"),
        ("SMS_GATEWAY_API_KEY", "replace-me", "tamin.E008"),
        ("PAYMENT_GATEWAY", "employers.payments.nowhere.Gateway", "tamin.E009"),
    ],
)
def test_each_stand_in_or_unconfigured_adapter_is_an_error(setting, value, expected):
    with override_settings(**{**PRODUCTION_REAL, setting: value}):
        messages = [m for m in run_checks() if m.id.startswith("tamin.")]
    assert [m.id for m in messages] == [expected]
    assert messages[0].is_serious()
    assert messages[0].hint


def test_a_stand_in_is_known_by_its_declaration_not_only_by_its_path():
    # Given a subclass of the sandbox under another name (it inherits is_stand_in)
    with override_settings(
        **{**PRODUCTION_REAL, "PAYMENT_GATEWAY": "tests.security.test_deploy_checks.Renamed"}
    ):
        assert tamin_ids(run_checks()) == ["tamin.E003"]


def _renamed_sandbox():
    from employers.payments.sandbox import SandboxGateway

    class Renamed(SandboxGateway):
        pass

    return Renamed


Renamed = _renamed_sandbox()
