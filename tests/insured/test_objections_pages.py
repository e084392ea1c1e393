"""Objection pages: filing through the form, out-of-range errors, and the whole accepted flow."""

from __future__ import annotations

import pytest
from django.urls import reverse

from branches.models import Case, CaseStatus
from insured.models import ContributionRecord, RecordSource
from notifications.selectors import inbox_list_for_user
from tests.accounts.factories import UserFactory
from tests.branches.factories_cases import pdf_upload, staff_member
from tests.insured.factories_inquiries import WORKSHOP, person_with_records

pytestmark = pytest.mark.django_db


def test_objections_page_lists_months_with_missing_days(client):
    # given
    user, _person, _short, _branch = person_with_records()
    client.force_login(user)
    # when
    response = client.get(reverse("insured:objections"))
    # then the short month links to a prefilled form
    assert response.status_code == 200
    body = response.content.decode()
    assert "خرداد ۱۴۰۳" in body
    assert "year=1403&amp;month=3" in body


def test_account_without_insured_record_gets_a_kind_page(client):
    client.force_login(UserFactory())
    for name in ("insured:objections", "insured:objection_missing_days"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "پرونده بیمه‌ای پیدا نشد" in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("insured:objection_missing_record"))
    assert response.status_code == 302


def test_out_of_range_month_shows_a_persian_error(client):
    user, _person, _short, _branch = person_with_records()
    client.force_login(user)
    response = client.post(
        reverse("insured:objection_missing_record"),
        {
            "workshop_code": "3000000003",
            "workshop_name": "کارگاه",
            "from_year": "1200",
            "from_month": "1",
            "to_year": "1380",
            "to_month": "2",
            "daily_wage": "0",
        },
    )
    assert response.status_code == 200
    assert "سال باید ۱۳۰۰ یا پس از آن باشد" in response.content.decode()
    assert not Case.objects.exists()


def test_too_many_days_shows_a_persian_error(client):
    user, _person, _short, _branch = person_with_records()
    client.force_login(user)
    response = client.post(
        reverse("insured:objection_missing_days"),
        {"workshop_code": WORKSHOP, "year": "۱۴۰۳", "month": "3", "claimed_days": "۳۲"},
    )
    assert response.status_code == 200
    assert "روزهای ادعایی" in response.content.decode()


def test_accepted_objection_flow_through_the_pages(client):
    # given the person files a missing-days objection through the form
    user, person, _short, branch = person_with_records()
    client.force_login(user)
    response = client.post(
        reverse("insured:objection_missing_days"),
        {"workshop_code": WORKSHOP, "year": "1403", "month": "3", "claimed_days": "31"},
    )
    case = Case.objects.get(applicant=user)
    assert response.status_code == 302
    assert response.url == reverse("branches:my_case_detail", args=[case.pk])
    # and uploads the payslip and submits on the branches case page
    client.post(
        reverse("branches:case_document_upload", args=[case.pk]),
        {"document_type": "payslip_or_letter", "file": pdf_upload()},
    )
    client.post(reverse("branches:my_case_submit", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == CaseStatus.FORWARDED
    # when a reviewer of the branch takes it and accepts it
    client.force_login(staff_member(branch=branch))
    client.post(reverse("branches:case_start_review", args=[case.pk]))
    response = client.post(
        reverse("branches:case_decide", args=[case.pk]),
        {"status": CaseStatus.ACCEPTED, "reason": "فیش حقوقی با لیست تطبیق داده شد"},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    # then the corrected record version exists, the old one is kept, the person is told
    versions = ContributionRecord.objects.filter(
        person=person, workshop_code=WORKSHOP, year=1403, month=3
    ).order_by("version")
    assert [(v.version, v.days, v.is_current) for v in versions] == [(1, 20, False), (2, 31, True)]
    assert versions[1].source == RecordSource.OBJECTION
    assert inbox_list_for_user(user=user).filter(template_key="case_decided").exists()
    # and the objections page shows it accepted, without the month among the short ones
    client.force_login(user)
    body = client.get(reverse("insured:objections")).content.decode()
    assert "پذیرفته شد" in body
    assert "year=1403&amp;month=3" not in body


def test_stranger_cannot_open_someone_elses_objection(client):
    user, _person, _short, _branch = person_with_records()
    client.force_login(user)
    client.post(
        reverse("insured:objection_missing_days"),
        {"workshop_code": WORKSHOP, "year": "1403", "month": "3", "claimed_days": "31"},
    )
    case = Case.objects.get(applicant=user)
    # when someone else asks for it
    client.force_login(UserFactory())
    assert client.get(reverse("branches:my_case_detail", args=[case.pk])).status_code == 404
    assert "خرداد" not in client.get(reverse("insured:objections")).content.decode()
