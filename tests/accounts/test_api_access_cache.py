"""A bearer call authenticated from the cache (tamin.accounts.selectors.api_access_authenticate)
is refused at once when the token is revoked, expires, or its person is deactivated or signs
out everywhere, whether or not the token was seen a moment before."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tamin.accounts.models import ApiSignIn
from tamin.accounts.selectors import _api_access_key
from tamin.accounts.services import (
    api_sign_in_create,
    api_sign_in_revoke,
    api_token_digest,
    user_sign_out_everywhere,
)
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/accounts/me/"


def _seen(person=None):
    """A person and an access token that has just made a call (its entry is cached)."""
    person = person or UserFactory()
    pair = api_sign_in_create(user=person, device_name="Pixel")
    app = Client(HTTP_AUTHORIZATION=f"Bearer {pair.access}")
    assert app.get(ME).status_code == 200
    assert cache.get(_api_access_key(api_token_digest(pair.access))) is not None
    return person, pair, app


def test_a_revoked_sign_in_is_refused_at_once():
    _person, pair, app = _seen()
    api_sign_in_revoke(sign_in=pair.sign_in)
    assert app.get(ME).status_code == 401


def test_a_deactivated_person_is_refused_at_once():
    person, _pair, app = _seen()
    person.is_active = False
    person.save()
    assert app.get(ME).status_code == 401


def test_signing_out_everywhere_refuses_every_seen_token():
    person, _pair, app = _seen()
    user_sign_out_everywhere(user=person)
    assert app.get(ME).status_code == 401


def test_a_seen_token_is_refused_once_it_expires(settings, time_machine):
    settings.API_ACCESS_MINUTES = 15
    settings.API_ACCESS_CACHE_SECONDS = 3600  # longer than the token: the expiry still wins
    time_machine.move_to(timezone.now(), tick=False)
    _person, _pair, app = _seen()
    time_machine.shift(dt.timedelta(minutes=16))
    assert app.get(ME).status_code == 401


def test_the_entry_keeps_no_refresh_digest():
    _person, pair, _app = _seen()
    entry = cache.get(_api_access_key(api_token_digest(pair.access)))
    sign_in = ApiSignIn.objects.get(pk=pair.sign_in.pk)
    assert sign_in.refresh_hash not in repr(entry)


def test_last_use_is_written_at_most_once_a_minute(django_assert_num_queries, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _person, pair, app = _seen()
    first = ApiSignIn.objects.get(pk=pair.sign_in.pk).last_used_at
    assert first is not None
    with django_assert_num_queries(0):
        assert app.get(ME).status_code == 200
    cache.delete(f"accounts:api-touch:{pair.sign_in.pk}")  # the minute has passed
    time_machine.shift(dt.timedelta(seconds=61))
    assert app.get(ME).status_code == 200
    assert ApiSignIn.objects.get(pk=pair.sign_in.pk).last_used_at > first


def test_a_forgotten_token_is_never_cached_again_while_its_marker_stands():
    # A call that read the token's row just before its revocation committed must not store
    # that row after the revocation's marker: here the row is still valid (the marker alone),
    # and the call answers from the database without replacing the marker.
    from tamin.accounts.selectors import api_access_authenticate, api_access_forget

    _person, pair, app = _seen()
    digest = api_token_digest(pair.access)
    api_access_forget(digests=[digest])

    assert api_access_authenticate(digest=digest) is not None
    assert cache.get(_api_access_key(digest)) == "forgotten"
    api_sign_in_revoke(sign_in=pair.sign_in)
    assert app.get(ME).status_code == 401


def test_a_new_token_is_cached_from_its_first_call():
    _person, pair, _app = _seen()
    entry = cache.get(_api_access_key(api_token_digest(pair.access)))
    assert isinstance(entry, dict)
