"""Dependents: Art. 58 checked before anything is saved, the case held without its documents
and forwarded when they arrive, the branch's decision, removal, and booklet requests."""

from __future__ import annotations

import pytest

from branches.models import Case, CaseStatus
from branches.services.cases import case_decide, case_document_add, case_start_review
from insured.models.dependents import InsuredDependent
from insured.selectors.dependents import covered_people, dependent_states
from insured.services.dependents import (
    BOOKLET_REQUEST,
    DEPENDENT_ADD,
    booklet_request_file,
    dependent_add,
    dependent_remove,
)
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tamin.rules.models.coverage import DependentParameters
from tests.branches.factories_cases import pdf_upload, staff_member
from tests.insured.factories_dependents import (
    TODAY,
    InsuredDependentFactory,
    dependent_code,
    insured_family,
    j,
)

pytestmark = pytest.mark.django_db

Status = InsuredDependent.Status


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def _add(user, person, **overrides):
    fields = {
        "relation": "son",
        "national_code": dependent_code(60_001),
        "first_name": "علی",
        "last_name": "رضایی",
        "birth_date": j(1390, 1, 15),
    }
    return dependent_add(user=user, person=person, **(fields | overrides))


def _nothing_saved():
    assert not InsuredDependent.objects.exists()
    assert not Case.objects.filter(kind=DEPENDENT_ADD).exists()


# --- adding ----------------------------------------------------------------------------------


def test_son_without_documents_is_held_and_forwarded_when_they_arrive():
    # given an insured father
    user, person, branch = insured_family()
    # when he declares a son of 15 without a document
    dependent = _add(user, person)
    # then the dependent waits, and the case is saved but held at the residence branch
    assert dependent.status == Status.PENDING
    case = Case.objects.get(pk=dependent.added_case_id)
    assert (case.kind, case.branch, case.status) == (DEPENDENT_ADD, branch, CaseStatus.SUBMITTED)
    assert case.forwarded_at is None
    assert case.payload["needs_proof"] == ["birth_certificate"]
    assert "شناسنامه" in case.status_reason
    # when the birth certificate arrives, the case goes to the branch
    case_document_add(
        case=case, uploaded_by=user, document_type="birth_certificate", upload=pdf_upload()
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.FORWARDED
    assert case.due_date is not None


def test_a_wife_needs_both_documents_before_the_case_moves():
    user, person, _branch = insured_family()
    dependent = _add(
        user,
        person,
        relation="spouse",
        birth_date=j(1370, 1, 1),
        documents=[("birth_certificate", pdf_upload())],
    )
    case = Case.objects.get(pk=dependent.added_case_id)
    assert dependent.sex == "female"
    # one of two documents: still held, the marriage certificate named
    assert case.status == CaseStatus.SUBMITTED
    assert "سند ازدواج" in case.status_reason
    assert "شناسنامه" not in case.status_reason
    case_document_add(
        case=case, uploaded_by=user, document_type="marriage_certificate", upload=pdf_upload()
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.FORWARDED


def test_with_every_document_the_case_is_forwarded_at_once():
    user, person, _branch = insured_family()
    dependent = _add(
        user,
        person,
        birth_date=j(1384, 1, 1),  # 21: covered by his student certificate
        student_certificate_until=j(1405, 11, 30),
        documents=[
            ("birth_certificate", pdf_upload()),
            ("student_certificate", pdf_upload("govahi.pdf")),
        ],
    )
    case = Case.objects.get(pk=dependent.added_case_id)
    assert case.status == CaseStatus.FORWARDED
    assert case.payload["covered_until"] == j(1405, 11, 30).isoformat()
    assert case.documents.count() == 2


def test_not_eligible_is_refused_with_the_reason_and_nothing_is_saved():
    user, person, _branch = insured_family()
    # a son of 26 (born 1379), not disabled
    with pytest.raises(ApplicationError) as error:
        _add(user, person, birth_date=j(1379, 1, 1))
    assert error.value.code == "dependent_not_eligible"
    assert "۲۵ سالگی" in error.value.message
    _nothing_saved()


def test_a_son_turning_20_today_without_a_certificate_is_refused_naming_the_day():
    user, person, _branch = insured_family()
    with pytest.raises(ApplicationError) as error:
        _add(user, person, birth_date=j(1385, 5, 10))
    assert "۱۰ مرداد ۱۴۰۵" in error.value.message
    _nothing_saved()


def test_a_document_the_rule_does_not_ask_for_is_refused_before_anything_is_saved():
    user, person, _branch = insured_family()
    with pytest.raises(ApplicationError) as error:
        _add(user, person, documents=[("marriage_certificate", pdf_upload())])
    assert error.value.code == "dependent_document_type"
    _nothing_saved()


def test_a_file_that_is_not_a_document_is_refused_before_anything_is_saved():
    from django.core.files.uploadedfile import SimpleUploadedFile

    user, person, _branch = insured_family()
    bad = SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(ApplicationError):
        _add(user, person, documents=[("birth_certificate", bad)])
    _nothing_saved()


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"national_code": "1234567890"}, "dependent_national_code"),
        ({"first_name": "  "}, "dependent_name"),
        ({"last_name": "رضا\x00یی"}, "dependent_name"),
        ({"relation": "cousin"}, "dependent_relation"),
        ({"birth_date": j(1406, 1, 1)}, "dependent_birth_date"),
    ],
)
def test_bad_input_is_refused_in_persian(overrides, code):
    user, person, _branch = insured_family()
    with pytest.raises(ApplicationError) as error:
        _add(user, person, **overrides)
    assert error.value.code == code
    _nothing_saved()


