"""The principal cache: a signed-in request reads the person, roles and device from one
cache entry, and every change that matters is seen on the very next request."""

import pickle

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tamin.accounts.models import Role, UserRole
from tamin.accounts.principal import _key, principal_forget_all, principal_user
from tamin.accounts.services import user_role_grant
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

SECURITY = "accounts:security"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(reverse(SECURITY)).status_code == 200
    return client


def test_a_repeated_signed_in_request_reads_only_the_session(citizen, django_assert_num_queries):
    client = _signed_in(citizen)
    with django_assert_num_queries(1):
        assert client.get(reverse("hello_signed_in")).status_code == 200


def test_the_entry_holds_no_password_hash_and_no_device_secret(citizen):
    device = TOTPDevice.objects.create(user=citizen, name="app", confirmed=True)
    _signed_in(citizen)
    principal_user(user_id=citizen.pk)
    raw = pickle.dumps(cache.get(_key(citizen.pk)))
    assert citizen.password.encode() not in raw
    assert device.key.encode() not in raw
    # The password is read from the database only when code asks for it.
    user = principal_user(user_id=citizen.pk)
    assert "password" not in user.__dict__
    assert user.check_password("Tamin-Demo-1404")


def test_a_deactivated_person_is_signed_out_on_the_next_request(citizen):
    client = _signed_in(citizen)
    citizen.is_active = False
    citizen.save()
    assert client.get(reverse(SECURITY)).status_code == 302


def test_a_revoked_role_is_gone_on_the_next_request(citizen):
    user_role_grant(user=citizen, role=Role.EMPLOYER)
    client = _signed_in(citizen)
    employer = reverse("accounts:dashboard", args=["employer"])
    assert client.get(employer).status_code == 200
    UserRole.objects.filter(user=citizen, role=Role.EMPLOYER).delete()
    assert client.get(employer).status_code == 404


def test_a_new_password_ends_every_session(citizen):
    phone, laptop = _signed_in(citizen), _signed_in(citizen)
    # A reset sets the password on the row read from the database and saves it.
    from tamin.accounts.models import User

    user = User.objects.get(pk=citizen.pk)
    user.set_password("Another-Pass-1405")
    user.save()
    assert phone.get(reverse(SECURITY)).status_code == 302
    assert laptop.get(reverse(SECURITY)).status_code == 302


def test_a_cached_person_whose_password_is_set_gets_a_new_session_hash(citizen):
    user = principal_user(user_id=citizen.pk)
    before = user.get_session_auth_hash()
    assert before == citizen.get_session_auth_hash()
    user.set_password("Another-Pass-1405")
    assert user.get_session_auth_hash() != before
    user.session_salt = "0" * 32
    assert user.get_session_auth_hash() != before


def test_sign_out_everywhere_is_seen_through_the_cache(citizen):
    phone, laptop = _signed_in(citizen), _signed_in(citizen)
    laptop.post(reverse(SECURITY))
    assert phone.get(reverse(SECURITY)).status_code == 302


def test_a_removed_authenticator_no_longer_verifies_the_session(client):
    staff = UserFactory(roles=[Role.STAFF], is_staff=True)
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client.force_login(staff)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    response = client.get(reverse(SECURITY))
    assert response.wsgi_request.user.is_verified()
    assert response.wsgi_request.user.otp_device.pk == device.pk
    device.delete()
    response = client.get(reverse(SECURITY))
    assert not response.wsgi_request.user.is_verified()


def test_an_entry_filled_before_the_commit_is_dropped_when_it_commits(
    citizen, django_capture_on_commit_callbacks
):
    stale = principal_user(user_id=citizen.pk)
    assert stale.is_active
    entry = cache.get(_key(citizen.pk))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        citizen.is_active = False
        citizen.save()
        # A concurrent request that read the old row fills the cache meanwhile.
        cache.set(_key(citizen.pk), entry)
    assert cache.get(_key(citizen.pk)) is None
    assert principal_user(user_id=citizen.pk).is_active is False


def test_sessions_of_the_plain_model_backend_stay_signed_in(citizen):
    client = Client()
    client.force_login(citizen, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse(SECURITY)).status_code == 200
    assert client.session[BACKEND_SESSION_KEY] == "tamin.accounts.principal.PrincipalModelBackend"


def test_forget_all_drops_only_the_principal_entries(citizen):
    principal_user(user_id=citizen.pk)
    cache.set("something-else", 1)
    assert principal_forget_all() >= 1
    assert cache.get(_key(citizen.pk)) is None
    assert cache.get("something-else") == 1
