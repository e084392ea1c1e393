"""Clearance pages: a contract request's bad input is refused with the field's message and
nothing created, a transfer drops contract fields, another workshop's request is a 404 on
every page, the dashboard links the area, the list reads in Persian with a fixed number of
queries, and no page shows Latin text outside an element marked as code."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from branches.models import Case
from employers.models import ClearanceKind, ClearanceRequest, ClearanceStatus
from employers.services.clearance import clearance_request_file
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_code
from tamin.core.models import DocumentRequest
from tests.employers.factories import RepresentativeFactory
from tests.employers.factories_clearance import (
    at,
    clean_representative,
    list_sent,
    month_back,
)
from tests.employers.factories_clearance import request_clearance as _request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    return settings.PRIVATE_STORAGE_DIR


# --- bad input ---------------------------------------------------------------------------

CONTRACT = {
    "kind": ClearanceKind.CONTRACT,
    "contract_number": "۱۲۳/۴۵",
    "contract_party": "شهرداری منطقه ۳",
    "contract_amount": "۱۰۰۰۰۰۰۰۰",
    "contract_start": "۱۴۰۴/۰۲/۰۱",
    "contract_end": "۱۴۰۵/۰۱/۳۰",
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"contract_number": ""}, "شمارهٔ قرارداد را وارد کنید."),
        ({"contract_party": "  "}, "نام طرف قرارداد (کارفرمای اصلی) را وارد کنید."),
        ({"contract_amount": ""}, "مبلغ قرارداد را به ریال و بیشتر از صفر وارد کنید."),
        ({"contract_amount": "۰"}, "مبلغ قرارداد باید بیشتر از صفر باشد."),
        ({"contract_start": ""}, "تاریخ شروع قرارداد را وارد کنید."),
        ({"contract_end": ""}, "تاریخ پایان قرارداد را وارد کنید."),
        ({"contract_end": "۱۴۰۴/۰۲/۰۱"}, "تاریخ پایان قرارداد باید بعد از تاریخ شروع آن باشد."),
        ({"contract_end": "۱۴۰۴/۰۱/۰۱"}, "تاریخ پایان قرارداد باید بعد از تاریخ شروع آن باشد."),
        ({"contract_party": "شرکت\x1bالف"}, "این متن نویسه‌های نامعتبر دارد."),
        ({"contract_number": "۱۲\x00۳"}, "Null characters are not allowed."),
        ({"kind": "other"}, "نوع مفاصا حساب را از فهرست انتخاب کنید."),
    ],
)
def test_a_contract_request_with_a_missing_or_bad_field_is_refused(
    client, django_capture_on_commit_callbacks, changes, message
):
    owner = clean_representative()
    response = _request(client, owner, {**CONTRACT, **changes}, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    if message.isascii():  # Django's own NUL refusal, in the active language
        assert "invalid-feedback" in response.content.decode()
    else:
        assert message in response.content.decode()
    assert not ClearanceRequest.objects.exists()
    assert not Case.objects.exists()
    assert not DocumentRequest.objects.exists()


def test_every_missing_contract_field_is_named_at_once(client, django_capture_on_commit_callbacks):
    owner = clean_representative()
    response = _request(
        client, owner, {"kind": ClearanceKind.CONTRACT}, django_capture_on_commit_callbacks
    )
    text = response.content.decode()
    for message in (
        "شمارهٔ قرارداد را وارد کنید.",
        "نام طرف قرارداد (کارفرمای اصلی) را وارد کنید.",
        "مبلغ قرارداد را به ریال و بیشتر از صفر وارد کنید.",
        "تاریخ شروع قرارداد را وارد کنید.",
        "تاریخ پایان قرارداد را وارد کنید.",
    ):
        assert message in text
    assert 'id="id_contract_number_error"' in text
    assert not ClearanceRequest.objects.exists()


def test_the_service_refuses_a_contract_without_its_fields_whatever_the_caller():
    # the rules hold at the service too (an API or a script skips the form)
    owner = clean_representative()
    with pytest.raises(ApplicationError) as refused:
        clearance_request_file(
            user=owner.user,
            workshop=owner.workshop,
            kind=ClearanceKind.CONTRACT,
            contract_number="۱۲/۳",
            contract_party="شهرداری",
            contract_amount=5_000_000,
            contract_start=datetime.date(2025, 3, 21),
            contract_end=datetime.date(2025, 3, 21),
        )
    assert refused.value.message == "تاریخ پایان قرارداد باید بعد از تاریخ شروع آن باشد."
    assert refused.value.extra == {"field": "contract_end"}
    assert not ClearanceRequest.objects.exists()
    # and a person who does not act for the workshop is refused before anything else
    with pytest.raises(ApplicationError):
        clearance_request_file(
            user=RepresentativeFactory().user, workshop=owner.workshop, kind="transfer"
        )
    assert not ClearanceRequest.objects.exists()


def test_a_transfer_ignores_contract_fields(client, django_capture_on_commit_callbacks):
    owner = clean_representative()
    _request(
        client,
        owner,
        {**CONTRACT, "kind": ClearanceKind.TRANSFER, "contract_end": "نامعتبر"},
        django_capture_on_commit_callbacks,
    )
    clearance = ClearanceRequest.objects.get()
    assert clearance.kind == ClearanceKind.TRANSFER
    assert clearance.contract_number == ""
    assert clearance.contract_amount is None


def test_another_workshops_request_is_404_on_every_page(client, django_capture_on_commit_callbacks):
    # given an issued certificate of one workshop
    owner = clean_representative()
    _request(client, owner, {"kind": ClearanceKind.TRANSFER}, django_capture_on_commit_callbacks)
    clearance = ClearanceRequest.objects.get()
    # when the representative of another workshop tries its pages
    stranger = RepresentativeFactory()
    client.force_login(stranger.user)
    for name in ("clearance_detail", "clearance_status", "clearance_download"):
        assert client.get(reverse(f"employers:{name}", args=[clearance.pk])).status_code == 404
    prepare = reverse("employers:clearance_prepare", args=[clearance.pk])
    assert client.post(prepare).status_code == 404
    workshop_id = owner.workshop.pk
    assert client.get(reverse("employers:clearances", args=[workshop_id])).status_code == 404
    new_url = reverse("employers:clearance_new", args=[workshop_id])
    assert client.get(new_url).status_code == 404
    assert client.post(new_url, {"kind": ClearanceKind.TRANSFER}).status_code == 404
    assert ClearanceRequest.objects.count() == 1
    assert DocumentRequest.objects.count() == 1
    # and a missing request is the same 404
    missing = reverse("employers:clearance_detail", args=[clearance.pk + 1000])
    assert client.get(missing).status_code == 404


# --- pages -------------------------------------------------------------------------------


def test_the_dashboard_links_the_clearance_page_which_lists_the_workshops(client):
    owner = RepresentativeFactory(workshop__name="کارگاه نمونه")
    client.force_login(owner.user)
    dashboard = client.get(reverse("accounts:dashboard", args=["employer"])).content.decode()
    home_url = reverse("employers:clearance_home")
    assert home_url in dashboard
    home = client.get(home_url).content.decode()
    assert "کارگاه نمونه" in home
    assert reverse("employers:clearances", args=[owner.workshop.pk]) in home
    assert reverse("employers:clearance_new", args=[owner.workshop.pk]) in home


def test_the_list_shows_persian_labels_tracking_codes_and_downloads(
    client, django_capture_on_commit_callbacks
):
    # given one issued transfer certificate and one contract request forwarded for a debt
    owner = clean_representative()
    _request(client, owner, {"kind": ClearanceKind.TRANSFER}, django_capture_on_commit_callbacks)
    list_sent(owner.workshop, month_back(1), on=at(month_back(0), 1, 0))
    _request(client, owner, CONTRACT, django_capture_on_commit_callbacks)
    issued, forwarded = ClearanceRequest.objects.order_by("pk")
    assert forwarded.status == ClearanceStatus.FORWARDED
    # when the list page opens
    page = client.get(reverse("employers:clearances", args=[owner.workshop.pk]))
    text = page.content.decode()
    # then each row reads in Persian: kind, status, its code, and the file when issued
    for shown in (
        "انتقال کارگاه (ماده ۳۷)",
        "پیمان (ماده ۳۸)",
        "صادر شد",
        "ارجاع به شعبه",
        format_code(issued.tracking_code),
        format_code(forwarded.tracking_code),
    ):
        assert shown in text
    assert reverse("employers:clearance_download", args=[issued.pk]) in text
    assert reverse("employers:clearance_download", args=[forwarded.pk]) not in text
    body = re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.S)
    for key in (">issued<", ">forwarded<", ">transfer<", ">contract<"):
        assert key not in body
    assert 'class="table align-middle table-stack"' in text
    assert 'data-label="وضعیت"' in text


def test_the_list_page_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    # given a workshop with many requests (made directly: the page only reads them)
    owner = RepresentativeFactory()
    client.force_login(owner.user)
    url = reverse("employers:clearances", args=[owner.workshop.pk])

    def add(count: int) -> None:
        start = ClearanceRequest.objects.count()
        for index in range(start, start + count):
            ClearanceRequest.objects.create(
                workshop=owner.workshop,
                kind=ClearanceKind.TRANSFER,
                tracking_code=f"T{index:08d}",
                requested_by=owner.user,
                status=ClearanceStatus.FORWARDED,
            )

    add(2)
    client.get(url)  # warm the session and the role
    with django_assert_max_num_queries(6) as few:
        assert client.get(url).status_code == 200
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_form_page_is_in_persian(client):
    owner = RepresentativeFactory()
    client.force_login(owner.user)
    text = client.get(reverse("employers:clearance_new", args=[owner.workshop.pk])).content
    text = text.decode()
    for shown in ("نوع مفاصا حساب", "شمارهٔ قرارداد", "مبلغ قرارداد (ریال)", "ثبت درخواست"):
        assert shown in text


class _VisibleText(HTMLParser):
    """The text a person reads inside <main> (and its labelling attributes), outside
    elements marked as code (dir="ltr", code, kbd, samp) and scripts."""

    VOID = frozenset(("br", "hr", "img", "input", "meta", "link", "source", "wbr"))

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from the check)
        self.in_main = False
        self.texts: list[str] = []

    def _hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "main":
            self.in_main = True
        hidden = values.get("dir") == "ltr" or tag in ("code", "kbd", "samp", "script", "style")
        if self.in_main and not self._hidden() and not hidden:
            self.texts += [
                values[name] or ""
                for name in ("placeholder", "aria-label", "title", "alt")
                if name in values
            ]
        if tag not in self.VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.in_main and not self._hidden():
            self.texts.append(data)


def _latin_outside_codes(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return [token for text in parser.texts for token in re.findall(r"[A-Za-z]{2,}|[0-9]+", text)]


def test_every_clearance_page_reads_in_persian_outside_codes(
    client, django_capture_on_commit_callbacks
):
    # given an issued certificate, a contract request forwarded (its number has Latin
    # letters), and a certificate whose PDF is still being prepared (names without digits:
    # the factories' numbered names are data, not the page's words)
    owner = clean_representative(name="کارگاه آزمایشی", branch__name="شعبه مرکزی")
    _request(client, owner, {"kind": ClearanceKind.TRANSFER}, django_capture_on_commit_callbacks)
    list_sent(owner.workshop, month_back(1), on=at(month_back(0), 1, 0))
    _request(
        client,
        owner,
        {**CONTRACT, "contract_number": "AB-12/34"},
        django_capture_on_commit_callbacks,
    )
    issued, forwarded = ClearanceRequest.objects.order_by("pk")
    pending = ClearanceRequest.objects.create(
        workshop=owner.workshop,
        kind=ClearanceKind.TRANSFER,
        tracking_code="14050901000001",
        requested_by=owner.user,
        status=ClearanceStatus.ISSUED,
    )
    workshop_id = owner.workshop.pk
    pages = {
        "home": client.get(reverse("employers:clearance_home")),
        "list": client.get(reverse("employers:clearances", args=[workshop_id])),
        "form": client.get(reverse("employers:clearance_new", args=[workshop_id])),
        "form errors": client.post(
            reverse("employers:clearance_new", args=[workshop_id]),
            {"kind": ClearanceKind.CONTRACT, "contract_amount": "12a"},
        ),
        "issued": client.get(reverse("employers:clearance_detail", args=[issued.pk])),
        "forwarded": client.get(reverse("employers:clearance_detail", args=[forwarded.pk])),
        "pending": client.get(reverse("employers:clearance_detail", args=[pending.pk])),
    }
    # then no page shows a Latin word or digit outside an element marked as code
    found = {name: _latin_outside_codes(page.content.decode()) for name, page in pages.items()}
    assert found == {name: [] for name in pages}
    assert all(page.status_code == 200 for page in pages.values())
