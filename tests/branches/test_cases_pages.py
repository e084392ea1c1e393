"""Staff review queue and the applicant's case pages, through the pages people use."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from branches.models import Case, CaseStatus, StaffRole
from branches.selectors.cases import (
    CaseQueueFilters,
    case_get_for_applicant,
    case_get_for_staff,
    case_queue_for_staff,
    case_queue_forget,
    workload_per_reviewer,
)
from branches.services.calendar import is_working_day, working_days_add
from notifications.models import Notification
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory, HolidayFactory
from tests.branches.factories_cases import CaseFactory, declared_test_kind, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kind(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    with declared_test_kind():
        yield


@pytest.fixture
def branch():
    return BranchFactory()


def queue_url(branch=None, **params) -> str:
    query = "&".join(
        f"{k}={v}" for k, v in {"branch": branch.pk if branch else "", **params}.items()
    )
    return f"{reverse('branches:case_queue')}?{query}"


# --- the queue --------------------------------------------------------------------------


def test_the_queue_lists_open_cases_of_my_branch_overdue_first(client, branch):
    # Given open cases of my branch (one overdue), a draft, a decided one and another branch's
    today = timezone.localdate()
    later = CaseFactory(branch=branch, due_date=today + dt.timedelta(days=9), subject="دیرتر")
    overdue = CaseFactory(branch=branch, due_date=today - dt.timedelta(days=2), subject="گذشته")
    soon = CaseFactory(branch=branch, due_date=today + dt.timedelta(days=1), subject="نزدیک")
    CaseFactory(branch=branch, status=CaseStatus.DRAFT, subject="پیش‌نویس")
    CaseFactory(branch=branch, status=CaseStatus.ACCEPTED, subject="تمام‌شده")
    CaseFactory(branch=BranchFactory(), subject="شعبه دیگر")
    client.force_login(staff_member(branch=branch))

    # When I open the queue
    response = client.get(reverse("branches:case_queue"))

    # Then I see my branch's open cases, overdue first, then by due date
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert [row.id for row in rows] == [overdue.pk, soon.pk, later.pk]
    body = response.content.decode()
    # Only the overdue row is marked, and its badge says so
    assert (
        f'<tr class="case-row table-danger" data-tracking-code="{overdue.tracking_code}">' in body
    )
    assert f'<tr class="case-row" data-tracking-code="{soon.tracking_code}">' in body
    assert body.count('<span class="badge bg-danger">گذشته از موعد</span>') == 1
    assert "گذشته از موعد" in body
    assert "شعبه دیگر" not in body
    assert "پیش‌نویس" not in body


def test_the_queue_filters_by_status_sla_assignment_and_age(client, branch):
    me = staff_member(branch=branch)
    today = timezone.localdate()
    mine = CaseFactory(branch=branch, assigned_to=me, status=CaseStatus.UNDER_REVIEW)
    overdue = CaseFactory(branch=branch, due_date=today - dt.timedelta(days=1))
    old = CaseFactory(branch=branch, forwarded_at=timezone.now() - dt.timedelta(days=40))
    client.force_login(me)

    def listed(**params):
        page = client.get(queue_url(branch, **params)).context["page"]
        return [Case.objects.get(pk=row.id) for row in page.object_list]

    assert listed(status="under_review") == [mine]
    assert listed(sla="overdue") == [overdue]
    assert listed(assigned="mine") == [mine]
    assert set(listed(assigned="unassigned")) == {overdue, old}
    assert listed(older_than_days="۳۰") == [old]
    assert listed(kind="test_document_request", sla="overdue") == [overdue]


def test_the_queue_shows_fifty_a_page(client, branch):
    CaseFactory.create_batch(51, branch=branch)
    client.force_login(staff_member(branch=branch))

    first = client.get(reverse("branches:case_queue"))
    second = client.get(queue_url(branch, page=2))

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 1


# The session only: the person and roles come from the principal cache, the memberships
# (case_staff_required) and the branch's members (the assignee filter) from the staff cache.
# When the page is built anew, also the membership check, the count and one page of cases with
# applicant and assignee joined.
QUEUE_PAGE_CACHED_QUERIES = 1
QUEUE_PAGE_QUERIES = QUEUE_PAGE_CACHED_QUERIES + 3


def test_the_queue_costs_the_same_queries_for_one_case_and_for_fifty(
    client, branch, django_assert_num_queries
):
    # Given a reviewer whose branch has one case (assigned, so every join is exercised)
    reviewer = staff_member(branch=branch)
    CaseFactory(branch=branch, assigned_to=reviewer)
    client.force_login(reviewer)
    client.get(reverse("branches:case_queue"))  # the first request may touch the session
    case_queue_forget(branch_id=branch.pk, agency_id=None)  # measure a page built anew
    with django_assert_num_queries(QUEUE_PAGE_QUERIES):
        client.get(reverse("branches:case_queue"))

    # When the branch has fifty (each new case renews the branch's queue version)
    CaseFactory.create_batch(49, branch=branch, assigned_to=reviewer)

    # Then the page costs exactly the same number of queries
    with django_assert_num_queries(QUEUE_PAGE_QUERIES):
        response = client.get(reverse("branches:case_queue"))
    assert response.content.decode().count('class="case-row') == 50

    # And a repeat view reads the cached page
    with django_assert_num_queries(QUEUE_PAGE_CACHED_QUERIES):
        again = client.get(reverse("branches:case_queue"))
    assert again.content.decode().count('class="case-row') == 50


def test_people_who_are_not_staff_of_a_branch_get_404(client, branch):
    for person in (UserFactory(), UserFactory(is_staff=True, roles=["staff"])):
        client.force_login(person)
        assert client.get(reverse("branches:case_queue")).status_code == 404


def test_asking_for_another_branch_queue_is_404(client, branch):
    client.force_login(staff_member(branch=branch))

    assert client.get(queue_url(BranchFactory())).status_code == 404


# --- the case page and decisions -------------------------------------------------------


def test_staff_of_another_branch_get_404_on_the_case_and_every_action(client, branch):
    case = CaseFactory(branch=branch, status=CaseStatus.UNDER_REVIEW)
    client.force_login(staff_member(branch=BranchFactory(), role=StaffRole.HEAD))

    assert client.get(reverse("branches:case_detail_staff", args=[case.pk])).status_code == 404
    for name, data in (
        ("branches:case_assign", {"take": "1"}),
        ("branches:case_start_review", {}),
        ("branches:case_request_info", {"reason": "مدرک بیشتر لازم است"}),
        ("branches:case_decide", {"status": "accepted", "reason": "همه چیز درست است"}),
    ):
        assert client.post(reverse(name, args=[case.pk]), data).status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW
    assert case.assigned_to is None


def test_the_case_page_shows_payload_documents_and_history_and_is_audited(client, branch):
    reviewer = staff_member(branch=branch)
    case = CaseFactory(
        branch=branch, payload={"branch_code": branch.code, "workshop": "0012345678"}
    )
    client.force_login(reviewer)

    response = client.get(reverse("branches:case_detail_staff", args=[case.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "۰۰۱۲۳۴۵۶۷۸" in body
    assert "برداشتن پرونده برای خودم" in body
    assert AuditLog.objects.filter(action="case.viewed", actor=reviewer).exists()


def test_a_reviewer_takes_reviews_and_decides_through_the_pages(client, branch):
    reviewer = staff_member(branch=branch)
    case = CaseFactory(branch=branch)
    client.force_login(reviewer)

    client.post(reverse("branches:case_assign", args=[case.pk]), {"take": "1"})
    client.post(reverse("branches:case_start_review", args=[case.pk]))
    response = client.post(
        reverse("branches:case_decide", args=[case.pk]),
        {"status": "rejected", "reason": "سابقه‌ای در این کارگاه ثبت نشده است."},
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED
    assert case.assigned_to == reviewer
    assert Notification.objects.filter(
        user=case.applicant, template_key="case_decided", channel="inbox"
    ).exists()


def test_a_decision_without_a_reason_shows_a_persian_error_and_changes_nothing(client, branch):
    reviewer = staff_member(branch=branch)
    case = CaseFactory(branch=branch, status=CaseStatus.UNDER_REVIEW, assigned_to=reviewer)
    client.force_login(reviewer)

    response = client.post(
        reverse("branches:case_decide", args=[case.pk]), {"status": "accepted", "reason": ""}
    )

    assert response.status_code == 400
    assert "نوشتن دلیل الزامی است." in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW


def test_an_action_in_the_wrong_state_shows_the_reason_and_is_audited(client, branch):
    reviewer = staff_member(branch=branch)
    case = CaseFactory(branch=branch, assigned_to=reviewer)  # forwarded, not under review yet
    client.force_login(reviewer)

    response = client.post(
        reverse("branches:case_request_info", args=[case.pk]),
        {"reason": "مدرک بیشتر لازم است"},
        follow=True,
    )

    assert "این کار در وضعیت کنونی پرونده ممکن نیست." in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.FORWARDED
    assert AuditLog.objects.filter(action="case.staff_action_refused", actor=reviewer).exists()


def test_the_head_sees_workload_per_reviewer_and_reviewers_do_not(client, branch):
    head = staff_member(branch=branch, role=StaffRole.HEAD, first_name="مینا", last_name="رئیسی")
    busy = staff_member(branch=branch, first_name="علی", last_name="پرکار")
    today = timezone.localdate()
    CaseFactory.create_batch(3, branch=branch, assigned_to=busy)
    CaseFactory(branch=branch, assigned_to=busy, due_date=today - dt.timedelta(days=1))
    CaseFactory(branch=branch, assigned_to=busy, status=CaseStatus.ACCEPTED)
    CaseFactory(branch=branch)

    rows = workload_per_reviewer(branch_id=branch.pk)
    assert [(row.user_id, row.open_cases, row.overdue_cases) for row in rows] == [
        (busy.pk, 4, 1),
        (head.pk, 0, 0),
    ]

    client.force_login(head)
    response = client.get(reverse("branches:workload"))
    assert response.status_code == 200
    assert "علی پرکار" in response.content.decode()

    client.force_login(busy)
    assert client.get(reverse("branches:workload")).status_code == 404


# --- selectors with strangers -----------------------------------------------------------


def test_staff_selectors_answer_404_to_strangers(branch):
    case = CaseFactory(branch=branch)
    draft = CaseFactory(branch=branch, status=CaseStatus.DRAFT)
    reviewer = staff_member(branch=branch)
    outsider = staff_member(branch=BranchFactory())

    assert case_get_for_staff(user=reviewer, case_id=case.pk) == case
    with pytest.raises(Http404):
        case_get_for_staff(user=outsider, case_id=case.pk)
    with pytest.raises(Http404):
        case_get_for_staff(user=reviewer, case_id=draft.pk)
    with pytest.raises(Http404):
        case_get_for_staff(user=case.applicant, case_id=case.pk)
    with pytest.raises(Http404):
        case_queue_for_staff(user=outsider, branch_id=branch.pk, filters=CaseQueueFilters())


def test_applicant_selectors_answer_404_to_strangers():
    case = CaseFactory()

    assert case_get_for_applicant(user=case.applicant, case_id=case.pk) == case
    with pytest.raises(Http404):
        case_get_for_applicant(user=UserFactory(), case_id=case.pk)
    with pytest.raises(Http404):
        case_get_for_applicant(user=case.applicant, case_id=case.pk + 999)


# --- the applicant's pages ---------------------------------------------------------------


def test_the_applicant_sees_their_cases_and_answers_a_request_for_information(client, branch):
    case = CaseFactory(
        branch=branch, status=CaseStatus.NEEDS_INFO, status_reason="فیش بهمن لازم است"
    )
    CaseFactory(subject="پرونده کس دیگر")
    client.force_login(case.applicant)

    listing = client.get(reverse("branches:my_cases")).content.decode()
    assert case.subject in listing
    assert "پرونده کس دیگر" not in listing
    detail = client.get(reverse("branches:my_case_detail", args=[case.pk])).content.decode()
    assert "فیش بهمن لازم است" in detail
    assert "پاسخ به درخواست شعبه" in detail

    response = client.post(
        reverse("branches:my_case_answer", args=[case.pk]),
        {"note": "فیش بهمن را پیوست کردم.", "document_type": "payslip"},
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW


def test_the_applicant_submits_a_draft_and_is_told_it_waits_for_documents(client, branch):
    case = CaseFactory(branch=branch, status=CaseStatus.DRAFT, forwarded_at=None, due_date=None)
    client.force_login(case.applicant)

    response = client.post(reverse("branches:my_case_submit", args=[case.pk]), follow=True)

    assert "تا بارگذاری مدارک لازم به شعبه ارسال نمی‌شود" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_someone_else_gets_404_on_the_applicant_pages(client):
    case = CaseFactory(status=CaseStatus.NEEDS_INFO)
    client.force_login(UserFactory())

    assert client.get(reverse("branches:my_case_detail", args=[case.pk])).status_code == 404
    assert client.post(reverse("branches:my_case_submit", args=[case.pk])).status_code == 404
    assert (
        client.post(
            reverse("branches:my_case_answer", args=[case.pk]), {"note": "سلام سلام"}
        ).status_code
        == 404
    )


# --- the calendar -----------------------------------------------------------------------


def test_working_days_skip_fridays_and_holidays():
    wednesday = dt.date(2026, 3, 4)
    assert working_days_add(wednesday, 0) == wednesday
    assert working_days_add(wednesday, 1) == dt.date(2026, 3, 5)  # Thursday works
    assert working_days_add(wednesday, 2) == dt.date(2026, 3, 7)  # Friday skipped
    HolidayFactory(date=dt.date(2026, 3, 7))
    assert not is_working_day(dt.date(2026, 3, 7))
    assert not is_working_day(dt.date(2026, 3, 6))
    assert working_days_add(wednesday, 2) == dt.date(2026, 3, 8)


def test_working_days_cross_a_long_holiday_run():
    # Given thirteen days off in a row, as long as Nowruz, in Mehr 1405 (no official holiday)
    start = dt.date(2026, 10, 1)
    for offset in range(1, 14):
        HolidayFactory(date=start + dt.timedelta(days=offset))

    # Then one working day later is the first day after them
    assert working_days_add(start, 1) == dt.date(2026, 10, 15)
