"""The insured dashboard links only to pages that exist and open for an insured person."""

from __future__ import annotations

import pytest
from django.urls import reverse

from branches.registry import case_kind_get
from tamin.accounts.dashboard import dashboard_links_for_role
from tamin.accounts.models import Role
from tests.insured.factories_inquiries import person_with_records

pytestmark = pytest.mark.django_db


def test_every_insured_dashboard_link_opens(client):
    # given an insured person with records
    user, _person, _short, _branch = person_with_records()
    client.force_login(user)
    links = [
        link
        for link in dashboard_links_for_role(Role.INSURED)
        if link.url_name.startswith("insured:")
    ]
    assert {"insured:records", "insured:objections", "insured:bank_accounts"} <= {
        link.url_name for link in links
    }
    # when / then each answers 200
    for link in links:
        response = client.get(reverse(link.url_name))
        assert response.status_code == 200, link.url_name


def test_insured_links_are_for_the_insured_role_only():
    staff_links = {link.url_name for link in dashboard_links_for_role(Role.STAFF)}
    assert not any(name.startswith("insured:") for name in staff_links)


def test_case_kinds_are_registered_with_their_documents():
    missing_days = case_kind_get("insured_missing_days")
    assert missing_days.label == "اعتراض به کسری کارکرد"
    assert missing_days.required_documents
    assert case_kind_get("insured_missing_record").on_decision is not None
    assert case_kind_get("insured_inspection_request").required_documents == ()
