"""The dependents page and the home page's warning: each dependent's papers with due dates and
states, filing through the page, refusals that change nothing, strangers get 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches.models import Case, CaseStatus
from branches.services.cases import case_decide, case_start_review
from pensioners.models import DependentObligationFiling
from tests.accounts.factories import UserFactory
from tests.branches.factories_cases import pdf_upload, staff_member
from tests.pensioners.factories import pensioner_with_account
from tests.pensioners.factories_dependents import TODAY, daughter, son
from tests.persian_text import latin_digits_outside_codes, text_outside_codes

NO_PENSION = "برای کد ملی این حساب، مستمری‌ای در سازمان ثبت نشده است."

pytestmark = pytest.mark.django_db

Filing = DependentObligationFiling
LIST = "pensioners:dependents"


@pytest.fixture(autouse=True)
def _on_mehr_15_1405(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def family():
    """A pensioner with a son of 20, a son of 19 and a daughter of 22."""
    user, pensioner, pension = pensioner_with_account()
    return {
        "user": user,
        "pensioner": pensioner,
        "student": son(pension, first_name="علی", national_code="0012345679"),
        "young": son(pension, age_on_mehr_1405=19, first_name="رضا"),
        "daughter": daughter(pension, first_name="مریم"),
    }


def _filing_url(dependent):
    return reverse("pensioners:dependent_filing_file", args=[dependent.pk])


def _post(client, dependent, **overrides):
    data = {"kind": "student_certificate", "period_key": "1405-1", "documents": [pdf_upload()]}
    return client.post(_filing_url(dependent), data | overrides)


def test_the_page_lists_each_dependent_with_the_papers_owed_and_their_due_dates(client, family):
    client.force_login(family["user"])
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    body = response.content.decode()
    # the son of 20: his national code isolated, the term's certificate due 30 Aban 1405
    assert '<bdi dir="ltr" class="code">۰۰۱۲۳۴۵۶۷۹</bdi>' in body
    assert "گواهی اشتغال به تحصیل پسر" in body
    assert "نیم‌سال اول سال تحصیلی ۱۴۰۵–۱۴۰۶" in body
    assert "۱۴۰۵/۰۸/۳۰" in body
    assert "۱۳۸۵/۰۵/۰۱" in body  # his birth date in Jalali
    # the daughter's 1405 declaration was due 31 Khordad: overdue
    assert "سال ۱۴۰۵" in body
    assert "۱۴۰۵/۰۳/۳۱" in body
    assert "مهلت گذشته است" in body
    # the son of 19 owes nothing yet
    assert "اکنون مدرکی از این فرد لازم نیست" in body
    assert body.count('data-state="missing"') == 2
    assert body.count('enctype="multipart/form-data"') == 2
    assert latin_digits_outside_codes(body) == []


def test_home_warns_of_each_missing_paper_with_its_due_date(client, family):
    client.force_login(family["user"])
    body = client.get(reverse("pensioners:home")).content.decode()
    assert 'data-testid="dependent-warnings"' in body
    assert "گواهی اشتغال به تحصیل پسر علی برای نیم‌سال اول سال تحصیلی ۱۴۰۵–۱۴۰۶" in body
    assert "مهلت تا ۱۴۰۵/۰۸/۳۰" in body
    assert "اعلام سالانه وضعیت دختر مریم برای سال ۱۴۰۵، مهلت تا ۱۴۰۵/۰۳/۳۱" in body
    assert reverse(LIST) in body
    assert latin_digits_outside_codes(body.split('data-testid="dependent-warnings"')[1]) == []


def test_home_has_no_warning_once_every_paper_is_in(client, family):
    client.force_login(family["user"])
    _post(client, family["student"])
    _post(client, family["daughter"], kind="daughter_declaration", period_key="1405")
    body = client.get(reverse("pensioners:home")).content.decode()
    assert 'data-testid="dependent-warnings"' not in body


def test_filing_through_the_page_sends_a_case_to_the_branch(client, family):
    client.force_login(family["user"])
    # when
    response = _post(client, family["student"])
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse(LIST)
    filing = Filing.objects.get(dependent=family["student"])
    case = Case.objects.get(pk=filing.case_id)
    assert case.status == CaseStatus.FORWARDED
    assert case.branch_id == family["pensioner"].branch_id
    page = client.get(reverse(LIST)).content.decode()
    assert "به شعبه فرستاده شد" in page
    assert 'data-state="submitted"' in page
    assert reverse("branches:my_case_detail", args=[case.pk]) in page


def test_filing_without_a_file_is_saved_and_the_page_says_it_is_not_sent(client, family):
    client.force_login(family["user"])
    response = _post(client, family["student"], documents=[])
    assert response.status_code == 302
    case = Case.objects.get(pk=Filing.objects.get().case_id)
    assert case.status == CaseStatus.SUBMITTED
    page = client.get(reverse(LIST)).content.decode()
    assert "بدون مدرک به شعبه نمی‌رود" in page
    assert "بارگذاری مدرک" in page


def test_a_second_filing_is_refused_on_the_page_and_changes_nothing(client, family):
    client.force_login(family["user"])
    _post(client, family["student"])
    # when
    response = _post(client, family["student"])
    # then
    assert response.status_code == 400
    assert "پیش‌تر ثبت شده است" in response.content.decode()
    assert Filing.objects.count() == 1
    assert Case.objects.count() == 1


def test_a_rejected_paper_is_a_warning_again_and_may_be_filed_anew(client, family):
    client.force_login(family["user"])
    _post(client, family["student"])
    head = staff_member(branch=family["pensioner"].branch, role="head")
    case = Case.objects.get()
    case_start_review(case=case, actor=head)
    case_decide(case=case, actor=head, status="rejected", reason="گواهی مهر دانشگاه ندارد.")
    page = client.get(reverse(LIST)).content.decode()
    assert 'data-state="rejected"' in page
    assert (
        "گواهی اشتغال به تحصیل پسر علی" in client.get(reverse("pensioners:home")).content.decode()
    )
    assert _post(client, family["student"]).status_code == 302
    assert Filing.objects.filter(status="submitted").count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "pension_grant"}, "این فرم معتبر نیست"),
        ({"period_key": "1404-2"}, "دوره آن گذشته است"),
        ({"kind": "daughter_declaration", "period_key": "1405"}, "لازم نیست"),
    ],
    ids=["unknown-kind", "stale-period", "paper-not-owed"],
)
def test_bad_input_answers_a_persian_message_and_stores_nothing(client, family, overrides, message):
    client.force_login(family["user"])
    response = _post(client, family["student"], **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Filing.objects.count() == 0
    assert Case.objects.count() == 0


def test_a_bad_file_is_refused_with_its_name(client, family):
    client.force_login(family["user"])
    text = SimpleUploadedFile("nameh.pdf", b"hello", content_type="application/pdf")
    response = _post(client, family["student"], documents=[text])
    assert response.status_code == 400
    body = response.content.decode()
    assert "nameh.pdf" in body
    assert 'data-testid="paper-errors"' in body
    assert Case.objects.count() == 0


def test_a_strangers_dependent_is_404_and_unseen(client, family):
    stranger, _pensioner, _pension = pensioner_with_account()
    client.force_login(stranger)
    assert _post(client, family["student"]).status_code == 404
    assert Filing.objects.count() == 0
    body = client.get(reverse(LIST)).content.decode()
    assert "مریم" not in body
    assert "۰۰۱۲۳۴۵۶۷۹" not in body


def test_not_a_pensioner_gets_404_and_anonymous_signs_in(client, family):
    client.force_login(UserFactory())
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    assert NO_PENSION in response.content.decode()
    assert family["student"].first_name not in response.content.decode()
    assert _post(client, family["student"]).status_code == 404
    client.logout()
    assert client.get(reverse(LIST)).status_code == 302


def test_the_filing_url_takes_only_post(client, family):
    client.force_login(family["user"])
    assert client.get(_filing_url(family["student"])).status_code == 405


def test_the_list_page_costs_the_same_queries_for_many_dependents(
    client, django_assert_max_num_queries
):
    # given two pensioners: one with 2 dependents, one with 12 (half with filings)
    def family_of(count):
        user, _pensioner, pension = pensioner_with_account()
        for index in range(count):
            dependent = son(pension) if index % 2 else daughter(pension)
            if index % 4 == 0:
                Filing.objects.create(
                    dependent=dependent, kind="daughter_declaration", period_key="1405"
                )
        return user

    small, large = family_of(2), family_of(12)
    counts = []
    for user in (small, large):
        client.force_login(user)
        with django_assert_max_num_queries(12) as captured:
            assert client.get(reverse(LIST)).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_home_page_warning_costs_a_bounded_number_of_queries(
    client, family, django_assert_max_num_queries
):
    client.force_login(family["user"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("pensioners:home")).status_code == 200


def test_branch_staff_read_the_filing_in_persian_on_the_case_page(client, family):
    # given a filed certificate (at a branch named without the factory's Latin sequence)
    branch = family["pensioner"].branch
    branch.name = "شعبه مرکزی"
    branch.save(update_fields=["name"])
    client.force_login(family["user"])
    _post(client, family["student"])
    case = Case.objects.get()
    # when a reviewer of the pensioner's branch opens the case
    client.force_login(staff_member(branch=family["pensioner"].branch))
    page = client.get(reverse("branches:case_detail_staff", args=[case.pk])).content.decode()
    text = text_outside_codes(page)
    # then every field has its Persian label, dates are Jalali, codes are isolated
    for raw in ("pension_id", "dependent_id", "period_key", "student_certificate", "due_on"):
        assert raw not in text
    for label in ("شماره مستمری", "نام فرد تبعی", "کد ملی فرد تبعی", "تاریخ تولد", "مهلت"):
        assert label in text
    assert "۱۴۰۵/۰۸/۳۰" in text
    assert "۱۳۸۵/۰۵/۰۱" in text
    assert '<bdi dir="ltr" class="code">۰۰۱۲۳۴۵۶۷۹</bdi>' in page
    assert latin_digits_outside_codes(page) == []
