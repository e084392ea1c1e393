"""The error report of a monthly list stays bounded however many errors the list has.

A 38,000-row list with 76,000 errors once made a 17.7 MB page. Here a 5,000-row list
with two errors on every row (an unregistered worker, a wrong 7% share) plus the header
total that no longer adds up — 10,001 errors — goes through the real upload and parse:
the list page shows per rule its Persian label, count and first errors only; every
error is reachable page by page and in the streamed CSV; the page's query count does
not depend on the number of errors; strangers get 404 everywhere.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employers.demo.lists import Worker, as_uploads, list_files_for
from employers.models import ListStatus, MonthlyList
from employers.services import lists as services
from tamin.accounts.services import api_sign_in_create
from tamin.core.identifiers import national_code_with_check_digit
from tests.accounts.factories import UserFactory
from tests.employers.factories_lists import MONTH, YEAR, list_setup, stored_errors

pytestmark = pytest.mark.django_db

BIG_ROWS = 5_000
BIG_ERRORS = 2 * BIG_ROWS + 1  # two per row + the header's total of the 7% shares
RULE_LABELS = {
    "unknown_worker": "بیمه‌شده ثبت‌نشده",
    "bime_rounding": "سهم بیمه‌شده (۷٪)",
    "total_mismatch": "جمع‌های سرآیند با ردیف‌ها نمی‌خواند",
}
# The page before the change carried every error (~3 MB for this list).
PAGE_BYTES_BOUND = 100_000


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@functools.cache
def _broken_files(rows: int, workshop_code: str) -> dict[str, bytes]:
    """A DBF pair of `rows` workers nobody registered, each with a wrong 7% share."""
    workers = [
        Worker(
            insurance_number=f"9{i:07d}",
            national_code=national_code_with_check_digit(f"{100000000 + 7 * i:09d}"),
            first_name="علی",
            last_name="رضایی",
        )
        for i in range(rows)
    ]
    return list_files_for(
        workshop_code=workshop_code,
        workshop_name="کارگاه آزمایشی",
        employer_name="کارفرما",
        year=YEAR,
        month=MONTH,
        workers=workers,
        row_changes={i: {"insured_share": 1} for i in range(rows)},
    )


def _broken_list(setup, rows: int) -> MonthlyList:
    monthly_list = services.monthly_list_upload(
        user=setup.user,
        workshop=setup.workshop,
        files=as_uploads(_broken_files(rows, setup.workshop.code)),
        year=YEAR,
        month=MONTH,
    )
    services.monthly_list_parse(list_id=monthly_list.pk)
    monthly_list.refresh_from_db()
    assert monthly_list.status == ListStatus.INVALID
    return monthly_list


@pytest.fixture
def owner():
    setup = list_setup(workers=1)
    setup.workshop.code = "1234567890"
    setup.workshop.save(update_fields=["code"])
    return setup


@pytest.fixture
def big_list(owner):
    return _broken_list(owner, BIG_ROWS)


class _VisibleText(HTMLParser):
    """The text a person reads (no attributes, no markup)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def _error_rows(html: str) -> list[tuple[str, str]]:
    """(file, row in Persian digits) of every error row of a page's tables."""
    return re.findall(r'<tr><td dir="ltr"[^>]*>(\w*)</td><td[^>]*>([۰-۹]+)</td>', html)


