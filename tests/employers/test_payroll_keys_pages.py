"""The owner's pages of payroll software keys: issue (shown once, never cached), list,
revoke with a confirmation; audited; an accountant or a stranger gets 404 everywhere."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from employers.models import PayrollApiKey
from tamin.accounts.models import Role
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.employers.factories import AccountantFactory, RepresentativeFactory
from tests.employers.payroll_helpers import KEY_PATTERN, issue_key

pytestmark = pytest.mark.django_db


def _issue(client, owner, **data):
    return client.post(
        reverse("employers:payroll_key_new", args=[owner.workshop.pk]),
        {"name": "نرم‌افزار حقوق سپیدار", **data},
    )


def test_the_owner_issues_a_key_and_sees_it_once(client):
    # given a workshop's owner on the workshop page
    owner = RepresentativeFactory()
    client.force_login(owner.user)
    workshop_page = client.get(reverse("employers:workshop_detail", args=[owner.workshop.pk]))
    keys_url = reverse("employers:payroll_keys", args=[owner.workshop.pk])
    assert keys_url in workshop_page.content.decode()
    assert "هنوز کلیدی" in client.get(keys_url).content.decode()
    # when they issue a key allowed to submit
    response = _issue(client, owner, may_submit="on")
    key = PayrollApiKey.objects.get()
    issued_url = reverse("employers:payroll_key_issued", args=[owner.workshop.pk, key.pk])
    assert response.status_code == 302
    assert response["Location"] == issued_url
    # then the page after it shows the key once, never cached
    page = client.get(issued_url)
    assert "no-store" in page["Cache-Control"]
    shown = KEY_PATTERN.findall(page.content.decode())
    assert len(shown) == 1
    raw = shown[0]
    assert raw.startswith(f"tpk_{key.prefix}_")
    # and only its SHA-256 is stored
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(PayrollApiKey.objects.values().get())
    assert (key.name, key.may_submit, key.created_by) == (
        "نرم‌افزار حقوق سپیدار",
        True,
        owner.user,
    )
    # when the page is opened again
    again = client.get(issued_url)
    # then the key is not there any more, only its prefix
    assert again.status_code == 200
    assert KEY_PATTERN.findall(again.content.decode()) == []
    assert f"tpk_{key.prefix}" in again.content.decode()
    assert "دیگر نمایش داده نمی‌شود" in again.content.decode()
    # and the key list names it by its prefix, written left to right
    listing = client.get(keys_url).content.decode()
    assert f'dir="ltr"><code>tpk_{key.prefix}</code>' in listing
    assert "نرم‌افزار حقوق سپیدار" in listing
    assert raw not in listing
    # and the issue is audited, without the key
    audit = AuditLog.objects.get(action="payroll_key.issued")
    assert (audit.actor, audit.target_id) == (owner.user, str(key.pk))
    assert audit.after["may_submit"] is True
    assert raw not in str(audit.after) + str(audit.detail)


def test_a_name_is_required(client):
    owner = RepresentativeFactory()
    client.force_login(owner.user)
    response = _issue(client, owner, name="  ")
    assert response.status_code == 200
    assert not PayrollApiKey.objects.exists()


def test_revoke_asks_to_confirm_then_revokes_and_is_audited(client):
    # given a key of the owner's workshop
    owner = RepresentativeFactory()
    _raw, key = issue_key(owner)
    client.force_login(owner.user)
    url = reverse("employers:payroll_key_revoke", args=[owner.workshop.pk, key.pk])
    # when the owner opens the revoke link, nothing changes yet: a confirmation is asked
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "بله، کلید باطل شود" in confirm.content.decode()
    key.refresh_from_db()
    assert key.revoked_at is None
    # when they confirm
    response = client.post(url)
    # then the key is revoked, by them, audited, and the list says so
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert key.revoked_by == owner.user
    assert AuditLog.objects.filter(
        action="payroll_key.revoked", actor=owner.user, target_id=str(key.pk)
    ).exists()
    listing = client.get(reverse("employers:payroll_keys", args=[owner.workshop.pk]))
    assert "باطل‌شده" in listing.content.decode()
    assert url not in listing.content.decode()
    # revoking again changes nothing and writes no second row
    client.post(url)
    assert AuditLog.objects.filter(action="payroll_key.revoked").count() == 1


def test_only_the_owner_reaches_the_key_pages(client):
    # given a workshop with a key, its accountant, and a stranger who owns another workshop
    owner = RepresentativeFactory()
    _raw, key = issue_key(owner)
    accountant = AccountantFactory(workshop=owner.workshop)
    stranger = RepresentativeFactory()
    workshop_id = owner.workshop.pk
    urls = [
        reverse("employers:payroll_keys", args=[workshop_id]),
        reverse("employers:payroll_key_new", args=[workshop_id]),
        reverse("employers:payroll_key_issued", args=[workshop_id, key.pk]),
        reverse("employers:payroll_key_revoke", args=[workshop_id, key.pk]),
    ]
    for person in (accountant.user, stranger.user, UserFactory()):
        client.force_login(person)
        # then every page is 404, and posting issues or revokes nothing
        for url in urls:
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"name": "x"}).status_code == 404, url
    assert PayrollApiKey.objects.count() == 1
    key.refresh_from_db()
    assert key.revoked_at is None
    # and the stranger's own key id under their own workshop is not this key
    client.force_login(stranger.user)
    foreign = reverse("employers:payroll_key_revoke", args=[stranger.workshop.pk, key.pk])
    assert client.post(foreign).status_code == 404
    # and the accountant's workshop page has no link to the keys
    client.force_login(accountant.user)
    page = client.get(reverse("employers:workshop_detail", args=[workshop_id])).content.decode()
    assert reverse("employers:payroll_keys", args=[workshop_id]) not in page


def test_the_landing_page_lists_the_workshops_one_owns(client):
    # given an owner of one workshop who is also the accountant of another
    owner = RepresentativeFactory()
    other = AccountantFactory(user=owner.user)
    client.force_login(owner.user)
    # then the landing page leads to the owned workshop's keys only
    page = client.get(reverse("employers:payroll_home")).content.decode()
    assert reverse("employers:payroll_keys", args=[owner.workshop.pk]) in page
    assert reverse("employers:payroll_keys", args=[other.workshop.pk]) not in page
    # and the dashboard links to it for an owner, not for an accountant alone
    dashboard = client.get(reverse("accounts:dashboard", args=[Role.EMPLOYER])).content.decode()
    assert reverse("employers:payroll_home") in dashboard
    accountant = AccountantFactory()
    client.force_login(accountant.user)
    dashboard = client.get(reverse("accounts:dashboard", args=[Role.EMPLOYER])).content.decode()
    assert reverse("employers:payroll_home") not in dashboard
