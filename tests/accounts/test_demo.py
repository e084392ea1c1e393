import io

import pytest
from django.core.management import call_command

from insured.demo.medical_claims import STAFF_NATIONAL_CODE as AGENCY_STAFF
from tamin.accounts.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from tamin.accounts.models import User
from tamin.core.identifiers import national_code_is_valid, sheba_is_valid

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_every_login():
    # When seed_demo runs twice
    first, second = io.StringIO(), io.StringIO()
    call_command("seed_demo", stdout=first)
    call_command("seed_demo", stdout=second)
    # Then each demo account exists once, with a usable password and valid identifiers
    # (and the agency's staff member, whose membership insured.demo.medical_claims grants)
    assert User.objects.count() == len(DEMO_ACCOUNTS) + 1
    assert User.objects.filter(national_code=AGENCY_STAFF, is_staff=True).count() == 1
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(national_code=account.national_code)
        assert user.check_password(DEMO_PASSWORD)
        assert national_code_is_valid(account.national_code)
        assert set(user.roles.values_list("role", flat=True)) == set(account.roles)
        assert account.national_code in second.getvalue()
        if account.is_staff:
            assert user.totpdevice_set.filter(confirmed=True).count() == 1
        else:
            assert sheba_is_valid(account.sheba)
    # Staff get an otpauth URI to add to an authenticator app
    assert second.getvalue().count("otpauth://totp/") == 3


def test_seed_demo_refuses_production_settings(settings):
    from django.core.management.base import CommandError

    settings.TAMIN_PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()
