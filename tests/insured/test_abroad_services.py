"""Iranians abroad: ages 18–50 on the day (edges by hand), the premium by hand, the request as
a branch case (held without its documents), acceptance registers the insured person and
tells them by SMS and inbox."""

from __future__ import annotations

import pytest

from branches.models import Case
from branches.services.cases import case_decide, case_start_review
from insured.models import InsuredPerson
from insured.models.abroad import AbroadRequest
from insured.selectors import insured_person_for_user
from insured.selectors.abroad import abroad_default_branch_code, abroad_quotes_for_user
from insured.services.abroad import CASE_KIND, abroad_request_file
from notifications.models import Notification
from tamin.accounts.models import Role
from tamin.accounts.selectors import user_roles
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_code
from tests.branches.factories import BranchFactory, CityFactory, SatelliteBranchFactory
from tests.branches.factories_cases import pdf_upload, png_upload, staff_member
from tests.insured.factories import InsuredPersonFactory
from tests.insured.factories_abroad import applicant, jalali, packages_for_year

pytestmark = pytest.mark.django_db

ON = jalali(1405, 6, 15)  # the day of every quote below


@pytest.fixture
def packages():
    return packages_for_year(1405)


@pytest.fixture
def branch():
    return BranchFactory(code="1001", city=CityFactory(name="تهران"))


def _documents():
    return [("passport", pdf_upload("passport.pdf")), ("residence_proof", png_upload("card.png"))]


def _file(user, **kwargs):
    arguments = {
        "package_code": "basic",
        "country": "آلمان",
        "passport_number": "K12345678",
        "sex": "female",
        "on": ON,
    } | kwargs
    return abroad_request_file(user=user, **arguments)


@pytest.mark.parametrize(
    ("birth_date", "age", "eligible"),
    [
        (jalali(1387, 6, 16), 17, False),  # 18 tomorrow
        (jalali(1387, 6, 15), 18, True),  # 18 today: the birthday counts
        (jalali(1355, 6, 15), 50, True),  # 50 today
        (jalali(1354, 6, 16), 50, True),  # 51 tomorrow
        (jalali(1354, 6, 15), 51, False),  # 51 today
    ],
)
def test_ages_eighteen_to_fifty_on_the_day_are_eligible(packages, birth_date, age, eligible):
    quotes = abroad_quotes_for_user(user=applicant(birth_date=birth_date), on=ON)
    assert [quote.package.code for quote in quotes] == ["basic", "double"]
    for quote in quotes:
        assert quote.age == age
        assert quote.eligible is eligible
        if not eligible:
            assert quote.monthly_premium == 0
            assert "۱۸ تا ۵۰ سال" in quote.reasons[0]


def test_the_monthly_premium_by_hand(packages):
    # 103,909,680 × 18 % = 18,703,742.4 → 18,703,742; 207,819,360 × 18 % = 37,407,484.8 → 37,407,485
    basic, double = abroad_quotes_for_user(user=applicant(), on=ON)
    assert basic.monthly_premium == 18_703_742
    assert double.monthly_premium == 37_407_485
    assert "۱۸٬۷۰۳٬۷۴۲ ریال" in basic.steps[-1]
    assert "۱۸٪" in basic.steps[-1]


def test_a_request_with_both_documents_is_forwarded_to_the_default_tehran_branch(packages, branch):
    # given a Tehran branch of a higher code, a satellite and another city's branch
    BranchFactory(code="1005", city=branch.city)
    SatelliteBranchFactory(code="1000", city=branch.city)
    BranchFactory(code="0999", city=CityFactory(name="اصفهان"))
    user = applicant()
    assert abroad_default_branch_code() == "1001"
    # when they ask without choosing a branch
    request = _file(user, documents=_documents(), passport_number="k 1234 5678")
    # then the case is forwarded to the lowest-code main branch of Tehran with the quote
    case = request.case
    assert case.kind == CASE_KIND
    assert case.branch.code == "1001"
    assert case.status == "forwarded"
    assert request.passport_number == "K12345678"
    assert request.monthly_premium == 18_703_742
    assert request.age == 30  # born 1375/01/01, asked on 1405/06/15
    assert case.payload["monthly_premium"] == 18_703_742
    assert case.payload["national_code"] == user.national_code


