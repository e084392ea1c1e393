"""Registration against the civil registry over HTTP (issue #8, item 1).

A stand-in registry (http.server on 127.0.0.1, in a thread) plays the civil
registry + Shahkar behind the real `HttpIdentityRegistryAdapter`; the person
registers through the real registration pages. The registry is the true edge
of the organization, so it is the only part that is not ours.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from notifications.models import Notification
from tamin.accounts.models import PendingRegistration, User
from tamin.accounts.services import registration_start
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.accounts.conftest import last_code_sent_to
from tests.stand_in_http import stand_in_server

pytestmark = pytest.mark.django_db

FORM = {"national_code": "۰۰۱۳۵۴۲۴۱۹", "birth_date": "۱۳۶۴/۰۱/۱۰", "mobile": "+989121234567"}
TRY_LATER = "سامانهٔ ثبت احوال پاسخ نمی‌دهد"
NOT_CONFIRMED = "با هم تأیید نشد"


@dataclass
class StandInRegistry:
    """What the registry answers next ("match", "mismatch", "500", "slow", …) and was asked."""

    url: str = ""
    mode: str = "match"
    requests: list[dict[str, Any]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def reply(self, body: dict[str, Any]) -> tuple[int, Any]:
        match self.mode:
            case "match":
                answer = {
                    "request_id": body["request_id"],
                    "result": "match",
                    "mobile_matches": True,
                    "first_name": "مریم",
                    "last_name": "کاظمی",
                }
            case "mismatch":
                answer = {"request_id": body["request_id"], "result": "mismatch"}
            case "mobile_not_owned":
                answer = {
                    "request_id": body["request_id"],
                    "result": "match",
                    "mobile_matches": False,
                }
            case "500":
                return 500, {"error": "internal"}
            case "garbage":
                return 200, b"<html>maintenance</html>"
            case "unknown_result":
                answer = {"request_id": body["request_id"], "result": "perhaps"}
            case "slow":
                self.release.wait(timeout=10)  # longer than the adapter waits
                answer = {"request_id": body["request_id"], "result": "match"}
            case _:
                raise AssertionError(self.mode)
        return 200, answer


@pytest.fixture
def registry(settings) -> Iterator[StandInRegistry]:
    registry = StandInRegistry()

    def answer(path: str, body: bytes, headers: Mapping[str, str]) -> tuple[int, Any]:
        request = json.loads(body.decode())
        registry.requests.append(
            {"path": path, "json": request, "auth": headers.get("Authorization", "")}
        )
        return registry.reply(request)

    with stand_in_server(answer) as base_url:
        registry.url = f"{base_url}/v1/identity/verify"
        settings.IDENTITY_ADAPTER = "tamin.accounts.identity.HttpIdentityRegistryAdapter"
        settings.IDENTITY_REGISTRY_URL = registry.url
        settings.IDENTITY_REGISTRY_USERNAME = "tamin-portal"
        settings.IDENTITY_REGISTRY_PASSWORD = "registry-secret"
        settings.IDENTITY_REGISTRY_TIMEOUT = 0.5
        yield registry
        registry.release.set()


def _start(client):
    return client.post(reverse("accounts:register"), FORM)


def _nothing_created() -> None:
    assert not PendingRegistration.objects.exists()
    assert not User.objects.exists()
    assert not Notification.objects.filter(channel="sms").exists()


def test_a_match_registers_the_person_and_records_the_registry(client, registry):
    # Given the registry confirms the person and the mobile's owner
    registry.mode = "match"
    # When they register through the pages
    response = _start(client)
    assert response.status_code == 302
    client.post(reverse("accounts:register_verify"), {"code": last_code_sent_to("09121234567")})
    client.post(
        reverse("accounts:register_password"),
        {"password1": "kavir-e-lut-1403", "password2": "kavir-e-lut-1403"},
    )
    # Then the account exists and says which service checked the identity
    user = User.objects.get(national_code="0013542419")
    assert user.identity_checked_by == "civil-registry"
    # And the registry was asked once, with both calendars, the mobile and the credentials
    [asked] = registry.requests
    assert asked["path"] == "/v1/identity/verify"
    assert asked["json"]["national_code"] == "0013542419"
    assert asked["json"]["birth_date"] == "1985-03-30"
    assert asked["json"]["birth_date_jalali"] == "1364/01/10"
    assert asked["json"]["mobile"] == "09121234567"
    expected_auth = base64.b64encode(b"tamin-portal:registry-secret").decode()
    assert asked["auth"] == f"Basic {expected_auth}"


@pytest.mark.parametrize("mode", ["mismatch", "mobile_not_owned"])
def test_a_mismatch_is_refused_without_saying_which_part(client, registry, mode):
    # Given the registry does not confirm (wrong birth date, or someone else's mobile)
    registry.mode = mode
    # When a stranger tries to register
    response = _start(client)
    # Then the page refuses with the same Persian message either way, and nothing exists
    assert response.status_code == 200
    page = response.content.decode()
    assert NOT_CONFIRMED in page
    assert TRY_LATER not in page
    _nothing_created()
    assert AuditLog.objects.filter(action="registration.identity_rejected").count() == 1


@pytest.mark.parametrize("mode", ["500", "slow", "garbage", "unknown_result"])
def test_a_registry_that_does_not_answer_properly_means_try_later_never_accept(
    client, registry, mode
):
    # Given the registry fails, hangs past the timeout, or answers something unreadable
    registry.mode = mode
    # When a person registers
    response = _start(client)
    # Then they are told to try later, and no registration, user or SMS exists
    assert response.status_code == 200
    assert TRY_LATER in response.content.decode()
    _nothing_created()
    assert AuditLog.objects.filter(action="registration.identity_unavailable").count() == 1


def test_an_unreachable_registry_means_try_later(client, registry, settings):
    # Given nothing listens at the configured address
    settings.IDENTITY_REGISTRY_URL = "http://127.0.0.1:9/v1/identity/verify"
    # When a person registers
    response = _start(client)
    # Then "try later", and nothing is created
    assert TRY_LATER in response.content.decode()
    _nothing_created()


def test_the_service_gives_a_down_registry_its_own_code(registry):
    # Given the registry answers 500
    registry.mode = "500"
    # When registration starts
    with pytest.raises(ApplicationError) as refused:
        registration_start(
            national_code="0013542419", birth_date=dt.date(1985, 3, 30), mobile="09121234567"
        )
    # Then the code tells callers (the app, the page) it is "later", not "wrong data"
    assert refused.value.code == "identity_unavailable"
