"""What a person reads on the accounts pages: Persian digits, one word for password."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tamin.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.persian_text import latin_digits_outside_codes

pytestmark = pytest.mark.django_db


def test_a_new_user_without_a_name_is_greeted_by_the_national_code_in_persian(client):
    # Given a person registered without a name (the registry gave none)
    person = UserFactory(
        national_code="0013542419", first_name="", last_name="", roles=[Role.INSURED]
    )
    client.force_login(person)
    # When they open their dashboard
    html = client.get(reverse("accounts:dashboard", args=["insured"])).content.decode()
    # Then the greeting and the header carry the code as a code, in Persian digits
    assert 'خوش آمدید، <bdi dir="ltr" class="code">۰۰۱۳۵۴۲۴۱۹</bdi>.' in html
    assert latin_digits_outside_codes(html) == []


def test_the_ussd_code_is_isolated_so_it_reads_as_dialled(client, settings):
    # Given the USSD code the portal shows
    settings.USSD_CODE_DISPLAY = "*4*1420#"
    # When any page is opened (the home page and every footer carry it)
    html = client.get(reverse("home")).content.decode()
    # Then it sits in an isolated left-to-right element, each time
    assert html.count('<bdi dir="ltr" class="code">*۴*۱۴۲۰#</bdi>') == 2
