import re

import pytest
from django.urls import reverse

from notifications.models import Notification
from tamin.accounts.models import PendingRegistration, Role, User
from tamin.core.models import AuditLog
from tests.accounts.conftest import last_code_sent_to

pytestmark = pytest.mark.django_db

GOOD = {"national_code": "۰۰۱۳۵۴۲۴۱۹", "birth_date": "۱۳۶۴/۰۱/۱۰", "mobile": "+989121234567"}
# 0013542419 is taken by nobody in these tests; the form gets Persian digits and +98.


def _start(client, **overrides):
    return client.post(reverse("accounts:register"), {**GOOD, **overrides})


def test_registration_creates_the_user_only_after_mobile_and_password(client):
    # Given a person with a valid national code
    # When they start registration
    response = _start(client)
    # Then a code is sent to the normalized mobile and no user exists yet
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:register_verify")
    assert not User.objects.exists()
    code = last_code_sent_to("09121234567")

    # When they enter the code and choose a password
    assert client.post(reverse("accounts:register_verify"), {"code": code}).status_code == 302
    assert not User.objects.exists()
    response = client.post(
        reverse("accounts:register_password"),
        {"password1": "kavir-e-lut-1403", "password2": "kavir-e-lut-1403"},
    )
    # Then the user exists with the insured role, is signed in, and the identity source is recorded
    assert response.status_code == 302
    user = User.objects.get(national_code="0013542419")
    assert user.mobile == "09121234567"
    assert user.mobile_verified_at is not None
    assert user.identity_checked_by == "embedded-accept-all"
    assert list(user.roles.values_list("role", flat=True)) == [Role.INSURED]
    assert client.get(reverse("accounts:home")).status_code == 302
    assert AuditLog.objects.filter(action="registration.completed", actor=user).exists()


def test_wrong_checksum_is_refused_in_persian_and_nothing_is_created(client):
    response = _start(client, national_code="0013542418")
    assert response.status_code == 200
    assert "کد ملی معتبر نیست" in response.content.decode()
    assert not PendingRegistration.objects.exists()


def test_invalid_jalali_birth_date_is_refused(client):
    response = _start(client, birth_date="1364/12/31")  # 1364 is not a leap year
    assert "این تاریخ در تقویم شمسی وجود ندارد" in response.content.decode()
    assert not PendingRegistration.objects.exists()


def test_bad_mobile_is_refused(client):
    response = _start(client, mobile="0812345678")
    assert "شماره تلفن همراه" in response.content.decode()
    assert not PendingRegistration.objects.exists()


def test_weak_password_is_refused_and_no_user_is_created(client):
    _start(client)
    client.post(reverse("accounts:register_verify"), {"code": last_code_sent_to("09121234567")})
    response = client.post(
        reverse("accounts:register_password"),
        {"password1": "1234567890", "password2": "1234567890"},
    )
    assert response.status_code == 200
    assert not User.objects.exists()


def test_password_step_is_unreachable_before_the_code(client):
    _start(client)
    response = client.post(
        reverse("accounts:register_password"),
        {"password1": "kavir-e-lut-1403", "password2": "kavir-e-lut-1403"},
    )
    assert response["Location"] == reverse("accounts:register")
    assert not User.objects.exists()


def test_already_registered_national_code_gets_no_code_and_the_owner_is_told(client, citizen):
    # (Issue #8: this page used to answer "an account exists for this national code",
    # which told anyone who has an account. Now it answers as for a new one.)
    # Given a national code that has an account, and a stranger's mobile
    # When registration is started with it
    response = _start(client, national_code=citizen.national_code, mobile="09350001111")
    # Then the answer is the usual "code sent" step, but no code goes to the stranger
    assert response["Location"] == reverse("accounts:register_verify")
    assert not Notification.objects.filter(to_address="09350001111").exists()
    # And the owner's own mobile gets a notice (no code), and the attempt is audited
    notice = Notification.objects.get(to_address=citizen.mobile)
    assert notice.template_key == "registration_account_exists"
    assert not re.search(r"\d{6}", notice.body)
    assert AuditLog.objects.filter(action="registration.duplicate").exists()
    # And no code entered on the next page can complete a registration
    response = client.post(reverse("accounts:register_verify"), {"code": "123456"})
    assert "کد واردشده نادرست است" in response.content.decode()
    assert not client.session["registration"]["verified"]


def test_resending_within_the_cooldown_is_refused(client):
    _start(client)
    response = _start(client)
    assert "یک دقیقه صبر کنید" in response.content.decode()
    assert PendingRegistration.objects.count() == 1
    assert AuditLog.objects.filter(action="otp.send_refused").exists()


def test_sends_per_number_are_limited(client, settings):
    # Given no cooldown but a registration budget of 3 sends per number
    settings.OTP_RESEND_COOLDOWN_SECONDS = 0
    settings.OTP_REGISTER_SENDS_PER_WINDOW = 3
    for _ in range(3):
        assert _start(client).status_code == 302
    # When a fourth code is asked for the same number
    response = _start(client)
    # Then it is refused
    assert "از حد مجاز گذشته" in response.content.decode()
    assert PendingRegistration.objects.count() == 3


def test_wrong_checksum_is_audited_as_a_security_event(client):
    _start(client, national_code="0013542418")
    row = AuditLog.objects.get(action="registration.invalid_national_code")
    assert row.target_id == "0013542418"
    assert row.detail["error"] == ["national_code_checksum"]
