"""The pension's bank account: masked on every page, changed only through a request the
paying branch accepts (bad input refused with nothing changed; accepted → Sheba changed,
an audit row, the person told by SMS and in the inbox)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches.models import Case, CaseStatus
from branches.services.cases import case_decide, case_start_review
from notifications.models import Notification
from pensioners.models import Pensioner
from pensioners.selectors.payslips import BANK_ACCOUNT_CHANGE, sheba_masked
from pensioners.services.bank_account import bank_account_change_request
from pensioners.services.payslips import payslip_issue_month
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import sheba_with_check_digits
from tamin.core.models import AuditLog
from tests.branches.factories_cases import pdf_upload, png_upload, staff_member
from tests.pensioners.factories_payslips import figures, signed_in_pensioner, stranger

pytestmark = pytest.mark.django_db

NEW_SHEBA = sheba_with_check_digits("0170000000111122223333")  # بانک ملی
URL = "pensioners:bank_account"


@pytest.fixture(autouse=True)
def private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"


def _post(client, **fields):
    data = {"sheba": NEW_SHEBA, "bank_name": "بانک ملی ایران", "document": pdf_upload()} | fields
    return client.post(reverse(URL), data)


def test_sheba_masked_keeps_four_characters_at_each_end():
    assert sheba_masked("IR062960000000100324200003") == "IR06…0003"
    assert sheba_masked(" ir06 2960 0000 0010 0324 2000 03 ") == "IR06…0003"
    assert sheba_masked("") == ""


def test_the_page_shows_the_account_masked_and_the_form(client):
    _user, pensioner, _pension = signed_in_pensioner(client)
    body = client.get(reverse(URL)).content.decode()
    assert f'<bdi dir="ltr" class="code">{sheba_masked(pensioner.sheba)}</bdi>' in body
    assert pensioner.sheba not in body
    assert 'enctype="multipart/form-data"' in body
    assert 'name="document"' in body


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"sheba": "IR12345"}, "شماره شبا باید با IR و ۲۴ رقم باشد"),
        ({"sheba": NEW_SHEBA[:-1] + ("1" if NEW_SHEBA[-1] != "1" else "2")}, "رقم کنترل"),
        ({"bank_name": ""}, "این مقدار لازم است"),
        ({"document": ""}, "این مقدار لازم است"),
    ],
)
def test_bad_input_is_refused_in_persian_and_nothing_changes(client, fields, message):
    _user, pensioner, _pension = signed_in_pensioner(client)
    before = pensioner.sheba
    response = _post(client, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Case.objects.exists()
    pensioner.refresh_from_db()
    assert pensioner.sheba == before


def test_a_file_that_is_no_document_is_refused_and_no_case_is_left(client):
    _user, _pensioner, _pension = signed_in_pensioner(client)
    bad = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = _post(client, document=bad)
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_the_same_sheba_is_refused(client):
    _user, pensioner, _pension = signed_in_pensioner(client)
    response = _post(client, sheba=pensioner.sheba)
    assert response.status_code == 400
    assert "همین شماره شبا" in response.content.decode()
    assert not Case.objects.exists()


def test_a_second_open_request_is_refused(client):
    user, pensioner, _pension = signed_in_pensioner(client)
    assert _post(client).status_code == 302
    # the page now shows the request instead of the form
    body = client.get(reverse(URL)).content.decode()
    assert "درخواست تغییر حساب در دست بررسی" in body
    assert 'name="document"' not in body
    assert sheba_masked(NEW_SHEBA) in body
    # a POST anyway, and the service asked directly, are refused
    assert _post(client, sheba=sheba_with_check_digits("0120000000111122224444")).status_code == 302
    with pytest.raises(ApplicationError) as error:
        bank_account_change_request(
            user=user,
            pensioner=pensioner,
            sheba=sheba_with_check_digits("0120000000111122224444"),
            bank_name="بانک ملت",
            document=png_upload(),
        )
    assert error.value.code == "bank_change_open"
    assert Case.objects.count() == 1


def test_a_request_for_another_pensioner_is_refused():
    user, _pensioner, _pension = stranger()
    _other_user, other, _other_pension = stranger()
    with pytest.raises(ApplicationError):
        bank_account_change_request(
            user=user, pensioner=other, sheba=NEW_SHEBA, bank_name="بانک", document=pdf_upload()
        )
    assert not Case.objects.exists()


def test_accepted_by_branch_staff_the_sheba_changes_and_the_person_is_told(client):
    # given a pensioner with a payslip paid to the old account, who asks for a new one
    figures(1404)
    user, pensioner, pension = signed_in_pensioner(client)
    old = pensioner.sheba
    paid = payslip_issue_month(pension=pension, year=1404, month=1)
    assert _post(client).status_code == 302
    case = Case.objects.get(kind=BANK_ACCOUNT_CHANGE)
    # the request went to the paying branch with its letter
    assert case.status == CaseStatus.FORWARDED
    assert case.branch_id == pensioner.branch_id
    assert case.payload["sheba"] == NEW_SHEBA
    assert case.documents.count() == 1
    pensioner.refresh_from_db()
    assert pensioner.sheba == old  # nothing changes before the branch decides
    # when the branch's staff accept it
    officer = staff_member(branch=pensioner.branch)
    case_start_review(case=case, actor=officer)
    case_decide(case=case, actor=officer, status="accepted", reason="نامه بانک بررسی و تأیید شد.")
    # then the pension is paid to the new account, with an audit row naming the officer
    pensioner.refresh_from_db()
    assert (pensioner.sheba, pensioner.bank_name) == (NEW_SHEBA, "بانک ملی ایران")
    audit = AuditLog.objects.get(action="pensioners.bank_account_changed")
    assert audit.actor == officer
    assert audit.before["sheba"] == old
    # and the person is told by SMS and in the inbox
    told = Notification.objects.filter(user=user, template_key="case_decided")
    assert set(told.values_list("channel", flat=True)) == {"sms", "inbox"}
    # and the payslip already paid keeps the account it was paid to
    paid.refresh_from_db()
    assert paid.paid_to_sheba == old
    # and the page shows the new account and the decided request
    body = client.get(reverse(URL)).content.decode()
    assert sheba_masked(NEW_SHEBA) in body
    assert "پذیرفته شد" in body
    assert 'name="document"' in body  # a new request may be made


def test_rejected_by_the_branch_nothing_changes(client):
    _user, pensioner, _pension = signed_in_pensioner(client)
    old = pensioner.sheba
    _post(client)
    case = Case.objects.get(kind=BANK_ACCOUNT_CHANGE)
    officer = staff_member(branch=pensioner.branch)
    case_start_review(case=case, actor=officer)
    case_decide(case=case, actor=officer, status="rejected", reason="نامه بانک خوانا نیست.")
    assert Pensioner.objects.get(pk=pensioner.pk).sheba == old
    assert not AuditLog.objects.filter(action="pensioners.bank_account_changed").exists()
    assert "نامه بانک خوانا نیست." in client.get(reverse(URL)).content.decode()
