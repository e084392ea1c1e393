"""The deployment surface: health check, baseline page, production settings."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine

BASE_DIR = Path(__file__).resolve().parent.parent
SUBPROCESS_TIMEOUT = 120

# What an operator puts in the environment of a production host (see .env.example).
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "tamin.settings.production",
    "DJANGO_ALLOWED_HOSTS": "portal.example",
    "DATABASE_URL": "sqlite:////tmp/tamin-check-deploy.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SMS_BACKEND": "notifications.providers.HttpSMSGatewayProvider",
    "SMS_GATEWAY_URL": "https://api.kavenegar.com/v1",
    "SMS_GATEWAY_API_KEY": "x",
    "DELIVERY_RECEIPT_TOKEN": "x",
    # Production refuses stand-ins and example hosts (tamin/core/checks.py): real adapters.
    "TAMIN_SITE_URL": "https://eservices.tamin.ir",
    "IDENTITY_ADAPTER": "tamin.accounts.identity.HttpIdentityRegistryAdapter",
    "IDENTITY_REGISTRY_URL": "https://gsb.tamin.ir/civil-registry/v1/verify",
    "IDENTITY_REGISTRY_USERNAME": "tamin-portal",
    "IDENTITY_REGISTRY_PASSWORD": "x",
    "PAYMENT_GATEWAY": "employers.payments.ipg.SamanGateway",
    "PAYMENT_IPG_TERMINAL_ID": "13345678",
    # One host: web and workers share the private store's directory (tamin.W001 otherwise).
    "PRIVATE_STORAGE_BACKEND": "filesystem",
    # The USSD aggregator's secret (ussd.E001/E002 refuse an empty or placeholder one).
    "USSD_SHARED_SECRET": "Xk3vQ9pLr7Tz2WmB8nYc4HdF6gJs1uEa5oRi0tKw",
}


def _clean_env(**values: str) -> dict[str, str]:
    """Only the process basics from our environment; nothing the test settings put there."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update(values)
    return env


def _production_env(**overrides: str) -> dict[str, str]:
    return _clean_env(
        **{**PRODUCTION_ENV, "DJANGO_SECRET_KEY": secrets.token_urlsafe(64), **overrides}
    )


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )


def _dotenv_defines(name: str) -> bool:
    dotenv = BASE_DIR / ".env"
    if not dotenv.exists():
        return False
    return any(
        line.strip().removeprefix("export ").startswith(f"{name}=")
        for line in dotenv.read_text().splitlines()
    )


# --- /healthz ------------------------------------------------------------------


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC))  # 1404/3/11: its row is seeded
def test_healthz_reports_database_cache_and_broker(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "cache": "ok",
            "broker": "eager",
            "year_parameters": "ok",
            "penalty_parameters": "ok",
            "pension_parameters": "ok",
            "benefit_parameters": "ok",
        },
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reaches_the_real_broker(client, settings, redis_url):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    from tamin.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    # The setting as set (normally None: "the broker URL"), not the property, which answers
    # the broker URL of the moment: restoring that pinned every later publish of this
    # process to it, and a test that moves the broker afterwards published to the old one.
    previous = app.conf.get("broker_write_url")
    app.conf.broker_write_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_write_url = previous
    assert app.conf.get("broker_write_url") == previous

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["broker"].startswith("fail")
    assert body["checks"]["database"] == "ok"


def test_healthz_answers_get_only(client):
    assert client.post("/healthz").status_code == 405


# --- /hello ----------------------------------------------------------------------


def test_hello_is_the_smallest_response(client):
    response = client.get("/hello")

    assert response.status_code == 200
    assert response.content == b"hello"
    assert response["Content-Type"].startswith("text/plain")


# --- production settings ------------------------------------------------------------


def test_production_settings_pass_check_deploy():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    if _dotenv_defines("DJANGO_SECRET_KEY"):
        pytest.skip(".env in the checkout defines DJANGO_SECRET_KEY")
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]

    result = _python("import django; django.setup()", env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_refuse_the_file_sms_backend():
    # A system check error (tamin.E005), so every management command and the server refuse.
    env = _production_env(SMS_BACKEND="notifications.providers.FileSMSProvider")

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )

    assert result.returncode != 0
    assert "tamin.E005" in result.stderr
    assert "SMS_BACKEND" in result.stderr


_RESOLVE_DEV_OUTBOX = """
import django
django.setup()
from django.urls import NoReverseMatch, reverse
try:
    print("route:", reverse("notifications:dev_outbox"))
except NoReverseMatch:
    print("route: none")
"""


def test_dev_outbox_page_does_not_exist_in_production():
    # DEV_OUTBOX_PAGE=true must not bring it back: production forces it off.
    result = _python(_RESOLVE_DEV_OUTBOX, _production_env(DEV_OUTBOX_PAGE="true"))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "route: none"


def test_dev_outbox_page_exists_under_dev_settings():
    # The counterpart of the test above, so that one cannot pass by the name being wrong.
    env = _clean_env(DJANGO_SETTINGS_MODULE="tamin.settings.dev")

    result = _python(_RESOLVE_DEV_OUTBOX, env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("route: /")


def test_each_xdist_worker_has_its_own_redis_database(redis_url):
    from django.conf import settings

    from tamin.celery import app

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw"):
        assert redis_url.endswith(f"/{1 + int(worker[2:])}")
    assert redis_url == settings.CELERY_BROKER_URL
    assert app.conf.broker_url == redis_url


@pytest.mark.django_db
def test_healthz_asks_its_services_at_most_once_a_second_per_process(
    client, settings, time_machine
):
    from unittest import mock

    from tamin.core import views

    time_machine.move_to(dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC), tick=False)
    settings.HEALTH_LIVE_SECONDS = 1
    with mock.patch.object(views, "_check_database", wraps=views._check_database) as database:
        for _ in range(5):
            assert client.get("/healthz").json()["checks"]["database"] == "ok"
        assert database.call_count == 1
        # A second later the services are asked again
        time_machine.shift(dt.timedelta(seconds=1.5))
        client.get("/healthz")
        assert database.call_count == 2
        # And with 0, on every poll
        settings.HEALTH_LIVE_SECONDS = 0
        client.get("/healthz")
        client.get("/healthz")
        assert database.call_count == 4


@pytest.mark.django_db
def test_healthz_reports_a_failure_within_the_second(client, settings, time_machine):
    from unittest import mock

    from tamin.core import views

    time_machine.move_to(dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC), tick=False)
    assert client.get("/healthz").status_code == 200
    with mock.patch.object(views, "_check_database", side_effect=OSError("down")):
        time_machine.shift(dt.timedelta(seconds=1.5))
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "fail: OSError"
