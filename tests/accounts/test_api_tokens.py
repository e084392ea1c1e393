"""The mobile app's tokens (issue #14): a short-lived access token and a refresh token per
device sign-in, rotation with reuse detection, sign-out of this device and everywhere, and
no session or cookie for bearer calls (tamin.accounts.services.api_tokens)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_otp.oath import totp

from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tamin.accounts.models import ApiAccessToken, ApiSignIn
from tamin.accounts.services import (
    api_sign_in_create,
    api_sign_ins_prune,
    password_reset_complete,
    password_reset_confirm_code,
    password_reset_start,
)
from tamin.core.models import AuditLog
from tests.accounts.conftest import last_code_sent_to
from tests.accounts.factories import UserFactory, staff_with_totp

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/accounts/login/"
VERIFY = "/api/v1/accounts/login/verify/"
REFRESH = "/api/v1/accounts/token/refresh/"
LOGOUT = "/api/v1/accounts/logout/"
LOGOUT_EVERYWHERE = "/api/v1/accounts/logout-everywhere/"
ME = "/api/v1/accounts/me/"


def _post(app: Client, url: str, body: dict | None = None, **headers):
    return app.post(url, body or {}, content_type="application/json", **headers)


def _bearer(access: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {access}"}


def _sign_in(app: Client, person, password: str = "Tamin-Test-Pass-99") -> dict:
    """The app's two calls, the SMS code read from the outbox as the person reads it."""
    step1 = _post(app, LOGIN, {"national_code": person.national_code, "password": password})
    assert step1.status_code == 200, step1.content
    assert step1.json()["method"] == "sms"
    code = last_code_sent_to(person.mobile)
    step2 = _post(app, VERIFY, {"challenge": step1.json()["challenge"], "code": code})
    assert step2.status_code == 200, step2.content
    cache.clear()  # the resend cooldown would refuse another sign-in this quickly
    return step2.json()


def _refresh(app: Client, refresh: str):
    return _post(app, REFRESH, {"refresh": refresh})


