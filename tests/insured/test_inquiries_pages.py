"""Inquiry pages: identity, active relationship, bank accounts, electronic file, inspections."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from branches.models import Case, InspectionResult
from branches.services.cases import case_document_add
from branches.services.inspections import inspection_record
from insured.banks import UNKNOWN_BANK, bank_name_for_sheba
from insured.models import BankAccount
from insured.services.inquiries import bank_account_add, bank_account_deactivate
from insured.services.objections import objection_missing_days_file
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import sheba_with_check_digits
from tamin.core.jalali import today_jalali
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories_cases import pdf_upload
from tests.insured.factories import ContributionRecordFactory
from tests.insured.factories_inquiries import WORKSHOP, insured_user, person_with_records

pytestmark = pytest.mark.django_db

MELLI = sheba_with_check_digits("0170000000110000000001")
MELLAT = sheba_with_check_digits("0120000000220000000002")


def test_identity_page_shows_the_insurance_number(client):
    user, person = insured_user()
    client.force_login(user)
    body = client.get(reverse("insured:identity")).content.decode()
    assert person.first_name in body
    assert "شماره بیمه" in body


def test_identity_page_of_an_account_without_record_shows_nothing_of_others(client):
    insured_user()
    client.force_login(UserFactory())
    response = client.get(reverse("insured:identity"))
    assert response.status_code == 200
    assert "پرونده بیمه‌ای پیدا نشد" in response.content.decode()


def test_relationship_is_active_with_a_recent_month(client):
    # given a record of the current month
    user, person = insured_user()
    today = today_jalali()
    ContributionRecordFactory(
        person=person, year=today.year, month=today.month, days=1, workshop_name="کارخانه نو"
    )
    client.force_login(user)
    body = client.get(reverse("insured:relationship")).content.decode()
    assert "ارتباط بیمه‌ای شما فعال است" in body
    assert "کارخانه نو" in body
    assert "حداکثر ۳ ماه" in body


def test_relationship_is_inactive_after_an_old_last_month(client):
    user, _person, _short, _branch = person_with_records()
    client.force_login(user)
    body = client.get(reverse("insured:relationship")).content.decode()
    assert "فعال نیست" in body
    assert "خرداد ۱۴۰۳" in body


def test_bank_name_from_the_sheba_code():
    assert bank_name_for_sheba(MELLI) == "بانک ملی ایران"
    assert bank_name_for_sheba(MELLAT) == "بانک ملت"
    assert bank_name_for_sheba(sheba_with_check_digits("0990000000220000000002")) == UNKNOWN_BANK


def test_add_bank_account_through_the_page(client):
    user, person = insured_user()
    client.force_login(user)
    response = client.post(reverse("insured:bank_accounts"), {"sheba": MELLI.lower()})
    assert response.status_code == 302
    account = BankAccount.objects.get(person=person)
    assert account.sheba == MELLI
    assert account.bank_name == "بانک ملی ایران"
    assert MELLI in client.get(reverse("insured:bank_accounts")).content.decode()


def test_invalid_sheba_is_refused_in_persian(client):
    user, _person = insured_user()
    client.force_login(user)
    bad = MELLI[:-1] + ("0" if MELLI[-1] != "0" else "1")
    response = client.post(reverse("insured:bank_accounts"), {"sheba": bad})
    assert response.status_code == 200
    assert "شماره شبا معتبر نیست" in response.content.decode()
    assert not BankAccount.objects.exists()


def test_duplicate_and_reactivation_and_audit():
    user, person = insured_user()
    account = bank_account_add(person=person, actor=user, sheba=MELLI)
    with pytest.raises(ApplicationError) as error:
        bank_account_add(person=person, actor=user, sheba=MELLI)
    assert error.value.code == "sheba_duplicate"
    bank_account_deactivate(account=account, actor=user)
    again = bank_account_add(person=person, actor=user, sheba=MELLI)
    assert again.pk == account.pk
    assert again.is_active
    actions = list(
        AuditLog.objects.filter(target_id=str(account.pk)).values_list("action", flat=True)
    )
    assert actions.count("bank_account.deactivated") == 1
    assert "bank_account.added" in actions
    assert "bank_account.reactivated" in actions


def test_deactivate_through_the_page_and_stranger_gets_404(client):
    user, person = insured_user()
    account = bank_account_add(person=person, actor=user, sheba=MELLI)
    # a stranger with an insured record of their own
    stranger, _other = insured_user()
    client.force_login(stranger)
    url = reverse("insured:bank_account_deactivate", args=[account.pk])
    assert client.post(url).status_code == 404
    account.refresh_from_db()
    assert account.is_active
    # the owner
    client.force_login(user)
    assert client.post(url).status_code == 302
    account.refresh_from_db()
    assert not account.is_active


def test_efile_lists_my_requests_and_documents_only(client):
    user, person, _short, _branch = person_with_records()
    case = objection_missing_days_file(
        user=user, person=person, workshop_code=WORKSHOP, year=1403, month=3, claimed_days=31
    )
    case_document_add(
        case=case,
        uploaded_by=user,
        document_type="payslip_or_letter",
        upload=pdf_upload("fish.pdf"),
    )
    client.force_login(user)
    body = client.get(reverse("insured:efile")).content.decode()
    assert case.subject in body
    assert "fish.pdf" in body
    # a stranger sees neither
    stranger, _other = insured_user()
    client.force_login(stranger)
    body = client.get(reverse("insured:efile")).content.decode()
    assert "fish.pdf" not in body
    assert case.subject not in body


def test_inspections_of_my_workplace_and_not_of_others(client):
    user, _person, _short, branch = person_with_records()
    inspection_record(
        workshop_code=WORKSHOP,
        workshop_name="شرکت نمونه",
        branch=branch,
        inspected_on=dt.date(2024, 5, 1),
        inspector_name="علی بازرس",
        reason="بازرسی دوره‌ای",
        findings="لیست کامل بود",
        workers_seen=12,
        result=InspectionResult.COMPLIANT,
    )
    inspection_record(
        workshop_code="9999999999",
        workshop_name="کارگاه دیگر",
        branch=branch,
        inspected_on=dt.date(2024, 5, 2),
        inspector_name="بازرس دیگر",
        reason="",
        findings="",
        workers_seen=1,
        result=InspectionResult.VIOLATIONS,
    )
    client.force_login(user)
    body = client.get(reverse("insured:inspections")).content.decode()
    assert "علی بازرس" in body
    assert "کارگاه دیگر" not in body


def test_inspection_request_creates_a_case_at_the_workshops_branch(client):
    user, _person, _short, branch = person_with_records()
    client.force_login(user)
    response = client.post(
        reverse("insured:inspection_request"),
        {
            "workshop_code": WORKSHOP,
            "workshop_name": "شرکت نمونه",
            "description": "کارفرما همه کارکنان را بیمه نکرده است",
        },
    )
    case = Case.objects.get(applicant=user)
    assert response.status_code == 302
    assert case.branch == branch
    assert case.kind == "insured_inspection_request"


def test_inspection_request_with_a_bad_workshop_code(client):
    user, _person, _short, _branch = person_with_records()
    client.force_login(user)
    response = client.post(
        reverse("insured:inspection_request"),
        {"workshop_code": "12", "workshop_name": "x", "description": "توضیح کافی برای بازرسی"},
    )
    assert response.status_code == 200
    assert "کد کارگاه باید ۱۰ رقم باشد" in response.content.decode()


def test_efile_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    # given three requests with a document each
    user, person, _short, _branch = person_with_records()
    for month in (1, 2, 3):
        ContributionRecordFactory(person=person, year=1402, month=month, days=5)
        case = objection_missing_days_file(
            user=user, person=person, workshop_code=WORKSHOP, year=1402, month=month, claimed_days=6
        )
        case_document_add(
            case=case, uploaded_by=user, document_type="payslip_or_letter", upload=pdf_upload()
        )
    client.force_login(user)
    # when / then: session, user, person, cases, documents (+ a few for the page frame)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("insured:efile"))
    assert response.content.decode().count("madrak.pdf") == 3
