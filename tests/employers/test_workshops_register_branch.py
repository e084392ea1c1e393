"""Registering a workshop: the branch is chosen from the directory, grouped by province,
never typed; an unknown or closed branch is refused; the start date reaches the workshop."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from branches.models import Case, CaseStatus, StaffRole
from branches.services import cases as case_services
from employers.models import Workshop
from tests.accounts.factories import UserFactory
from tests.branches.factories import (
    BranchFactory,
    CityFactory,
    ProvinceFactory,
    StaffMembershipFactory,
)
from tests.branches.factories_cases import pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _registration(branch_code: str) -> dict:
    return {
        "code": "3045678990",
        "name": "کارگاه تازه",
        "employer_name": "سارا محمدی",
        "address": "اصفهان، خیابان کاوه",
        "branch_code": branch_code,
        "started_on": "۱۴۰۳/۰۱/۱۵",
    }


def test_the_branch_is_a_select_grouped_by_province(client):
    # Given branches in two provinces, and one closed branch
    tehran = CityFactory(province=ProvinceFactory(name="تهران", slug="tehran"), name="تهران")
    isfahan = CityFactory(province=ProvinceFactory(name="اصفهان", slug="isfahan"), name="کاشان")
    BranchFactory(code="1001", name="شعبه ۱ تهران", city=tehran)
    BranchFactory(code="2002", name="شعبه مرکزی", city=isfahan)
    BranchFactory(code="2003", name="شعبه بسته", city=isfahan, is_active=False)
    client.force_login(UserFactory())
    # When the registration page opens
    page = client.get(reverse("employers:workshop_register")).content.decode()
    # Then the branch is chosen from a select, one option group per province
    select = re.search(r'<select name="branch_code".*?</select>', page, re.S).group(0)
    assert re.findall(r'<optgroup label="([^"]+)">', select) == ["اصفهان", "تهران"]
    assert '<option value="1001">شعبه ۱ تهران</option>' in select
    assert '<option value="2002">شعبه مرکزی (کاشان)</option>' in select
    assert "2003" not in select
    assert 'name="branch_code" type="text"' not in page


@pytest.mark.parametrize("branch_code", ["9999", "closed"])
def test_a_branch_not_in_the_directory_is_refused(client, branch_code):
    # Given a closed branch, and a person on the registration page
    closed = BranchFactory(is_active=False)
    client.force_login(UserFactory())
    # When they send a code not among the open branches (typed by hand or a closed one)
    response = client.post(
        reverse("employers:workshop_register"),
        _registration(closed.code if branch_code == "closed" else branch_code),
    )
    # Then the form says so and no case is filed
    assert response.status_code == 200
    assert "این شعبه در فهرست شعب نیست" in response.content.decode()
    assert not Case.objects.exists()


def test_the_chosen_branch_gets_the_case_and_the_workshop_its_start(client):
    # Given a branch with a head, and a person registering a workshop there
    head = StaffMembershipFactory(role=StaffRole.HEAD)
    applicant = UserFactory()
    client.force_login(applicant)
    # When the form is sent with the branch chosen and the start date
    response = client.post(reverse("employers:workshop_register"), _registration(head.branch.code))
    # Then the case goes to that branch
    case = Case.objects.get(applicant=applicant)
    assert response.status_code == 302
    assert case.branch == head.branch
    # And when the branch accepts it, the workshop starts on the date given
    for key in ("workshop_title", "employer_identity"):
        case_services.case_document_add(
            case=case, uploaded_by=applicant, document_type=key, upload=pdf_upload()
        )
    case.refresh_from_db()
    case_services.case_start_review(case=case, actor=head.user)
    case_services.case_decide(
        case=case, actor=head.user, status=CaseStatus.ACCEPTED, reason="مدارک کامل است."
    )
    workshop = Workshop.objects.get(code="3045678990")
    assert workshop.branch == head.branch
    assert workshop.started_on == dt.date(2024, 4, 3)
