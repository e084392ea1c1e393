"""The staff dashboard links only pages that open for the signed-in member: an agency's staff
member (no branch) sees the case queue, which shows their agency's cases, and no branch page
(check-in, the 1420 desk, surveys, the workshops' staff pages would all be 404 for them); a
branch's staff member sees every staff link."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.services.directory import agency_staff_membership_grant
from tamin.accounts.dashboard import dashboard_links_for_role
from tamin.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.branches.factories import AgencyFactory, BranchFactory
from tests.branches.factories_cases import staff_member

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("accounts:dashboard", args=[Role.STAFF])
LINKS_NAV = re.compile(r'data-testid="dashboard-links">(.*?)</nav>', re.S)


def _linked(client) -> set[str]:
    """The paths the staff dashboard links to."""
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return set(re.findall(r'href="([^"]+)"', LINKS_NAV.search(response.content.decode()).group(1)))


def _staff_paths() -> dict[str, str]:
    """Every link registered for the staff role (their own and the shared ones): path -> name."""
    return {reverse(link.url_name): link.url_name for link in dashboard_links_for_role(Role.STAFF)}


def _agency_member():
    user = UserFactory(is_staff=True, roles=[Role.STAFF])
    agency_staff_membership_grant(user=user, agency=AgencyFactory())
    return user


def test_an_agency_member_is_linked_only_to_pages_that_open_for_them(client):
    # Given a staff member of an agency, at no branch
    client.force_login(_agency_member())

    # When they open their dashboard
    linked = _linked(client)

    # Then every page it links answers 200, among them the case queue
    assert reverse("branches:case_queue") in linked
    for path in linked:
        assert client.get(path).status_code == 200, path
    # And every staff link it leaves out is a page that is a 404 for them
    left_out = set(_staff_paths()) - linked
    assert {reverse("branches:staff_checkin"), reverse("branches:ticket_queue")} <= left_out
    assert reverse("branches:survey_results") in left_out
    assert any(name.startswith("employers:staff_") for name in map(_staff_paths().get, left_out))
    for path in left_out:
        assert client.get(path).status_code == 404, path


def test_a_branch_member_still_sees_every_staff_link_and_each_opens(client):
    client.force_login(staff_member(branch=BranchFactory()))
    linked = _linked(client)
    assert linked == set(_staff_paths())
    for path in linked:
        assert client.get(path).status_code == 200, path


def test_a_member_of_a_branch_and_an_agency_sees_every_staff_link(client):
    user = staff_member(branch=BranchFactory())
    agency_staff_membership_grant(user=user, agency=AgencyFactory())
    client.force_login(user)
    assert _linked(client) == set(_staff_paths())


def test_a_staff_account_working_nowhere_is_linked_to_no_staff_page(client):
    # A staff role with no active membership (e.g. one that ended): only the shared links
    client.force_login(UserFactory(is_staff=True, roles=[Role.STAFF]))
    linked = _linked(client)
    shared = {reverse(link.url_name) for link in dashboard_links_for_role("*")}
    assert linked == shared


def test_the_dashboard_asks_where_the_member_works_once(client):
    # Every staff link's visibility comes from one membership query, not one per link
    client.force_login(_agency_member())
    with CaptureQueriesContext(connection) as context:
        assert client.get(DASHBOARD).status_code == 200
    sql = [query["sql"] for query in context.captured_queries]
    assert len([each for each in sql if "branches_staffmembership" in each]) == 1