def test_the_insured_person_is_not_their_own_dependent():
    user, person, _branch = insured_family()
    with pytest.raises(ApplicationError) as error:
        _add(user, person, national_code=person.national_code)
    assert error.value.code == "dependent_is_insured"


def test_the_same_person_twice_is_refused():
    user, person, _branch = insured_family()
    _add(user, person)
    with pytest.raises(ApplicationError) as error:
        _add(user, person)
    assert error.value.code == "dependent_exists"
    assert InsuredDependent.objects.count() == 1


def test_one_father_and_one_husband():
    user, person, _branch = insured_family(sex="female")
    InsuredDependentFactory(
        person=person,
        relation="father",
        birth_date=j(1340, 1, 1),
        national_code=dependent_code(60_007),
    )
    with pytest.raises(ApplicationError) as error:
        _add(user, person, relation="father", birth_date=j(1341, 1, 1))
    assert error.value.code == "dependent_relation_taken"
    InsuredDependentFactory(
        person=person,
        relation="spouse",
        birth_date=j(1340, 1, 1),
        national_code=dependent_code(60_008),
    )
    with pytest.raises(ApplicationError) as error:
        _add(user, person, relation="spouse", birth_date=j(1340, 1, 1))
    assert error.value.code == "dependent_relation_taken"


def test_someone_elses_insured_record_cannot_be_used():
    user, _person, _branch = insured_family()
    _other_user, other_person, _other_branch = insured_family()
    with pytest.raises(ApplicationError) as error:
        _add(user, other_person)
    assert error.value.code == "insured_unknown"
    _nothing_saved()


def test_without_terms_nothing_is_decided():
    DependentParameters.objects.all().delete()
    user, person, _branch = insured_family()
    with pytest.raises(ApplicationError) as error:
        _add(user, person)
    assert error.value.code == "dependent_terms_missing"
    _nothing_saved()


def test_the_branch_is_warned_when_the_person_is_another_insureds_dependent():
    user, person, _branch = insured_family()
    _other_user, other, _b = insured_family()
    InsuredDependentFactory(person=other, national_code=dependent_code(60_001))
    dependent = _add(user, person)
    case = Case.objects.get(pk=dependent.added_case_id)
    assert "بیمه‌شده دیگری" in case.payload["elsewhere"]


# --- the branch's decision ------------------------------------------------------------------


def _forwarded_son(user, person):
    dependent = _add(user, person, documents=[("birth_certificate", pdf_upload())])
    return dependent, Case.objects.get(pk=dependent.added_case_id)


def test_staff_accept_activates_the_dependent_and_the_person_gets_an_sms():
    user, person, branch = insured_family()
    dependent, case = _forwarded_son(user, person)
    staff = staff_member(branch=branch)
    case_start_review(case=case, actor=staff)
    # when
    case_decide(case=case, actor=staff, status=CaseStatus.ACCEPTED, reason="شناسنامه دیده شد")
    # then
    dependent.refresh_from_db()
    assert dependent.status == Status.ACTIVE
    assert dependent.activated_at is not None
    sms = Notification.objects.get(user=user, template_key="case_decided", channel="sms")
    assert case.tracking_code in sms.body or "پذیرفته" in sms.body
    assert AuditLog.objects.filter(action="insured.dependent_add_decided").exists()
    # and the son is covered today, on the booklet
    codes = [entry.national_code for entry in covered_people(person=person, on=TODAY.date())]
    assert codes == [person.national_code, dependent.national_code]


