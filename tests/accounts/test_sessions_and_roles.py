import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tamin.accounts.models import Role
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sign_out_everywhere_ends_every_session(citizen):
    phone, laptop = Client(), Client()
    phone.force_login(citizen)
    laptop.force_login(citizen)
    # When the person signs out everywhere from the laptop
    response = laptop.post(reverse("accounts:security"))
    # Then both sessions are over
    assert response["Location"] == reverse("accounts:login")
    assert phone.get(reverse("accounts:security")).status_code == 302
    assert laptop.get(reverse("accounts:security")).status_code == 302
    assert AuditLog.objects.filter(action="session.signed_out_everywhere", actor=citizen).exists()


def test_idle_session_expires_but_an_active_one_slides(client, citizen, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(citizen)
    page = reverse("accounts:security")
    # Given activity every 5 minutes for 40 minutes, the session stays open
    for _ in range(8):
        time_machine.shift(dt.timedelta(minutes=5))
        assert client.get(page).status_code == 200
    # When the person is idle longer than the idle timeout (20 minutes)
    time_machine.shift(dt.timedelta(minutes=21))
    # Then they must sign in again
    assert client.get(page).status_code == 302


def test_a_signed_in_page_view_does_not_write_the_session_each_time(
    client, citizen, django_assert_num_queries
):
    client.force_login(citizen)
    client.get(reverse("accounts:security"))  # first view records the touch
    # The session only: the person, roles and device come from the principal cache, and
    # the session is not written again.
    with django_assert_num_queries(1):
        client.get(reverse("accounts:security"))


def test_each_role_lands_on_its_own_dashboard_and_the_switcher_changes_it(client):
    # Given a person who is both an employer representative and insured
    person = UserFactory(roles=[Role.EMPLOYER, Role.INSURED])
    client.force_login(person)
    # Then the header offers both roles and the first lands on its dashboard
    home = client.get(reverse("accounts:home"))
    assert home["Location"] == reverse("accounts:dashboard", args=["insured"])
    page = client.get(home["Location"]).content.decode()
    assert 'id="role-switcher"' in page
    # When they switch to employer
    response = client.post(reverse("accounts:switch_role"), {"role": "employer"})
    # Then the employer dashboard is theirs and home follows the choice
    assert response["Location"] == reverse("accounts:dashboard", args=["employer"])
    assert client.get(reverse("accounts:home"))["Location"] == reverse(
        "accounts:dashboard", args=["employer"]
    )


def test_a_role_the_person_does_not_hold_is_404(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("accounts:dashboard", args=["staff"])).status_code == 404
    assert client.post(reverse("accounts:switch_role"), {"role": "pensioner"}).status_code == 404


def test_single_role_has_no_switcher_and_dashboard_links_resolve(client, citizen):
    client.force_login(citizen)
    page = client.get(reverse("accounts:dashboard", args=["insured"]))
    html = page.content.decode()
    assert 'id="role-switcher"' not in html
    # Every link on the dashboard answers (no dead links)
    import re

    links = re.findall(r'<a class="card[^"]*" href="([^"]+)"', html)
    assert links
    for href in links:
        assert client.get(href).status_code == 200, href


def test_signed_in_pages_need_sign_in(client):
    response = client.get(reverse("accounts:dashboard", args=["insured"]))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_email_for_notices_is_saved_and_audited(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("accounts:security"), {"email": "Maryam@Example.ir"})
    assert response["Location"] == reverse("accounts:security")
    citizen.refresh_from_db()
    assert citizen.email == "maryam@example.ir"
    assert AuditLog.objects.filter(action="profile.email_changed", actor=citizen).exists()


def test_bad_email_is_refused(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("accounts:security"), {"email": "not-an-address"})
    assert response.status_code == 200
    citizen.refresh_from_db()
    assert citizen.email == ""
