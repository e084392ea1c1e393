"""staff_membership_grant and the public directory selectors."""

import pytest
from django.http import Http404

from branches.models import StaffRole
from branches.selectors.directory import (
    agency_get_public,
    branch_get_public,
    branch_search,
    medical_centre_get_public,
)
from branches.services.directory import staff_membership_grant
from tamin.core.exceptions import ApplicationError
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories import (
    AgencyFactory,
    BranchFactory,
    MedicalCentreFactory,
    SatelliteBranchFactory,
)

pytestmark = pytest.mark.django_db


def test_grant_creates_then_changes_role_with_audit_rows():
    # Given a staff user and a branch
    user = UserFactory(is_staff=True, roles=["staff"])
    branch = BranchFactory()

    # When they are made reviewer, then head (twice)
    membership = staff_membership_grant(user=user, branch=branch)
    staff_membership_grant(user=user, branch=branch, role=StaffRole.HEAD)
    again = staff_membership_grant(user=user, branch=branch, role=StaffRole.HEAD)

    # Then one membership exists, as head, with two audit rows
    assert again.pk == membership.pk
    again.refresh_from_db()
    assert again.role == StaffRole.HEAD
    actions = AuditLog.objects.filter(target_id=str(membership.pk)).values_list("action", flat=True)
    assert sorted(actions) == ["staff_membership.changed", "staff_membership.granted"]


def test_grant_refuses_citizens_bad_roles_and_inactive_branches():
    # Given a citizen, a staff user and an inactive branch
    citizen = UserFactory()
    staff = UserFactory(is_staff=True, roles=["staff"])

    # Then each broken rule is refused with its code
    with pytest.raises(ApplicationError) as error:
        staff_membership_grant(user=citizen, branch=BranchFactory())
    assert error.value.code == "staff_not_staff"
    with pytest.raises(ApplicationError) as error:
        staff_membership_grant(user=staff, branch=BranchFactory(), role="king")
    assert error.value.code == "staff_role"
    with pytest.raises(ApplicationError) as error:
        staff_membership_grant(user=staff, branch=BranchFactory(is_active=False))
    assert error.value.code == "branch_inactive"


def test_grant_reactivates_a_membership_deactivated_in_the_admin():
    # Given a membership that was deactivated (the admin's is_active box)
    user = UserFactory(is_staff=True, roles=["staff"])
    membership = staff_membership_grant(user=user, branch=BranchFactory())
    membership.is_active = False
    membership.save(update_fields=["is_active"])

    # When granted again
    staff_membership_grant(user=user, branch=membership.branch)

    # Then it is active again
    membership.refresh_from_db()
    assert membership.is_active


def test_public_getters_are_404_for_inactive_or_unknown_codes():
    # Given inactive places
    branch = BranchFactory(is_active=False)
    agency = AgencyFactory(is_active=False)
    centre = MedicalCentreFactory(is_active=False)

    # Then every public getter refuses them, and unknown codes
    for getter, code in (
        (branch_get_public, branch.code),
        (agency_get_public, agency.code),
        (medical_centre_get_public, centre.code),
        (branch_get_public, "nope"),
    ):
        with pytest.raises(Http404):
            getter(code=code)


def test_branch_search_by_code_and_kind():
    # Given a branch and its satellite
    main = BranchFactory(code="1001")
    satellite = SatelliteBranchFactory(parent=main)

    # Then the code finds the branch, the kind filter the satellite
    assert list(branch_search(q="1001")) == [main]
    assert list(branch_search(kind="satellite")) == [satellite]
