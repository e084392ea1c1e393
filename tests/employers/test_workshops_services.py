"""Workshop selectors and services: access rules, registration case, representatives,
e-notification opt-in and new workers."""

import datetime as dt

import pytest
from django.http import Http404

from branches.models import CaseStatus, StaffRole
from branches.services import cases as case_services
from employers.models import Representative, RepresentativeRole, Workshop
from employers.selectors.workshops import (
    representative_role_for,
    workshop_get_for_staff,
    workshop_get_for_user,
    workshop_owner_get_for_user,
    workshops_for_branch_staff,
    workshops_for_user,
)
from employers.services import workshops as services
from insured.models import InsuredPerson
from tamin.accounts.models import Role
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory, StaffMembershipFactory
from tests.branches.factories_cases import pdf_upload
from tests.employers.factories import AccountantFactory, RepresentativeFactory, WorkshopFactory
from tests.insured.factories import InsuredPersonFactory

pytestmark = pytest.mark.django_db


# --- selectors -----------------------------------------------------------------------


def test_stranger_gets_404_from_every_workshop_selector():
    # given a workshop with an owner, and a stranger
    owner = RepresentativeFactory()
    stranger = UserFactory()
    workshop = owner.workshop
    # then every selector hides the workshop from the stranger
    with pytest.raises(Http404):
        workshop_get_for_user(user=stranger, workshop_id=workshop.pk)
    with pytest.raises(Http404):
        workshop_owner_get_for_user(user=stranger, workshop_id=workshop.pk)
    with pytest.raises(Http404):
        workshop_get_for_staff(user=stranger, workshop_id=workshop.pk)
    with pytest.raises(Http404):
        workshop_get_for_user(user=stranger, workshop_id=999_999)
    assert list(workshops_for_user(user=stranger)) == []
    assert list(workshops_for_branch_staff(user=stranger)) == []
    assert representative_role_for(user=stranger, workshop=workshop) is None


def test_removed_representative_and_inactive_workshop_are_hidden():
    # given a former accountant and an owner of a closed workshop
    former = AccountantFactory(is_active=False)
    closed = RepresentativeFactory(workshop=WorkshopFactory(is_active=False))
    # then neither sees the workshop
    with pytest.raises(Http404):
        workshop_get_for_user(user=former.user, workshop_id=former.workshop_id)
    with pytest.raises(Http404):
        workshop_get_for_user(user=closed.user, workshop_id=closed.workshop_id)


def test_accountant_serves_two_workshops_but_owns_neither():
    # given an accountant of two workshops
    first = AccountantFactory()
    second = AccountantFactory(user=first.user)
    # when listing
    rows = list(workshops_for_user(user=first.user))
    # then both workshops are there, as accountant
    assert {row.workshop_id for row in rows} == {first.workshop_id, second.workshop_id}
    assert representative_role_for(user=first.user, workshop=second.workshop) == "accountant"
    assert workshop_get_for_user(user=first.user, workshop_id=second.workshop_id) == second.workshop
    with pytest.raises(Http404):
        workshop_owner_get_for_user(user=first.user, workshop_id=first.workshop_id)


def test_staff_see_only_their_branch_workshops():
    # given staff at one branch and workshops at two branches
    membership = StaffMembershipFactory()
    mine = WorkshopFactory(branch=membership.branch, name="کارگاه آجرپزی")
    other = WorkshopFactory()
    # then
    assert workshop_get_for_staff(user=membership.user, workshop_id=mine.pk) == mine
    with pytest.raises(Http404):
        workshop_get_for_staff(user=membership.user, workshop_id=other.pk)
    assert list(workshops_for_branch_staff(user=membership.user)) == [mine]
    assert list(workshops_for_branch_staff(user=membership.user, query="آجر")) == [mine]
    assert list(workshops_for_branch_staff(user=membership.user, query=mine.code[:4])) == [mine]


