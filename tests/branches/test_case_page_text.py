"""The staff case page as a Persian reader sees it: labelled payload, Persian history numbers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from branches.models import CaseDocument, CaseEvent, CaseStatus
from insured.services.objections import MISSING_DAYS
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory
from tests.branches.factories_cases import CaseFactory, staff_member
from tests.persian_text import latin_digits_outside_codes, text_outside_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_page(client):
    # Given a missing-days objection at a branch, with a document and three steps in its history
    branch = BranchFactory(name="شعبه مرکزی")
    case = CaseFactory(
        branch=branch,
        subject="کسری کارکرد آذر ۱۴۰۳",
        kind=MISSING_DAYS,
        tracking_code="990000001234",
        applicant=UserFactory(first_name="", last_name="", national_code="0013542419"),
        payload={
            "person_id": 7,
            "workshop_code": "1234567890",
            "workshop_name": "کارگاه نمونه",
            "year": 1403,
            "month": 9,
            "recorded_days": 20,
            "claimed_days": 30,
            "description": "",
        },
    )
    for from_status, to_status in (
        ("", CaseStatus.DRAFT),
        (CaseStatus.DRAFT, CaseStatus.SUBMITTED),
        (CaseStatus.SUBMITTED, CaseStatus.FORWARDED),
    ):
        CaseEvent.objects.create(
            case=case,
            actor=case.applicant,
            from_status=from_status,
            to_status=to_status,
            action="status",
        )
    CaseDocument.objects.create(
        case=case,
        document_type="payslip_or_letter",
        original_name="فیش.pdf",
        stored_name="a" * 32,
        content_type="application/pdf",
        size=150 * 1024,
        pages=2,
        sha256="0" * 64,
        uploaded_by=case.applicant,
    )
    client.force_login(staff_member(branch=branch))
    # When a reviewer opens the case
    return client.get(reverse("branches:case_detail_staff", args=[case.pk])).content.decode()


def test_payload_fields_carry_persian_labels_and_their_values_persian_digits(staff_page):
    text = text_outside_codes(staff_page)
    # Then no raw field name is shown, each field has its Persian label
    for raw in ("person_id", "workshop_code", "recorded_days", "claimed_days", "workshop_name"):
        assert raw not in text
    for label in ("کد کارگاه", "نام کارگاه", "سال", "ماه", "روزهای ثبت‌شده", "روزهای ادعاشده"):
        assert label in text
    # and the month is named, the workshop code is a code
    assert "آذر" in text
    assert '<bdi dir="ltr" class="code">۱۲۳۴۵۶۷۸۹۰</bdi>' in staff_page


def test_history_is_numbered_in_persian_and_no_latin_digit_is_seen(staff_page):
    # Then the history counts «۱.», «۲.», «۳.» (not Bootstrap's Latin counter)
    assert "list-group-numbered" not in staff_page
    text = text_outside_codes(staff_page)
    assert "۱." in text
    assert "۳." in text
    assert latin_digits_outside_codes(staff_page) == []


def test_a_document_size_is_written_in_persian_units(staff_page):
    # Then the size reads «۱۵۰ کیلوبایت», not «150.0 KB»
    text = text_outside_codes(staff_page)
    assert "۱۵۰ کیلوبایت" in text
    assert "KB" not in text
