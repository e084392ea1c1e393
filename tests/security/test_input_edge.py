"""The seen cases of issue #8 item 6, one test each: bad input gets a Persian form error
(or is logged and refused), never a 500."""

import pytest
from django.urls import reverse

from tamin.accounts.models import PendingRegistration, User
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories import StaffMembershipFactory
from tests.branches.factories_desk import TicketCategoryFactory
from tests.employers.factories import WorkshopFactory

pytestmark = pytest.mark.django_db

GOOD = {"national_code": "0013542419", "birth_date": "1364/01/10", "mobile": "09121234567"}
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_nul_in_national_code_is_refused_and_the_attempt_is_logged(client, postgres_required):
    # given a registration whose national code carries a NUL byte (PostgreSQL refuses \x00)
    data = {**GOOD, "national_code": "00135\x0042419"}
    # when it is posted
    response = client.post(reverse("accounts:register"), data)
    # then the form answers with a Persian error and the probe is in the audit log
    assert response.status_code == 200
    assert not PendingRegistration.objects.exists()
    row = AuditLog.objects.get(action="registration.invalid_national_code")
    assert "\x00" not in row.target_id
    assert row.target_id.startswith("00135")


def test_nul_in_mobile_is_refused_and_the_attempt_is_logged(client, postgres_required):
    data = {**GOOD, "mobile": "0912\x001234567"}
    response = client.post(reverse("accounts:register"), data)
    assert response.status_code == 200
    assert AuditLog.objects.filter(action="registration.invalid_mobile").exists()


@pytest.mark.parametrize("birth_date", ["9378/01/01", "9999/12/29", "1100/01/01", "0001/01/01"])
def test_birth_year_out_of_range_is_a_form_error(client, birth_date):
    # given a birth date whose year people do not type (9378 overflows the Gregorian calendar)
    response = client.post(reverse("accounts:register"), {**GOOD, "birth_date": birth_date})
    # then the page comes back with a Persian message about the year
    assert response.status_code == 200
    assert "سال" in response.context["form"].errors["birth_date"][0]
    assert not PendingRegistration.objects.exists()


def test_fullwidth_national_code_is_a_form_error_not_a_late_500(client):
    # given a national code typed in fullwidth digits (Unicode digits, but not ours)
    data = {**GOOD, "national_code": GOOD["national_code"].translate(FULLWIDTH)}
    # when registration starts
    response = client.post(reverse("accounts:register"), data)
    # then the form refuses it; no pending registration with odd digits is stored
    assert response.status_code == 200
    assert "national_code" in response.context["form"].errors
    assert not PendingRegistration.objects.exists()
    assert not User.objects.exists()


def test_fullwidth_mobile_is_a_form_error(client):
    # given "09" typed in ASCII and the rest in fullwidth digits (which \d would take)
    data = {**GOOD, "mobile": "09" + GOOD["mobile"][2:].translate(FULLWIDTH)}
    response = client.post(reverse("accounts:register"), data)
    assert response.status_code == 200
    assert "mobile" in response.context["form"].errors


@pytest.mark.parametrize("signed_on", ["0001/01/01", "1299/12/29", "9378/01/01"])
def test_e_notification_signed_on_out_of_range_is_a_form_error(client, signed_on):
    # given branch staff recording a workshop's e-notification opt-in
    workshop = WorkshopFactory()
    client.force_login(StaffMembershipFactory(branch=workshop.branch).user)
    url = reverse("employers:staff_e_notification", args=[workshop.pk])
    # when the signing date is in year 1 (or before the organization existed, or past 9377)
    response = client.post(url, {"opt_in": "on", "signed_on": signed_on})
    # then the form says so and nothing is recorded
    assert response.status_code == 200
    assert response.context["form"].errors["signed_on"]
    workshop.refresh_from_db()
    assert workshop.e_notification_opt_in is False


def test_control_characters_in_free_text_are_a_form_error(client):
    # given a signed-in person opening a 1420 desk ticket
    TicketCategoryFactory(key="records")
    client.force_login(UserFactory())
    # when the subject carries a terminal escape and the body a NUL-free bell character
    response = client.post(
        reverse("branches:ticket_new"),
        {"category": "records", "subject": "سوابق\x1b[2J", "body": "متن\x07 پرسش"},
    )
    # then both are refused on the form (line breaks in the body would be fine)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "subject" in errors
    assert "body" in errors
