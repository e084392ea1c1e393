"""Agencies review cases in the same queue as branches: a membership at an agency, cases routed
to an agency (`AgencyTarget`), the queue and the case pages for agency staff — each sees only
their agency's cases; a branch's staff never see the cases routed to its agencies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from branches.models import Case, CaseStatus, StaffMembership, StaffRole
from branches.registry import AgencyTarget, CaseKind, case_kind_register, case_kind_unregister
from branches.selectors.cases import (
    case_get_for_staff,
    case_queue_for_staff,
    case_queue_forget,
    unassigned_open_count,
    workload_per_reviewer,
)
from branches.selectors.documents import case_document_get_for_user
from branches.selectors.staff import (
    agency_memberships_for_user,
    case_desk_memberships_for_user,
    staff_memberships_for_user,
)
from branches.services import cases as case_services
from branches.services.directory import agency_staff_membership_grant
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tests.accounts.factories import UserFactory
from tests.branches.factories import AgencyFactory, BranchFactory
from tests.branches.factories_cases import CaseFactory, pdf_upload, staff_member

pytestmark = pytest.mark.django_db

AGENCY_KIND = "test_agency_request"


@contextmanager
def declared_agency_kind(*, medical_documents: bool = False) -> Iterator[CaseKind]:
    """A kind routed to the agency named by payload["agency_code"]."""
    kind = CaseKind(
        key=AGENCY_KIND,
        label="درخواست آزمایشی کارگزاری",
        required_documents=(("invoice", "صورتحساب"),),
        route=lambda applicant, payload: AgencyTarget(
            payload["agency_code"], medical_documents=medical_documents
        ),
        sla_working_days=5,
    )
    case_kind_register(kind)
    try:
        yield kind
    finally:
        case_kind_unregister(AGENCY_KIND)


@pytest.fixture(autouse=True)
def _kind(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    with declared_agency_kind():
        yield


def agency_member(*, agency, role: str = StaffRole.REVIEWER):
    user = UserFactory(is_staff=True, roles=["staff"])
    agency_staff_membership_grant(user=user, agency=agency, role=role)
    return user


def agency_case(*, agency, **fields) -> Case:
    """An open case routed to `agency` (its branch the supervising one)."""
    return CaseFactory(
        kind=AGENCY_KIND,
        branch=agency.branch,
        agency=agency,
        payload={"agency_code": agency.code},
        **fields,
    )


# --- memberships --------------------------------------------------------------------------


def test_a_membership_is_at_a_branch_or_an_agency_never_both_nor_neither():
    agency = AgencyFactory()
    user = UserFactory(is_staff=True)
    both = StaffMembership(user=user, branch=agency.branch, agency=agency)
    neither = StaffMembership(user=user)
    for membership in (both, neither):
        with pytest.raises(ValidationError):
            membership.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            membership.save()


def test_agency_staff_are_not_branch_staff():
    agency = AgencyFactory()
    member = agency_member(agency=agency)

    assert not staff_memberships_for_user(user=member).exists()
    assert [m.agency_id for m in agency_memberships_for_user(user=member)] == [agency.pk]
    assert [m.agency_id for m in case_desk_memberships_for_user(user=member)] == [agency.pk]


def test_granting_refuses_a_non_staff_account_and_an_inactive_agency():
    with pytest.raises(ApplicationError):
        agency_staff_membership_grant(user=UserFactory(), agency=AgencyFactory())
    with pytest.raises(ApplicationError):
        agency_staff_membership_grant(
            user=UserFactory(is_staff=True), agency=AgencyFactory(is_active=False)
        )
    assert not StaffMembership.objects.exists()


# --- routing ------------------------------------------------------------------------------


def test_a_kind_routed_to_an_agency_sets_the_agency_and_its_supervising_branch():
    agency = AgencyFactory()
    case = case_services.case_create_draft(
        applicant=UserFactory(),
        kind=AGENCY_KIND,
        subject="درخواست",
        payload={"agency_code": agency.code},
    )
    assert case.agency == agency
    assert case.branch == agency.branch


def test_an_inactive_agency_or_an_agency_of_an_inactive_branch_is_refused():
    for agency in (AgencyFactory(is_active=False), AgencyFactory(branch__is_active=False)):
        with pytest.raises(ApplicationError) as refused:
            case_services.case_create_draft(
                applicant=UserFactory(),
                kind=AGENCY_KIND,
                subject="درخواست",
                payload={"agency_code": agency.code},
            )
        assert refused.value.code == "case_agency_unknown"
    assert not Case.objects.exists()


def test_a_medical_documents_target_refuses_an_agency_not_accepting_them():
    case_kind_unregister(AGENCY_KIND)
    with declared_agency_kind(medical_documents=True):
        refusing = AgencyFactory(accepts_medical_documents=False)
        accepting = AgencyFactory(accepts_medical_documents=True)
        with pytest.raises(ApplicationError) as refused:
            case_services.case_create_draft(
                applicant=UserFactory(),
                kind=AGENCY_KIND,
                subject="سند",
                payload={"agency_code": refusing.code},
            )
        assert refused.value.code == "case_agency_no_medical_documents"
        assert not Case.objects.exists()
        case = case_services.case_create_draft(
            applicant=UserFactory(),
            kind=AGENCY_KIND,
            subject="سند",
            payload={"agency_code": accepting.code},
        )
        assert case.agency == accepting


# --- who sees what ------------------------------------------------------------------------


def test_agency_staff_see_only_their_agencys_cases():
    agency = AgencyFactory()
    sister = AgencyFactory(branch=agency.branch)  # another agency of the same branch
    member = agency_member(agency=agency)
    mine = agency_case(agency=agency)
    theirs = agency_case(agency=sister)
    branchs = CaseFactory(branch=agency.branch)
    agency_case(agency=agency, status=CaseStatus.SUBMITTED)  # held: not at the agency yet

    assert list(case_queue_for_staff(user=member, agency_id=agency.pk)) == [mine]
    assert case_get_for_staff(user=member, case_id=mine.pk) == mine
    for other in (theirs, branchs):
        with pytest.raises(Http404):
            case_get_for_staff(user=member, case_id=other.pk)
    with pytest.raises(Http404):
        case_queue_for_staff(user=member, agency_id=sister.pk)
    with pytest.raises(Http404):
        case_queue_for_staff(user=member, branch_id=agency.branch_id)
    with pytest.raises(Http404):
        case_queue_for_staff(user=member)


def test_the_supervising_branchs_staff_do_not_see_its_agencies_cases():
    agency = AgencyFactory()
    head = staff_member(branch=agency.branch, role=StaffRole.HEAD)
    routed = agency_case(agency=agency)
    own = CaseFactory(branch=agency.branch)

    assert list(case_queue_for_staff(user=head, branch_id=agency.branch_id)) == [own]
    assert unassigned_open_count(branch_id=agency.branch_id) == 1
    with pytest.raises(Http404):
        case_get_for_staff(user=head, case_id=routed.pk)
    with pytest.raises(ApplicationError):
        case_services.case_start_review(case=routed, actor=head)
    routed.refresh_from_db()
    assert routed.status == CaseStatus.FORWARDED


def test_an_inactive_agency_membership_sees_nothing():
    agency = AgencyFactory()
    member = agency_member(agency=agency)
    case = agency_case(agency=agency)
    StaffMembership.objects.filter(user=member).update(is_active=False)
    with pytest.raises(Http404):
        case_get_for_staff(user=member, case_id=case.pk)
    with pytest.raises(Http404):
        case_queue_for_staff(user=member, agency_id=agency.pk)


def test_the_agency_queue_is_one_query_whatever_its_length(django_assert_num_queries):
    agency = AgencyFactory()
    member = agency_member(agency=agency)
    for days in range(30):
        agency_case(agency=agency, due_date=timezone.localdate() + dt.timedelta(days=days))
    with django_assert_num_queries(2):  # the membership check, then the page of cases
        rows = list(case_queue_for_staff(user=member, agency_id=agency.pk)[:50])
        names = [case.applicant.national_code for case in rows]
    assert len(names) == 30


def test_the_agency_queue_page_costs_the_same_for_1_and_40_cases(
    client, django_assert_max_num_queries
):
    agency = AgencyFactory()
    member = agency_member(agency=agency)
    client.force_login(member)
    agency_case(agency=agency)
    url = f"{reverse('branches:case_queue')}?agency={agency.pk}"
    client.get(url)  # the session's first request writes it; measure the ones after
    case_queue_forget(branch_id=None, agency_id=agency.pk)  # measure a page built anew
    with django_assert_max_num_queries(10) as one:
        client.get(url)
    for _ in range(39):
        agency_case(agency=agency)  # each renews the agency's queue version
    with django_assert_max_num_queries(10) as forty:
        response = client.get(url)
    assert len(forty.captured_queries) == len(one.captured_queries)
    assert response.content.decode().count('class="case-row') == 40
    # A repeat view reads the cached page: no count and no rows
    with django_assert_max_num_queries(10) as again:
        repeat = client.get(url)
    assert len(again.captured_queries) == len(one.captured_queries) - 3
    assert repeat.content.decode().count('class="case-row') == 40


# --- the case pages for agency staff --------------------------------------------------------


def test_agency_staff_work_a_case_through_the_pages(client):
    agency = AgencyFactory(name="کارگزاری نمونه")
    member = agency_member(agency=agency)
    case = agency_case(agency=agency)
    client.force_login(member)

    queue = client.get(reverse("branches:case_queue"))
    assert queue.status_code == 200
    body = queue.content.decode()
    assert "کارگزاری نمونه" in body
    assert f'data-tracking-code="{case.tracking_code}"' in body
    assert f'name="agency" value="{agency.pk}"' in body
    assert "ارسال‌شده به کارگزاری" in body
    assert "ارسال‌شده به شعبه" not in body

    detail = client.get(reverse("branches:case_detail_staff", args=[case.pk]))
    assert detail.status_code == 200
    assert f"?agency={agency.pk}" in detail.content.decode()

    client.post(reverse("branches:case_start_review", args=[case.pk]))
    client.post(
        reverse("branches:case_request_info", args=[case.pk]),
        {"reason": "تصویر صورتحساب خوانا نیست."},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.NEEDS_INFO
    assert case.assigned_to == member
    info = Notification.objects.get(
        user=case.applicant, template_key="case_needs_info", channel="inbox"
    )
    assert "کارگزاری نمونه" in info.body  # the messages name the agency, not the branch

    case.status = CaseStatus.UNDER_REVIEW
    case.save(update_fields=["status"])
    response = client.post(
        reverse("branches:case_decide", args=[case.pk]),
        {"status": "rejected", "reason": "مدارک با نسخه همخوانی ندارد."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED


def test_case_pages_are_404_for_another_agency_and_for_the_branch(client):
    agency = AgencyFactory()
    case = agency_case(agency=agency)
    strangers = (
        agency_member(agency=AgencyFactory(branch=agency.branch)),
        staff_member(branch=agency.branch, role=StaffRole.HEAD),
    )
    for stranger in strangers:
        client.force_login(stranger)
        assert client.get(reverse("branches:case_detail_staff", args=[case.pk])).status_code == 404
        assert client.post(reverse("branches:case_start_review", args=[case.pk])).status_code == 404
        assert client.get(f"{reverse('branches:case_queue')}?agency={agency.pk}").status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.FORWARDED


def test_agency_staff_get_404_on_branch_only_staff_pages(client):
    member = agency_member(agency=AgencyFactory())
    client.force_login(member)
    assert client.get(reverse("branches:staff_checkin")).status_code == 404
    assert client.get(reverse("branches:case_queue")).status_code == 200


def test_the_agency_head_assigns_and_reads_the_workload(client):
    agency = AgencyFactory()
    head = agency_member(agency=agency, role=StaffRole.HEAD)
    reviewer = agency_member(agency=agency)
    outsider = staff_member(branch=agency.branch)
    case = agency_case(agency=agency)
    client.force_login(head)

    client.post(reverse("branches:case_assign", args=[case.pk]), {"assignee": str(outsider.pk)})
    case.refresh_from_db()
    assert case.assigned_to is None  # not a member of the agency
    client.post(reverse("branches:case_assign", args=[case.pk]), {"assignee": str(reviewer.pk)})
    case.refresh_from_db()
    assert case.assigned_to == reviewer

    rows = {row.user_id: row.open_cases for row in workload_per_reviewer(agency_id=agency.pk)}
    assert rows == {head.pk: 0, reviewer.pk: 1}
    page = client.get(f"{reverse('branches:workload')}?agency={agency.pk}")
    assert page.status_code == 200


def test_agency_staff_download_their_cases_documents_only():
    agency = AgencyFactory()
    member = agency_member(agency=agency)
    applicant = UserFactory()
    case = case_services.case_create_draft(
        applicant=applicant, kind=AGENCY_KIND, subject="سند", payload={"agency_code": agency.code}
    )
    document = case_services.case_document_add(
        case=case, uploaded_by=applicant, document_type="invoice", upload=pdf_upload()
    )
    # Held as a draft: not the agency's yet
    with pytest.raises(Http404):
        case_document_get_for_user(user=member, document_id=document.pk)
    case_services.case_submit(case=case, actor=applicant)
    assert case_document_get_for_user(user=member, document_id=document.pk) == document
    for stranger in (
        agency_member(agency=AgencyFactory()),
        staff_member(branch=agency.branch, role=StaffRole.HEAD),
    ):
        with pytest.raises(Http404):
            case_document_get_for_user(user=stranger, document_id=document.pk)


def test_a_branch_queue_keeps_working_for_a_person_with_a_branch_and_an_agency(client):
    branch = BranchFactory(name="شعبه مرکزی")
    agency = AgencyFactory(name="کارگزاری کناری")
    user = staff_member(branch=branch)
    agency_staff_membership_grant(user=user, agency=agency)
    CaseFactory(branch=branch, subject="پرونده شعبه")
    agency_case(agency=agency, subject="پرونده کارگزاری")
    client.force_login(user)

    branch_page = client.get(reverse("branches:case_queue")).content.decode()
    agency_page = client.get(
        f"{reverse('branches:case_queue')}?agency={agency.pk}"
    ).content.decode()

    assert "پرونده شعبه" in branch_page
    assert "پرونده کارگزاری" not in branch_page
    assert f"?agency={agency.pk}" in branch_page  # a link to the other queue
    assert "پرونده کارگزاری" in agency_page
    assert "پرونده شعبه" not in agency_page
