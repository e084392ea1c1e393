"""Staff edit the content in the admin: Jalali dates, the folded search, and sample forms'
files checked by size, type and content before anything is stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from tamin.content.models import AboutSection, LegalText, NewsItem, SampleForm
from tamin.content.uploads import SAMPLE_FORM_MAX_BYTES
from tamin.core.models import AuditLog
from tests.accounts.factories import staff_with_totp
from tests.content.factories import (
    LegalTextFactory,
    NewsItemFactory,
    office_bytes,
    pdf_bytes,
    sample_form,
)

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


@pytest.fixture
def admin_client(client):
    user, device = staff_with_totp(is_superuser=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # the admin demands a second factor
    session.save()
    client.user = user
    return client


def _form_data(**overrides) -> dict:
    return {
        "title": "فرم آزمایشی",
        "code": "۱۰۸",
        "description": "",
        "audience": "insured",
        "order": "10",
        "is_published": "on",
        **overrides,
    }


def _upload(admin_client, name: str, data: bytes):
    return admin_client.post(
        reverse("admin:content_sampleform_add"),
        _form_data(file=SimpleUploadedFile(name, data, content_type="application/pdf")),
    )


def _errors(response) -> str:
    return " ".join(str(error) for error in response.context["adminform"].form.errors["file"])


def test_a_pdf_is_stored_with_its_size_and_type_and_audited(admin_client, private_store):
    # given a valid PDF
    data = pdf_bytes()
    # when staff upload it
    response = _upload(admin_client, "فرم ازدواج.PDF", data)
    # then the form is saved with the size and type the check found, under a random name
    assert response.status_code == 302
    form = SampleForm.objects.get()
    assert (form.file_size, form.content_type) == (len(data), "application/pdf")
    assert form.file.name.startswith("content/forms/")
    assert form.file.name.endswith(".pdf")
    assert "ازدواج" not in form.file.name
    assert (private_store / form.file.name).read_bytes() == data
    # and the upload is audited with who and what
    row = AuditLog.objects.get(action="content.sample_form_file_saved")
    assert row.actor == admin_client.user
    assert row.after["size"] == len(data)


def test_a_docx_and_an_xlsx_are_accepted(admin_client):
    # when staff upload a DOCX and an XLSX
    assert _upload(admin_client, "form.docx", office_bytes("docx")).status_code == 302
    assert _upload(admin_client, "sheet.xlsx", office_bytes("xlsx")).status_code == 302
    # then each is stored with its own type
    assert sorted(SampleForm.objects.values_list("content_type", flat=True)) == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("big.pdf", b"%PDF-1.4\n" + b"0" * SAMPLE_FORM_MAX_BYTES, "حداکثر ۵ مگابایت"),
        ("program.exe", EXE, "فقط فایل PDF، DOCX یا XLSX پذیرفته می‌شود"),
        ("picture.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "فقط فایل PDF، DOCX یا XLSX"),
        ("form.pdf", EXE, "محتوای فایل PDF، DOCX یا XLSX نیست"),
        ("form.pdf", office_bytes("docx"), "پسوند فایل PDF است ولی محتوای آن DOCX است"),
        ("form.xlsx", office_bytes("docx"), "پسوند فایل XLSX است ولی محتوای آن DOCX است"),
        ("form.pdf", b"%PDF-1.4 not really", "فایل PDF خراب است"),
        ("form.pdf", pdf_bytes(javascript="app.alert(1)"), "محتوای فعال"),
        ("form.docx", office_bytes("docx", macro=True), "ماکرو"),
        ("form.docx", b"PK\x03\x04" + b"\x00" * 40, "خراب"),
        ("form.pdf", b"", "خالی"),
    ],
)
def test_a_bad_file_is_refused_in_persian_and_nothing_is_stored(
    admin_client, private_store, name, data, message
):
    # when staff upload it
    response = _upload(admin_client, name, data)
    # then the form comes back with the Persian reason, and no row or file is made
    assert response.status_code == 200
    assert message in _errors(response)
    assert not SampleForm.objects.exists()
    assert not list(private_store.rglob("*.*"))


def test_replacing_a_file_checks_the_new_one_and_removes_the_old(
    admin_client, private_store, django_capture_on_commit_callbacks
):
    # given a stored PDF form
    form = sample_form()
    old_name = form.file.name
    url = reverse("admin:content_sampleform_change", args=[form.pk])
    # when staff try an executable in its place
    refused = admin_client.post(url, _form_data(file=SimpleUploadedFile("new.pdf", EXE)))
    # then it is refused and the old file stays
    assert refused.status_code == 200
    form.refresh_from_db()
    assert form.file.name == old_name
    # when they upload a DOCX instead
    data = office_bytes("docx")
    with django_capture_on_commit_callbacks(execute=True):
        accepted = admin_client.post(url, _form_data(file=SimpleUploadedFile("new.docx", data)))
    # then the new file, size and type are kept and the old file is gone
    assert accepted.status_code == 302
    form.refresh_from_db()
    assert form.file.name.endswith(".docx")
    assert form.file_size == len(data)
    assert not (private_store / old_name).exists()
    # and editing the title alone keeps the file as it is
    kept = admin_client.post(url, _form_data(title="عنوان تازه"))
    assert kept.status_code == 302
    form.refresh_from_db()
    assert (form.title, form.file_size) == ("عنوان تازه", len(data))


def test_news_dates_are_typed_and_listed_in_jalali(admin_client):
    # when staff add a news item dated ۱۴۰۵/۰۹/۰۵ in Persian digits
    response = admin_client.post(
        reverse("admin:content_newsitem_add"),
        {"title": "خبر تازه", "summary": "", "body": "متن", "published_on": "۱۴۰۵/۰۹/۰۵"},
    )
    # then it is stored as 2026-11-26 and listed as ۵ آذر ۱۴۰۵
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert item.published_on == dt.date(2026, 11, 26)
    listing = admin_client.get(reverse("admin:content_newsitem_changelist")).content.decode()
    assert "۵ آذر ۱۴۰۵" in listing
    # and the change form shows the Jalali date back
    change = admin_client.get(reverse("admin:content_newsitem_change", args=[item.pk]))
    assert 'value="۱۴۰۵/۰۹/۰۵"' in change.content.decode()
    # and a day the calendar lacks is refused in Persian
    bad = admin_client.post(
        reverse("admin:content_newsitem_add"),
        {"title": "خبر بد", "body": "متن", "published_on": "1405/12/31"},
    )
    assert "این تاریخ در تقویم شمسی وجود ندارد" in bad.content.decode()


def test_the_admin_search_folds_letters_and_digits(admin_client):
    # given two circulars
    LegalTextFactory(number="۱۴۰۴/۱۲۳", title="بخشنامهٔ حداقل دستمزد")
    LegalTextFactory(number="۱۴۰۵/۱۸", title="بخشنامهٔ مستمری")
    url = reverse("admin:content_legaltext_changelist")
    # when staff search by the number in Latin digits and by a word in Arabic letters
    by_number = admin_client.get(url, {"q": "1404/123"}).content.decode()
    by_word = admin_client.get(url, {"q": "مستمري"}).content.decode()
    # then each finds its circular only
    assert "بخشنامهٔ حداقل دستمزد" in by_number
    assert "بخشنامهٔ مستمری" not in by_number
    assert "بخشنامهٔ مستمری" in by_word
    assert "بخشنامهٔ حداقل دستمزد" not in by_word


def test_the_jalali_year_filter_narrows_the_laws(admin_client):
    # given a circular of 1404 and one of 1405
    LegalTextFactory(title="بخشنامهٔ ۱۴۰۴", issued_on=dt.date(2025, 5, 1))
    LegalTextFactory(title="بخشنامهٔ ۱۴۰۵", issued_on=dt.date(2026, 5, 1))
    # when 1404 is chosen
    html = admin_client.get(
        reverse("admin:content_legaltext_changelist"), {"year": "1404"}
    ).content.decode()
    # then only its circular is listed
    assert "بخشنامهٔ ۱۴۰۴" in html
    assert "بخشنامهٔ ۱۴۰۵" not in html
    assert LegalText.objects.count() == 2


def test_an_about_short_text_longer_than_one_ussd_screen_is_refused(admin_client):
    url = reverse("admin:content_aboutsection_add")
    base = {"title": "تاریخچه", "body": "متن", "order": "10", "is_published": "on"}
    # when the short text has 81 characters
    refused = admin_client.post(url, {**base, "short_text": "ب" * 81})
    # then it is refused, and 80 are accepted
    assert "حداکثر ۸۰ نویسه" in refused.content.decode()
    assert admin_client.post(url, {**base, "short_text": "ب" * 80}).status_code == 302
    assert AboutSection.objects.get().short_text == "ب" * 80


def test_staff_without_content_permissions_cannot_open_it(client):
    # given a staff member with a second factor but no permission on content
    user, device = staff_with_totp()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    NewsItemFactory()
    # then the news list is forbidden
    assert client.get(reverse("admin:content_newsitem_changelist")).status_code == 403
