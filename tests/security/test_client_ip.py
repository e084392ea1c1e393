"""Issue #8 item 2: every limit, lockout and audit row sees the client, not the proxy.

Behind nginx every request arrives from the proxy's address; nginx appends the
address it saw to X-Forwarded-For. `tamin.core.net.client_ip` trusts exactly
TAMIN_TRUSTED_PROXY_COUNT entries from the right of that header.
"""

from __future__ import annotations

import pytest
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tamin.core.identifiers import national_code_with_check_digit
from tamin.core.models import AuditLog
from tamin.core.net import client_ip
from tamin.core.views import VERIFY_LOOKUPS_PER_MINUTE
from tests.accounts.conftest import last_code_sent_to
from tests.accounts.factories import UserFactory

PROXY = "10.0.0.2"  # nginx, as gunicorn sees it
ALICE = "203.0.113.7"  # two citizens on the internet, behind the same proxy
BOB = "198.51.100.9"


def _request(remote_addr: str | None = PROXY, forwarded: str | None = None):
    meta = {}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    if remote_addr is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote_addr
    return request


def behind_proxy(client_address: str, *, sent_by_client: str = "") -> Client:
    """A browser at `client_address` reaching gunicorn through nginx ($proxy_add_x_forwarded_for).

    `sent_by_client` is an X-Forwarded-For the client forged itself; nginx appends to it.
    """
    forwarded = f"{sent_by_client}, {client_address}" if sent_by_client else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.fixture
def one_proxy(settings):
    settings.TAMIN_TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def empty_cache():
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


# --- The function ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote_addr", "forwarded", "expected"),
    [
        # no proxy trusted: the peer is the client, whatever the header says
        (0, "192.0.2.10", "203.0.113.7", "192.0.2.10"),
        (0, None, "203.0.113.7", None),
        # one proxy: the right-most entry, the one nginx appended
        (1, PROXY, "203.0.113.7", "203.0.113.7"),
        (1, PROXY, " 203.0.113.7 ", "203.0.113.7"),
        # entries the client forged in front are never trusted
        (1, PROXY, "1.2.3.4, 5.6.7.8, 203.0.113.7", "203.0.113.7"),
        (1, PROXY, "1.2.3.4,,203.0.113.7", "203.0.113.7"),
        # two proxies (CDN + nginx): the second entry from the right
        (2, PROXY, "1.2.3.4, 203.0.113.7, 198.18.0.1", "203.0.113.7"),
        # fewer entries than proxies: the request skipped a proxy, so no entry is trusted
        (2, PROXY, "203.0.113.7", PROXY),
        (1, PROXY, None, PROXY),
        (1, PROXY, "", PROXY),
        # ports, IPv6 (bracketed, with port, upper case, zone), IPv4 written as IPv6
        (1, PROXY, "203.0.113.7:51234", "203.0.113.7"),
        (1, PROXY, "[2001:DB8::1]:443", "2001:db8::1"),
        (1, PROXY, "2001:db8:0:0::1", "2001:db8::1"),
        (1, PROXY, "fe80::1%eth0", "fe80::1"),
        (1, PROXY, "::ffff:203.0.113.7", "203.0.113.7"),
        (1, "::ffff:10.0.0.2", "", "10.0.0.2"),
        # garbage falls back to the peer address
        (1, PROXY, "unknown", PROXY),
        (1, PROXY, "1.2.3.4, 203.0.113.999", PROXY),
        (1, PROXY, "<script>, '; DROP", PROXY),
        (1, PROXY, "203.0.113.7\x00", PROXY),
        (1, "not-an-ip", "", None),
    ],
)
def test_client_ip_trusts_exactly_the_proxies_entries(
    settings, proxies, remote_addr, forwarded, expected
):
    # Given the number of trusted proxies and a request as gunicorn receives it
    settings.TAMIN_TRUSTED_PROXY_COUNT = proxies
    # When the client address is decided, Then it is the expected one
    assert client_ip(_request(remote_addr, forwarded)) == expected


def test_client_ip_of_no_request_is_none():
    assert client_ip(None) is None


def test_axes_asks_the_same_function(one_proxy):
    # Given a request through nginx, When django-axes decides its address, Then it is the client's
    assert get_client_ip_address(_request(PROXY, f"1.2.3.4, {ALICE}")) == ALICE


# --- Lockout: two citizens behind one proxy ------------------------------------------


def _wrong_password(browser: Client, n: int):
    # Each guess against another national code: only the per-client lockout adds them up.
    return browser.post(
        reverse("accounts:login"),
        {
            "national_code": national_code_with_check_digit(f"{700000000 + n * 97:09d}"),
            "password": "not-the-password",
        },
    )


