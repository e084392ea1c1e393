"""Filing a dependent's paper: a case at the pensioner's branch, one live filing per paper and
period, the branch's decision on the filing (and the SMS), refusals that store nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from branches.models import Case, CaseDocument, CaseStatus
from branches.selectors.cases import case_queue_for_staff
from branches.services.cases import case_decide, case_document_add, case_start_review
from notifications.models import Notification
from pensioners.models import DependentObligationFiling
from pensioners.services.dependents import (
    CASE_KIND,
    DOCUMENT_TYPE,
    MAX_DOCUMENTS,
    dependent_obligation_file,
)
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.branches.factories_cases import pdf_upload, staff_member
from tests.pensioners.factories import pensioner_with_account
from tests.pensioners.factories_dependents import TODAY, daughter, son

pytestmark = pytest.mark.django_db

Filing = DependentObligationFiling


@pytest.fixture(autouse=True)
def _on_mehr_15_1405(time_machine):
    time_machine.move_to(TODAY, tick=False)


def _file(user, dependent, **overrides):
    fields = {"kind": "student_certificate", "period_key": "1405-1", "documents": [pdf_upload()]}
    return dependent_obligation_file(user=user, dependent=dependent, **(fields | overrides))


def _nothing_stored():
    return (Filing.objects.count(), Case.objects.count(), CaseDocument.objects.count())


def test_a_filing_with_its_document_reaches_the_pensioners_branch_queue():
    # given a pensioner with a son of 20
    user, pensioner, pension = pensioner_with_account()
    dependent = son(pension)
    reviewer = staff_member(branch=pensioner.branch)
    # when
    filing = _file(user, dependent)
    # then the filing is submitted and its case is forwarded to the paying branch
    assert (filing.kind, filing.period_key, filing.status) == (
        "student_certificate",
        "1405-1",
        "submitted",
    )
    case = Case.objects.get(pk=filing.case_id)
    assert (case.kind, case.status, case.branch_id) == (
        CASE_KIND,
        CaseStatus.FORWARDED,
        pensioner.branch_id,
    )
    assert case.applicant == user
    assert list(case.documents.values_list("document_type", flat=True)) == [DOCUMENT_TYPE]
    assert case.payload["dependent_national_code"] == dependent.national_code
    assert case.payload["due_on"] == "2026-11-21"
    assert "نیم‌سال اول سال تحصیلی ۱۴۰۵–۱۴۰۶" in case.subject
    assert list(case_queue_for_staff(user=reviewer, branch_id=pensioner.branch_id)) == [case]
    assert AuditLog.objects.filter(
        action="pensioners.dependent_obligation_filed", target_id=str(filing.pk)
    ).exists()


def test_a_filing_without_its_document_is_saved_but_not_forwarded():
    user, pensioner, pension = pensioner_with_account()
    dependent = daughter(pension)
    reviewer = staff_member(branch=pensioner.branch)
    # when the daughter's declaration is filed without a file
    filing = _file(user, dependent, kind="daughter_declaration", period_key="1405", documents=[])
    # then it is saved, held by branches and not in the queue
    case = Case.objects.get(pk=filing.case_id)
    assert filing.status == "submitted"
    assert case.status == CaseStatus.SUBMITTED
    assert case.forwarded_at is None
    assert list(case_queue_for_staff(user=reviewer, branch_id=pensioner.branch_id)) == []
    # and the document uploaded later forwards it
    case_document_add(case=case, uploaded_by=user, document_type=DOCUMENT_TYPE, upload=pdf_upload())
    case.refresh_from_db()
    assert case.status == CaseStatus.FORWARDED


def _decide(filing, *, status, branch):
    head = staff_member(branch=branch, role="head")
    case = Case.objects.get(pk=filing.case_id)
    case_start_review(case=case, actor=head)
    case_decide(case=case, actor=head, status=status, reason="گواهی دانشگاه بررسی شد.")
    filing.refresh_from_db()
    return filing


def test_branch_acceptance_accepts_the_filing_and_texts_the_pensioner():
    user, pensioner, pension = pensioner_with_account()
    filing = _file(user, son(pension))
    Notification.objects.all().delete()
    # when the branch accepts the case
    filing = _decide(filing, status="accepted", branch=pensioner.branch)
    # then the filing is accepted and the pensioner gets an SMS and an inbox message
    assert filing.status == "accepted"
    sms = Notification.objects.get(user=user, channel="sms", template_key="case_decided")
    assert "پذیرفته" in sms.body
    assert Notification.objects.filter(user=user, channel="inbox", template_key="case_decided")
    assert AuditLog.objects.filter(
        action="pensioners.dependent_obligation_decided", target_id=str(filing.pk)
    ).exists()


@pytest.mark.parametrize("decision", ["rejected", "closed"])
def test_a_rejected_or_closed_case_rejects_the_filing_and_it_may_be_filed_again(decision):
    user, pensioner, pension = pensioner_with_account()
    dependent = son(pension)
    first = _decide(_file(user, dependent), status=decision, branch=pensioner.branch)
    assert first.status == "rejected"
    # when filed again
    second = _file(user, dependent)
    # then a new live filing stands beside the rejected one
    assert second.pk != first.pk
    assert second.status == "submitted"


@pytest.mark.parametrize("decided", [None, "accepted"])
def test_a_second_live_filing_of_the_same_paper_and_period_is_refused(decided):
    user, pensioner, pension = pensioner_with_account()
    dependent = son(pension)
    first = _file(user, dependent)
    if decided:
        _decide(first, status=decided, branch=pensioner.branch)
    before = _nothing_stored()
    # when
    with pytest.raises(ApplicationError) as error:
        _file(user, dependent)
    # then nothing is stored and the message names the first filing's state
    assert error.value.code == "filing_exists"
    status = {None: "در انتظار بررسی", "accepted": "پذیرفته شد"}[decided]
    assert f"(وضعیت: {status})" in error.value.message
    assert _nothing_stored() == before


@pytest.mark.parametrize(
    ("make", "kind", "period_key"),
    [
        (lambda pension: son(pension, age_on_mehr_1405=19), "student_certificate", "1405-1"),
        (lambda pension: son(pension, age_on_mehr_1405=26), "student_certificate", "1405-1"),
        (lambda pension: son(pension, is_disabled=True), "student_certificate", "1405-1"),
        (lambda pension: son(pension), "student_certificate", "1405-2"),  # not opened yet
        (lambda pension: son(pension), "student_certificate", "1404-2"),  # its period is over
        (lambda pension: son(pension), "daughter_declaration", "1405"),
        (lambda pension: daughter(pension), "student_certificate", "1405-1"),
    ],
    ids=["19", "26", "disabled", "next-term", "past-term", "son-declaration", "daughter-cert"],
)
def test_a_paper_not_owed_is_refused(make, kind, period_key):
    user, _pensioner, pension = pensioner_with_account()
    dependent = make(pension)
    with pytest.raises(ApplicationError) as error:
        _file(user, dependent, kind=kind, period_key=period_key)
    assert error.value.code == "paper_not_owed"
    assert _nothing_stored() == (0, 0, 0)


def test_a_strangers_dependent_is_refused():
    _owner, _pensioner, pension = pensioner_with_account()
    stranger, _other, _other_pension = pensioner_with_account()
    with pytest.raises(ApplicationError) as error:
        _file(stranger, son(pension))
    assert error.value.code == "dependent_not_yours"
    assert _nothing_stored() == (0, 0, 0)


def test_an_inactive_dependent_is_refused():
    user, _pensioner, pension = pensioner_with_account()
    with pytest.raises(ApplicationError) as error:
        _file(user, son(pension, is_active=False))
    assert error.value.code == "dependent_inactive"


def test_too_many_files_or_a_bad_file_store_nothing():
    user, _pensioner, pension = pensioner_with_account()
    dependent = son(pension)
    with pytest.raises(ApplicationError) as error:
        _file(user, dependent, documents=[pdf_upload() for _ in range(MAX_DOCUMENTS + 1)])
    assert error.value.code == "filing_too_many_documents"
    text = SimpleUploadedFile("madrak.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ApplicationError) as error:
        _file(user, dependent, documents=[pdf_upload(), text])
    assert "madrak.pdf" in error.value.message
    assert _nothing_stored() == (0, 0, 0)