# --- registration --------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_registration_case_accepted_creates_workshop_owner_and_role(media):
    # given a person without the employer role and a branch with a head
    applicant = UserFactory(roles=[Role.INSURED])
    head = StaffMembershipFactory(role=StaffRole.HEAD)
    # when they register a workshop: a held case
    case = services.workshop_register(
        user=applicant,
        code="۳۰۴۵۶۷۸۹۹۹",
        name="نانوایی سنگک",
        employer_name="رضا کریمی",
        address="تهران",
        branch_code=head.branch.code,
    )
    assert case.status == CaseStatus.SUBMITTED
    assert not Workshop.objects.exists()
    # its subject writes the code as every page does: Persian digits
    assert case.subject == "ثبت کارگاه ۳۰۴۵۶۷۸۹۹۹ — نانوایی سنگک"
    # and uploads both documents: forwarded
    for key in ("workshop_title", "employer_identity"):
        case_services.case_document_add(
            case=case, uploaded_by=applicant, document_type=key, upload=pdf_upload()
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.FORWARDED
    # and the branch accepts
    case_services.case_start_review(case=case, actor=head.user)
    case_services.case_decide(
        case=case, actor=head.user, status=CaseStatus.ACCEPTED, reason="مدارک کامل است."
    )
    # then the workshop exists with the applicant as owner and employer role
    workshop = Workshop.objects.get(code="3045678999")
    assert workshop.branch == head.branch
    assert representative_role_for(user=applicant, workshop=workshop) == "owner"
    assert applicant.roles.filter(role=Role.EMPLOYER).exists()


def test_registration_rejected_creates_nothing(media):
    # given a forwarded registration
    applicant = UserFactory()
    head = StaffMembershipFactory(role=StaffRole.HEAD)
    case = services.workshop_register(
        user=applicant,
        code="3045678998",
        name="کارگاه",
        employer_name="الف",
        address="",
        branch_code=head.branch.code,
    )
    for key in ("workshop_title", "employer_identity"):
        case_services.case_document_add(
            case=case, uploaded_by=applicant, document_type=key, upload=pdf_upload()
        )
    # when the branch rejects it
    case_services.case_start_review(case=case, actor=head.user)
    case_services.case_decide(
        case=case, actor=head.user, status=CaseStatus.REJECTED, reason="مدرک مالکیت معتبر نیست."
    )
    # then nothing is created
    assert not Workshop.objects.exists()
    assert not applicant.roles.filter(role=Role.EMPLOYER).exists()


def test_registration_refuses_taken_code_and_bad_code():
    owner = RepresentativeFactory()
    branch = BranchFactory()
    with pytest.raises(ApplicationError) as taken:
        services.workshop_register(
            user=UserFactory(),
            code=owner.workshop.code,
            name="x",
            employer_name="y",
            address="",
            branch_code=branch.code,
        )
    assert taken.value.code == "workshop_code_taken"
    with pytest.raises(ApplicationError):
        services.workshop_register(
            user=UserFactory(),
            code="123",
            name="x",
            employer_name="y",
            address="",
            branch_code=branch.code,
        )


# --- representatives -----------------------------------------------------------------


def test_owner_adds_and_removes_accountant_who_serves_two_workshops():
    # given two owners and a registered accountant
    first, second = RepresentativeFactory(), RepresentativeFactory()
    accountant = UserFactory(roles=[Role.INSURED])
    # when both owners add the accountant
    for owner in (first, second):
        services.representative_add(
            actor=owner.user, workshop=owner.workshop, national_code=accountant.national_code
        )
    # then the accountant acts for both and holds the employer role
    assert workshops_for_user(user=accountant).count() == 2
    assert accountant.roles.filter(role=Role.EMPLOYER).exists()
    # when the first owner removes them
    row = Representative.objects.get(user=accountant, workshop=first.workshop)
    services.representative_remove(
        actor=first.user, workshop=first.workshop, representative_id=row.pk
    )
    # then only the second workshop remains, and the change is audited
    assert [r.workshop_id for r in workshops_for_user(user=accountant)] == [second.workshop_id]
    assert AuditLog.objects.filter(action="employers.representative_removed").count() == 1
    # and adding again reactivates the row
    services.representative_add(
        actor=first.user, workshop=first.workshop, national_code=accountant.national_code
    )
    assert workshops_for_user(user=accountant).count() == 2


def test_only_owner_manages_representatives():
    accountant = AccountantFactory()
    someone = UserFactory()
    with pytest.raises(ApplicationError) as error:
        services.representative_add(
            actor=accountant.user, workshop=accountant.workshop, national_code=someone.national_code
        )
    assert error.value.code == "not_owner"
    owner = RepresentativeFactory(workshop=accountant.workshop)
    with pytest.raises(ApplicationError) as error:
        services.representative_remove(
            actor=accountant.user, workshop=accountant.workshop, representative_id=owner.pk
        )
    assert error.value.code == "not_owner"
    with pytest.raises(ApplicationError) as error:
        services.representative_remove(
            actor=owner.user, workshop=owner.workshop, representative_id=owner.pk
        )
    assert error.value.code == "owner_not_removable"


def test_accountant_must_have_an_account():
    owner = RepresentativeFactory()
    with pytest.raises(ApplicationError) as error:
        services.representative_add(
            actor=owner.user, workshop=owner.workshop, national_code="0012345679"
        )
    assert error.value.code == "no_account"


# --- e-notification ------------------------------------------------------------------


def test_staff_record_opt_in_and_opt_out_with_audit():
    # given a workshop and staff of its branch
    workshop = WorkshopFactory()
    staff = StaffMembershipFactory(branch=workshop.branch).user
    signed = dt.date(2025, 3, 1)
    # when they record the signed form
    services.e_notification_opt_in_record(staff_user=staff, workshop=workshop, signed_on=signed)
    workshop.refresh_from_db()
    # then
    assert workshop.e_notification_opt_in is True
    assert workshop.e_notification_form_signed_on == signed
    assert workshop.e_notification_recorded_by == staff
    # when they record the withdrawal
    services.e_notification_opt_in_record(
        staff_user=staff, workshop=workshop, signed_on=None, opt_in=False
    )
    workshop.refresh_from_db()
    assert workshop.e_notification_opt_in is False
    assert workshop.e_notification_form_signed_on is None
    assert AuditLog.objects.filter(action__startswith="employers.e_notification").count() == 2


def test_staff_of_another_branch_cannot_record_opt_in():
    workshop = WorkshopFactory()
    other_staff = StaffMembershipFactory().user
    with pytest.raises(Http404):
        services.e_notification_opt_in_record(
            staff_user=other_staff, workshop=workshop, signed_on=dt.date(2025, 3, 1)
        )
    workshop.refresh_from_db()
    assert workshop.e_notification_opt_in is False


def test_opt_in_needs_a_signing_date():
    workshop = WorkshopFactory()
    staff = StaffMembershipFactory(branch=workshop.branch).user
    with pytest.raises(ApplicationError) as error:
        services.e_notification_opt_in_record(staff_user=staff, workshop=workshop, signed_on=None)
    assert error.value.code == "signed_on_required"


# --- new worker ----------------------------------------------------------------------

WORKER = {
    "first_name": "علی",
    "last_name": "نوری",
    "father_name": "حسین",
    "birth_date": dt.date(2000, 1, 2),
    "sex": "male",
    "nationality": "ایرانی",
}


def test_worker_register_assigns_a_new_insurance_number():
    owner = RepresentativeFactory()
    result = services.worker_register(
        actor=owner.user, workshop=owner.workshop, national_code="0012345679", **WORKER
    )
    assert result.already_insured is False
    person = InsuredPerson.objects.get(national_code="0012345679")
    assert person.insurance_number == result.insurance_number


def test_worker_register_returns_existing_number_without_duplicate():
    accountant = AccountantFactory()
    person = InsuredPersonFactory()
    result = services.worker_register(
        actor=accountant.user,
        workshop=accountant.workshop,
        national_code=person.national_code,
        **WORKER,
    )
    assert result.already_insured is True
    assert result.insurance_number == person.insurance_number
    assert InsuredPerson.objects.filter(national_code=person.national_code).count() == 1


def test_worker_register_refuses_strangers_and_bad_codes():
    workshop = WorkshopFactory()
    with pytest.raises(ApplicationError):
        services.worker_register(
            actor=UserFactory(), workshop=workshop, national_code="0012345679", **WORKER
        )
    owner = RepresentativeFactory()
    with pytest.raises(ApplicationError):
        services.worker_register(
            actor=owner.user, workshop=owner.workshop, national_code="0012345678", **WORKER
        )
    assert not InsuredPerson.objects.filter(national_code="0012345678").exists()


def test_workshop_create_makes_owner_with_employer_role():
    owner = UserFactory(roles=[Role.INSURED])
    workshop = services.workshop_create(
        code="3045600001",
        name="ک",
        employer_name="م",
        address="",
        branch=BranchFactory(),
        owner=owner,
    )
    assert representative_role_for(user=owner, workshop=workshop) == RepresentativeRole.OWNER
    assert owner.roles.filter(role=Role.EMPLOYER).exists()
