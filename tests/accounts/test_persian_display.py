"""What a person reads on the accounts pages: Persian digits, one word for password."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.urls import reverse

from tamin.accounts.models import Role
from tests.accounts.conftest import last_code_sent_to
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


PASSWORD_WORD = "گذرواژه"


@pytest.mark.parametrize(
    "password",
    [
        "kavir-1",  # too short
        "1234567890123",  # only digits (and common)
        "password123",  # common
        "ali-rezaei-x",  # like the person's name
    ],
)
def test_every_password_rule_answers_in_persian_with_the_portals_word(password):
    # Given a person named Ali Rezaei (the similarity rule reads the name)
    person = UserFactory.build(first_name="ali-rezaei", last_name="rezaei")
    # When a weak password is checked by the configured validators
    with pytest.raises(ValidationError) as refused:
        validate_password(password, person)
    # Then every message is Persian, says «گذرواژه» and never Django's «رمز»
    for message in refused.value.messages:
        assert not re.search(r"[A-Za-z0-9]", message), message
        assert PASSWORD_WORD in message
        assert "رمز" not in message


def test_help_texts_use_the_same_word():
    # When the rules describe themselves
    texts = password_validators_help_texts()
    # Then they are Persian and use «گذرواژه»
    assert len(texts) == 4
    for text in texts:
        assert PASSWORD_WORD in text
        assert not re.search(r"[A-Za-z0-9]", text), text


def test_the_registration_page_shows_the_persian_length_message(client):
    # Given a person at the password step of registration (mobile confirmed)
    client.post(
        reverse("accounts:register"),
        {"national_code": "0013542419", "birth_date": "۱۳۶۴/۰۱/۱۰", "mobile": "09121234567"},
    )
    client.post(reverse("accounts:register_verify"), {"code": last_code_sent_to("09121234567")})
    # When they choose a password that is too short
    response = client.post(
        reverse("accounts:register_password"), {"password1": "kavir-1", "password2": "kavir-1"}
    )
    # Then the page says so in the portal's Persian, and no English sentence is shown
    html = response.content.decode()
    assert "این گذرواژه کوتاه است؛ گذرواژه باید دست‌کم ۱۰ نویسه باشد." in html
    assert "too short" not in html