def _fa(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def test_list_page_is_small_and_shows_each_rule_with_its_count_and_first_errors(
    client, owner, settings
):
    # given a list of 10,001 errors parsed while 5 errors of each rule are kept for the page
    settings.MONTHLY_LIST_ERRORS_SHOWN_PER_RULE = 5
    monthly_list = _broken_list(owner, BIG_ROWS)
    assert monthly_list.error_count == BIG_ERRORS
    # when its owner opens the list page
    client.force_login(owner.user)
    response = client.get(reverse("employers:list_detail", args=[monthly_list.pk]))
    html = response.content.decode()
    # then the page stays small
    assert response.status_code == 200
    assert len(response.content) < PAGE_BYTES_BOUND, len(response.content)
    # and says, per rule in Persian, how many errors it has
    text = _visible_text(html)
    for label in RULE_LABELS.values():
        assert label in text
    assert _fa(BIG_ROWS) in text
    assert _fa(BIG_ERRORS) in text
    # and shows only the first 5 errors of each rule (two rules of rows, one of the header)
    rows = _error_rows(html)
    assert rows.count(("DSKWOR00", _fa(1))) == 2
    assert len([r for r in rows if r[0] == "DSKWOR00"]) == 10
    assert len([r for r in rows if r[0] == "DSKKAR00"]) == 1
    # and no rule code is shown to people
    for code in RULE_LABELS:
        assert code not in text


def test_the_default_setting_keeps_the_page_bounded(client, owner, big_list):
    # given the 10,001-error list parsed with the default number kept per rule
    client.force_login(owner.user)
    # when the list page and the first page of all errors are opened
    detail = client.get(reverse("employers:list_detail", args=[big_list.pk]))
    errors = client.get(reverse("employers:list_errors", args=[big_list.pk]))
    # then both stay small
    assert len(detail.content) < PAGE_BYTES_BOUND, len(detail.content)
    assert len(errors.content) < PAGE_BYTES_BOUND, len(errors.content)


def _walk(client, url: str) -> tuple[list[tuple[str, str]], int]:
    """Follow the pages' «next» links from `url`; every error row seen and the page count."""
    seen, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        seen += _error_rows(html)
        pages += 1
        following = re.search(r'rel="next" href="([^"]+)"', html)
        url = following.group(1).replace("&amp;", "&") if following else ""
        if url:
            url = response.request["PATH_INFO"] + url
    return seen, pages


def test_pagination_reaches_every_error_and_each_rule(client, owner):
    # given a list of 501 errors (250 rows × 2 + the header)
    monthly_list = _broken_list(owner, 250)
    client.force_login(owner.user)
    expected = [(e["file"], _fa(e["row"])) for e in stored_errors(monthly_list)]
    assert len(expected) == 501
    # when its owner follows «next» from the first page of all errors
    seen, pages = _walk(client, reverse("employers:list_errors", args=[monthly_list.pk]))
    # then six pages of at most 100 show every error once, in the order found
    assert pages == 6
    assert seen == expected
    # and one rule's errors alone, from the rule's link of the summary
    page = client.get(reverse("employers:list_detail", args=[monthly_list.pk])).content.decode()
    link = re.search(r'href="([^"]+\?rule=[^"]+)">' + re.escape(RULE_LABELS["bime_rounding"]), page)
    assert link
    seen, pages = _walk(client, link.group(1))
    assert (len(seen), pages) == (250, 3)
    assert {file for file, _row in seen} == {"DSKWOR00"}
    # and a page number past the end shows the last page, not an error
    last = client.get(reverse("employers:list_errors", args=[monthly_list.pk]) + "?page=99")
    assert _error_rows(last.content.decode()) == expected[500:]


def test_csv_streams_every_error_with_label_and_code(client, owner, big_list):
    # given the 10,001-error list
    client.force_login(owner.user)
    # when its error report is downloaded
    response = client.get(reverse("employers:list_errors_csv", args=[big_list.pk]))
    # then it is streamed, not built whole in memory
    assert response.status_code == 200
    assert response.streaming
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    # and holds every error: file, row, field, the rule in Persian and its code, message
    header, body = lines[0], lines[1:]
    assert len(header) == 6
    assert len(body) == BIG_ERRORS
    assert [(f, int(r), code) for f, r, _fld, _label, code, _msg in body] == [
        (e["file"], e["row"], e["code"]) for e in stored_errors(big_list)
    ]
    assert {(label, code) for _f, _r, _fld, label, code, _m in body} == {
        (label, code) for code, label in RULE_LABELS.items()
    }


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_of_the_pages_does_not_grow_with_the_errors(client, owner, big_list):
    # given a list of 11 errors and one of 10,001, of the same owner
    small = _broken_list(owner, 5)
    assert small.error_count == 11
    client.force_login(owner.user)
    client.get(reverse("employers:lists", args=[owner.workshop.pk]))  # the session settles
    # when each list's page, its first page of errors and one rule's errors are opened
    for name, query in (
        ("employers:list_detail", ""),
        ("employers:list_errors", ""),
        ("employers:list_errors", "?rule=bime_rounding"),
    ):
        few = _queries(client, reverse(name, args=[small.pk]) + query)
        many = _queries(client, reverse(name, args=[big_list.pk]) + query)
        # then the same number of queries is made
        assert few == many, (name, query, few, many)


def test_api_pages_through_errors_in_the_check_json_shape(client, owner):
    # given a list of 501 errors and its owner's API token
    monthly_list = _broken_list(owner, 250)
    token = api_sign_in_create(user=owner.user, device_name="test").access
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    url = f"/api/v1/employers/lists/{monthly_list.pk}/errors/"
    expected = stored_errors(monthly_list)
    # when every page is read
    first = client.get(url, **auth).json()
    seen = list(first["errors"])
    for number in range(2, first["num_pages"] + 1):
        seen += client.get(f"{url}?page={number}", **auth).json()["errors"]
    # then 6 pages of 100 give every error as {file, row, field, code, message}
    assert (first["count"], first["num_pages"], len(first["errors"])) == (501, 6, 100)
    assert seen == expected
    # and one rule alone
    only = client.get(f"{url}?code=total_mismatch", **auth).json()
    assert [e["code"] for e in only["errors"]] == ["total_mismatch"]
    # and the workshop's lists give the count and the first errors of each rule
    lists = client.get(f"/api/v1/employers/workshops/{owner.workshop.pk}/lists/", **auth).json()
    assert lists[0]["error_count"] == 501
    assert 0 < len(lists[0]["errors"]) <= 100
    assert set(lists[0]["errors"][0]) == {"file", "row", "field", "code", "message"}


def test_strangers_get_404_on_every_error_url(client, owner):
    # given a list with errors and someone who does not act for its workshop
    monthly_list = _broken_list(owner, 5)
    stranger = UserFactory()
    client.force_login(stranger)
    token = api_sign_in_create(user=stranger, device_name="test").access
    pages = [
        reverse("employers:list_detail", args=[monthly_list.pk]),
        reverse("employers:list_errors", args=[monthly_list.pk]),
        reverse("employers:list_errors", args=[monthly_list.pk]) + "?rule=bime_rounding&page=2",
        reverse("employers:list_errors_csv", args=[monthly_list.pk]),
        reverse("employers:list_errors", args=[monthly_list.pk + 999]),
    ]
    # then every page and the API answer 404
    for url in pages:
        assert client.get(url).status_code == 404, url
    for list_id in (monthly_list.pk, monthly_list.pk + 999):
        response = client.get(
            f"/api/v1/employers/lists/{list_id}/errors/",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_migration_moves_the_errors_of_existing_lists(owner, settings):
    from django.db.migrations.executor import MigrationExecutor

    settings.MONTHLY_LIST_ERRORS_SHOWN_PER_RULE = 20
    # given the schema before the change, with a list whose errors are one JSON field
    before = [("employers", "0004_list_errors_table")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    errors = [
        {"file": "DSKWOR00", "row": n, "field": "DSW_BIME", "code": "bime_rounding", "message": "x"}
        for n in range(1, 31)
    ] + [
        {
            "file": "DSKKAR00",
            "row": 1,
            "field": "DSK_TBIME",
            "code": "total_mismatch",
            "message": "y",
        }
    ]
    old_list = old_apps.get_model("employers", "MonthlyList").objects.create(
        workshop_id=owner.workshop.pk,
        year=YEAR,
        month=MONTH,
        status="invalid",
        file_format="dbf",
        uploaded_by_id=owner.user.pk,
        errors=errors,
    )
    # when the migrations run
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("employers"))  # back to the newest
    # then every error is a row, in order, and the list keeps the count and 20 per rule
    monthly_list = MonthlyList.objects.get(pk=old_list.pk)
    assert stored_errors(monthly_list) == errors
    assert monthly_list.error_count == 31
    assert [(e["code"], e["count"], len(e["first"])) for e in monthly_list.error_summary] == [
        ("bime_rounding", 30, 20),
        ("total_mismatch", 1, 1),
    ]
