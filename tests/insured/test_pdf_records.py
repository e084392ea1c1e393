"""Contribution record PDF and the declaration letter: content, reuse, strangers, verify."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from insured.documents import DECLARATION_KIND, RECORDS_KIND
from insured.models import ContributionRecord, RecordSource
from insured.services.pdfs import (
    declaration_letter_issue,
    record_statement_data,
    records_pdf_issue,
    register_document_kinds,
)
from insured.services.records import contribution_record_write
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import persian_digits
from tamin.core.models import IssuedDocument
from tests.accounts.factories import UserFactory
from tests.insured.factories import InsuredPersonFactory, history

pytestmark = pytest.mark.django_db

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(autouse=True)
def _pdf_storage(settings, tmp_path):
    # Each test gets its own storage so stored files never leak between tests.
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"


def pdf_text(content: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed")
    source = tmp_path / "extract.pdf"
    source.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-raw", str(source), "-"], capture_output=True, check=True, text=True
    )
    return BIDI_CONTROLS.sub("", result.stdout)


def has_words(text: str, phrase: str) -> bool:
    """pdftotext writes RTL lines in visual order, so compare word by word."""
    return all(word in text for word in phrase.split())


def stored_files() -> list[Path]:
    return sorted(Path(settings.PRIVATE_STORAGE_DIR).rglob("*.pdf"))


def signed_in_person(client, *, years: int = 2):
    user = UserFactory()
    person = InsuredPersonFactory.for_user(user, first_name="فاطمه", last_name="کریمی")
    history(person, years=years, start_year=1401)
    client.force_login(user)
    return user, person


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def prepared(client, django_capture_on_commit_callbacks):
    """Ask for a document as the page does; the (eager) worker task runs after commit.

    Returns the download response reached through the "being prepared" page.
    """

    def ask(url: str, data: dict | None = None):
        with django_capture_on_commit_callbacks(execute=True) as queued:
            started = client.post(url, data) if data is not None else client.get(url)
        assert started.status_code == 302, started
        assert len(queued) == 1  # the render task, queued after commit
        page = client.get(started["Location"])
        assert page.status_code == 200
        download = page.context["document_request"]
        assert reverse("document_request_download", args=[download.pk]) in page.text
        return client.get(reverse("document_request_download", args=[download.pk]))

    return ask


def test_records_pdf_shows_name_totals_and_code(prepared, client, tmp_path):
    # given a signed-in person with two full years (1401: 365 days, 1402: 365 days)
    user, person = signed_in_person(client, years=2)
    # when the PDF is asked for, prepared, and downloaded from its page
    response = prepared(reverse("insured:records_pdf"))
    # then it is a private PDF download carrying the name, the total in Persian digits and the code
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    text = pdf_text(body(response), tmp_path)
    document = IssuedDocument.objects.get(kind=RECORDS_KIND, owner=user)
    assert has_words(text, "فاطمه کریمی")
    assert persian_digits(730) in text
    assert persian_digits(person.insurance_number) in text
    assert document.verification_code in text
    assert f"/verify/{document.verification_code}" in text


def test_second_download_reuses_the_stored_file(
    prepared, client, django_capture_on_commit_callbacks
):
    # given a first download
    user, _person = signed_in_person(client)
    prepared(reverse("insured:records_pdf"))
    files = stored_files()
    # when the unchanged history is asked for again
    with django_capture_on_commit_callbacks(execute=True) as queued:
        started = client.get(reverse("insured:records_pdf"))
    # then nothing is queued: it goes straight to the stored file, no new render
    assert queued == []
    assert started.status_code == 302
    response = client.get(started["Location"])
    assert response.status_code == 200
    assert body(response).startswith(b"%PDF")
    assert IssuedDocument.objects.filter(kind=RECORDS_KIND, owner=user).count() == 1
    assert stored_files() == files


def test_a_changed_history_gives_a_new_document(client):
    # given a document issued for the current history
    user, person = signed_in_person(client)
    first = records_pdf_issue(person=person, user=user)
    # when a month is corrected (a new version replaces the current one)
    old = ContributionRecord.objects.filter(person=person, is_current=True).first()
    contribution_record_write(
        person=person,
        workshop_code=old.workshop_code,
        workshop_name=old.workshop_name,
        year=old.year,
        month=old.month,
        days=10,
        daily_wage=old.daily_wage,
        monthly_wage=old.daily_wage * 10,
        insurable_benefits=0,
        insurable_total=old.daily_wage * 10,
        total_pay=old.daily_wage * 10,
        insured_share=old.daily_wage * 10 * 7 // 100,
        employer_share=old.daily_wage * 10 * 20 // 100,
        source=RecordSource.OBJECTION,
    )
    assert ContributionRecord.objects.filter(person=person, supersedes=old).exists()
    second = records_pdf_issue(person=person, user=user)
    # then a new document with a new code is issued
    assert second.pk != first.pk
    assert second.verification_code != first.verification_code
    assert len(stored_files()) == 2


def test_stranger_without_insured_record_gets_404(client):
    # given another person's history and an account with no insured person of its own
    owner = UserFactory()
    history(InsuredPersonFactory.for_user(owner), years=1)
    client.force_login(UserFactory())
    # when the stranger asks for the PDF, the letter and the average wage
    # then the download answers 404, the pages say no record is linked, and nothing is issued
    assert client.get(reverse("insured:records_pdf")).status_code == 404
    for name in ("insured:declaration_new", "insured:average_wage"):
        page = client.get(reverse(name))
        assert page.status_code == 200
        assert "person" not in page.context
        assert "هیچ سابقه بیمه‌ای به کد ملی حساب کاربری شما وصل نیست" in page.content.decode()
    assert (
        client.post(reverse("insured:declaration_new"), {"institution": "دانشگاه"}).status_code
        == 200
    )
    assert not IssuedDocument.objects.exists()


def test_pdf_needs_login(client):
    response = client.get(reverse("insured:records_pdf"))
    assert response.status_code == 302


def test_declaration_letter_is_addressed_to_the_institution(prepared, client, tmp_path):
    # given a signed-in person
    user, _person = signed_in_person(client)
    # when the letter is asked for an institution with a purpose, prepared and downloaded
    response = prepared(
        reverse("insured:declaration_new"),
        {"institution": "دانشگاه تهران", "purpose": "پرونده استخدامی"},
    )
    # then the PDF names the institution, the purpose, the person and the code
    assert response.status_code == 200
    text = pdf_text(body(response), tmp_path)
    document = IssuedDocument.objects.get(kind=DECLARATION_KIND, owner=user)
    assert has_words(text, "دانشگاه تهران")
    assert has_words(text, "پرونده استخدامی")
    assert has_words(text, "فاطمه کریمی")
    assert persian_digits(730) in text
    assert document.verification_code in text


def test_declaration_without_institution_shows_a_persian_error(client):
    # given a signed-in person / when the form is sent without an institution
    signed_in_person(client)
    response = client.post(reverse("insured:declaration_new"), {"institution": "  "})
    # then the form comes back with a Persian error and nothing is issued
    assert response.status_code == 400
    assert "نام مؤسسه یا سازمانی را که نامه خطاب به آن است وارد کنید." in response.text
    assert not IssuedDocument.objects.exists()


def test_declaration_form_opens(client):
    signed_in_person(client)
    response = client.get(reverse("insured:declaration_new"))
    assert response.status_code == 200
    assert 'name="institution"' in response.text


@pytest.mark.parametrize(
    ("institution", "code"),
    [("", "required"), ("ب" * 121, "too_long"), ("بانک\x07ملی", "control_character")],
)
def test_declaration_service_checks_the_institution(institution, code):
    user = UserFactory()
    person = InsuredPersonFactory.for_user(user)
    with pytest.raises(ApplicationError) as error:
        declaration_letter_issue(person=person, user=user, institution=institution)
    assert error.value.code == code


def test_declaration_reused_only_for_the_same_institution():
    # given a letter to one institution
    user = UserFactory()
    person = InsuredPersonFactory.for_user(user)
    history(person, years=1)
    first = declaration_letter_issue(person=person, user=user, institution="بانک ملی")
    # when the same letter and a letter to another institution are asked
    again = declaration_letter_issue(person=person, user=user, institution="بانک  ملی ")
    other = declaration_letter_issue(person=person, user=user, institution="بانک ملت")
    # then the same one is reused and the other is new
    assert again.pk == first.pk
    assert other.pk != first.pk


def test_verify_page_shows_the_document(client):
    # given an issued record PDF and the kinds registered
    register_document_kinds()
    user, person = signed_in_person(client)
    document = records_pdf_issue(person=person, user=user)
    # when anyone opens /verify/<code>
    client.logout()
    response = client.get(reverse("verify", kwargs={"code": document.verification_code}))
    # then the document is named and summarized
    assert response.status_code == 200
    assert "گواهی سوابق بیمه‌ای" in response.text
    assert "فاطمه کریمی" in response.text


def test_document_data_costs_the_same_queries_for_1_and_35_years(django_assert_num_queries):
    # given a person with one year and another with 35 years
    short = InsuredPersonFactory()
    history(short, years=1)
    long = InsuredPersonFactory()
    history(long, years=35)
    # when the PDF data of each is built / then both take the same two queries
    with django_assert_num_queries(2):
        record_statement_data(person=short)
    with django_assert_num_queries(2):
        data = record_statement_data(person=long)
    assert len(data.years) == 35
