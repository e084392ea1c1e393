"""The public verify pages: anyone holding a code sees whether the document is genuine."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tamin.core.models import IssuedDocument
from tamin.core.views import VERIFY_LOOKUPS_PER_MINUTE

pytestmark = pytest.mark.usefixtures("empty_cache")


def issued(**overrides) -> IssuedDocument:
    fields = {
        "kind": "core.sample",
        "title": "گواهی کسر از حقوق",
        "content_key": "key",
        "sha256": "0" * 64,
        "file_path": "2025/11/secret-name.pdf",
        "summary": {"نام": "زهرا محمدی", "مبلغ": "۱۲٬۰۰۰ ریال", "شماره": "123"},
        "verification_code": "ABCD2345EFGH",
    }
    fields.update(overrides)
    document = IssuedDocument.objects.create(**fields)
    # A fixed issue instant so the page's Jalali date is known: 1404/09/04 in Tehran.
    IssuedDocument.objects.filter(pk=document.pk).update(
        created_at=dt.datetime(2025, 11, 25, 8, 0, tzinfo=dt.UTC)
    )
    document.refresh_from_db()
    return document


def test_valid_document_shows_its_summary_but_not_the_document(client):
    # given an issued document
    document = issued()
    # when anyone (not logged in) opens its verify page
    response = client.get(reverse("verify", kwargs={"code": document.verification_code}))
    # then the page confirms it, with kind, title, Jalali issue date and summary
    page = response.content.decode()
    assert response.status_code == 200
    assert "معتبر است" in page
    assert "نمونهٔ سند" in page  # the registered label of the kind
    assert "گواهی کسر از حقوق" in page
    assert "۱۴۰۴/۰۹/۰۴" in page
    assert "زهرا محمدی" in page
    assert "۱۲٬۰۰۰ ریال" in page
    assert "۱۲۳" in page  # summary values shown with Persian digits
    # and never the stored file or a link to it
    assert "secret-name" not in page
    assert ".pdf" not in page
    assert response["X-Robots-Tag"] == "noindex"


def test_code_is_matched_whatever_the_case_or_digits(client):
    # given an issued document
    issued()
    # when the code is typed in lower case with Persian digits
    response = client.get(reverse("verify", kwargs={"code": "abcd۲۳۴۵efgh"}))
    # then it is found
    assert response.status_code == 200
    assert "معتبر است" in response.content.decode()


def test_unknown_code_is_not_found(client):
    # given no document with this code
    # when it is looked up
    response = client.get(reverse("verify", kwargs={"code": "ZZZZ2345ZZZZ"}))
    # then the page says so with status 404
    assert response.status_code == 404
    assert "پیدا نشد" in response.content.decode()


def test_garbage_code_is_not_found(client):
    response = client.get("/verify/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert response.status_code == 404
    assert "<script>alert" not in response.content.decode()


def test_revoked_document_is_reported_as_revoked(client):
    # given a document revoked on 1404/09/10 (1 December 2025)
    document = issued(revoked_at=dt.datetime(2025, 12, 1, 9, 0, tzinfo=dt.UTC))
    # when its code is looked up
    response = client.get(reverse("verify", kwargs={"code": document.verification_code}))
    # then the page says it is void, and does not call it valid
    page = response.content.decode()
    assert response.status_code == 200
    assert "باطل شده" in page
    assert "۱۴۰۴/۰۹/۱۰" in page
    assert "معتبر است" not in page


def test_form_page_is_public(client):
    # given an anonymous visitor
    # when the form is opened
    response = client.get(reverse("verify_form"))
    # then it asks for the code
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def test_form_submission_redirects_to_normalized_code(client):
    # when a code is submitted with spaces, dashes and Persian digits
    response = client.get(reverse("verify_form"), {"code": " abcd-۲۳۴۵-efgh "})
    # then the visitor lands on the verify page of the clean code
    assert response.status_code == 302
    assert response["Location"] == reverse("verify", kwargs={"code": "ABCD2345EFGH"})


def test_empty_submission_shows_the_form_with_an_error(client):
    response = client.get(reverse("verify_form"), {"code": "  "})
    assert response.status_code == 200
    assert "کد رهگیری را وارد کنید" in response.content.decode()


def test_lookups_are_rate_limited_per_ip(client):
    # given a visitor who used up the lookups of this minute
    url = reverse("verify", kwargs={"code": "ZZZZ2345ZZZZ"})
    for _ in range(VERIFY_LOOKUPS_PER_MINUTE):
        assert client.get(url, REMOTE_ADDR="10.0.0.7").status_code == 404
    # when one more lookup comes
    response = client.get(url, REMOTE_ADDR="10.0.0.7")
    # then a Persian 429 page asks them to wait
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "یک دقیقه" in response.content.decode()
    # and another address is not affected
    assert client.get(url, REMOTE_ADDR="10.0.0.8").status_code == 404


def test_the_code_with_a_trailing_slash_shows_the_same_page(client):
    # given an issued document
    document = issued()
    # when its address is typed with a trailing slash (as people and some QR readers do)
    response = client.get(f"/verify/{document.verification_code}/")
    # then the same verification page answers, not a 404
    assert response.status_code == 200
    assert "معتبر است" in response.content.decode()
    # and the address without the slash still works
    assert client.get(f"/verify/{document.verification_code}").status_code == 200


def test_an_unknown_code_with_a_trailing_slash_is_the_clear_not_found_page(client):
    # given no document with this code
    # when it is looked up with a trailing slash
    response = client.get("/verify/ZZZZ2345ZZZZ/")
    # then the verification page (not the site's generic 404) says so, naming the code
    page = response.content.decode()
    assert response.status_code == 404
    assert "سندی با این کد رهگیری پیدا نشد" in page
    assert "ZZZZ2345ZZZZ" in page
