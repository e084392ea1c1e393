"""The README's staff sign-in one-liner gives a code the sign-in page accepts."""

import contextlib
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

# The demo staff head's authenticator key (hex), whose base32 form the README prints.
README_DEMO_KEY = "3132333435363738393031323334353637383930"


def _readme_one_liner_source() -> str:
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    match = re.search(r'`\.venv/bin/python -c "(from django_otp\.oath import TOTP[^"]+)"`', readme)
    assert match, "the README no longer shows the staff code one-liner"
    return match.group(1)


def _moment_whose_code_starts_with_zero() -> dt.datetime:
    totp = TOTP(bytes.fromhex(README_DEMO_KEY))
    moment = dt.datetime(2025, 3, 1, 8, 0, 10, tzinfo=dt.UTC)
    while True:
        totp.time = moment.timestamp()
        if totp.token() < 100_000:
            return moment
        moment += dt.timedelta(seconds=30)


def test_the_readme_one_liner_prints_six_digits_that_sign_staff_in(client, time_machine):
    # Given the demo staff head with the README's authenticator key, at a moment whose
    # current code starts with 0
    staff = UserFactory(is_staff=True, roles=["staff"], password=DEMO_PASSWORD)
    TOTPDevice.objects.create(user=staff, name="app", confirmed=True, key=README_DEMO_KEY)
    time_machine.move_to(_moment_whose_code_starts_with_zero(), tick=False)
    # When the README's one-liner is run
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(_readme_one_liner_source(), {})  # noqa: S102 - the README's own command
    code = printed.getvalue().strip()
    # Then it prints six digits, leading zero kept, and the sign-in page accepts them
    assert re.fullmatch(r"0\d{5}", code), code
    client.post(
        reverse("accounts:login"), {"national_code": staff.national_code, "password": DEMO_PASSWORD}
    )
    response = client.post(reverse("accounts:login_verify"), {"code": code})
    assert response.status_code == 302
    assert client.session["otp_device_id"].startswith("otp_totp.totpdevice/")
