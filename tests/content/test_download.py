"""Sample forms: listed with type and size, downloaded from the private store as an
attachment of their checked type, with a safe name."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

from tests.content.factories import office_bytes, pdf_bytes, sample_form

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_list_names_type_and_size_and_links_the_download(client):
    # given a published PDF form of a known size
    data = pdf_bytes()
    form = sample_form(data=data, title="فرم درخواست کمک‌هزینهٔ ازدواج", code="۱۰۸")
    # when the list is opened
    html = client.get(reverse("content:form_list")).content.decode()
    # then it names the form, its number, its type and links the download
    assert "فرم درخواست کمک‌هزینهٔ ازدواج" in html
    assert '<bdi dir="ltr" class="code">۱۰۸</bdi>' in html
    assert '<bdi dir="ltr">PDF</bdi>' in html
    assert reverse("content:form_download", args=[form.pk]) in html
    assert "بایت" in html or "کیلوبایت" in html


def test_download_streams_the_bytes_with_safe_headers(client):
    # given a form with a Persian title
    data = pdf_bytes(pages=2)
    form = sample_form(data=data, title="فرم «تعهد» کارفرما/ابلاغ", code="۲۱۴")
    # when it is downloaded without signing in
    response = client.get(reverse("content:form_download", args=[form.pk]))
    # then the stored bytes come back as a PDF attachment nobody may sniff
    assert response.status_code == 200
    assert _body(response) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(data))
    disposition = response["Content-Disposition"]
    # and the name is ASCII for old clients, the Persian title (RFC 5987) for the others
    assert disposition.startswith('attachment; filename="tamin-form-214.pdf"; ')
    assert disposition.isascii()
    encoded = re.search(r"filename\*=UTF-8''(\S+)$", disposition).group(1)
    assert unquote(encoded) == "فرم «تعهد» کارفرما ابلاغ.pdf"


def test_an_xlsx_form_downloads_as_a_spreadsheet(client):
    # given an XLSX form without a number
    data = office_bytes("xlsx")
    form = sample_form(data=data, extension="xlsx", code="")
    # when it is downloaded
    response = client.get(reverse("content:form_download", args=[form.pk]))
    # then its type is the spreadsheet's and the ASCII name carries its id
    assert _body(response) == data
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f'filename="tamin-form-{form.pk}.xlsx"' in response["Content-Disposition"]


def test_a_withdrawn_form_or_a_lost_file_is_404(client):
    # given a withdrawn form, and one whose file is gone from the store
    withdrawn = sample_form(is_published=False, title="فرم پس‌گرفته")
    lost = sample_form(title="فرم گمشده")
    lost.file.storage.delete(lost.file.name)
    # then neither downloads, and the withdrawn one is not listed
    for form in (withdrawn, lost):
        assert client.get(reverse("content:form_download", args=[form.pk])).status_code == 404
    assert "فرم پس‌گرفته" not in client.get(reverse("content:form_list")).content.decode()
