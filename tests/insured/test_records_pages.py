import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.insured.factories import ContributionRecordFactory, InsuredPersonFactory, history

pytestmark = pytest.mark.django_db

PAGES = ("insured:records", "insured:records_combined", "insured:job_titles")


def _signed_in_person(client, **person_kwargs):
    user = UserFactory()
    person = InsuredPersonFactory.for_user(user, **person_kwargs)
    client.force_login(user)
    return user, person


@pytest.mark.parametrize("name", [*PAGES, "insured:records_year"])
def test_pages_need_sign_in(client, name):
    args = [1400] if name == "insured:records_year" else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_summary_shows_totals_by_workshop_and_year_in_persian(client):
    # given a signed-in person with two years at one workshop
    _, person = _signed_in_person(client)
    history(person, years=2, start_year=1392, workshop_name="کارخانه سیمان")
    # when the summary is opened
    response = client.get(reverse("insured:records"))
    # then totals (730 days = 2.00 years) in Persian digits, workshops and year links show
    body = response.content.decode()
    assert response.status_code == 200
    assert "۷۳۰" in body
    assert "۲٫۰۰" in body
    assert "کارخانه سیمان" in body
    assert reverse("insured:records_year", args=[1392]) in body
    assert "table-stack" in body  # stacks into cards on a phone (static/css/portal.css)


def test_year_page_lists_months_and_missing_days(client):
    # given a person with 20 days in Farvardin 1400 and nothing else that year
    _, person = _signed_in_person(client)
    ContributionRecordFactory(person=person, year=1400, month=1, days=20)
    # when the year page is opened
    response = client.get(reverse("insured:records_year", args=[1400]))
    body = response.content.decode()
    # then it shows the month, its missing days and the wage (after 1386)
    assert response.status_code == 200
    assert "فروردین" in body
    assert "کسری کارکرد: ۱۱ روز" in body
    assert "۲۰٬۰۰۰٬۰۰۰" in body


def test_year_before_1386_hides_wages(client):
    _, person = _signed_in_person(client)
    ContributionRecordFactory(person=person, year=1380, month=1, daily_wage=777_777)
    body = client.get(reverse("insured:records_year", args=[1380])).content.decode()
    assert "۷۷۷" not in body
    assert "نمایش داده نمی‌شود" in body


@pytest.mark.parametrize("year", [1299, 1500])
def test_year_out_of_range_is_a_clear_persian_404(client, year):
    _signed_in_person(client)
    response = client.get(reverse("insured:records_year", args=[year]))
    assert response.status_code == 404
    assert "خارج از بازه سوابق" in response.content.decode()


def test_combined_page_shows_overlaps_and_the_rule(client):
    # given two workshops reporting the same month
    _, person = _signed_in_person(client)
    ContributionRecordFactory(
        person=person, workshop_code="1000000001", workshop_name="الف", year=1400, month=1
    )
    ContributionRecordFactory(
        person=person, workshop_code="2000000002", workshop_name="ب", year=1400, month=1, days=10
    )
    body = client.get(reverse("insured:records_combined")).content.decode()
    assert "فروردین ۱۴۰۰" in body
    assert "کمترِ" in body  # the counting rule is stated
    assert "۴۱" in body  # reported days 31 + 10


def test_job_titles_page(client):
    _, person = _signed_in_person(client)
    ContributionRecordFactory(person=person, job_title="جوشکار", job_code="303030")
    body = client.get(reverse("insured:job_titles")).content.decode()
    assert "جوشکار" in body


def test_history_page_shows_versions_and_strangers_get_404(client):
    # given a record of someone else
    other = InsuredPersonFactory()
    ContributionRecordFactory(person=other, workshop_code="1000000001", year=1400, month=1)
    _, person = _signed_in_person(client)
    url = reverse("insured:record_history", args=[1400, 1, "1000000001"])
    # when I ask for that month: 404
    assert client.get(url).status_code == 404
    # but my own month shows
    ContributionRecordFactory(person=person, workshop_code="1000000001", year=1400, month=1)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_account_without_insured_person_sees_a_kind_page_and_no_data(client, name):
    # given someone else's history and an account with no insured person
    other = InsuredPersonFactory()
    ContributionRecordFactory(person=other, workshop_name="کارگاه دیگری")
    client.force_login(UserFactory())
    # when a record page is opened
    response = client.get(reverse(name))
    body = response.content.decode()
    # then a friendly page says nothing is linked, and shows nothing of the other person
    assert response.status_code == 200
    assert "هیچ سابقه بیمه‌ای به کد ملی" in body
    assert "کارگاه دیگری" not in body
    assert other.insurance_number not in body


def test_another_persons_records_are_never_shown(client):
    # given two people with histories at different workshops
    other = InsuredPersonFactory()
    ContributionRecordFactory(person=other, workshop_name="کارگاه غریبه", year=1400)
    _, person = _signed_in_person(client)
    ContributionRecordFactory(person=person, workshop_name="کارگاه من", year=1400)
    # when I open my pages: only mine appear
    for name in PAGES:
        body = client.get(reverse(name)).content.decode()
        assert "کارگاه غریبه" not in body
    body = client.get(reverse("insured:records_year", args=[1400])).content.decode()
    assert "کارگاه من" in body
    assert "کارگاه غریبه" not in body


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["insured:records", "insured:records_year"])
def test_query_count_does_not_grow_with_history(client, django_assert_num_queries, name):
    # given one person with 1 year and another with 35 years of history (1369–1403)
    url = reverse(name, args=[1380] if name == "insured:records_year" else [])
    _, short = _signed_in_person(client)
    history(short, years=1, start_year=1380)
    client.get(url)  # the first request may touch the session once more
    one_year = _count_queries(client, url)
    long_user = UserFactory()
    history(InsuredPersonFactory.for_user(long_user), years=35, start_year=1369)
    client.force_login(long_user)
    client.get(url)
    # when each opens the page: then both cost exactly the same number of queries
    with django_assert_num_queries(one_year):
        response = client.get(url)
    assert response.status_code == 200


def test_summary_page_links_the_pdf_and_it_downloads(client, django_capture_on_commit_callbacks):
    # Given a person with history, signed in
    from tamin.core.models import IssuedDocument

    user = UserFactory()
    history(InsuredPersonFactory.for_user(user), years=1)
    client.force_login(user)
    # When they open the summary, the PDF download is offered
    html = client.get(reverse("insured:records")).content.decode()
    assert reverse("insured:records_pdf") in html
    # And following it (the worker prepares it; eager here) ends in a PDF registered
    # for verification
    with django_capture_on_commit_callbacks(execute=True):
        started = client.get(reverse("insured:records_pdf"))
    response = client.get(started["Location"], follow=True)
    download = response.context["document_request"]
    response = client.get(reverse("document_request_download", args=[download.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert IssuedDocument.objects.filter(kind="insured.records").count() == 1
