"""50 parallel wrong guesses of one code: the database lets at most 5 be evaluated."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tamin.accounts import otp
from tamin.accounts.models import SMSDevice
from tests.accounts.factories import UserFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_wrong_guesses_evaluate_at_most_five(postgres_required):
    # Given a device with a fresh code
    user = UserFactory()
    device = SMSDevice.objects.create(user=user, name="sms", mobile=user.mobile, confirmed=True)
    code = otp.code_issue(device)
    device.save()
    wrong = "000000" if code != "000000" else "111111"

    def guess(_):
        try:
            return otp.code_check(
                model=SMSDevice, pk=device.pk, attempt_id=device.attempt_id, code=wrong
            )
        finally:
            connection.close()

    # When 50 wrong guesses arrive at once on separate connections
    with ThreadPoolExecutor(max_workers=25) as pool:
        results = list(pool.map(guess, range(50)))

    # Then exactly 5 were compared, the rest refused without comparison, and the code is dead
    assert results.count(otp.CodeCheck.WRONG) == 5
    assert results.count(otp.CodeCheck.LOCKED) == 45
    assert (
        otp.code_check(model=SMSDevice, pk=device.pk, attempt_id=device.attempt_id, code=code)
        is otp.CodeCheck.LOCKED
    )


@pytest.mark.django_db
def test_a_right_guess_is_consumed_once():
    user = UserFactory()
    device = SMSDevice.objects.create(user=user, name="sms", mobile=user.mobile, confirmed=True)
    code = otp.code_issue(device)
    device.save()
    assert (
        otp.code_check(model=SMSDevice, pk=device.pk, attempt_id=device.attempt_id, code=code)
        is otp.CodeCheck.OK
    )
    assert (
        otp.code_check(model=SMSDevice, pk=device.pk, attempt_id=device.attempt_id, code=code)
        is otp.CodeCheck.USED
    )


@pytest.mark.django_db
def test_codes_are_stored_hashed():
    user = UserFactory()
    device = SMSDevice.objects.create(user=user, name="sms", mobile=user.mobile, confirmed=True)
    code = otp.code_issue(device)
    device.save()
    device.refresh_from_db()
    assert code not in device.token
    assert len(device.token) == 16