@pytest.mark.django_db
def test_a_locked_out_client_does_not_lock_out_another_behind_the_same_proxy(
    one_proxy, settings, empty_cache
):
    alice_account = UserFactory(password=DEMO_PASSWORD)
    bob_account = UserFactory(password=DEMO_PASSWORD)
    alice, bob = behind_proxy(ALICE), behind_proxy(BOB)
    # Given Alice made AXES_FAILURE_LIMIT wrong guesses through the proxy
    for n in range(settings.AXES_FAILURE_LIMIT):
        _wrong_password(alice, n)
    # When Alice then gives her right password, Then she is locked out
    response = alice.post(
        reverse("accounts:login"),
        {"national_code": alice_account.national_code, "password": DEMO_PASSWORD},
    )
    assert response.status_code == 429
    # And axes recorded her address, not the proxy's
    assert AccessAttempt.objects.filter(ip_address=ALICE).exists()
    assert not AccessAttempt.objects.filter(ip_address=PROXY).exists()
    # When Bob, behind the same proxy, signs in with his password and SMS code
    response = bob.post(
        reverse("accounts:login"),
        {"national_code": bob_account.national_code, "password": DEMO_PASSWORD},
    )
    assert response["Location"] == reverse("accounts:login_verify")
    response = bob.post(
        reverse("accounts:login_verify"), {"code": last_code_sent_to(bob_account.mobile)}
    )
    # Then he is signed in
    assert response.status_code == 302
    assert int(bob.session["_auth_user_id"]) == bob_account.pk


@pytest.mark.django_db
def test_a_forged_forwarded_header_does_not_dodge_the_lockout(one_proxy, settings, empty_cache):
    bob_account = UserFactory(password=DEMO_PASSWORD)
    # Given an attacker who forges a new X-Forwarded-For on every guess (nginx appends his own)
    for n in range(settings.AXES_FAILURE_LIMIT):
        _wrong_password(behind_proxy(ALICE, sent_by_client=f"198.18.0.{n}, {BOB}"), n)
    # When he guesses once more, Then he is locked out as the one client he is
    response = behind_proxy(ALICE, sent_by_client="198.18.0.99").post(
        reverse("accounts:login"),
        {"national_code": bob_account.national_code, "password": "still-wrong"},
    )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ALICE}
    # And Bob, whose address he wrote into the header, still signs in
    response = behind_proxy(BOB).post(
        reverse("accounts:login"),
        {"national_code": bob_account.national_code, "password": DEMO_PASSWORD},
    )
    assert response["Location"] == reverse("accounts:login_verify")


# --- Rate limit of the public verify page --------------------------------------------


@pytest.mark.django_db
def test_verify_rate_limit_hits_one_client_not_everyone_behind_the_proxy(one_proxy, empty_cache):
    url = reverse("verify", kwargs={"code": "ZZZZ2345ZZZZ"})
    alice, bob = behind_proxy(ALICE), behind_proxy(BOB)
    # Given Alice used up the lookups of this minute through the proxy
    for _ in range(VERIFY_LOOKUPS_PER_MINUTE):
        assert alice.get(url).status_code == 404
    # When both look up once more
    # Then Alice is asked to wait and Bob is answered
    assert alice.get(url).status_code == 429
    assert bob.get(url).status_code == 404


# --- Audit log -------------------------------------------------------------------------


@pytest.mark.django_db
def test_audit_rows_record_the_client_address(one_proxy, empty_cache):
    bob_account = UserFactory(password=DEMO_PASSWORD)
    bob = behind_proxy(BOB, sent_by_client="1.2.3.4")
    # Given a wrong and then a right password through the proxy
    bob.post(
        reverse("accounts:login"),
        {"national_code": bob_account.national_code, "password": "wrong-password-x"},
    )
    bob.post(
        reverse("accounts:login"),
        {"national_code": bob_account.national_code, "password": DEMO_PASSWORD},
    )
    # Then the audit rows carry Bob's address, neither the proxy's nor the forged one
    failed = AuditLog.objects.get(action="login.password_failed")
    assert failed.ip_address == BOB
    sent = AuditLog.objects.get(action="login.code_sent")
    assert sent.detail["ip"] == BOB


@pytest.mark.django_db
def test_a_stranger_cannot_lock_the_owner_out_of_her_account(one_proxy, settings, empty_cache):
    owner = UserFactory(password=DEMO_PASSWORD)
    stranger = behind_proxy(ALICE)
    # Given a stranger who knows the owner's national code guesses her password too often
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        stranger.post(
            reverse("accounts:login"),
            {"national_code": owner.national_code, "password": "a-wrong-guess"},
        )
    # Then the stranger is locked out
    response = stranger.post(
        reverse("accounts:login"),
        {"national_code": owner.national_code, "password": DEMO_PASSWORD},
    )
    assert response.status_code == 429
    # When the owner signs in from her own address with her password and SMS code
    response = behind_proxy(BOB).post(
        reverse("accounts:login"),
        {"national_code": owner.national_code, "password": DEMO_PASSWORD},
    )
    # Then she reaches the second step and is signed in
    assert response["Location"] == reverse("accounts:login_verify")
