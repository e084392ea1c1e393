"""Who works where is read from the cache (branches/selectors/staff.py): every change to a
membership or a place shows on the next request, through the case pages people use."""

from __future__ import annotations

import pytest
from django.urls import reverse

from branches.models import StaffRole
from branches.selectors.staff import (
    case_desk_memberships_for_user,
    place_member_names,
    staff_version,
    staff_version_renew,
)
from branches.services.directory import staff_membership_grant
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory
from tests.branches.factories_cases import CaseFactory, staff_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("case_kind_declared")]


def queue(client, branch):
    return client.get(f"{reverse('branches:case_queue')}?branch={branch.pk}")


def test_a_deactivated_membership_closes_the_queue_at_once(client):
    branch = BranchFactory()
    reviewer = staff_member(branch=branch)
    client.force_login(reviewer)
    assert queue(client, branch).status_code == 200

    membership = reviewer.branch_memberships.get(branch=branch)
    membership.is_active = False
    membership.save()

    assert queue(client, branch).status_code == 404


def test_a_deactivated_branch_closes_its_queue_at_once(client):
    branch = BranchFactory()
    client.force_login(staff_member(branch=branch))
    assert queue(client, branch).status_code == 200

    branch.is_active = False
    branch.save()

    assert queue(client, branch).status_code == 404


def test_a_new_membership_opens_the_queue_at_once(client):
    first, second = BranchFactory(), BranchFactory()
    person = staff_member(branch=first)
    client.force_login(person)
    assert queue(client, first).status_code == 200
    assert queue(client, second).status_code == 404

    staff_membership_grant(user=person, branch=second)

    assert queue(client, second).status_code == 200


def test_a_new_member_is_offered_in_the_assignee_filter_at_once(client):
    branch = BranchFactory()
    CaseFactory(branch=branch)
    client.force_login(staff_member(branch=branch, role=StaffRole.HEAD))
    assert "نرگس رحیمی" not in queue(client, branch).content.decode()

    newcomer = UserFactory(is_staff=True, roles=["staff"], first_name="نرگس", last_name="رحیمی")
    staff_membership_grant(user=newcomer, branch=branch)

    assert (
        f'<option value="{newcomer.pk}">نرگس رحیمی</option>'
        in queue(client, branch).content.decode()
    )


def test_people_and_places_never_share_an_entry():
    first, second = BranchFactory(), BranchFactory()
    one, two = staff_member(branch=first), staff_member(branch=second)

    assert [m.branch_id for m in case_desk_memberships_for_user(user=one)] == [first.pk]
    assert [m.branch_id for m in case_desk_memberships_for_user(user=two)] == [second.pk]
    assert [user_id for user_id, _ in place_member_names(branch_id=first.pk)] == [one.pk]
    assert [user_id for user_id, _ in place_member_names(branch_id=second.pk)] == [two.pk]


def test_a_repeat_read_costs_no_query(django_assert_num_queries):
    branch = BranchFactory()
    reviewer = staff_member(branch=branch)
    case_desk_memberships_for_user(user=reviewer)
    place_member_names(branch_id=branch.pk)
    with django_assert_num_queries(0):
        assert case_desk_memberships_for_user(user=reviewer)[0].branch.name == branch.name
        assert place_member_names(branch_id=branch.pk)[0][0] == reviewer.pk


def test_the_version_is_renewed_again_when_the_change_commits(
    django_capture_on_commit_callbacks,
):
    before = staff_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        staff_version_renew()
        at_save = staff_version()
    assert at_save != before
    for callback in callbacks:
        callback()
    assert staff_version() not in (before, at_save)