def _sha256(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def test_the_app_signs_in_with_password_and_sms_code_and_gets_an_access_and_a_refresh_token(
    settings,
):
    # Given a registered person and the default lifetimes
    settings.API_ACCESS_MINUTES = 15
    settings.API_REFRESH_DAYS = 30
    person = UserFactory()
    app = Client()
    before = timezone.now()

    # When the app signs in: password, then the SMS code from the outbox
    pair = _sign_in(app, person)

    # Then it holds a bearer access token for 15 minutes and a refresh token for 30 days
    assert set(pair) == {
        "access",
        "access_expires_at",
        "refresh",
        "refresh_expires_at",
        "token_type",
    }
    assert pair["token_type"] == "Bearer"
    access_expiry = parse_datetime(pair["access_expires_at"])
    refresh_expiry = parse_datetime(pair["refresh_expires_at"])
    assert dt.timedelta(minutes=15) <= access_expiry - before < dt.timedelta(minutes=16)
    assert dt.timedelta(days=30) <= refresh_expiry - before < dt.timedelta(days=30, minutes=1)
    me = app.get(ME, **_bearer(pair["access"]))
    assert me.status_code == 200
    assert me.json()["national_code"] == person.national_code
    # And the refresh token is no bearer token
    assert app.get(ME, **_bearer(pair["refresh"])).status_code == 401
    # And only SHA-256 digests are stored, one sign-in for the device
    sign_in = ApiSignIn.objects.get(user=person)
    assert sign_in.refresh_hash == _sha256(pair["refresh"])
    assert sign_in.refresh_hash != pair["refresh"]
    (token,) = ApiAccessToken.objects.filter(sign_in=sign_in)
    assert token.key_hash == _sha256(pair["access"])
    assert AuditLog.objects.filter(action="api_sign_in.created", actor=person).count() == 1


def test_an_expired_access_token_is_refused_and_the_refresh_token_gets_a_new_pair(
    settings, time_machine
):
    # Given an app signed in now
    settings.API_ACCESS_MINUTES = 15
    time_machine.move_to(timezone.now(), tick=False)
    person = UserFactory()
    app = Client()
    pair = _sign_in(app, person)

    # When 16 minutes pass
    time_machine.shift(dt.timedelta(minutes=16))

    # Then the access token is refused in the one error shape …
    refused = app.get(ME, **_bearer(pair["access"]))
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"
    assert "تمدید" in refused.json()["message"]
    # … and the refresh token buys a new pair whose access token works
    renewed = _refresh(app, pair["refresh"])
    assert renewed.status_code == 200, renewed.content
    fresh = renewed.json()
    assert fresh["token_type"] == "Bearer"
    assert fresh["access"] != pair["access"]
    assert fresh["refresh"] != pair["refresh"]
    assert parse_datetime(fresh["access_expires_at"]) == timezone.now() + dt.timedelta(minutes=15)
    assert app.get(ME, **_bearer(fresh["access"])).json()["national_code"] == (person.national_code)
    # And the expired access row was cleared away by the refresh
    assert ApiAccessToken.objects.filter(sign_in__user=person).count() == 1


def test_refreshing_spends_the_refresh_token_and_keeps_calls_in_flight_working(time_machine):
    # Given an app signed in
    time_machine.move_to(timezone.now(), tick=False)
    app = Client()
    pair = _sign_in(app, UserFactory())

    # When it refreshes twice in a row, each time with the newest refresh token
    second = _refresh(app, pair["refresh"]).json()
    time_machine.shift(dt.timedelta(minutes=1))
    third = _refresh(app, second["refresh"]).json()

    # Then each refresh token was different, and the sign-in keeps only the newest digest
    assert len({pair["refresh"], second["refresh"], third["refresh"]}) == 3
    sign_in = ApiSignIn.objects.get()
    assert sign_in.refresh_hash == _sha256(third["refresh"])
    # And the earlier access tokens still work until they expire (calls already sent)
    for access in (pair["access"], second["access"], third["access"]):
        assert app.get(ME, **_bearer(access)).status_code == 200
    # And a routine refresh is not audited (an active app refreshes every few minutes)
    assert not AuditLog.objects.filter(action__startswith="api_sign_in.refresh").exists()


def test_a_spent_refresh_token_presented_again_revokes_the_whole_sign_in():
    # Given an app that refreshed once (its first refresh token is now spent)
    person = UserFactory()
    app = Client()
    pair = _sign_in(app, person)
    fresh = _refresh(app, pair["refresh"]).json()
    other_device = _sign_in(Client(), person)

    # When someone presents the spent refresh token again (a stolen copy)
    stolen = _refresh(Client(), pair["refresh"])

    # Then it is refused in the one error shape, with a Persian message …
    assert stolen.status_code == 401
    body = stolen.json()
    assert body["code"] == "refresh_invalid"
    assert "دوباره وارد شوید" in body["message"]
    assert stolen["WWW-Authenticate"] == "Bearer"
    # … and every token of that sign-in dies, the freshest access and refresh included
    assert app.get(ME, **_bearer(fresh["access"])).status_code == 401
    assert app.get(ME, **_bearer(pair["access"])).status_code == 401
    assert _refresh(app, fresh["refresh"]).json()["code"] == "refresh_invalid"
    sign_in = ApiSignIn.objects.get(refresh_handle=pair["refresh"].split(".")[0])
    assert sign_in.revoked_reason == ApiSignIn.EndReason.REFRESH_REUSED
    assert not sign_in.access_tokens.exists()
    # And it is audited
    reused = AuditLog.objects.get(action="api_sign_in.refresh_reused", detail__revoked=True)
    assert reused.target_id == str(sign_in.pk)
    # But the person's other device is untouched
    assert app.get(ME, **_bearer(other_device["access"])).status_code == 200
    assert _refresh(app, other_device["refresh"]).status_code == 200


@pytest.mark.parametrize(
    "refresh",
    ["not-a-token", "0" * 32 + ".made-up", ".", "x" * 200],
)
def test_an_unknown_refresh_token_is_401_refresh_invalid(refresh):
    response = _refresh(Client(), refresh)
    assert response.status_code == 401
    assert response.json() == {
        "code": "refresh_invalid",
        "message": "نشست برنامه تمام شده یا نامعتبر است؛ دوباره وارد شوید.",
        "extra": {},
    }
    assert not AuditLog.objects.filter(action="api_sign_in.refresh_reused").exists()


def test_an_expired_refresh_token_is_refused_without_calling_it_theft(settings, time_machine):
    # Given an app signed in and left unused longer than API_REFRESH_DAYS
    settings.API_REFRESH_DAYS = 30
    time_machine.move_to(timezone.now(), tick=False)
    app = Client()
    pair = _sign_in(app, UserFactory())
    time_machine.shift(dt.timedelta(days=30, seconds=1))

    # When it refreshes
    response = _refresh(app, pair["refresh"])

    # Then it must sign in again; nothing was revoked as stolen
    assert response.status_code == 401
    assert response.json()["code"] == "refresh_invalid"
    assert ApiSignIn.objects.get().revoked_at is None
    assert not AuditLog.objects.filter(action="api_sign_in.refresh_reused").exists()


def test_logout_ends_this_device_only():
    # Given a person signed in on two devices
    person = UserFactory()
    phone, tablet = Client(), Client()
    on_phone = _sign_in(phone, person)
    on_tablet = _sign_in(tablet, person)

    # When the phone signs out
    assert _post(phone, LOGOUT, **_bearer(on_phone["access"])).status_code == 204

    # Then the phone's access and refresh tokens are dead, and it is audited
    assert phone.get(ME, **_bearer(on_phone["access"])).status_code == 401
    assert _refresh(phone, on_phone["refresh"]).json()["code"] == "refresh_invalid"
    assert AuditLog.objects.filter(action="api_sign_in.revoked", actor=person).count() == 1
    # And the tablet goes on
    assert tablet.get(ME, **_bearer(on_tablet["access"])).status_code == 200
    assert _refresh(tablet, on_tablet["refresh"]).status_code == 200


def test_logout_everywhere_ends_every_app_sign_in_and_the_web_session():
    # Given a person signed in on the web and on two devices
    person = UserFactory()
    browser = Client()
    browser.force_login(person)
    assert browser.get(reverse("accounts:security")).status_code == 200
    phone, tablet = Client(), Client()
    on_phone = _sign_in(phone, person)
    on_tablet = _sign_in(tablet, person)

    # When the phone signs out everywhere
    response = _post(phone, LOGOUT_EVERYWHERE, **_bearer(on_phone["access"]))

    # Then every door is closed: the web session, both devices' access and refresh tokens
    assert response.status_code == 204
    assert browser.get(reverse("accounts:security")).status_code == 302
    for app, pair in ((phone, on_phone), (tablet, on_tablet)):
        assert app.get(ME, **_bearer(pair["access"])).status_code == 401
        assert _refresh(app, pair["refresh"]).json()["code"] == "refresh_invalid"
    # And it is audited, with the person's own notice
    assert AuditLog.objects.filter(action="session.signed_out_everywhere", actor=person).exists()
    # And signing in again works
    again = _sign_in(phone, person)
    assert phone.get(ME, **_bearer(again["access"])).status_code == 200


def test_logout_everywhere_needs_a_signed_in_caller():
    response = _post(Client(), LOGOUT_EVERYWHERE)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_password_reset_ends_every_app_sign_in(citizen):
    # Given a person signed in on the app
    app = Client()
    pair = _sign_in(app, citizen, password=DEMO_PASSWORD)

    # When they reset the password with the SMS code
    sent = password_reset_start(national_code=citizen.national_code, mobile=citizen.mobile)
    code = last_code_sent_to(citizen.mobile)
    password_reset_confirm_code(pk=sent.pk, attempt_id=sent.attempt_id, code=code)
    password_reset_complete(
        reset_id=sent.pk, attempt_id=sent.attempt_id, password="dasht-e-kavir-1404"
    )

    # Then neither the access nor the refresh token works any more
    assert app.get(ME, **_bearer(pair["access"])).status_code == 401
    assert _refresh(app, pair["refresh"]).json()["code"] == "refresh_invalid"


def test_a_staff_member_signs_in_to_the_app_with_the_authenticator():
    # Given a staff member with an authenticator app
    staff, device = staff_with_totp(password=DEMO_PASSWORD)
    app = Client()
    step1 = _post(app, LOGIN, {"national_code": staff.national_code, "password": DEMO_PASSWORD})
    assert step1.json()["method"] == "totp"

    # When the app sends the authenticator's code
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    step2 = _post(app, VERIFY, {"challenge": step1.json()["challenge"], "code": code})

    # Then the staff member holds a pair like anyone else, and it refreshes
    assert step2.status_code == 200, step2.content
    assert app.get(ME, **_bearer(step2.json()["access"])).json()["roles"] == ["staff"]
    renewed = _refresh(app, step2.json()["refresh"])
    assert renewed.status_code == 200
    assert app.get(ME, **_bearer(renewed.json()["access"])).status_code == 200


def test_bearer_calls_create_no_session_and_set_no_cookie():
    # Given an app signed in (the sign-in calls themselves keep no session either)
    sessions_before = Session.objects.count()
    app = Client()
    pair = _sign_in(app, UserFactory())

    # When it makes several bearer calls, a refresh and a sign-out among them
    responses = [app.get(ME, **_bearer(pair["access"])) for _ in range(3)]
    renewed = _refresh(app, pair["refresh"])
    responses.append(renewed)
    responses.append(app.get(ME, **_bearer(renewed.json()["access"])))
    responses.append(_post(app, LOGOUT, **_bearer(renewed.json()["access"])))

    # Then no session row was written and no response set a cookie
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 200, 204]
    assert Session.objects.count() == sessions_before
    assert [r for r in responses if r.has_header("Set-Cookie") or r.cookies] == []
    assert app.cookies == {}


