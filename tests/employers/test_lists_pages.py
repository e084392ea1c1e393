"""Monthly list pages: upload, progress fragment, errors and their CSV, preview, submit,
DBF download; strangers get 404 everywhere."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from employers import listfile
from employers.models import ListStatus, MonthlyList
from employers.services import lists as services
from tests.accounts.factories import UserFactory
from tests.employers.factories_lists import MONTH, YEAR, list_setup, stored_errors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _post_upload(client, setup, capture, **kwargs):
    uploads = kwargs.pop("uploads", None) or setup.uploads(**kwargs)
    client.force_login(setup.user)
    with capture(execute=True):
        return client.post(
            reverse("employers:list_upload", args=[setup.workshop.pk]),
            {"year": YEAR, "month": MONTH, "files": list(uploads.values())},
        )


def test_upload_then_preview_then_submit(client, django_capture_on_commit_callbacks):
    # given an owner on the upload page
    setup = list_setup(workers=2)
    client.force_login(setup.user)
    assert client.get(reverse("employers:list_upload", args=[setup.workshop.pk])).status_code == 200
    # when the DBF pair is uploaded
    response = _post_upload(client, setup, django_capture_on_commit_callbacks)
    monthly_list = MonthlyList.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:list_detail", args=[monthly_list.pk])
    # then the page shows the preview with the shares and the send button
    page = client.get(response["Location"]).content.decode()
    assert "ارسال لیست" in page
    assert "سهم کارفرما" in page
    # when it is sent
    response = client.post(reverse("employers:list_submit", args=[monthly_list.pk]))
    assert response.status_code == 302
    monthly_list.refresh_from_db()
    assert monthly_list.status == ListStatus.SUBMITTED
    # and the months page lists it
    page = client.get(reverse("employers:lists", args=[setup.workshop.pk])).content.decode()
    assert monthly_list.get_status_display() in page


def test_status_fragment_polls_while_parsing_and_refreshes_after(client):
    # given a list still waiting for its parse (no commit callbacks run)
    setup = list_setup(workers=1)
    monthly_list = services.monthly_list_upload(
        user=setup.user, workshop=setup.workshop, files=setup.uploads(), year=YEAR, month=MONTH
    )
    client.force_login(setup.user)
    url = reverse("employers:list_status", args=[monthly_list.pk])
    # then the fragment asks to be polled every 2 s
    body = client.get(url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in body.content.decode()
    assert "HX-Refresh" not in body
    # and the detail page includes it
    assert (
        'hx-trigger="every 2s"'
        in client.get(reverse("employers:list_detail", args=[monthly_list.pk])).content.decode()
    )
    # when the parse has ended the fragment stops polling and reloads the page
    services.monthly_list_parse(list_id=monthly_list.pk)
    body = client.get(url, HTTP_HX_REQUEST="true")
    assert "every 2s" not in body.content.decode()
    assert body["HX-Refresh"] == "true"


def test_invalid_list_shows_errors_and_the_csv_report(client, django_capture_on_commit_callbacks):
    setup = list_setup(workers=2)
    _post_upload(
        client, setup, django_capture_on_commit_callbacks, row_changes={1: {"insured_share": 5}}
    )
    monthly_list = MonthlyList.objects.get()
    assert monthly_list.status == ListStatus.INVALID
    page = client.get(reverse("employers:list_detail", args=[monthly_list.pk])).content.decode()
    assert "DSKWOR00" in page
    assert reverse("employers:list_submit", args=[monthly_list.pk]) not in page
    response = client.get(reverse("employers:list_errors_csv", args=[monthly_list.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    # UTF-8 with BOM so Excel reads the Persian text
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert "DSKWOR00,2," in text


def test_upload_refuses_a_wrong_file_set_with_a_message(client):
    setup = list_setup(workers=1)
    uploads = {k: v for k, v in setup.uploads().items() if k == "DSKWOR00.DBF"}
    client.force_login(setup.user)
    response = client.post(
        reverse("employers:list_upload", args=[setup.workshop.pk]),
        {"year": YEAR, "month": MONTH, "files": list(uploads.values())},
    )
    assert response.status_code == 400
    assert "DSKKAR00.DBF" in response.content.decode()
    assert not MonthlyList.objects.exists()


def test_dbf_download_round_trips(client, django_capture_on_commit_callbacks):
    # given an accepted list
    setup = list_setup(workers=3)
    _post_upload(client, setup, django_capture_on_commit_callbacks)
    monthly_list = MonthlyList.objects.get()
    # when it is downloaded again
    response = client.get(reverse("employers:list_dbf_download", args=[monthly_list.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["DSKKAR00.DBF", "DSKWOR00.DBF"]
    # then reading it gives back the same list, valid under the same rules
    parsed = listfile.load_dbf_pair(archive.read("DSKKAR00.DBF"), archive.read("DSKWOR00.DBF"))
    report = listfile.check(parsed, listfile.builtin_rates(YEAR))
    assert report.ok, report.issues
    original = listfile.load_dbf_pair(*setup.files().values())
    fields = ("insurance_number", "national_code", "days", "insurable_total", "insured_share")
    assert [[getattr(r, f) for f in fields] for r in parsed.rows] == [
        [getattr(r, f) for f in fields] for r in original.rows
    ]
    assert report.totals["employer_share"] == monthly_list.employer_share


def test_strangers_get_404_on_every_page(client, django_capture_on_commit_callbacks):
    # given a workshop's list and someone who does not act for the workshop
    setup = list_setup(workers=1)
    _post_upload(client, setup, django_capture_on_commit_callbacks)
    monthly_list = MonthlyList.objects.get()
    client.force_login(UserFactory())
    workshop_pages = ["employers:lists", "employers:list_upload"]
    list_pages = [
        "employers:list_detail",
        "employers:list_status",
        "employers:list_errors_csv",
        "employers:list_dbf_download",
    ]
    for name in workshop_pages:
        assert client.get(reverse(name, args=[setup.workshop.pk])).status_code == 404, name
    for name in list_pages:
        assert client.get(reverse(name, args=[monthly_list.pk])).status_code == 404, name
        assert client.get(reverse(name, args=[monthly_list.pk + 999])).status_code == 404, name
    assert client.post(reverse("employers:list_submit", args=[monthly_list.pk])).status_code == 404
    monthly_list.refresh_from_db()
    assert monthly_list.status == ListStatus.VALID


def test_months_page_shows_the_month_due_and_late_badge(client):
    setup = list_setup(workers=1)
    client.force_login(setup.user)
    page = client.get(reverse("employers:lists", args=[setup.workshop.pk])).content.decode()
    assert "ارسال نشده" in page


def test_csv_template_downloads_for_a_signed_in_person(client):
    setup = list_setup(workers=1)
    client.force_login(setup.user)
    response = client.get(reverse("employers:list_template_csv"))
    assert response.status_code == 200
    assert b"DSW_ID1" in response.content
    client.logout()
    assert client.get(reverse("employers:list_template_csv")).status_code == 302


def test_csv_list_goes_through_the_same_pipeline(client, django_capture_on_commit_callbacks):
    # given a CSV that is not a list
    from django.core.files.uploadedfile import SimpleUploadedFile

    setup = list_setup(workers=1)
    uploads = {"list.csv": SimpleUploadedFile("list.csv", b"not,a,list\n")}
    _post_upload(client, setup, django_capture_on_commit_callbacks, uploads=uploads)
    monthly_list = MonthlyList.objects.get()
    # then it is parsed by the CSV reader; a broken CSV is an invalid list with reasons
    assert monthly_list.file_format == "csv"
    assert monthly_list.status == ListStatus.INVALID
    assert stored_errors(monthly_list)
    assert {e["file"] for e in stored_errors(monthly_list)} <= {"CSV", ""}


def test_valid_csv_list_is_accepted_and_submitted(client, django_capture_on_commit_callbacks):
    # given the same valid list written as CSV by the file layer
    from django.core.files.uploadedfile import SimpleUploadedFile

    setup = list_setup(workers=2)
    parsed = listfile.load_dbf_pair(*setup.files().values())
    data = listfile.csv_template(parsed)
    uploads = {"my-list.CSV": SimpleUploadedFile("my-list.CSV", data)}
    # when uploaded
    _post_upload(client, setup, django_capture_on_commit_callbacks, uploads=uploads)
    monthly_list = MonthlyList.objects.get()
    # then it is valid with both rows, and can be sent
    assert monthly_list.error_count == 0
    assert (monthly_list.status, monthly_list.worker_count) == (ListStatus.VALID, 2)
    client.post(reverse("employers:list_submit", args=[monthly_list.pk]))
    monthly_list.refresh_from_db()
    assert monthly_list.status == ListStatus.SUBMITTED
