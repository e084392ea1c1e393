import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tamin.accounts.models import PasswordResetRequest
from tamin.core.models import AuditLog
from tests.accounts.conftest import last_code_sent_to

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "dasht-e-kavir-1404"


def test_reset_by_sms_code_changes_the_password_and_ends_other_sessions(client, citizen):
    # Given the person is signed in elsewhere
    elsewhere = Client()
    elsewhere.force_login(citizen)
    assert elsewhere.get(reverse("accounts:security")).status_code == 200
    # When they reset the password with the SMS code
    response = client.post(
        reverse("accounts:password_reset"),
        {"national_code": citizen.national_code, "mobile": citizen.mobile},
    )
    assert response["Location"] == reverse("accounts:password_reset_verify")
    client.post(
        reverse("accounts:password_reset_verify"), {"code": last_code_sent_to(citizen.mobile)}
    )
    response = client.post(
        reverse("accounts:password_reset_new"),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    # Then the new password works, the old does not, and the other session is gone
    assert response["Location"] == reverse("accounts:login")
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    assert not citizen.check_password(DEMO_PASSWORD)
    assert elsewhere.get(reverse("accounts:security")).status_code == 302
    assert not PasswordResetRequest.objects.exists()
    assert AuditLog.objects.filter(action="password_reset.completed", actor=citizen).exists()


def test_unknown_mobile_gets_the_usual_answer_and_no_code(client, citizen):
    # (Issue #8: this page used to say "national code and mobile do not match", which
    # told who has an account. Now every start answers alike; the audit log tells staff.)
    # Given a national code with an account and a mobile that is not its own
    response = client.post(
        reverse("accounts:password_reset"),
        {"national_code": citizen.national_code, "mobile": "09350000000"},
    )
    # Then the answer is the usual code step, yet no SMS is written and no real reset exists
    assert response["Location"] == reverse("accounts:password_reset_verify")
    assert not Notification.objects.exists()
    assert not PasswordResetRequest.objects.filter(user__isnull=False).exists()
    assert AuditLog.objects.filter(action="password_reset.mismatch").exists()
    # And no code on the next page leads to a new password
    response = client.post(reverse("accounts:password_reset_verify"), {"code": "123456"})
    assert "کد واردشده نادرست است" in response.content.decode()
    response = client.post(
        reverse("accounts:password_reset_new"),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("accounts:password_reset")


def test_new_password_needs_the_code_first(client, citizen):
    client.post(
        reverse("accounts:password_reset"),
        {"national_code": citizen.national_code, "mobile": citizen.mobile},
    )
    response = client.post(
        reverse("accounts:password_reset_new"),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("accounts:password_reset")
    citizen.refresh_from_db()
    assert citizen.check_password(DEMO_PASSWORD)