def test_a_web_session_is_still_kept_alive_by_its_pages(settings):
    # Given a signed-in browser (the idle timeout slides at most once per interval)
    settings.SESSION_TOUCH_INTERVAL_SECONDS = 0
    person = UserFactory()
    browser = Client()
    browser.force_login(person)
    expiry = Session.objects.get().expire_date

    # When it reads a page
    response = browser.get(reverse("accounts:security"))

    # Then its session was renewed (the fix for bearer calls did not stop this)
    assert response.status_code == 200
    assert Session.objects.get().expire_date >= expiry
    assert "_touched" in Session.objects.get().get_decoded()


def test_a_bearer_call_costs_no_query_to_authenticate_once_seen(django_assert_num_queries):
    # Given an app signed in that has just made a call (its last use is recorded)
    person = UserFactory()
    access = api_sign_in_create(user=person, device_name="Pixel").access
    app = Client()
    assert app.get(ME, **_bearer(access)).status_code == 200

    # Then the next call reads the token, its sign-in and the person from the cache
    with django_assert_num_queries(0):
        assert app.get(ME, **_bearer(access)).status_code == 200


def test_the_refresh_endpoint_is_limited_per_client_address(settings):
    # Given low limits: 2 calls a minute per address for callers without an account
    settings.API_THROTTLE_RATES = {"account": "100/minute", "address": "2/minute"}
    cache.clear()
    pair = api_sign_in_create(user=UserFactory())
    app = Client(REMOTE_ADDR="5.5.5.5")

    # When one address calls refresh three times
    first = _refresh(app, pair.refresh)
    second = _refresh(app, first.json()["refresh"])
    third = _refresh(app, second.json()["refresh"])

    # Then the third is refused before the token is looked at (it stays spendable)
    assert [first.status_code, second.status_code, third.status_code] == [200, 200, 429]
    assert third.json()["code"] == "throttled"
    assert _refresh(Client(REMOTE_ADDR="6.6.6.6"), second.json()["refresh"]).status_code == 200
    # And bearer calls are counted per account, not per that address
    assert app.get(ME, **_bearer(first.json()["access"])).status_code == 200


def test_prune_deletes_only_what_can_no_longer_be_used(settings, time_machine):
    # Given one sign-in left unused past its refresh expiry and one in use
    settings.API_ACCESS_MINUTES = 15
    settings.API_REFRESH_DAYS = 30
    time_machine.move_to(timezone.now(), tick=False)
    old = api_sign_in_create(user=UserFactory())
    time_machine.shift(dt.timedelta(days=20))
    live = api_sign_in_create(user=UserFactory())
    time_machine.shift(dt.timedelta(days=10, minutes=1))

    # When the daily prune runs
    api_sign_ins_prune()

    # Then the old sign-in is gone, the live one stays (its expired access token does not)
    assert list(ApiSignIn.objects.values_list("pk", flat=True)) == [live.sign_in.pk]
    assert not ApiAccessToken.objects.exists()
    assert not ApiSignIn.objects.filter(pk=old.sign_in.pk).exists()
    assert _refresh(Client(), live.refresh).status_code == 200