def test_staff_reject_leaves_the_person_free_to_declare_again():
    user, person, branch = insured_family()
    dependent, case = _forwarded_son(user, person)
    staff = staff_member(branch=branch)
    case_start_review(case=case, actor=staff)
    case_decide(case=case, actor=staff, status=CaseStatus.REJECTED, reason="شناسنامه ناخوانا بود")
    dependent.refresh_from_db()
    assert dependent.status == Status.REJECTED
    assert _add(user, person).status == Status.PENDING


def test_staff_of_another_branch_cannot_decide():
    user, person, _branch = insured_family()
    _dependent, case = _forwarded_son(user, person)
    stranger = staff_member(branch=insured_family()[2])
    with pytest.raises(ApplicationError):
        case_start_review(case=case, actor=stranger)


# --- removal -----------------------------------------------------------------------------


def test_removal_is_immediate_and_audited():
    user, person, _branch = insured_family()
    dependent = InsuredDependentFactory(person=person)
    removed = dependent_remove(user=user, dependent=dependent, reason="death")
    assert (removed.status, removed.removal_reason) == (Status.REMOVED, "death")
    assert removed.removed_at is not None
    assert AuditLog.objects.filter(
        action="insured.dependent_removed", target_id=str(dependent.pk)
    ).exists()
    # removed people are not covered any more, and may be declared again
    assert len(covered_people(person=person, on=TODAY.date())) == 1
    assert _add(user, person, national_code=dependent.national_code).status == Status.PENDING


def test_a_pending_dependent_is_not_removed():
    user, person, _branch = insured_family()
    dependent = _add(user, person)
    with pytest.raises(ApplicationError) as error:
        dependent_remove(user=user, dependent=dependent, reason="other")
    assert error.value.code == "dependent_pending"


def test_another_persons_dependent_is_not_removed():
    user, _person, _branch = insured_family()
    _other_user, other, _b = insured_family()
    dependent = InsuredDependentFactory(person=other)
    with pytest.raises(ApplicationError) as error:
        dependent_remove(user=user, dependent=dependent, reason="death")
    assert error.value.code == "dependent_not_yours"
    dependent.refresh_from_db()
    assert dependent.status == Status.ACTIVE


def test_a_removal_reason_is_required():
    user, person, _branch = insured_family()
    dependent = InsuredDependentFactory(person=person)
    with pytest.raises(ApplicationError):
        dependent_remove(user=user, dependent=dependent, reason="boredom")
    dependent.refresh_from_db()
    assert dependent.status == Status.ACTIVE


# --- coverage ending: the warning of the "done when" ------------------------------


def test_a_son_turning_20_today_drops_with_a_warning_naming_the_date():
    user, person, _branch = insured_family()
    son = InsuredDependentFactory(person=person, birth_date=j(1385, 5, 10))
    soon = InsuredDependentFactory(
        person=person, birth_date=j(1385, 6, 20), national_code=dependent_code(60_009)
    )
    later = InsuredDependentFactory(
        person=person, birth_date=j(1390, 1, 1), national_code=dependent_code(60_010)
    )
    states = {
        s.dependent.pk: s for s in dependent_states(user=user, person=person, on=TODAY.date())
    }
    # dropped today: not covered, the warning names the first day without coverage
    assert not states[son.pk].covered_today
    assert states[son.pk].ended
    assert "۱۰ مرداد ۱۴۰۵" in states[son.pk].warning
    assert "۹ مرداد ۱۴۰۵" in states[son.pk].warning
    # turning 20 in 41 days: covered, warned
    assert states[soon.pk].covered_today
    assert "۱۹ شهریور ۱۴۰۵" in states[soon.pk].warning
    # years away: no warning
    assert states[later.pk].warning == ""
    codes = {entry.national_code for entry in covered_people(person=person, on=TODAY.date())}
    assert son.national_code not in codes
    assert {soon.national_code, later.national_code} <= codes


# --- booklets -----------------------------------------------------------------------------


def test_booklet_request_for_people_covered_today():
    user, person, branch = insured_family()
    son = InsuredDependentFactory(person=person)
    case = booklet_request_file(
        user=user,
        person=person,
        request_kind="renewal",
        national_codes=[person.national_code, son.national_code],
    )
    assert (case.kind, case.branch, case.status) == (BOOKLET_REQUEST, branch, CaseStatus.FORWARDED)
    assert [p["national_code"] for p in case.payload["people"]] == [
        person.national_code,
        son.national_code,
    ]
    assert case.payload["people"][1]["until"] == j(1410, 1, 14).isoformat()
    # a second one while it is open is refused, naming the first
    with pytest.raises(ApplicationError) as error:
        booklet_request_file(
            user=user, person=person, request_kind="issue", national_codes=[person.national_code]
        )
    assert error.value.code == "booklet_request_open"


