"""The staff simulator: staff only (404 for anyone else), the same gateway code with the
secret added on the server, every simulated session audited, linked from the dashboard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tamin.accounts.dashboard import dashboard_links_for_role
from tamin.accounts.demo.accounts import DEMO_ACCOUNTS
from tamin.accounts.models import Role
from tamin.core.models import AuditLog
from tamin.ussd.engine import REFUSED
from tamin.ussd.views import SIMULATOR_DEFAULT_MSISDN
from tests.accounts.factories import UserFactory, staff_with_totp
from tests.branches.factories import StaffMembershipFactory
from tests.insured.factories import ContributionRecordFactory
from tests.insured.factories_inquiries import insured_user
from tests.ussd.conftest import SECRET
from tests.ussd.helpers import Phone, simulator_send

pytestmark = pytest.mark.django_db

PAGE = "/ussd/simulator/"
SEND = "/ussd/simulator/send/"


@pytest.fixture
def staff(client):
    user, _device = staff_with_totp()
    StaffMembershipFactory(user=user)
    client.force_login(user)
    return user


def test_urls():
    assert reverse("ussd:simulator") == PAGE
    assert reverse("ussd:simulator_send") == SEND
    assert reverse("ussd:gateway") == "/ussd/gateway/"


def test_the_page_draws_a_phone_with_the_demo_insureds_number_and_no_secret(client, staff):
    response = client.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="ussd-phone"' in html
    assert f'value="{SIMULATOR_DEFAULT_MSISDN}"' in html
    assert "css/ussd_simulator.css" in html
    assert "js/ussd_simulator.js" in html
    assert SECRET not in html
    assert "<style" not in html
    assert "<script>" not in html  # scripts only from static files (CSP)
    assert "*۴*۱۴۲۰#" in html  # the code shown to people, from USSD_CODE_DISPLAY


def test_the_default_number_is_the_demo_insured_persons():
    demo = next(a for a in DEMO_ACCOUNTS if a.mobile == SIMULATOR_DEFAULT_MSISDN)
    assert demo.roles == (Role.INSURED,)


@pytest.mark.parametrize("who", ["anonymous", "insured", "staff_flag_only"])
def test_anyone_but_staff_gets_404_or_the_sign_in_page(client, who):
    if who == "insured":
        client.force_login(UserFactory())
    elif who == "staff_flag_only":
        client.force_login(UserFactory(is_staff=True, roles=[Role.INSURED]))
    page = client.get(PAGE)
    send = client.post(SEND, {"msisdn": "09121110001", "input": ""})
    if who == "anonymous":
        assert page.status_code == send.status_code == 302
        assert page["Location"].startswith(reverse("accounts:login"))
    else:
        assert page.status_code == send.status_code == 404


def test_staff_working_at_no_branch_get_404_and_no_link(client):
    # The simulator answers with real people's records: a staff account with no live branch
    # membership (one that ended, say) is not offered it and cannot open it
    user, _device = staff_with_totp()
    client.force_login(user)
    assert client.get(PAGE).status_code == 404
    assert client.post(SEND, {"msisdn": "09121110001", "text": ""}).status_code == 404
    links = [link.url_name for link in dashboard_links_for_role(Role.STAFF, user=user)]
    assert "ussd:simulator" not in links


def test_the_simulator_can_be_switched_off(client, staff, settings):
    settings.USSD_SIMULATOR_ENABLED = False
    assert client.get(PAGE).status_code == 404


def test_last_record_through_the_simulator_is_the_gateways_answer(client, staff):
    # Given an insured person with records and their registered number
    user, person = insured_user()
    ContributionRecordFactory(person=person, year=1403, month=2, days=20, daily_wage=1_500_000)
    # When staff dial it on the simulator and ask «۱ → ۱»
    first = simulator_send(client, msisdn=user.mobile)
    assert first["action"] == "continue"
    assert first["session_id"].startswith("sim-")
    session = first["session_id"]
    simulator_send(client, msisdn=user.mobile, text="1", session_id=session)
    answer = simulator_send(client, msisdn=user.mobile, text="1", session_id=session)
    # Then it is what the gateway answers the aggregator for the same steps
    assert answer["status"] == 200
    gateway = Phone(client, user.mobile).walk("1", "1")
    assert answer["text"] == gateway
    assert answer["text"].startswith("آخرین سابقه: اردیبهشت ۱۴۰۳\nکارکرد: ۲۰ روز از ۳۱")
    # And the session is audited with the staff member and the account reached
    row = AuditLog.objects.get(action="ussd.simulator_session")
    assert (row.actor_id, row.target_id) == (staff.pk, str(user.pk))


def test_another_number_is_refused_on_the_simulator_too(client, staff):
    answer = simulator_send(client, msisdn="09129990001")
    assert (answer["action"], answer["text"], answer["session_id"]) == ("end", REFUSED, "")
    row = AuditLog.objects.get(action="ussd.simulator_session")
    assert row.detail == {"account_reached": False}


def test_without_javascript_the_form_comes_back_with_the_screen(client, staff):
    user, _person = insured_user()
    response = client.post(
        SEND, {"msisdn": user.mobile, "input": "", "session_id": "", "dial": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "تأمین اجتماعی\n۱ استعلام‌ها" in html
    assert 'name="session_id" id="ussd-session" value="sim-' in html


def test_the_simulator_uses_the_servers_secret_so_none_configured_is_503(client, staff, settings):
    settings.USSD_SHARED_SECRET = ""
    answer = simulator_send(client, msisdn="09121110001")
    assert answer["status"] == 503
    assert answer["text"] == "این خدمت موقتاً در دسترس نیست."


def test_the_staff_dashboard_links_the_simulator(client, staff):
    page = client.get(reverse("accounts:dashboard", args=[Role.STAFF]))
    assert page.status_code == 200
    assert f'href="{PAGE}"' in page.content.decode()
    links = [link.url_name for link in dashboard_links_for_role(Role.STAFF, user=staff)]
    assert "ussd:simulator" in links
    assert all(
        "ussd:simulator" not in [link.url_name for link in dashboard_links_for_role(role)]
        for role in (Role.INSURED, Role.EMPLOYER, Role.PENSIONER)
    )


def test_the_contact_page_names_the_code_from_the_setting(client, settings):
    settings.USSD_CODE_DISPLAY = "*4*1420*1#"
    html = client.get(reverse("branches:contact")).content.decode()
    assert 'data-testid="ussd-code"' in html
    assert '<bdi dir="ltr" class="code">*۴*۱۴۲۰*۱#</bdi>' in html
