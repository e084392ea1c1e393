"""Medical-expense claims at the service: filing (routed to the chosen agency, held without
its documents, refused for an agency not accepting medical documents), the agency's decision
(amount approved ≤ claimed, a reason to reject, SMS + inbox) and who may decide."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from branches.models import Case, CaseDocument, CaseStatus, StaffRole
from branches.selectors.cases import case_queue_for_staff
from branches.services.calendar import working_days_add
from branches.services.cases import (
    case_create_draft,
    case_decide,
    case_document_add,
    case_start_review,
)
from insured.models.medical_claims import MedicalClaim
from insured.selectors.medical_claims import medical_claim_working
from insured.services.medical_claims import (
    MEDICAL_CLAIM,
    SLA_WORKING_DAYS,
    medical_claim_decide,
    medical_claim_file,
)
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.branches.factories import AgencyFactory
from tests.branches.factories_cases import pdf_upload, png_upload, staff_member, upload
from tests.insured.factories_medical_claims import (
    AMOUNT,
    agency_staff,
    file_claim,
    insured_user,
    medical_agency,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"


def _nothing_created() -> None:
    assert not Case.objects.exists()
    assert not MedicalClaim.objects.exists()
    assert not CaseDocument.objects.exists()


# --- filing ---------------------------------------------------------------------------------


def test_a_claim_with_both_documents_goes_to_the_chosen_agency():
    # Given an insured person and an agency accepting medical documents
    user, person = insured_user()
    agency = medical_agency()
    # When they file a claim with the invoice and the prescription
    claim = file_claim(user=user, person=person, agency=agency)
    # Then the case is forwarded to that agency (its branch the supervising one), due by the SLA
    case = claim.case
    assert case.kind == MEDICAL_CLAIM == "insured_medical_claim"
    assert case.agency_id == agency.pk
    assert case.branch_id == agency.branch_id
    assert case.status == CaseStatus.FORWARDED
    assert case.due_date == working_days_add(timezone.localdate(), SLA_WORKING_DAYS)
    assert sorted(case.documents.values_list("document_type", flat=True)) == [
        "invoice",
        "prescription",
    ]
    assert case.payload["amount_claimed"] == AMOUNT
    assert claim.agency_id == agency.pk
    assert claim.amount_approved is None
    assert AuditLog.objects.filter(action="medical_claim.filed").count() == 1
    # and the person is told it went to the agency, by its name
    sms = Notification.objects.get(user=user, template_key="case_forwarded", channel="sms")
    assert agency.name in sms.body


def test_a_claim_without_its_documents_is_held_and_not_in_the_agency_queue():
    user, person = insured_user()
    agency = medical_agency()
    reviewer = agency_staff(agency=agency)

    claim = file_claim(user=user, person=person, agency=agency, documents=False)

    case = claim.case
    assert case.status == CaseStatus.SUBMITTED
    assert "صورتحساب" in case.status_reason
    assert "نسخه" in case.status_reason
    assert not case_queue_for_staff(user=reviewer, agency_id=agency.pk).exists()
    # When the person uploads both documents, the held claim is forwarded
    case_document_add(case=case, uploaded_by=user, document_type="invoice", upload=pdf_upload())
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    case_document_add(
        case=case, uploaded_by=user, document_type="prescription", upload=png_upload()
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.FORWARDED
    assert list(case_queue_for_staff(user=reviewer, agency_id=agency.pk)) == [case]


def test_an_agency_not_accepting_medical_documents_is_refused_in_persian_nothing_created():
    user, person = insured_user()
    other = AgencyFactory(accepts_medical_documents=False, name="کارگزاری بدون اسناد")

    with pytest.raises(ApplicationError) as refused:
        file_claim(user=user, person=person, agency=other)

    assert refused.value.code == "case_agency_no_medical_documents"
    assert "«کارگزاری بدون اسناد» اسناد پزشکی نمی‌پذیرد" in refused.value.message
    _nothing_created()


def test_branches_itself_refuses_to_route_the_kind_to_such_an_agency():
    # The guarantee does not rest on the insured service: a draft named for a non-accepting
    # agency is refused by the case service.
    user, person = insured_user()
    other = AgencyFactory(accepts_medical_documents=False)
    with pytest.raises(ApplicationError) as refused:
        case_create_draft(
            applicant=user,
            kind=MEDICAL_CLAIM,
            subject="سند",
            payload={"person_id": person.pk, "agency_id": other.pk},
        )
    assert refused.value.code == "case_agency_no_medical_documents"
    assert not Case.objects.exists()


def test_an_inactive_agency_or_an_unknown_code_is_refused():
    user, person = insured_user()
    inactive = medical_agency(is_active=False)
    for code in (inactive.code, "A9999", ""):
        with pytest.raises(ApplicationError) as refused:
            medical_claim_file(
                user=user,
                person=person,
                agency_code=code,
                service_kind="visit",
                expense_date=dt.date(2025, 1, 1),
                amount_claimed=1000,
            )
        assert refused.value.code == "medical_claim_agency_unknown"
    _nothing_created()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"service_kind": "massage"}, "medical_claim_service_kind"),
        ({"amount_claimed": 0}, "medical_claim_amount"),
        ({"amount_claimed": -5}, "medical_claim_amount"),
        ({"amount_claimed": 10**12 + 1}, "medical_claim_amount"),
        ({"expense_date": "tomorrow"}, "medical_claim_date_future"),
    ],
)
def test_bad_input_is_refused_in_persian_and_changes_nothing(changes, code):
    user, person = insured_user()
    agency = medical_agency()
    arguments = {
        "user": user,
        "person": person,
        "agency_code": agency.code,
        "service_kind": "visit",
        "expense_date": timezone.localdate(),
        "amount_claimed": 2_000_000,
        "invoice": pdf_upload(),
        "prescription": pdf_upload(),
    } | changes
    if arguments["expense_date"] == "tomorrow":
        arguments["expense_date"] = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(ApplicationError) as refused:
        medical_claim_file(**arguments)

    assert refused.value.code == code
    assert any("\u0600" <= char <= "\u06ff" for char in refused.value.message)
    _nothing_created()


def test_a_bad_file_refuses_the_whole_claim():
    user, person = insured_user()
    agency = medical_agency()
    with pytest.raises(ApplicationError):
        medical_claim_file(
            user=user,
            person=person,
            agency_code=agency.code,
            service_kind="medicine",
            expense_date=timezone.localdate(),
            amount_claimed=900_000,
            invoice=upload("factor.pdf", b"not a pdf at all"),
            prescription=pdf_upload(),
        )
    _nothing_created()


def test_the_same_bill_twice_is_refused_while_the_first_stands():
    user, person = insured_user()
    agency = medical_agency()
    first = file_claim(user=user, person=person, agency=agency)

    with pytest.raises(ApplicationError) as refused:
        file_claim(user=user, person=person, agency=agency)

    assert refused.value.code == "medical_claim_duplicate"
    assert MedicalClaim.objects.count() == 1
    assert Case.objects.count() == 1
    # Once rejected, the same bill may be filed again (e.g. with a clearer invoice)
    reviewer = agency_staff(agency=agency)
    medical_claim_decide(
        actor=reviewer,
        case_id=first.case_id,
        accepted=False,
        amount_approved=None,
        note="تصویر صورتحساب خوانا نیست.",
    )
    file_claim(user=user, person=person, agency=agency)
    assert MedicalClaim.objects.count() == 2


# --- the agency's decision ------------------------------------------------------------------


def test_the_agency_accepts_with_an_amount_below_the_claim_and_the_person_is_told():
    user, person = insured_user()
    agency = medical_agency()
    reviewer = agency_staff(agency=agency)
    claim = file_claim(user=user, person=person, agency=agency, amount=15_000_000)

    medical_claim_decide(
        actor=reviewer,
        case_id=claim.case_id,
        accepted=True,
        amount_approved=12_500_000,
        note="سونوگرافی طبق تعرفه.",
    )

    claim.refresh_from_db()
    case = claim.case
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    assert case.assigned_to == reviewer  # a forwarded claim is taken by whoever decides it
    assert claim.amount_approved == 12_500_000
    assert claim.decided_by == reviewer
    assert case.status_reason == (
        "مبلغ تأییدشده ۱۲٬۵۰۰٬۰۰۰ ریال از ۱۵٬۰۰۰٬۰۰۰ ریال درخواستی. سونوگرافی طبق تعرفه."
    )
    sms = Notification.objects.get(user=user, template_key="case_decided", channel="sms")
    assert "پذیرفته شد" in sms.body
    assert "۱۲٬۵۰۰٬۰۰۰" in sms.body
    inbox = Notification.objects.get(user=user, template_key="case_decided", channel="inbox")
    assert "۱۲٬۵۰۰٬۰۰۰ ریال از ۱۵٬۰۰۰٬۰۰۰ ریال" in inbox.body
    assert agency.name in inbox.body
    assert AuditLog.objects.filter(action="medical_claim.decided").count() == 1
    # and the working: claimed, approved, what was deducted (written by hand)
    assert medical_claim_working(claim=claim).steps == (
        "مبلغ درخواستی شما: ۱۵٬۰۰۰٬۰۰۰ ریال",
        "مبلغ تأییدشده کارگزاری: ۱۲٬۵۰۰٬۰۰۰ ریال",
        "کسر شده: ۱۵٬۰۰۰٬۰۰۰ ریال − ۱۲٬۵۰۰٬۰۰۰ ریال = ۲٬۵۰۰٬۰۰۰ ریال",
    )


def test_the_whole_amount_may_be_approved():
    user, person = insured_user()
    agency = medical_agency()
    reviewer = agency_staff(agency=agency)
    claim = file_claim(user=user, person=person, agency=agency, amount=4_000_000)

    medical_claim_decide(
        actor=reviewer, case_id=claim.case_id, accepted=True, amount_approved=4_000_000
    )

    claim.refresh_from_db()
    working = medical_claim_working(claim=claim)
    assert (working.amount_approved, working.deducted) == (4_000_000, 0)
    assert working.steps[-1] == "همه مبلغ درخواستی تأیید شد."


@pytest.mark.parametrize("amount", [None, 0, AMOUNT + 1])
def test_an_approved_amount_above_the_claim_or_missing_is_refused_nothing_changes(amount):
    user, person = insured_user()
    agency = medical_agency()
    reviewer = agency_staff(agency=agency)
    claim = file_claim(user=user, person=person, agency=agency)

    with pytest.raises(ApplicationError) as refused:
        medical_claim_decide(
            actor=reviewer, case_id=claim.case_id, accepted=True, amount_approved=amount
        )

    assert refused.value.code == "medical_claim_approved_amount"
    assert "۱۵٬۰۰۰٬۰۰۰" in refused.value.message
    claim.refresh_from_db()
    claim.case.refresh_from_db()
    assert claim.amount_approved is None
    assert claim.case.status == CaseStatus.FORWARDED
    assert claim.case.assigned_to is None


def test_a_rejection_needs_a_reason_and_is_told_by_sms():
    user, person = insured_user()
    agency = medical_agency()
    reviewer = agency_staff(agency=agency)
    claim = file_claim(user=user, person=person, agency=agency)

    with pytest.raises(ApplicationError) as refused:
        medical_claim_decide(
            actor=reviewer, case_id=claim.case_id, accepted=False, amount_approved=None, note=""
        )
    assert refused.value.code == "medical_claim_reason_required"
    claim.case.refresh_from_db()
    assert claim.case.status == CaseStatus.FORWARDED

    medical_claim_decide(
        actor=reviewer,
        case_id=claim.case_id,
        accepted=False,
        amount_approved=5,  # ignored on a rejection
        note="هزینه پیش‌تر از بیمه تکمیلی دریافت شده است.",
    )
    claim.refresh_from_db()
    claim.case.refresh_from_db()
    assert claim.case.status == CaseStatus.REJECTED
    assert claim.amount_approved is None
    sms = Notification.objects.get(user=user, template_key="case_decided", channel="sms")
    assert "رد شد" in sms.body
    assert "بیمه تکمیلی" in sms.body


def test_only_staff_of_the_claims_agency_may_decide():
    user, person = insured_user()
    agency = medical_agency()
    claim = file_claim(user=user, person=person, agency=agency)
    other_agency_staff = agency_staff(agency=medical_agency())
    supervising_branch_head = staff_member(branch=agency.branch, role=StaffRole.HEAD)

    for stranger in (other_agency_staff, supervising_branch_head, user):
        with pytest.raises(Http404):
            medical_claim_decide(
                actor=stranger, case_id=claim.case_id, accepted=True, amount_approved=1000
            )

    claim.refresh_from_db()
    assert claim.amount_approved is None
    assert claim.case.status == CaseStatus.FORWARDED


def test_a_reviewer_may_not_decide_a_claim_another_reviewer_took():
    user, person = insured_user()
    agency = medical_agency()
    first = agency_staff(agency=agency)
    second = agency_staff(agency=agency)
    claim = file_claim(user=user, person=person, agency=agency)
    case_start_review(case=claim.case, actor=first)

    with pytest.raises(ApplicationError):
        medical_claim_decide(
            actor=second, case_id=claim.case_id, accepted=True, amount_approved=1000
        )

    claim.refresh_from_db()
    assert claim.amount_approved is None  # rolled back with the refused decision
    # while the agency's head may decide it
    head = agency_staff(agency=agency, role=StaffRole.HEAD)
    medical_claim_decide(actor=head, case_id=claim.case_id, accepted=True, amount_approved=1000)
    claim.refresh_from_db()
    assert claim.amount_approved == 1000


def test_accepting_from_the_generic_case_page_is_refused_rejecting_is_not():
    user, person = insured_user()
    agency = medical_agency()
    reviewer = agency_staff(agency=agency)
    claim = file_claim(user=user, person=person, agency=agency)
    case = case_start_review(case=claim.case, actor=reviewer)

    with pytest.raises(ApplicationError) as refused:
        case_decide(case=case, actor=reviewer, status="accepted", reason="پذیرفته شد کامل")
    assert refused.value.code == "medical_claim_decide_on_its_page"
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW

    case_decide(case=case, actor=reviewer, status="rejected", reason="مدارک ناقص است.")
    claim.refresh_from_db()
    assert claim.amount_approved is None
    assert claim.decided_by == reviewer
    assert claim.decided_at is not None


def test_a_decided_claim_cannot_be_decided_again():
    user, person = insured_user()
    agency = medical_agency()
    reviewer = agency_staff(agency=agency)
    claim = file_claim(user=user, person=person, agency=agency)
    medical_claim_decide(
        actor=reviewer, case_id=claim.case_id, accepted=True, amount_approved=1_000_000
    )

    with pytest.raises(ApplicationError) as refused:
        medical_claim_decide(
            actor=reviewer, case_id=claim.case_id, accepted=True, amount_approved=2_000_000
        )

    assert refused.value.code == "medical_claim_wrong_state"
    claim.refresh_from_db()
    assert claim.amount_approved == 1_000_000
