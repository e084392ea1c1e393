import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tamin.accounts.models import SMSDevice
from tamin.core.models import AuditLog
from tests.accounts.conftest import last_code_sent_to
from tests.accounts.factories import staff_with_totp

pytestmark = pytest.mark.django_db


def _password_step(client, user, password=DEMO_PASSWORD):
    return client.post(
        reverse("accounts:login"), {"national_code": user.national_code, "password": password}
    )


def test_password_then_sms_code_signs_in_and_rotates_the_session(client, citizen):
    # Given an anonymous session
    client.get(reverse("accounts:login"))
    first_key = client.session.session_key
    # When the password is right
    response = _password_step(client, citizen)
    assert response["Location"] == reverse("accounts:login_verify")
    # Then the session key changed and the person is not signed in yet
    after_password = client.session.session_key
    assert after_password != first_key
    assert client.get(reverse("accounts:home"))["Location"].startswith(reverse("accounts:login"))

    # When the SMS code is entered
    response = client.post(
        reverse("accounts:login_verify"), {"code": last_code_sent_to(citizen.mobile)}
    )
    # Then the person is signed in, verified by django-otp, with a new session key
    assert response.status_code == 302
    assert client.session.session_key != after_password
    assert client.session["otp_device_id"].startswith("accounts.smsdevice/")
    assert client.get(reverse("accounts:home"))["Location"] == reverse(
        "accounts:dashboard", args=["insured"]
    )
    assert AuditLog.objects.filter(action="login.succeeded", actor=citizen).exists()


def test_wrong_password_is_refused_and_audited(client, citizen):
    response = _password_step(client, citizen, password="not-the-password")
    assert "کد ملی یا گذرواژه نادرست است" in response.content.decode()
    assert AuditLog.objects.filter(
        action="login.password_failed", target_id=citizen.national_code
    ).exists()


def test_lockout_after_repeated_wrong_passwords_is_temporary(client, citizen, settings):
    # Given five wrong passwords
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_step(client, citizen, password="wrong-password-x")
    # When the right password comes next
    response = _password_step(client, citizen)
    # Then the account is locked with a Persian message and an audit row
    assert response.status_code == 429
    assert "ورود موقتاً بسته شد" in response.content.decode()
    assert AuditLog.objects.filter(action="login.locked_out").exists()
    # And after the cool-off the right password works again
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2)
    assert _password_step(client, citizen)["Location"] == reverse("accounts:login_verify")


def test_code_is_bound_to_the_attempt_it_was_sent_for(client, citizen, settings):
    # Given two sign-in attempts (two browsers); the second sends a new code
    settings.OTP_RESEND_COOLDOWN_SECONDS = 0
    from django.test import Client

    other = Client()
    _password_step(client, citizen)
    first_code = last_code_sent_to(citizen.mobile)
    _password_step(other, citizen)
    # When the first browser enters its (now replaced) code
    response = client.post(reverse("accounts:login_verify"), {"code": first_code})
    # Then it is refused: that code no longer belongs to this attempt
    assert "این کد برای این درخواست صادر نشده است" in response.content.decode()
    # And the second browser's code works only in the second browser
    assert (
        other.post(
            reverse("accounts:login_verify"), {"code": last_code_sent_to(citizen.mobile)}
        ).status_code
        == 302
    )


def test_code_works_once(client, citizen):
    _password_step(client, citizen)
    code = last_code_sent_to(citizen.mobile)
    client.post(reverse("accounts:login_verify"), {"code": code})
    client.post(reverse("accounts:logout"))
    # The same code replayed into a fresh attempt of the same browser does not sign in
    _password_step(client, citizen)
    client.post(reverse("accounts:login_verify"), {"code": code})
    assert "_auth_user_id" not in client.session


def test_expired_code_is_refused(client, citizen, time_machine):
    time_machine.move_to(timezone.now(), tick=True)
    _password_step(client, citizen)
    code = last_code_sent_to(citizen.mobile)
    time_machine.shift(dt.timedelta(minutes=5, seconds=1))
    response = client.post(reverse("accounts:login_verify"), {"code": code})
    assert "مهلت این کد تمام شده است" in response.content.decode()
    assert AuditLog.objects.filter(action="login.code_expired").exists()


def test_six_wrong_codes_burn_the_code(client, citizen, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no waiting between guesses in this test
    _password_step(client, citizen)
    code = last_code_sent_to(citizen.mobile)
    wrong = "000000" if code != "000000" else "111111"
    messages = [
        client.post(reverse("accounts:login_verify"), {"code": wrong}).content.decode()
        for _ in range(6)
    ]
    assert "۴ بار دیگر" in messages[0]
    assert "این کد باطل شد" in messages[5]
    # Even the right code is refused now
    response = client.post(reverse("accounts:login_verify"), {"code": code})
    assert "این کد باطل شد" in response.content.decode()
    assert SMSDevice.objects.get(user=citizen).wrong_tries == 5


def test_wrong_guess_is_throttled_before_the_next(client, citizen):
    _password_step(client, citizen)
    code = last_code_sent_to(citizen.mobile)
    wrong = "000000" if code != "000000" else "111111"
    client.post(reverse("accounts:login_verify"), {"code": wrong})
    response = client.post(reverse("accounts:login_verify"), {"code": code})
    assert "چند ثانیه صبر کنید" in response.content.decode()


def test_staff_sign_in_with_the_authenticator_and_never_by_sms(client):
    staff, device = staff_with_totp(password=DEMO_PASSWORD)
    response = _password_step(client, staff)
    assert response["Location"] == reverse("accounts:login_verify")
    assert not SMSDevice.objects.filter(user=staff).exists()
    assert "برنامه احراز هویت" in client.get(reverse("accounts:login_verify")).content.decode()
    token = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = client.post(reverse("accounts:login_verify"), {"code": token})
    assert response.status_code == 302
    assert client.session["otp_device_id"].startswith("otp_totp.totpdevice/")


def test_staff_without_authenticator_cannot_sign_in(client):
    from tests.accounts.factories import UserFactory

    staff = UserFactory(is_staff=True, roles=["staff"], password=DEMO_PASSWORD)
    response = _password_step(client, staff)
    assert "برنامه احراز هویت" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_pending_login_expires(client, citizen, time_machine):
    time_machine.move_to(timezone.now(), tick=True)
    _password_step(client, citizen)
    time_machine.shift(dt.timedelta(minutes=11))
    response = client.get(reverse("accounts:login_verify"))
    assert response["Location"] == reverse("accounts:login")


def test_sign_in_right_after_registering_is_not_a_resend(client):
    # Given a person who has just registered (a registration code went to their mobile)
    from tests.accounts.test_registration import GOOD

    client.post(reverse("accounts:register"), GOOD)
    client.post(reverse("accounts:register_verify"), {"code": last_code_sent_to("09121234567")})
    client.post(
        reverse("accounts:register_password"),
        {"password1": "kavir-e-lut-1403", "password2": "kavir-e-lut-1403"},
    )
    client.post(reverse("accounts:logout"))
    # When they sign in again within the resend cooldown
    response = client.post(
        reverse("accounts:login"), {"national_code": "0013542419", "password": "kavir-e-lut-1403"}
    )
    # Then a sign-in code is sent
    assert response["Location"] == reverse("accounts:login_verify")
