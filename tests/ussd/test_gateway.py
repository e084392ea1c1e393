"""The aggregator's gateway: the secret, the contract's fields, who may use the menu, the
per-number limit and sessions (docs/ussd.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from tamin.core.models import AuditLog
from tamin.ussd.engine import EXPIRED_NOTE, GOODBYE, RATE_LIMITED, REFUSED
from tamin.ussd.sessions import session_key
from tests.accounts.factories import UserFactory
from tests.ussd.conftest import SECRET
from tests.ussd.helpers import GATEWAY, Phone

pytestmark = pytest.mark.django_db

MAIN_FIRST_PAGE = "تأمین اجتماعی\n۱ استعلام‌ها\n۲ خدمات\n۳ نوبت شعبه\n۴ پرداخت حق بیمه\n۹ بیشتر"


def _post(client, data, *, secret=SECRET, json=True, **extra):
    headers = {} if secret is None else {"HTTP_X_USSD_SECRET": secret}
    if json:
        return client.post(GATEWAY, data, content_type="application/json", **headers, **extra)
    return client.post(GATEWAY, data, **headers, **extra)


# --- the secret ----------------------------------------------------------------------------


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x", SECRET[:-1], "کلید"])
def test_a_wrong_or_missing_secret_is_403_with_a_persian_end_screen(client, secret):
    user = UserFactory()
    response = _post(client, {"session_id": "a", "msisdn": user.mobile, "input": ""}, secret=secret)
    assert response.status_code == 403
    assert response.json() == {"action": "end", "text": "دسترسی مجاز نیست."}


def test_no_configured_secret_is_503_whatever_is_sent(client, settings):
    settings.USSD_SHARED_SECRET = ""
    user = UserFactory()
    response = _post(client, {"session_id": "a", "msisdn": user.mobile, "input": ""}, secret="")
    assert response.status_code == 503
    assert response.json() == {"action": "end", "text": "این خدمت موقتاً در دسترس نیست."}


def test_get_is_not_allowed(client):
    assert client.get(GATEWAY, HTTP_X_USSD_SECRET=SECRET).status_code == 405


# --- the fields ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"msisdn": "09121110001", "input": ""},
        {"session_id": "a", "input": ""},
        {"session_id": "", "msisdn": "09121110001"},
        {"session_id": "a" * 65, "msisdn": "09121110001"},
        {"session_id": "با فاصله", "msisdn": "09121110001"},
        {"session_id": "a", "msisdn": "0912" * 6},
        {"session_id": "a", "msisdn": "09121110001", "input": "1" * 183},
        {"session_id": "a", "msisdn": "09121110001", "input": "1\x00"},
        {"session_id": "a", "msisdn": ["0912"], "input": ""},
        {"session_id": True, "msisdn": "09121110001"},
    ],
)
def test_malformed_fields_get_a_persian_screen_never_a_500(client, data):
    response = _post(client, data)
    assert response.status_code == 400
    assert response.json() == {"action": "end", "text": "درخواست نامعتبر است."}


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b"\xff\xfe", b'"text"'])
def test_a_body_that_is_not_a_json_object_is_400(client, body):
    response = client.post(
        GATEWAY, body, content_type="application/json", HTTP_X_USSD_SECRET=SECRET
    )
    assert response.status_code == 400
    assert response.json()["action"] == "end"


def test_an_oversized_body_is_400_unread(client):
    body = b'{"session_id": "a", "msisdn": "09121110001", "pad": "' + b"x" * 5000 + b'"}'
    response = client.post(
        GATEWAY, body, content_type="application/json", HTTP_X_USSD_SECRET=SECRET
    )
    assert response.status_code == 400


def test_form_encoded_and_json_and_numbers_answer_alike(client):
    user = UserFactory(mobile="09123334455")
    form = _post(client, {"session_id": "f1", "msisdn": "09123334455", "input": ""}, json=False)
    as_json = _post(client, {"session_id": "j1", "msisdn": 989123334455, "input": None})
    assert form.status_code == as_json.status_code == 200
    assert form.json() == as_json.json() == {"action": "continue", "text": MAIN_FIRST_PAGE}
    assert user.pk  # the account the number reached


# --- who may use the menu ------------------------------------------------------------------


@pytest.mark.parametrize(
    "form",
    ["09124445566", "9124445566", "989124445566", "+989124445566", "00989124445566", "۰۹۱۲۴۴۴۵۵۶۶"],
)
def test_every_usual_form_of_the_registered_number_reaches_the_menu(client, form):
    UserFactory(mobile="09124445566")
    phone = Phone(client, form)
    assert phone.dial() == MAIN_FIRST_PAGE
    assert phone.action == "continue"


def test_another_number_is_refused_and_the_session_ends(client):
    UserFactory(mobile="09124445566")
    phone = Phone(client, "09127778899")
    assert phone.dial() == REFUSED
    assert phone.action == "end"


@pytest.mark.parametrize("msisdn", ["12345", "02188776655", "abc"])
def test_a_number_that_is_no_mobile_is_refused(client, msisdn):
    phone = Phone(client, msisdn)
    assert phone.dial() == REFUSED
    assert phone.action == "end"


def test_a_number_shared_by_two_active_accounts_speaks_for_neither(client):
    UserFactory(mobile="09125556677")
    UserFactory(mobile="09125556677")
    assert Phone(client, "09125556677").dial() == REFUSED


def test_an_inactive_account_is_refused_and_an_inactive_twin_does_not_count(client):
    UserFactory(mobile="09125556677", is_active=False)
    assert Phone(client, "09125556677").dial() == REFUSED
    UserFactory(mobile="09125556677")
    assert Phone(client, "09125556677").dial() == MAIN_FIRST_PAGE


# --- limits ------------------------------------------------------------------------------


def test_requests_beyond_the_numbers_budget_end_with_a_persian_screen(
    client, settings, time_machine
):
    time_machine.move_to(dt.datetime(2030, 1, 5, 10, 0, 5, tzinfo=dt.UTC), tick=False)
    settings.USSD_REQUESTS_PER_MINUTE = 3
    UserFactory(mobile="09126667788")
    phone = Phone(client, "09126667788")
    phone.walk("1", "0")
    assert phone.send("1") == RATE_LIMITED
    assert phone.action == "end"
    # another number is not affected; the next minute the budget is back
    UserFactory(mobile="09126667789")
    assert Phone(client, "09126667789").dial() == MAIN_FIRST_PAGE
    time_machine.move_to(dt.datetime(2030, 1, 5, 10, 1, 5, tzinfo=dt.UTC), tick=False)
    assert Phone(client, "09126667788").dial() == MAIN_FIRST_PAGE


# --- sessions ----------------------------------------------------------------------------


def test_a_session_expires_and_a_late_reply_starts_over_at_the_main_menu_with_a_note(
    client, time_machine
):
    time_machine.move_to(dt.datetime(2030, 1, 5, 10, 0, tzinfo=dt.UTC), tick=False)
    UserFactory(mobile="09127778800")
    phone = Phone(client, "09127778800")
    phone.dial()
    assert phone.send("1").startswith("استعلام‌ها\n")
    # within USSD_SESSION_SECONDS of the last request the session goes on
    time_machine.shift(dt.timedelta(seconds=119))
    assert phone.send("0") == MAIN_FIRST_PAGE
    # after it, a reply finds no session: the main menu again, the note in its title
    time_machine.shift(dt.timedelta(seconds=121))
    text = phone.send("2")
    assert text.startswith(EXPIRED_NOTE + "\n۱ استعلام‌ها")
    assert phone.action == "continue"
    # and it is a session again: «۲» now opens «خدمات»
    assert phone.send("2").startswith("خدمات\n")


def test_a_session_id_from_another_number_finds_nothing(client):
    UserFactory(mobile="09127778801")
    UserFactory(mobile="09127778802")
    first = Phone(client, "09127778801", session_id="shared-id")
    first.walk("1")
    second = Phone(client, "09127778802", session_id="shared-id")
    assert second.send("1").startswith(EXPIRED_NOTE)


def test_navigation_back_main_menu_more_and_goodbye(client):
    UserFactory(mobile="09127778803")
    phone = Phone(client, "09127778803")
    phone.dial()
    assert phone.send("۹") == "۵ قوانین و بخشنامه‌ها\n۶ پرسش‌ها\n۷ درباره سازمان\n۰ بازگشت"
    assert phone.send("0") == MAIN_FIRST_PAGE
    # a menu's number works whichever of its pages shows
    assert phone.send("6").startswith("پرسش‌ها\n۱ پرسش‌های متداول")
    assert phone.send("00") == MAIN_FIRST_PAGE
    assert phone.send("8").startswith("گزینه نامعتبر است.\n")
    assert phone.send("0") == GOODBYE
    assert phone.action == "end"
    # the ended session is gone: a new request starts afresh
    assert phone.dial() == MAIN_FIRST_PAGE


def test_nothing_personal_is_audited_for_navigation(client):
    UserFactory(mobile="09127778804")
    Phone(client, "09127778804").walk("2", "0", "6")
    assert not AuditLog.objects.filter(action__startswith="ussd.").exists()


def test_a_session_kept_from_before_a_release_starts_over_at_the_main_menu(client):
    user = UserFactory(mobile="09127778805")
    phone = Phone(client, user.mobile)
    phone.walk("1")
    key = session_key(session_id=phone.session_id, mobile=user.mobile)
    state = cache.get(key)
    state["s"].append({"n": "renamed_screen", "p": 0, "a": {}, "i": []})
    cache.set(key, state)
    assert phone.send("0") == MAIN_FIRST_PAGE
