"""Workshop pages: strangers get 404 everywhere, representatives and staff get their pages,
and every employer dashboard link opens for a representative."""

import datetime as dt

import pytest
from django.urls import reverse

from branches.models import Case
from employers.models import Representative, Workshop
from insured.models import InsuredPerson
from tamin.accounts.dashboard import dashboard_links_for_role
from tamin.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory, StaffMembershipFactory
from tests.employers.factories import AccountantFactory, RepresentativeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def _workshop_pages(workshop, representative_id: int) -> list[str]:
    return [
        reverse("employers:workshop_detail", args=[workshop.pk]),
        reverse("employers:representatives", args=[workshop.pk]),
        reverse("employers:worker_new", args=[workshop.pk]),
    ]


def test_stranger_gets_404_on_every_workshop_page(client):
    # given a workshop and a signed-in stranger (an employer of another workshop)
    owner = RepresentativeFactory()
    stranger = RepresentativeFactory().user
    client.force_login(stranger)
    # when / then
    for url in _workshop_pages(owner.workshop, owner.pk):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    remove = reverse("employers:representative_remove", args=[owner.workshop.pk, owner.pk])
    assert client.post(remove).status_code == 404
    # the staff pages do not exist for non-staff
    assert client.get(reverse("employers:staff_workshops")).status_code == 404
    opt_in = reverse("employers:staff_e_notification", args=[owner.workshop.pk])
    assert client.get(opt_in).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("employers:workshops"))
    assert response.status_code == 302


def test_my_workshops_lists_role_and_opt_in(client):
    # given an accountant of two workshops, one with e-notification
    first = AccountantFactory(workshop=WorkshopFactory(name="کارگاه اول"))
    AccountantFactory(
        user=first.user,
        workshop=WorkshopFactory(
            name="کارگاه دوم",
            e_notification_opt_in=True,
            e_notification_form_signed_on=dt.date(2025, 1, 1),
        ),
    )
    client.force_login(first.user)
    # when
    page = client.get(reverse("employers:workshops")).content.decode()
    # then
    assert "کارگاه اول" in page
    assert "کارگاه دوم" in page
    assert "حسابدار" in page
    assert "ابلاغ الکترونیک: فعال" in page


def test_accountant_cannot_open_representatives_page(client):
    accountant = AccountantFactory()
    client.force_login(accountant.user)
    url = reverse("employers:representatives", args=[accountant.workshop_id])
    assert client.get(url).status_code == 404
    detail = reverse("employers:workshop_detail", args=[accountant.workshop_id])
    assert client.get(detail).status_code == 200


def test_owner_adds_accountant_through_the_page(client):
    owner = RepresentativeFactory()
    accountant = UserFactory()
    client.force_login(owner.user)
    url = reverse("employers:representatives", args=[owner.workshop_id])
    response = client.post(url, {"national_code": accountant.national_code})
    assert response.status_code == 302
    assert Representative.objects.filter(user=accountant, workshop=owner.workshop).exists()
    # an unknown person gives a Persian error, nothing stored
    response = client.post(url, {"national_code": "0012345679"})
    assert response.status_code == 200
    assert "حساب کاربری ندارد" in response.content.decode()


def test_worker_page_shows_the_new_insurance_number(client):
    owner = RepresentativeFactory()
    client.force_login(owner.user)
    url = reverse("employers:worker_new", args=[owner.workshop_id])
    response = client.post(
        url,
        {
            "national_code": "0012345679",
            "first_name": "علی",
            "last_name": "نوری",
            "father_name": "حسین",
            "birth_date": "۱۳۷۹/۱۰/۱۲",
            "sex": "male",
            "nationality": "ایرانی",
        },
    )
    assert response.status_code == 200
    person = InsuredPerson.objects.get(national_code="0012345679")
    assert 'id="worker-result"' in response.content.decode()
    assert response.context["result"].insurance_number == person.insurance_number


def test_register_page_files_a_case_and_redirects_to_it(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory()
    branch = BranchFactory()
    client.force_login(user)
    response = client.post(
        reverse("employers:workshop_register"),
        {
            "code": "3045678990",
            "name": "کارگاه تازه",
            "employer_name": "سارا محمدی",
            "address": "کرج",
            "branch_code": branch.code,
            "started_on": "۱۴۰۳/۰۱/۱۵",
        },
    )
    case = Case.objects.get(applicant=user)
    assert response.status_code == 302
    assert response.url == reverse("branches:my_case_detail", args=[case.pk])
    assert not Workshop.objects.exists()


def test_staff_search_and_opt_in_page(client):
    # given staff of a branch with a workshop, and another branch's workshop
    workshop = WorkshopFactory(name="کارخانه قند")
    other = WorkshopFactory()
    staff = StaffMembershipFactory(branch=workshop.branch).user
    client.force_login(staff)
    # when searching
    page = client.get(reverse("employers:staff_workshops"), {"q": "قند"}).content.decode()
    assert "کارخانه قند" in page
    # when recording the opt-in
    url = reverse("employers:staff_e_notification", args=[workshop.pk])
    response = client.post(url, {"opt_in": "on", "signed_on": "۱۴۰۳/۰۱/۱۵"})
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.e_notification_opt_in is True
    assert workshop.e_notification_form_signed_on == dt.date(2024, 4, 3)
    # then another branch's workshop is a 404
    other_url = reverse("employers:staff_e_notification", args=[other.pk])
    assert client.get(other_url).status_code == 404
    assert client.post(other_url, {"opt_in": "on", "signed_on": "۱۴۰۳/۰۱/۱۵"}).status_code == 404


def test_every_employer_dashboard_link_opens_for_a_representative(client):
    owner = RepresentativeFactory()
    client.force_login(owner.user)
    links = [
        link
        for link in dashboard_links_for_role(Role.EMPLOYER)
        if link.url_name.startswith("employers:")
    ]
    assert {"employers:workshops", "employers:workshop_register"} <= {
        link.url_name for link in links
    }
    for link in links:
        assert client.get(reverse(link.url_name)).status_code == 200, link.url_name
    dashboard = client.get(reverse("accounts:dashboard", args=[Role.EMPLOYER]))
    assert dashboard.status_code == 200


def test_staff_dashboard_links_to_workshop_search(client):
    staff = StaffMembershipFactory().user
    client.force_login(staff)
    links = [
        link
        for link in dashboard_links_for_role(Role.STAFF)
        if link.url_name.startswith("employers:")
    ]
    assert "employers:staff_workshops" in [link.url_name for link in links]
    # every staff link of the app opens for a staff member
    for link in links:
        assert client.get(reverse(link.url_name)).status_code == 200, link.url_name


def test_workshop_page_links_only_to_routed_services(client):
    # given an owner
    owner = RepresentativeFactory()
    client.force_login(owner.user)
    # when opening the workshop page
    response = client.get(reverse("employers:workshop_detail", args=[owner.workshop_id]))
    # then every service link shown resolves to a page of that workshop
    assert response.status_code == 200
    for _title, url in response.context["links"]:
        assert f"/{owner.workshop_id}/" in url
        assert client.get(url).status_code == 200, url
