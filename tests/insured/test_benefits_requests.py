"""Benefit requests: held without documents and forwarded when they arrive (never in a branch
queue before), the branch's acceptance texts the person, refusals change nothing, strangers
get 404."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from branches.models import Case, CaseDocument, CaseStatus
from branches.selectors.cases import case_queue_for_staff
from branches.services.cases import case_decide, case_document_add, case_start_review
from insured.models import Sex
from insured.models.benefits import BenefitKind, BenefitRequest
from insured.services.benefits import benefit_request_file
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory
from tests.branches.factories_cases import pdf_upload, staff_member, upload
from tests.insured.factories_benefits import (
    LAST_MONTHS,
    all_documents,
    full_years,
    jdate,
    person_with_account,
)

pytestmark = pytest.mark.django_db

SICKNESS = {"start_date": jdate(1403, 1, 10), "days_off": 10}


@pytest.fixture
def sms_outbox(settings, tmp_path):
    settings.SMS_OUTBOX_DIR = tmp_path / "outbox"
    settings.SMS_BACKEND = "notifications.providers.FileSMSProvider"
    return settings.SMS_OUTBOX_DIR


def _queue(branch):
    head = staff_member(branch=branch, role="head")
    return head, list(case_queue_for_staff(user=head, branch_id=branch.pk))


def test_a_request_without_documents_is_held_and_forwarded_when_they_arrive():
    # given an eligible person who files without any document
    user, person, branch = person_with_account(wages=LAST_MONTHS)
    row = benefit_request_file(user=user, person=person, kind=BenefitKind.SICKNESS, facts=SICKNESS)
    case = Case.objects.get(pk=row.case_id)
    # then the request is saved but held: not in the branch's queue, no answer date yet
    assert case.status == CaseStatus.SUBMITTED
    assert case.due_date is None
    head, queue = _queue(branch)
    assert queue == []
    # when the first document arrives it is still held
    case_document_add(
        case=case, uploaded_by=user, document_type="medical_certificate", upload=pdf_upload()
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert list(case_queue_for_staff(user=head, branch_id=branch.pk)) == []
    # and when the last one arrives it is forwarded with its promised answer date
    case_document_add(
        case=case, uploaded_by=user, document_type="employer_certificate", upload=pdf_upload()
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.FORWARDED
    assert case.due_date is not None
    assert [c.pk for c in case_queue_for_staff(user=head, branch_id=branch.pk)] == [case.pk]


def test_the_case_carries_the_amount_and_facts_for_staff():
    user, person, branch = person_with_account(wages=LAST_MONTHS)
    row = benefit_request_file(
        user=user,
        person=person,
        kind=BenefitKind.SICKNESS,
        facts=SICKNESS,
        documents=all_documents(BenefitKind.SICKNESS),
    )
    case = Case.objects.get(pk=row.case_id)
    # then it went straight to the branch of the person's last workshop, with the figures
    assert case.status == CaseStatus.FORWARDED
    assert case.kind == "insured_benefit_sickness"
    assert case.branch == branch
    assert case.payload["amount"] == 10_785_194 == row.amount
    assert case.payload["daily_amount"] == 1_540_742
    assert case.payload["days"] == 7
    assert case.payload["start_date"] == "2024-03-29"
    assert case.payload["hospitalized"] == "خیر"
    assert case.payload["sheba"] == row.sheba
    assert "۲٬۳۱۱٬۱۱۲" in case.payload["working"]
    assert row.steps
    assert row.terms_year == 1403
    assert AuditLog.objects.filter(action="insured.benefit_requested", target_id=str(row.pk))


def test_staff_accept_and_the_person_gets_an_sms(
    client, sms_outbox, django_capture_on_commit_callbacks
):
    # given a complete marriage allowance request
    wages = full_years(1401, 1402, 3_000_000) | {(1403, 1): 3_000_000}
    user, person, branch = person_with_account(wages=wages)
    row = benefit_request_file(
        user=user,
        person=person,
        kind=BenefitKind.MARRIAGE,
        facts={"marriage_date": jdate(1403, 1, 15), "first_marriage": True},
        documents=all_documents(BenefitKind.MARRIAGE),
    )
    case = Case.objects.get(pk=row.case_id)
    reviewer = staff_member(branch=branch)
    # when the reviewer reads the case page, takes it and accepts it through the pages
    client.force_login(reviewer)
    page = client.get(reverse("branches:case_detail_staff", args=[case.pk])).content.decode()
    assert "مبلغ محاسبه‌شده" in page
    assert "۹۱٬۲۵۰٬۰۰۰" in page
    assert "تاریخ ازدواج" in page
    assert "۱۴۰۳/۰۱/۱۵" in page
    client.post(reverse("branches:case_start_review", args=[case.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("branches:case_decide", args=[case.pk]),
            {"status": CaseStatus.ACCEPTED, "reason": "سند ازدواج و سوابق بررسی شد"},
        )
    # then the request is accepted for payment
    row.refresh_from_db()
    assert row.state == BenefitRequest.State.ACCEPTED
    assert row.decided_at is not None
    assert AuditLog.objects.filter(action="insured.benefit_decided", target_id=str(row.pk))
    # and the SMS reached the outbox, with the inbox message
    messages = [json.loads(p.read_text(encoding="utf-8")) for p in sms_outbox.glob("*.json")]
    decided = [m for m in messages if "پذیرفته شد" in m["body"]]
    assert decided
    assert decided[0]["to"] == user.mobile
    assert "کمک‌هزینه ازدواج" in decided[0]["body"]
    assert Notification.objects.filter(user=user, channel="inbox", template_key="case_decided")


def test_a_rejected_request_may_be_filed_again_but_not_a_live_one():
    wages = full_years(1401, 1402, 3_000_000) | {(1403, 1): 3_000_000}
    user, person, branch = person_with_account(wages=wages)
    facts = {"marriage_date": jdate(1403, 1, 15), "first_marriage": True}
    docs = all_documents(BenefitKind.MARRIAGE)
    row = benefit_request_file(
        user=user, person=person, kind=BenefitKind.MARRIAGE, facts=facts, documents=docs
    )
    # when filed again while the first is pending: refused, nothing added
    with pytest.raises(ApplicationError) as error:
        benefit_request_file(user=user, person=person, kind=BenefitKind.MARRIAGE, facts=facts)
    assert error.value.code == "benefit_not_eligible"
    assert row.tracking_code in error.value.message
    assert Case.objects.count() == 1
    # and once the branch rejects it, the person may file again
    head = staff_member(branch=branch, role="head")
    case = Case.objects.get(pk=row.case_id)
    case_start_review(case=case, actor=head)
    case_decide(case=case, actor=head, status=CaseStatus.REJECTED, reason="سند ازدواج ناخوانا بود")
    row.refresh_from_db()
    assert row.state == BenefitRequest.State.REJECTED
    again = benefit_request_file(user=user, person=person, kind=BenefitKind.MARRIAGE, facts=facts)
    assert again.pk != row.pk


def test_not_eligible_refused_and_nothing_stored():
    user, person, _branch = person_with_account(wages=LAST_MONTHS)
    with pytest.raises(ApplicationError) as error:
        benefit_request_file(
            user=user,
            person=person,
            kind=BenefitKind.SICKNESS,
            facts={"start_date": jdate(1403, 1, 10), "days_off": 2},
        )
    assert "از روز ۴" in error.value.message
    assert not Case.objects.exists()
    assert not BenefitRequest.objects.exists()


def test_a_bad_file_changes_nothing():
    user, person, _branch = person_with_account(wages=LAST_MONTHS)
    bad = upload("nameh.pdf", b"not a pdf at all")
    with pytest.raises(ApplicationError) as error:
        benefit_request_file(
            user=user,
            person=person,
            kind=BenefitKind.SICKNESS,
            facts=SICKNESS,
            documents=[("medical_certificate", pdf_upload()), ("employer_certificate", bad)],
        )
    assert error.value.extra["field"] == "employer_certificate"
    assert not Case.objects.exists()
    assert not CaseDocument.objects.exists()
    assert not BenefitRequest.objects.exists()


def test_without_a_bank_account_nothing_is_filed():
    user, person, _branch = person_with_account(wages=LAST_MONTHS)
    person.bank_accounts.update(is_active=False)
    with pytest.raises(ApplicationError) as error:
        benefit_request_file(user=user, person=person, kind=BenefitKind.SICKNESS, facts=SICKNESS)
    assert error.value.code == "benefit_no_account"
    assert not Case.objects.exists()


def test_someone_elses_bank_account_is_refused():
    user, person, _branch = person_with_account(wages=LAST_MONTHS)
    _other_user, other, _ = person_with_account()
    with pytest.raises(ApplicationError):
        benefit_request_file(
            user=user,
            person=person,
            kind=BenefitKind.SICKNESS,
            facts=SICKNESS,
            bank_account_id=other.bank_accounts.get().pk,
        )
    assert not Case.objects.exists()


def test_filing_for_another_person_is_refused():
    user, _person, _branch = person_with_account(wages=LAST_MONTHS)
    _other_user, other, _ = person_with_account(wages=LAST_MONTHS)
    with pytest.raises(ApplicationError):
        benefit_request_file(user=user, person=other, kind=BenefitKind.SICKNESS, facts=SICKNESS)
    assert not Case.objects.exists()


def test_a_funeral_request_goes_to_the_deceaseds_branch_once_per_deceased():
    # given a deceased insured at one branch and two heirs living near another
    deceased_branch, home_branch = BranchFactory(), BranchFactory()
    _u, deceased, _b = person_with_account(branch=deceased_branch, wages=LAST_MONTHS)
    facts = {
        "deceased_national_code": deceased.national_code,
        "death_date": jdate(1403, 2, 5),
        "relation": "child",
    }
    heir_user, heir, _b = person_with_account(branch=home_branch)
    row = benefit_request_file(user=heir_user, person=heir, kind=BenefitKind.FUNERAL, facts=facts)
    case = Case.objects.get(pk=row.case_id)
    assert case.branch == deceased_branch
    assert case.payload["deceased_name"] == "مریم رضایی"
    assert case.payload["relation"] == "فرزند"
    # then a second heir is told it was requested, without anyone's tracking code
    other_user, other_heir, _b = person_with_account(branch=home_branch)
    with pytest.raises(ApplicationError) as error:
        benefit_request_file(
            user=other_user, person=other_heir, kind=BenefitKind.FUNERAL, facts=facts
        )
    assert "پیش‌تر برای همین مورد درخواست شده" in error.value.message
    assert row.tracking_code not in error.value.message


def test_a_stranger_cannot_open_a_request(client):
    user, person, _branch = person_with_account(wages=LAST_MONTHS, sex=Sex.FEMALE)
    row = benefit_request_file(
        user=user,
        person=person,
        kind=BenefitKind.MATERNITY,
        facts={"leave_start": jdate(1403, 1, 5)},
    )
    # the owner sees it
    client.force_login(user)
    assert client.get(reverse("insured:benefit_request", args=[row.pk])).status_code == 200
    # a stranger (insured or not) gets 404, on the page and the case page alike
    stranger, _stranger_person, _ = person_with_account()
    for someone in (stranger, UserFactory()):
        client.force_login(someone)
        assert client.get(reverse("insured:benefit_request", args=[row.pk])).status_code == 404
        assert client.get(reverse("branches:my_case_detail", args=[row.case_id])).status_code == 404
