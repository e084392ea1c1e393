"""۱ استعلام‌ها through the gateway: each answers what the web page (or the app's selector)
shows, only to a person in that role; anyone else gets a polite screen."""

from __future__ import annotations

import datetime as dt
import io

import jdatetime
import pytest
from django.urls import reverse
from django.utils import timezone

from branches.demo import directory as demo_directory
from insured.demo import records as demo_records
from insured.selectors.dependents import treatment_eligibility_for_person
from pensioners.services.payslips import payslip_issue_month
from tamin.accounts.demo import accounts as demo_accounts
from tamin.core.jalali import format_number, format_rial, persian_digits, today_jalali
from tamin.core.models import AuditLog
from tamin.rules.models.benefits import BenefitParameters
from tamin.ussd.engine import REFUSED
from tamin.ussd.nodes.inquiries import NOT_EMPLOYER, NOT_INSURED, NOT_PENSIONER
from tests.accounts.factories import UserFactory, staff_with_totp
from tests.branches.factories import StaffMembershipFactory
from tests.employers.factories import RepresentativeFactory, WorkshopFactory
from tests.employers.factories_money import submitted_list_with_charge
from tests.insured.factories import ContributionRecordFactory
from tests.insured.factories_inquiries import insured_user
from tests.pensioners.factories_payslips import figures, signed_in_pensioner
from tests.ussd.helpers import Phone, simulator_send

pytestmark = pytest.mark.django_db

DEMO_INSURED_MOBILE = "09121110001"  # tamin.accounts.demo: مریم احمدی, the demo insured person


def _page_body(text: str) -> str:
    """A screen without its footer line (the paging/back choices)."""
    return text.rsplit("\n", 1)[0]


def _last_month_on_the_web(client, user):
    """The last month with days as the records year pages show it: (year, MonthDetail, html)."""
    client.force_login(user)
    year = today_jalali().year
    while year > 1300:
        page = client.get(reverse("insured:records_year", args=[year]))
        months = [m for m in page.context["detail"].months if m.counted_days > 0]
        if months:
            return year, months[-1], page.content.decode()
        year -= 1
    raise AssertionError("no month with days on the records pages")


# --- the done-when: «last record» of the demo insured person -------------------------------


def test_last_record_of_the_demo_insured_is_what_the_records_page_shows(client):
    # Given the demo accounts, branches and the demo insured person's 35 years of records
    for module in (demo_accounts, demo_directory, demo_records):
        module.seed(io.StringIO())
    # When she dials from her registered number and asks «۱ استعلام‌ها → ۱ آخرین سابقه»
    answer = Phone(client, DEMO_INSURED_MOBILE).read("1", "1")
    # Then the month, days, wage and workshop are those of the records year page's last month
    maryam = next(a for a in demo_accounts.DEMO_ACCOUNTS if a.mobile == DEMO_INSURED_MOBILE)
    from tamin.accounts.models import User

    year, month, html = _last_month_on_the_web(
        client, User.objects.get(national_code=maryam.national_code)
    )
    assert f"آخرین سابقه: {month.name} {persian_digits(year)}" in answer
    assert (
        f"کارکرد: {format_number(month.counted_days)} روز از {format_number(month.month_days)}"
        in answer
    )
    assert f"دستمزد: {format_rial(month.wage)}" in answer
    assert format_rial(month.wage) in html
    main = max((w for w in month.workshops if w.days > 0), key=lambda w: w.days)
    assert f"کارگاه: {persian_digits(main.workshop_name)}" in answer
    assert main.workshop_name in html
    # And another number is refused
    other = Phone(client, "09129990000")
    assert other.dial() == REFUSED
    assert other.action == "end"
    # And staff on the simulator see the very same screens, and the same refusal
    staff, _device = staff_with_totp()
    StaffMembershipFactory(user=staff)
    client.force_login(staff)
    first = simulator_send(client, msisdn=DEMO_INSURED_MOBILE)
    session = first["session_id"]
    simulated = [first["text"]] + [
        simulator_send(client, msisdn=DEMO_INSURED_MOBILE, text="1", session_id=session)["text"]
        for _step in range(2)
    ]
    screens = [Phone(client, DEMO_INSURED_MOBILE).walk(*path) for path in ((), ("1",), ("1", "1"))]
    assert simulated == screens
    assert simulator_send(client, msisdn="09129990000")["text"] == REFUSED


def test_last_record_matches_the_year_page_for_a_short_month(client):
    user, person = insured_user()
    ContributionRecordFactory(person=person, year=1403, month=1)
    ContributionRecordFactory(person=person, year=1403, month=2, days=20, daily_wage=1_500_000)
    answer = Phone(client, user.mobile).read("1", "1")
    assert answer == (
        "آخرین سابقه: اردیبهشت ۱۴۰۳\nکارکرد: ۲۰ روز از ۳۱\nدستمزد: ۳۰٬۰۰۰٬۰۰۰ ریال\n"
        "کارگاه: شرکت نمونه\nکد کارگاه: ۱۰۰۰۰۰۰۰۰۱"
    )
    client.force_login(user)
    shown = client.get(reverse("insured:records_year", args=[1403])).context["detail"].months[1]
    assert (shown.counted_days, shown.wage) == (20, 30_000_000)
    # the inquiry is audited by its kind only
    row = AuditLog.objects.get(action="ussd.inquiry")
    assert (row.actor_id, row.detail) == (user.pk, {"kind": "last_record"})