def test_without_its_documents_the_request_is_held_not_forwarded(packages, branch):
    user = applicant()
    request = _file(user, documents=[("passport", pdf_upload())])
    case = Case.objects.get(pk=request.case_id)
    assert case.status == "submitted"
    assert case.forwarded_at is None
    assert "مدرک اقامت" in case.status_reason


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("passport_number", "۱۲۳۴۵۶۷۸۹", "abroad_passport"),
        ("passport_number", "KK12", "abroad_passport"),
        ("country", "123", "abroad_country"),
        ("country", "آلمان\x00", "abroad_country"),
        ("package_code", "gold", "abroad_package_unknown"),
        ("sex", "other", "abroad_sex"),
        ("branch_code", "4040", "abroad_branch"),
    ],
)
def test_bad_input_is_refused_in_persian_and_changes_nothing(packages, branch, field, value, code):
    user = applicant()
    with pytest.raises(ApplicationError) as caught:
        _file(user, **{field: value})
    assert caught.value.code == code
    assert not AbroadRequest.objects.exists()
    assert not Case.objects.filter(applicant=user).exists()


def test_a_satellite_branch_does_not_take_the_request(packages, branch):
    satellite = SatelliteBranchFactory(code="1009", parent=branch)
    with pytest.raises(ApplicationError):
        _file(applicant(), branch_code=satellite.code)


def test_too_old_on_the_day_is_refused_with_the_rule_and_nothing_is_stored(packages, branch):
    user = applicant(birth_date=jalali(1354, 6, 15))
    with pytest.raises(ApplicationError) as caught:
        _file(user)
    assert caught.value.code == "abroad_age"
    assert "۵۱ سال" in caught.value.message
    assert not AbroadRequest.objects.exists()


def test_an_account_without_a_birth_date_cannot_ask(packages, branch):
    with pytest.raises(ApplicationError) as caught:
        _file(_no_birth_date())
    assert caught.value.code == "abroad_account_incomplete"


def _no_birth_date():
    user = applicant()
    user.birth_date = None
    user.save(update_fields=["birth_date"])
    return user


def test_a_second_open_request_is_refused(packages, branch):
    user = applicant()
    first = _file(user)
    with pytest.raises(ApplicationError) as caught:
        _file(user, package_code="double")
    assert caught.value.code == "abroad_open_request"
    assert format_code(first.case.tracking_code) in caught.value.message
    assert AbroadRequest.objects.count() == 1


def _accept(request, branch):
    reviewer = staff_member(branch=branch)
    case = case_start_review(case=request.case, actor=reviewer)
    return case_decide(case=case, actor=reviewer, status="accepted", reason="مدارک کامل است.")


def test_acceptance_registers_the_applicant_as_insured_and_tells_them(packages, branch):
    # given a request of someone who is not insured
    user = applicant(first_name="نرگس", last_name="کریمی")
    request = _file(user, documents=_documents(), father_name="حسن")
    assert insured_person_for_user(user=user) is None
    # when the branch accepts it
    _accept(request, branch)
    # then they are an insured person with a new number, the role, and the message
    request.refresh_from_db()
    person = InsuredPerson.objects.get(national_code=user.national_code)
    assert request.person == person
    assert request.registered_new is True
    assert (person.first_name, person.last_name, person.father_name) == ("نرگس", "کریمی", "حسن")
    assert person.birth_date == user.birth_date
    assert person.sex == "female"
    assert person.residence_branch == branch
    user = type(user).objects.get(pk=user.pk)  # roles are cached on the instance
    assert Role.INSURED in user_roles(user=user)
    assert insured_person_for_user(user=user) == person
    sms = Notification.objects.get(user=user, channel="sms", template_key="insured_abroad_accepted")
    assert person.insurance_number.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in sms.body
    assert "۱۸٬۷۰۳٬۷۴۲ ریال" in sms.body
    assert Notification.objects.filter(
        user=user, channel="inbox", template_key="insured_abroad_accepted"
    ).exists()
    assert Notification.objects.filter(
        user=user, channel="sms", template_key="case_decided"
    ).exists()


def test_acceptance_of_someone_already_insured_keeps_their_record(packages, branch):
    user = applicant()
    existing = InsuredPersonFactory(national_code=user.national_code)
    request = _file(user, documents=_documents())
    _accept(request, branch)
    request.refresh_from_db()
    assert request.person == existing
    assert request.registered_new is False
    assert InsuredPerson.objects.filter(national_code=user.national_code).count() == 1


def test_a_rejected_request_registers_nobody(packages, branch):
    user = applicant()
    request = _file(user, documents=_documents())
    reviewer = staff_member(branch=branch)
    case = case_start_review(case=request.case, actor=reviewer)
    case_decide(case=case, actor=reviewer, status="rejected", reason="گذرنامه نامعتبر است.")
    assert not InsuredPerson.objects.filter(national_code=user.national_code).exists()
    assert not Notification.objects.filter(template_key="insured_abroad_accepted").exists()
