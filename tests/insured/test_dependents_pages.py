"""Dependents pages as a person uses them: the list with its warnings, adding in two steps,
removing, the booklet page and the treatment-eligibility page; strangers get 404."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from branches.models import Case, CaseStatus
from insured.models.dependents import InsuredDependent
from tests.accounts.factories import UserFactory
from tests.branches.factories_cases import pdf_upload, staff_member
from tests.insured.factories_dependents import (
    TODAY,
    InsuredDependentFactory,
    dependent_code,
    insured_family,
    j,
)
from tests.persian_text import latin_digits_outside_codes

pytestmark = pytest.mark.django_db

Status = InsuredDependent.Status


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def family(client):
    user, person, branch = insured_family()
    client.force_login(user)
    return user, person, branch


def _facts(**overrides):
    fields = {
        "relation": "son",
        "national_code": dependent_code(60_003),
        "first_name": "حسین",
        "last_name": "رضایی",
        "birth_date": "۱۳۹۰/۰۱/۱۵",
        "supported_by_insured": "on",
    }
    return fields | overrides


# --- the list ------------------------------------------------------------------------------


def test_list_shows_coverage_until_and_warnings_naming_the_dates(client, family):
    _user, person, _branch = family
    InsuredDependentFactory(person=person, first_name="امیر", birth_date=j(1385, 5, 10))
    InsuredDependentFactory(
        person=person,
        first_name="رضا",
        birth_date=j(1385, 6, 20),
        national_code=dependent_code(60_009),
    )
    InsuredDependentFactory(
        person=person,
        relation="spouse",
        sex="female",
        first_name="زهرا",
        birth_date=j(1365, 1, 1),
        national_code=dependent_code(60_010),
    )
    body = client.get(reverse("insured:dependents")).content.decode()
    warnings = re.findall(r'data-testid="coverage-warning">(.*?)</li>', body)
    assert len(warnings) == 2
    assert any("امیر" in w and "۱۰ مرداد ۱۴۰۵" in w for w in warnings)  # ended today
    assert any("رضا" in w and "۱۹ شهریور ۱۴۰۵" in w for w in warnings)  # last day ahead
    assert "پوشش پایان یافته" in body
    assert "بدون تاریخ پایان" in body  # the wife
    assert "۱۴۰۵/۰۶/۱۹" in body  # رضا covered until
    assert latin_digits_outside_codes(body) == []


def test_list_reads_in_a_bounded_number_of_queries(client, family, django_assert_max_num_queries):
    _user, person, _branch = family
    for n in range(12):
        InsuredDependentFactory(person=person, national_code=dependent_code(60_100 + n))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("insured:dependents"))
    assert response.content.decode().count('data-testid="dependent"') == 12


def test_account_without_insured_record_gets_the_kind_page(client):
    client.force_login(UserFactory())
    for name in ("insured:dependents", "insured:booklet", "insured:treatment_eligibility"):
        assert "پرونده بیمه‌ای پیدا نشد" in client.get(reverse(name)).content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("insured:dependents"))
    assert response.status_code == 302
    assert "login" in response.url or "sign" in response.url


# --- adding: check, then documents -------------------------------------------------------------


def test_add_in_two_steps_held_then_forwarded_then_accepted(client, family):
    user, _person, branch = family
    # step 1: the facts are checked, nothing saved, the documents named
    response = client.post(reverse("insured:dependent_add"), _facts())
    body = response.content.decode()
    assert response.status_code == 200
    assert "تحت پوشش شما قرار می‌گیرد، تا ۱۴۱۰/۰۱/۱۴" in body
    assert "شناسنامه فرد تبعی" in body
    assert 'name="proof_birth_certificate"' in body
    assert 'name="proof_marriage_certificate"' not in body
    assert not InsuredDependent.objects.exists()
    # step 2 without the file: saved, held, sent to the case page to upload
    response = client.post(reverse("insured:dependent_add"), _facts(confirm="1"))
    dependent = InsuredDependent.objects.get()
    case = Case.objects.get(pk=dependent.added_case_id)
    assert response.status_code == 302
    assert response.url == reverse("branches:my_case_detail", args=[case.pk])
    assert case.status == CaseStatus.SUBMITTED
    listing = client.get(reverse("insured:dependents")).content.decode()
    assert "در انتظار مدارک" in listing
    # the document arrives on the case page: forwarded
    client.post(
        reverse("branches:case_document_upload", args=[case.pk]),
        {"document_type": "birth_certificate", "file": pdf_upload()},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.FORWARDED
    # staff of the branch accept: active, SMS
    client.force_login(staff_member(branch=branch))
    client.post(reverse("branches:case_start_review", args=[case.pk]))
    client.post(
        reverse("branches:case_decide", args=[case.pk]),
        {"status": CaseStatus.ACCEPTED, "reason": "شناسنامه دیده شد"},
    )
    dependent.refresh_from_db()
    assert dependent.status == Status.ACTIVE
    assert user.notifications.filter(channel="sms", template_key="case_decided").exists()


def test_add_with_the_file_goes_to_the_branch_at_once(client, family):
    response = client.post(
        reverse("insured:dependent_add"),
        _facts(confirm="1", proof_birth_certificate=pdf_upload()),
    )
    assert response.status_code == 302
    assert response.url == reverse("insured:dependents")
    case = Case.objects.get(pk=InsuredDependent.objects.get().added_case_id)
    assert case.status == CaseStatus.FORWARDED


def test_not_eligible_shows_the_reasons_and_saves_nothing(client, family):
    response = client.post(
        reverse("insured:dependent_add"),
        _facts(relation="father", birth_date="۱۳۵۰/۰۱/۰۱"),  # 55, not disabled
    )
    body = response.content.decode()
    assert 'data-testid="refusal"' in body
    assert "۶۰ ساله می‌شود" in body
    assert not InsuredDependent.objects.exists()
    assert not Case.objects.exists()
    # and a forged confirmation of the same facts is refused too
    response = client.post(
        reverse("insured:dependent_add"),
        _facts(relation="father", birth_date="۱۳۵۰/۰۱/۰۱", confirm="1"),
    )
    assert response.status_code == 400
    assert not InsuredDependent.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"national_code": "1234567890"}, "کد ملی"),
        ({"birth_date": "۱۴۰۶/۰۱/۰۱"}, "آینده"),
        ({"birth_date": "hello"}, "تاریخ"),
        ({"relation": "cousin"}, "انتخاب"),
    ],
)
def test_bad_input_answers_in_persian_and_changes_nothing(client, family, overrides, message):
    response = client.post(reverse("insured:dependent_add"), _facts(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not InsuredDependent.objects.exists()


def test_get_is_the_empty_form(client, family):
    body = client.get(reverse("insured:dependent_add")).content.decode()
    assert 'name="relation"' in body
    assert "بررسی" in body


# --- removing -----------------------------------------------------------------------------


def test_remove_through_the_page(client, family):
    _user, person, _branch = family
    dependent = InsuredDependentFactory(person=person)
    response = client.post(
        reverse("insured:dependent_remove", args=[dependent.pk]), {"reason": "divorce"}
    )
    assert response.status_code == 302
    dependent.refresh_from_db()
    assert dependent.status == Status.REMOVED
    body = client.get(reverse("insured:dependents")).content.decode()
    assert 'data-testid="past-dependent"' in body


def test_remove_without_a_reason_changes_nothing(client, family):
    _user, person, _branch = family
    dependent = InsuredDependentFactory(person=person)
    client.post(reverse("insured:dependent_remove", args=[dependent.pk]), {"reason": ""})
    dependent.refresh_from_db()
    assert dependent.status == Status.ACTIVE


def test_a_strangers_dependent_is_404(client, family):
    _other_user, other, _branch = insured_family()
    dependent = InsuredDependentFactory(person=other)
    response = client.post(
        reverse("insured:dependent_remove", args=[dependent.pk]), {"reason": "death"}
    )
    assert response.status_code == 404
    dependent.refresh_from_db()
    assert dependent.status == Status.ACTIVE
    assert dependent.national_code not in client.get(reverse("insured:dependents")).content.decode()


def test_remove_is_post_only(client, family):
    _user, person, _branch = family
    dependent = InsuredDependentFactory(person=person)
    assert client.get(reverse("insured:dependent_remove", args=[dependent.pk])).status_code == 405


# --- the booklet --------------------------------------------------------------------------------


def test_booklet_offers_only_people_covered_today_and_warns(client, family):
    _user, person, _branch = family
    dropped = InsuredDependentFactory(person=person, first_name="امیر", birth_date=j(1385, 5, 10))
    kept = InsuredDependentFactory(
        person=person,
        first_name="رضا",
        birth_date=j(1390, 1, 1),
        national_code=dependent_code(60_009),
    )
    body = client.get(reverse("insured:booklet")).content.decode()
    boxes = re.findall(r'name="people"[^>]*value="([0-9]+)"', body)
    assert boxes == [person.national_code, kept.national_code]
    assert dropped.national_code not in boxes
    warnings = re.findall(r'data-testid="coverage-warning">(.*?)</li>', body)
    assert len(warnings) == 1
    assert "امیر" in warnings[0]
    assert "۱۰ مرداد ۱۴۰۵" in warnings[0]
    assert 'data-eligible="yes"' in body


def test_booklet_request_through_the_page(client, family):
    _user, person, branch = family
    son = InsuredDependentFactory(person=person)
    response = client.post(
        reverse("insured:booklet"),
        {"request_kind": "renewal", "people": [person.national_code, son.national_code]},
    )
    assert response.status_code == 302
    case = Case.objects.get(kind="insured_booklet_request")
    assert case.branch == branch
    assert case.status == CaseStatus.FORWARDED
    body = client.get(reverse("insured:booklet")).content.decode()
    assert 'data-testid="booklet-request"' in body


def test_booklet_special_patient_is_refused_with_no_request(client, family):
    _user, person, _branch = family
    response = client.post(
        reverse("insured:booklet"),
        {"request_kind": "issue", "people": [person.national_code], "special_patient": "on"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "حضوری" in body
    assert "به شعبه «شعبه" in body  # the branch is named (its digits isolated)
    assert not Case.objects.exists()


def test_booklet_for_a_stranger_is_refused(client, family):
    _other_user, other, _branch = insured_family()
    response = client.post(
        reverse("insured:booklet"), {"request_kind": "issue", "people": [other.national_code]}
    )
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_booklet_without_eligibility_offers_no_form(client):
    user, _person, _branch = insured_family(months=0)
    client.force_login(user)
    body = client.get(reverse("insured:booklet")).content.decode()
    assert 'data-eligible="no"' in body
    assert 'name="people"' not in body


# --- treatment eligibility ------------------------------------------------------------------------


def test_eligibility_page_when_eligible(client, family):
    _user, person, _branch = family
    InsuredDependentFactory(person=person, first_name="رضا")
    body = client.get(reverse("insured:treatment_eligibility")).content.decode()
    assert 'data-eligible="yes"' in body
    # the window is the three months before Mordad 1405: Ordibehesht to Tir, 31 + 31 + 31 days
    assert "۹۳ روز" in body
    assert body.count('data-testid="covered-person"') == 2
    assert latin_digits_outside_codes(body) == []


def test_eligibility_page_when_not_eligible_names_the_window_and_the_days(client):
    user, _person, _branch = insured_family(months=0)
    client.force_login(user)
    body = client.get(reverse("insured:treatment_eligibility")).content.decode()
    assert 'data-eligible="no"' in body
    assert "۰ روز" in body
    assert "۳۰ روز" in body


def test_declare_again_link_fills_the_form_for_my_own_dependent_only(client, family):
    _user, person, _branch = family
    son = InsuredDependentFactory(person=person, first_name="امیر", birth_date=j(1385, 5, 10))
    listing = client.get(reverse("insured:dependents")).content.decode()
    link = f"{reverse('insured:dependent_add')}?renew={son.pk}"
    assert link in listing
    body = client.get(link).content.decode()
    assert 'value="امیر"' in body
    assert 'value="۱۳۸۵/۰۵/۱۰"' in body
    _other_user, other, _b = insured_family()
    stranger = InsuredDependentFactory(person=other, national_code=dependent_code(60_044))
    assert client.get(f"{reverse('insured:dependent_add')}?renew={stranger.pk}").status_code == 404
    assert client.get(f"{reverse('insured:dependent_add')}?renew=abc").status_code == 404
