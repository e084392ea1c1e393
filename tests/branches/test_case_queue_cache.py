"""The staff queue page is cached per place, version, day, filters and page (views/cases.py):
every change to one of the place's cases shows on the next request, places and people never
share a page, and the overdue marks follow the calendar."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from branches.models import CaseStatus, StaffMembership, StaffRole
from branches.selectors.cases import case_queue_forget, case_queue_version
from branches.services import cases as case_services
from tests.branches.factories import AgencyFactory, BranchFactory
from tests.branches.factories_cases import CaseFactory, staff_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("case_kind_declared")]


def queue(client, branch, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"branch": branch.pk, **params}.items())
    response = client.get(f"{reverse('branches:case_queue')}?{query}")
    assert response.status_code == 200
    return response.content.decode()


def rows(body: str) -> int:
    return body.count('class="case-row')


def test_a_new_case_shows_on_the_next_view(client):
    branch = BranchFactory()
    CaseFactory(branch=branch, subject="نخستین")
    client.force_login(staff_member(branch=branch))
    assert rows(queue(client, branch)) == 1

    CaseFactory(branch=branch, subject="تازه‌رسیده")

    body = queue(client, branch)
    assert rows(body) == 2
    assert "تازه‌رسیده" in body


def test_assigning_and_deciding_show_at_once(client):
    branch = BranchFactory()
    head = staff_member(branch=branch, role=StaffRole.HEAD, first_name="مریم", last_name="کاظمی")
    case = CaseFactory(branch=branch)
    client.force_login(head)
    assert "تعیین نشده" in queue(client, branch)

    case = case_services.case_assign(case=case, actor=head, assignee=head)
    assert "مریم کاظمی" in queue(client, branch)

    case = case_services.case_start_review(case=case, actor=head)
    case_services.case_decide(
        case=case, actor=head, status=CaseStatus.ACCEPTED, reason="مدارک کامل است."
    )
    assert rows(queue(client, branch)) == 0


def test_two_branches_never_share_a_page(client):
    first, second = BranchFactory(), BranchFactory()
    CaseFactory(branch=first, subject="پرونده شعبه یکم")
    CaseFactory(branch=second, subject="پرونده شعبه دوم")
    person = staff_member(branch=first)
    StaffMembership.objects.create(user=person, branch=second, role=StaffRole.REVIEWER)
    client.force_login(person)

    assert "پرونده شعبه یکم" in queue(client, first)
    body = queue(client, second)
    assert "پرونده شعبه دوم" in body
    assert "پرونده شعبه یکم" not in body


def test_assigned_to_me_is_each_persons_own(client):
    branch = BranchFactory()
    one = staff_member(branch=branch)
    two = staff_member(branch=branch)
    CaseFactory(branch=branch, assigned_to=one, subject="کار یکم")
    CaseFactory(branch=branch, assigned_to=two, subject="کار دوم")

    client.force_login(one)
    assert "کار یکم" in queue(client, branch, assigned="mine")
    client.force_login(two)
    body = queue(client, branch, assigned="mine")
    assert "کار دوم" in body
    assert "کار یکم" not in body


def test_a_filter_never_reads_the_unfiltered_page(client):
    branch = BranchFactory()
    today = timezone.localdate()
    CaseFactory(branch=branch, due_date=today - dt.timedelta(days=1), subject="گذشته")
    CaseFactory(branch=branch, due_date=today + dt.timedelta(days=5), subject="به‌موقع")
    client.force_login(staff_member(branch=branch))
    assert rows(queue(client, branch)) == 2

    body = queue(client, branch, sla="overdue")
    assert rows(body) == 1
    assert "به‌موقع" not in body


def test_overdue_marks_follow_the_day(client):
    branch = BranchFactory()
    today = timezone.localdate()
    CaseFactory(branch=branch, due_date=today + dt.timedelta(days=1))
    reviewer = staff_member(branch=branch)
    client.force_login(reviewer)
    assert "table-danger" not in queue(client, branch)

    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        client.force_login(reviewer)  # the first session has idled out by then
        assert "table-danger" in queue(client, branch)


def test_the_version_is_renewed_again_when_the_change_commits(
    django_capture_on_commit_callbacks,
):
    # A request that read the old rows between the save and the commit stored its page under
    # the version of the save; the commit's renewal leaves that page unread.
    branch = BranchFactory()
    before = case_queue_version(branch_id=branch.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case_queue_forget(branch_id=branch.pk, agency_id=None)
        at_save = case_queue_version(branch_id=branch.pk)
    assert at_save != before
    for callback in callbacks:
        callback()
    assert case_queue_version(branch_id=branch.pk) not in (before, at_save)


def test_a_case_routed_to_an_agency_renews_the_agency_and_its_branch():
    branch = BranchFactory()
    agency = AgencyFactory(branch=branch)
    at_branch = case_queue_version(branch_id=branch.pk)
    at_agency = case_queue_version(agency_id=agency.pk)
    other = BranchFactory()
    at_other = case_queue_version(branch_id=other.pk)

    CaseFactory(branch=branch, agency=agency)

    assert case_queue_version(branch_id=branch.pk) != at_branch
    assert case_queue_version(agency_id=agency.pk) != at_agency
    assert case_queue_version(branch_id=other.pk) == at_other