def test_last_record_and_relationship_and_eligibility_refuse_a_non_insured_politely(client):
    UserFactory(mobile="09121230002", roles=[])
    phone = Phone(client, "09121230002")
    for key in ("1", "2", "3"):
        phone.walk("1", key)
        assert _page_body(phone.texts[-1]) == NOT_INSURED
        assert phone.action == "continue"
    assert not AuditLog.objects.filter(action="ussd.inquiry").exists()


def test_relationship_names_the_state_month_and_workshop(client, time_machine):
    time_machine.move_to("2024-06-01 10:00 +03:30", tick=False)  # 12 Khordad 1403
    user, person = insured_user()
    ContributionRecordFactory(person=person, year=1403, month=2)
    answer = Phone(client, user.mobile).read("1", "3")
    assert answer == (
        "رابطه بیمه‌ای: فعال\nآخرین ماه ثبت‌شده: اردیبهشت ۱۴۰۳\nکارگاه: شرکت نمونه (۱۰۰۰۰۰۰۰۰۱)"
    )


def test_eligibility_answers_what_the_rule_answers_for_the_day(client):
    # Given a person without recent records and one with full recent months
    without, person_without = insured_user()
    with_records, person_with = insured_user()
    today = timezone.localdate()
    for back in range(1, 4):
        j = jdatetime.date.fromgregorian(date=today - dt.timedelta(days=31 * back))
        ContributionRecordFactory(person=person_with, year=j.year, month=j.month)
    # When each asks «۱ استعلام‌ها → ۲ استحقاق درمان»
    refused = treatment_eligibility_for_person(person=person_without, on=today)
    granted = treatment_eligibility_for_person(person=person_with, on=today)
    assert refused is not None
    assert not refused.eligible
    assert granted.eligible
    # Then the answers are the rule's, its reason written out
    answer = Phone(client, without.mobile).read("1", "2")
    expected = " ".join(["استحقاق درمان ندارید؛ افراد تبعی شما هم ندارند.", *refused.reasons])
    assert " ".join(answer.split()) == " ".join(expected.split())
    assert Phone(client, with_records.mobile).read("1", "2") == (
        "شما و افراد تبعی تحت پوشش‌تان استحقاق درمان دارید."
    )


def test_eligibility_without_terms_of_the_year_says_it_cannot_tell(client):
    user, _person = insured_user()
    BenefitParameters.objects.all().delete()
    assert Phone(client, user.mobile).read("1", "2") == (
        "ضوابط استحقاق درمان امسال ثبت نشده؛ بررسی فعلاً ممکن نیست."
    )


def test_employer_debt_per_workshop_estimated_and_final(client):
    rep = RepresentativeFactory(user__mobile="09121230005")
    submitted_list_with_charge(workshop=rep.workshop, year=1404, month=1, amount=3_000_000)
    second = WorkshopFactory(name="کارگاه دوم")
    RepresentativeFactory(user=rep.user, workshop=second)
    answer = Phone(client, "09121230005").read("1", "4")
    code = persian_digits(rep.workshop.code)
    name = persian_digits(rep.workshop.name)
    assert f"{name} ({code})\nبرآوردی: ۳٬۰۰۰٬۰۰۰ ریال\nقطعی: ۰ ریال" in answer
    assert f"کارگاه دوم ({persian_digits(second.code)})\nبرآوردی: ۰ ریال" in answer
    assert AuditLog.objects.filter(action="ussd.inquiry", detail__kind="employer_debt").count() == 1


def test_employer_debt_refuses_a_person_without_workshops(client):
    UserFactory(mobile="09121230006")
    assert _page_body(Phone(client, "09121230006").walk("1", "4")) == NOT_EMPLOYER


def test_last_pension_is_the_last_payslips_period_and_net(client):
    figures(1404)
    user, _pensioner, pension = signed_in_pensioner(client)
    phone = Phone(client, user.mobile)
    assert _page_body(phone.walk("1", "5")) == "فیش مستمری برای شما صادر نشده است."
    for month in (1, 2):
        payslip_issue_month(pension=pension, year=1404, month=month)
    text = Phone(client, user.mobile).walk("1", "5")
    # what GET /api/v1/pensioners/payslips/last/ answers: «اردیبهشت ۱۴۰۴», 117,600,000
    assert _page_body(text) == "آخرین مستمری: اردیبهشت ۱۴۰۴\nخالص پرداختی: ۱۱۷٬۶۰۰٬۰۰۰ ریال"


def test_last_pension_refuses_a_non_pensioner(client):
    UserFactory(mobile="09121230008")
    assert _page_body(Phone(client, "09121230008").walk("1", "5")) == NOT_PENSIONER
