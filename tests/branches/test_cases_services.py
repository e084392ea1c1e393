"""Case services: the whole life of a case, the rules staff work under, and what is refused."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from branches.models import Case, CaseEvent, CaseStatus, Holiday, StaffRole, Survey
from branches.registry import CaseKind, case_kind_get, case_kind_register, case_kind_unregister
from branches.services import cases as services
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory
from tests.branches.factories_cases import (
    TEST_KIND,
    CaseFactory,
    declared_test_kind,
    pdf_upload,
    png_upload,
    staff_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kind(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    with declared_test_kind() as declared:
        yield declared


@pytest.fixture
def branch():
    return BranchFactory()


@pytest.fixture
def applicant():
    return UserFactory()


def draft_for(applicant, branch):
    return services.case_create_draft(
        applicant=applicant,
        kind=TEST_KIND,
        subject="درخواست بررسی سوابق",
        payload={"branch_code": branch.code, "workshop": "1234567890"},
    )


def messages_to(user, key: str) -> set[str]:
    return set(
        Notification.objects.filter(user=user, template_key=key).values_list("channel", flat=True)
    )


def test_a_case_goes_through_every_state_and_the_applicant_hears_of_each(kind, branch, applicant):
    _kind, decisions = kind
    reviewer = staff_member(branch=branch)

    # Given a draft with one of its two required documents
    case = draft_for(applicant, branch)
    assert case.status == CaseStatus.DRAFT
    assert len(case.tracking_code) == 14
    assert case.tracking_code.isdigit()
    services.case_document_add(
        case=case, uploaded_by=applicant, document_type="national_card", upload=png_upload()
    )

    # When the applicant submits it, it is held, not forwarded
    case = services.case_submit(case=case, actor=applicant)
    assert case.status == CaseStatus.SUBMITTED
    assert case.forwarded_at is None
    assert messages_to(applicant, "case_held") == {"sms", "inbox"}

    # When the last required document arrives, it is forwarded with a due date
    services.case_document_add(
        case=case, uploaded_by=applicant, document_type="payslip", upload=pdf_upload(pages=2)
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.FORWARDED
    assert case.due_date is not None
    assert case.due_date > timezone.localdate()
    assert messages_to(applicant, "case_forwarded") == {"sms", "inbox"}

    # A reviewer starts the review (and so becomes the named official)
    case = services.case_start_review(case=case, actor=reviewer)
    assert case.status == CaseStatus.UNDER_REVIEW
    assert case.assigned_to == reviewer

    # The reviewer asks for more; the applicant answers with a note and a document
    services.case_request_info(
        case=case, actor=reviewer, reason="تصویر صفحه دوم شناسنامه لازم است."
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.NEEDS_INFO
    assert messages_to(applicant, "case_needs_info") == {"sms", "inbox"}
    services.case_answer_info(
        case=case,
        applicant=applicant,
        note="تصویر صفحه دوم پیوست شد.",
        documents=[("other", pdf_upload("shenasnameh.pdf"))],
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW
    assert case.documents.count() == 3

    # The reviewer accepts it with a reason
    services.case_decide(
        case=case, actor=reviewer, status=CaseStatus.ACCEPTED, reason="مدارک کامل و درست است."
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    assert case.decided_by == reviewer
    assert case.decided_at is not None
    assert case.status_reason == "مدارک کامل و درست است."

    # Then the kind's callback ran, a survey is waiting, the applicant was told
    assert decisions == [(case.pk, CaseStatus.ACCEPTED)]
    assert Survey.objects.filter(case=case, respondent=applicant).exists()
    decided = Notification.objects.get(user=applicant, template_key="case_decided", channel="sms")
    assert case.tracking_code in decided.body or "پذیرفته شد" in decided.body
    # and every step is in the history and the audit log
    steps = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert steps == [
        "created",
        "document_added",
        "held",
        "document_added",
        "forwarded",
        "review_started",
        "info_requested",
        "document_added",
        "answered",
        "decided",
    ]
    audited = set(
        AuditLog.objects.filter(target_type="branches.case", target_id=str(case.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"case.created", "case.held", "case.forwarded", "case.decided"} <= audited


def test_a_complete_draft_is_forwarded_at_once(branch, applicant):
    case = draft_for(applicant, branch)
    services.case_document_add(
        case=case, uploaded_by=applicant, document_type="national_card", upload=png_upload()
    )
    services.case_document_add(
        case=case, uploaded_by=applicant, document_type="payslip", upload=pdf_upload()
    )

    case = services.case_submit(case=case, actor=applicant)

    assert case.status == CaseStatus.FORWARDED
    assert not Notification.objects.filter(template_key="case_held").exists()


def test_submitting_a_held_case_again_names_what_is_still_missing(branch, applicant):
    case = draft_for(applicant, branch)
    services.case_submit(case=case, actor=applicant)

    with pytest.raises(ApplicationError) as error:
        services.case_submit(case=case, actor=applicant)

    assert "فیش حقوقی" in error.value.message
    assert error.value.extra["missing"] == ["national_card", "payslip"]


@time_machine.travel(dt.datetime(2026, 10, 7, 9, 0, tzinfo=dt.UTC), tick=False)
def test_the_due_date_counts_working_days_around_friday_and_holidays(branch, applicant):
    # Given Wednesday 2026-10-07 (Mehr 1405: no official holiday), a holiday announced for
    # Saturday the 10th, SLA of 5 working days
    Holiday.objects.create(date=dt.date(2026, 10, 10), title="تعطیل")
    case = draft_for(applicant, branch)
    for document_type in ("national_card", "payslip"):
        services.case_document_add(
            case=case, uploaded_by=applicant, document_type=document_type, upload=png_upload()
        )

    case = services.case_submit(case=case, actor=applicant)

    # Thu 8, (Fri 9 off), (Sat 10 holiday), Sun 11, Mon 12, Tue 13, Wed 14
    assert case.due_date == dt.date(2026, 10, 14)


def test_a_decision_without_a_reason_is_refused_and_changes_nothing(branch):
    reviewer = staff_member(branch=branch)
    case = CaseFactory(branch=branch, status=CaseStatus.UNDER_REVIEW, assigned_to=reviewer)

    with pytest.raises(ApplicationError) as error:
        services.case_decide(case=case, actor=reviewer, status=CaseStatus.REJECTED, reason="  ")

    assert error.value.code == "case_reason_required"
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW
    assert not CaseEvent.objects.filter(case=case).exists()


def test_staff_of_another_branch_cannot_act_on_the_case(branch):
    other_head = staff_member(branch=BranchFactory(), role=StaffRole.HEAD)
    case = CaseFactory(branch=branch)

    for action in (
        lambda: services.case_start_review(case=case, actor=other_head),
        lambda: services.case_assign(case=case, actor=other_head, assignee=other_head),
        lambda: services.case_decide(
            case=case, actor=other_head, status=CaseStatus.CLOSED, reason="بسته شد چون تکراری است"
        ),
    ):
        with pytest.raises(ApplicationError) as error:
            action()
        assert error.value.code == "case_other_branch"
    case.refresh_from_db()
    assert case.status == CaseStatus.FORWARDED
    assert case.assigned_to is None


def test_a_case_in_the_wrong_state_refuses_the_action(branch, applicant):
    reviewer = staff_member(branch=branch)
    case = CaseFactory(branch=branch, applicant=applicant, assigned_to=reviewer)

    # forwarded: not yet under review, so no decision to accept and no request for info
    with pytest.raises(ApplicationError, match="وضعیت کنونی"):
        services.case_decide(
            case=case, actor=reviewer, status=CaseStatus.ACCEPTED, reason="پذیرفته شد کامل"
        )
    with pytest.raises(ApplicationError, match="وضعیت کنونی"):
        services.case_request_info(case=case, actor=reviewer, reason="مدرک بیشتر لازم است")
    with pytest.raises(ApplicationError, match="وضعیت کنونی"):
        services.case_answer_info(case=case, applicant=applicant, note="پاسخ من این است")
    with pytest.raises(ApplicationError, match="وضعیت کنونی"):
        services.case_document_add(
            case=case, uploaded_by=applicant, document_type="other", upload=pdf_upload()
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.FORWARDED


def test_a_decided_case_cannot_be_decided_again(branch):
    head = staff_member(branch=branch, role=StaffRole.HEAD)
    case = CaseFactory(branch=branch, status=CaseStatus.UNDER_REVIEW)
    services.case_decide(case=case, actor=head, status=CaseStatus.REJECTED, reason="سابقه ثبت نشده")

    with pytest.raises(ApplicationError):
        services.case_decide(case=case, actor=head, status=CaseStatus.ACCEPTED, reason="تغییر نظر")

    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED


def test_a_reviewer_takes_cases_but_only_the_head_assigns_others(branch):
    reviewer, colleague = staff_member(branch=branch), staff_member(branch=branch)
    head = staff_member(branch=branch, role=StaffRole.HEAD)
    case = CaseFactory(branch=branch)

    # A reviewer may not hand a case to a colleague
    with pytest.raises(ApplicationError, match="رئیس شعبه"):
        services.case_assign(case=case, actor=reviewer, assignee=colleague)
    # but may take it
    services.case_assign(case=case, actor=reviewer, assignee=reviewer)
    case.refresh_from_db()
    assert case.assigned_to == reviewer
    # A colleague may not take it over, nor decide it
    with pytest.raises(ApplicationError):
        services.case_assign(case=case, actor=colleague, assignee=colleague)
    # The head may give it to anyone in the branch, not outside it
    services.case_assign(case=case, actor=head, assignee=colleague)
    case.refresh_from_db()
    assert case.assigned_to == colleague
    outsider = staff_member(branch=BranchFactory())
    with pytest.raises(ApplicationError, match="در این شعبه کار نمی‌کند"):
        services.case_assign(case=case, actor=head, assignee=outsider)
    assert AuditLog.objects.filter(action="case.assigned", target_id=str(case.pk)).count() == 2


def test_only_the_assignee_or_the_head_decides(branch):
    reviewer, colleague = staff_member(branch=branch), staff_member(branch=branch)
    head = staff_member(branch=branch, role=StaffRole.HEAD)
    case = CaseFactory(branch=branch, status=CaseStatus.UNDER_REVIEW, assigned_to=reviewer)

    with pytest.raises(ApplicationError) as error:
        services.case_decide(
            case=case, actor=colleague, status=CaseStatus.ACCEPTED, reason="پذیرفته شد کامل"
        )
    assert error.value.code == "case_not_assignee"

    services.case_decide(case=case, actor=head, status=CaseStatus.CLOSED, reason="درخواست تکراری")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_a_case_waiting_for_the_applicant_can_be_closed_but_not_accepted(branch):
    reviewer = staff_member(branch=branch)
    case = CaseFactory(branch=branch, status=CaseStatus.NEEDS_INFO, assigned_to=reviewer)

    with pytest.raises(ApplicationError):
        services.case_decide(
            case=case, actor=reviewer, status=CaseStatus.ACCEPTED, reason="پذیرفته شد کامل"
        )
    services.case_decide(
        case=case, actor=reviewer, status=CaseStatus.CLOSED, reason="متقاضی پاسخ نداد."
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_a_failing_decision_callback_leaves_the_case_undecided(branch):
    def refuse(case_id: int, status: str) -> None:
        raise ApplicationError("پرونده در سامانه مبدأ پیدا نشد.")

    case_kind_unregister(TEST_KIND)
    case_kind_register(
        CaseKind(
            key=TEST_KIND, label="آزمایشی", route=lambda a, p: p["branch_code"], on_decision=refuse
        )
    )
    head = staff_member(branch=branch, role=StaffRole.HEAD)
    case = CaseFactory(branch=branch, status=CaseStatus.UNDER_REVIEW)

    with pytest.raises(ApplicationError):
        services.case_decide(case=case, actor=head, status=CaseStatus.ACCEPTED, reason="پذیرفته شد")

    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW
    assert not Survey.objects.filter(case=case).exists()
    assert not Notification.objects.filter(template_key="case_decided").exists()


def test_only_the_applicant_uploads_submits_and_answers(branch, applicant):
    stranger = UserFactory()
    case = draft_for(applicant, branch)

    with pytest.raises(ApplicationError, match="متعلق به شما نیست"):
        services.case_submit(case=case, actor=stranger)
    with pytest.raises(ApplicationError, match="متعلق به شما نیست"):
        services.case_document_add(
            case=case, uploaded_by=stranger, document_type="payslip", upload=pdf_upload()
        )


def test_an_unknown_kind_or_branch_is_refused(applicant):
    with pytest.raises(ApplicationError) as error:
        services.case_create_draft(applicant=applicant, kind="no_such_kind", subject="x")
    assert error.value.code == "case_kind_unknown"

    with pytest.raises(ApplicationError) as error:
        services.case_create_draft(
            applicant=applicant, kind=TEST_KIND, subject="x", payload={"branch_code": "nope"}
        )
    assert error.value.code == "case_branch_unknown"
    assert not Case.objects.exists()


def test_the_registry_refuses_a_second_kind_under_the_same_key():
    from django.core.exceptions import ImproperlyConfigured

    declared = case_kind_get(TEST_KIND)
    case_kind_register(declared)  # the same object again is harmless
    with pytest.raises(ImproperlyConfigured):
        case_kind_register(CaseKind(key=TEST_KIND, label="دیگر", route=lambda a, p: 1))