def test_special_patient_is_told_to_come_in_person_and_nothing_is_created():
    user, person, branch = insured_family()
    with pytest.raises(ApplicationError) as error:
        booklet_request_file(
            user=user,
            person=person,
            request_kind="renewal",
            national_codes=[person.national_code],
            special_patient=True,
        )
    assert error.value.code == "booklet_special_patient"
    assert "حضوری" in error.value.message
    assert branch.name in error.value.message
    assert not Case.objects.exists()


def test_a_person_not_covered_today_is_refused():
    user, person, _branch = insured_family()
    son = InsuredDependentFactory(person=person, birth_date=j(1385, 5, 10))  # 20 today
    with pytest.raises(ApplicationError) as error:
        booklet_request_file(
            user=user, person=person, request_kind="issue", national_codes=[son.national_code]
        )
    assert error.value.code == "booklet_not_covered"
    assert not Case.objects.exists()


def test_without_treatment_eligibility_no_booklet():
    # given only one recorded month (31 days) four months ago: nothing in the last three
    user, person, _branch = insured_family(months=0)
    with pytest.raises(ApplicationError) as error:
        booklet_request_file(
            user=user, person=person, request_kind="issue", national_codes=[person.national_code]
        )
    assert error.value.code == "booklet_not_eligible"
    assert "۳۰ روز" in error.value.message
    assert not Case.objects.exists()


# --- declaring again: a son's new student certificate ----------------------------------------


def test_a_son_who_turned_20_is_declared_again_with_his_student_certificate():
    user, person, branch = insured_family()
    son = InsuredDependentFactory(person=person, birth_date=j(1385, 5, 10))  # 20 today
    # when his father declares him again with a certificate valid to the end of Bahman
    renewal = _add(
        user,
        person,
        national_code=son.national_code,
        birth_date=j(1385, 5, 10),
        student_certificate_until=j(1405, 11, 30),
        documents=[("birth_certificate", pdf_upload()), ("student_certificate", pdf_upload())],
    )
    # then the renewal waits beside the active row, which is untouched meanwhile
    son.refresh_from_db()
    assert (renewal.status, son.status) == (Status.PENDING, Status.ACTIVE)
    case = Case.objects.get(pk=renewal.added_case_id)
    assert case.subject.startswith("ثبت دوباره")
    assert case.payload["renews"]
    # when the branch accepts it, the old row is set aside and he is covered to Bahman's end
    staff = staff_member(branch=branch)
    case_start_review(case=case, actor=staff)
    case_decide(case=case, actor=staff, status=CaseStatus.ACCEPTED, reason="گواهی دیده شد")
    son.refresh_from_db()
    renewal.refresh_from_db()
    assert (son.status, son.removal_reason) == (Status.REMOVED, "renewed")
    assert renewal.status == Status.ACTIVE
    covered = {e.national_code: e for e in covered_people(person=person, on=TODAY.date())}
    assert covered[son.national_code].until == j(1405, 11, 30)


def test_declaring_again_without_a_certificate_is_refused():
    user, person, _branch = insured_family()
    son = InsuredDependentFactory(person=person, birth_date=j(1385, 5, 10))
    with pytest.raises(ApplicationError) as error:
        _add(user, person, national_code=son.national_code, birth_date=j(1385, 5, 10))
    assert error.value.code == "dependent_not_eligible"
    assert InsuredDependent.objects.count() == 1


def test_declaring_again_a_son_still_covered_for_long_is_refused():
    user, person, _branch = insured_family()
    son = InsuredDependentFactory(person=person)  # 15: covered to 1410
    with pytest.raises(ApplicationError) as error:
        _add(user, person, national_code=son.national_code, birth_date=son.birth_date)
    assert error.value.code == "dependent_exists"


def test_declaring_again_must_cover_longer():
    user, person, _branch = insured_family()
    # turning 20 on 20 Shahrivar: within the warning period, but no certificate brought
    son = InsuredDependentFactory(person=person, birth_date=j(1385, 6, 20))
    with pytest.raises(ApplicationError) as error:
        _add(user, person, national_code=son.national_code, birth_date=j(1385, 6, 20))
    assert error.value.code == "dependent_renewal_no_longer"
    assert "۱۹ شهریور ۱۴۰۵" in error.value.message
    assert InsuredDependent.objects.count() == 1
