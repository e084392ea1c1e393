"""Production's session store (tamin/accounts/session_store.py): a signed-in session's key
names its person, and the session and the person's principal entry are read from the cache
in one round trip; the entry fetched along is used only for that person, in that request."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tamin.accounts.principal import _key, principal_prefetch, principal_user
from tamin.accounts.services import api_sign_in_create
from tamin.accounts.session_store import RANDOM_CHARS, SessionStore, session_user_id
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

HELLO = "hello_signed_in"
SECURITY = "accounts:security"
ME = "/api/v1/accounts/me/"


@pytest.fixture(autouse=True)
def _production_sessions(settings):
    settings.SESSION_ENGINE = "tamin.accounts.session_store"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(reverse(SECURITY)).status_code == 200
    return client


def test_a_signed_in_sessions_key_names_its_person():
    person = UserFactory()
    client = _signed_in(person)
    key = client.cookies["sessionid"].value
    assert key.endswith(f"-{person.pk}")
    assert len(key.rpartition("-")[0]) == RANDOM_CHARS
    assert len(key) <= 40
    assert session_user_id(key) == str(person.pk)


def test_a_signed_in_request_reads_session_and_person_in_one_round_trip():
    person = UserFactory()
    client = _signed_in(person)
    client.get(reverse(HELLO))  # the principal entry is cached by now
    with (
        mock.patch.object(cache, "get", wraps=cache.get) as get,
        mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many,
    ):
        assert client.get(reverse(HELLO)).status_code == 200
    # One get_many for the session and the principal entry (Redis: one MGET; the in-memory
    # cache answers it key by key through get), and no other read of either.
    assert get_many.call_count == 1
    (asked,) = get_many.call_args.args
    principal = _key(person.pk)
    assert principal in asked
    assert len(asked) == 2
    reads = [call.args[0] for call in get.call_args_list]
    assert reads.count(principal) <= 1
    assert set(reads) <= set(asked)


def test_a_deactivated_person_is_signed_out_on_the_next_request():
    person = UserFactory()
    client = _signed_in(person)
    person.is_active = False
    person.save()
    assert client.get(reverse(SECURITY)).status_code == 302


def test_an_entry_fetched_for_one_person_never_answers_for_another():
    first, second = UserFactory(), UserFactory()
    principal_user(user_id=first.pk)
    principal_prefetch(user_id=first.pk, entry=cache.get(_key(first.pk)))
    assert principal_user(user_id=second.pk).pk == second.pk


def test_an_entry_fetched_in_an_earlier_request_is_never_used():
    # A stale entry left behind (the person active then) must not let a later call through
    # after the person was deactivated: every request starts without one.
    person = UserFactory()
    app = Client(HTTP_AUTHORIZATION=f"Bearer {api_sign_in_create(user=person).access}")
    assert app.get(ME).status_code == 200  # the token and the person are cached
    stale = cache.get(_key(person.pk))
    person.is_active = False
    person.save()
    principal_prefetch(user_id=person.pk, entry=stale)

    assert app.get(ME).status_code == 401


def test_a_session_whose_key_names_no_one_still_works():
    # Sessions made before this store (Django's cached_db keys) read as before.
    from django.contrib.sessions.backends.cached_db import SessionStore as DjangoStore

    person = UserFactory()
    client = _signed_in(person)
    plain = DjangoStore()
    plain.update(SessionStore(session_key=client.cookies["sessionid"].value).load())
    plain.save()
    assert session_user_id(plain.session_key) is None
    client.cookies["sessionid"] = plain.session_key
    assert client.get(reverse(SECURITY)).status_code == 200


def test_signing_out_leaves_a_key_that_names_no_one():
    person = UserFactory()
    client = _signed_in(person)
    client.post(reverse("accounts:logout"))
    key = client.cookies["sessionid"].value
    assert session_user_id(key) is None
