"""The employer's notice inbox and one notice: filters, pages, the receipt (recorded once, the
first opener kept, no term moved), the content hash and deadline in Jalali, and 404 for a
notice of another workshop."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import Notice, NoticeKind
from employers.selectors.notices import NOTICE_PAGE_SIZE
from tamin.accounts.dashboard import dashboard_links_for_role
from tamin.accounts.models import Role
from tamin.core.jalali import format_jalali_date
from tamin.core.models import AuditLog
from tests.employers.factories import AccountantFactory
from tests.employers.factories_notices import owner_on_paper, owner_with_opt_in, serve
from tests.persian_text import latin_digits_outside_codes

pytestmark = pytest.mark.django_db


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, 0, tzinfo=timezone.get_current_timezone())


def test_inbox_lists_each_notice_with_its_kind_number_dates_and_whether_opened(client):
    # given a workshop with a ruling (31 days to object) and a letter, one of them opened
    owner = owner_with_opt_in()
    ruling = serve(
        owner.workshop,
        kind=NoticeKind.RULING,
        title="حکم مطالباتی اسفند",
        respond_days=31,
        served_at=_at(2025, 2, 1),
    )
    letter = serve(owner.workshop, title="نامه درباره لیست", served_at=_at(2025, 3, 1))
    Notice.objects.filter(pk=letter.pk).update(first_opened_at=timezone.now())
    client.force_login(owner.user)
    # when
    page = client.get(reverse("employers:notice_inbox", args=[owner.workshop.pk]))
    body = page.content.decode()
    # then: Persian labels, Jalali dates, the deadline, opened or not; no Latin digits
    assert page.status_code == 200
    assert "حکم مطالباتی اسفند" in body
    assert "نامه درباره لیست" in body
    assert "حکم مطالباتی" in body
    assert "نامه" in body
    assert format_jalali_date(ruling.served_at) in body
    assert format_jalali_date(ruling.respond_until) in body
    assert "خوانده نشده" in body
    assert "خوانده شد" in body
    assert body.index("نامه درباره لیست") < body.index("حکم مطالباتی اسفند")  # newest first
    assert latin_digits_outside_codes(body) == []


def test_inbox_filters_by_kind_and_by_served_period(client):
    owner = owner_with_opt_in()
    serve(owner.workshop, kind=NoticeKind.RULING, title="حکم فروردین", served_at=_at(2025, 4, 1))
    serve(owner.workshop, kind=NoticeKind.LETTER, title="نامه اردیبهشت", served_at=_at(2025, 5, 1))
    serve(owner.workshop, kind=NoticeKind.RULING, title="حکم خرداد", served_at=_at(2025, 6, 10))
    client.force_login(owner.user)
    url = reverse("employers:notice_inbox", args=[owner.workshop.pk])
    # by kind
    body = client.get(url, {"kind": "ruling"}).content.decode()
    assert "حکم فروردین" in body
    assert "حکم خرداد" in body
    assert "نامه اردیبهشت" not in body
    # by served period, typed in Jalali with Persian digits (1404/02/01 – 1404/03/15)
    body = client.get(
        url, {"period_from": "۱۴۰۴/۰۲/۰۱", "period_to": "۱۴۰۴/۰۳/۱۵"}
    ).content.decode()
    assert "نامه اردیبهشت" in body
    assert "حکم فروردین" not in body
    assert "حکم خرداد" not in body
    # both
    body = client.get(url, {"kind": "ruling", "period_from": "1404/03/01"}).content.decode()
    assert "حکم خرداد" in body
    assert "حکم فروردین" not in body
    assert "نامه اردیبهشت" not in body


def test_a_period_that_ends_before_it_starts_is_refused_in_persian(client):
    owner = owner_with_opt_in()
    serve(owner.workshop, title="نامه")
    client.force_login(owner.user)
    url = reverse("employers:notice_inbox", args=[owner.workshop.pk])
    body = client.get(url, {"period_from": "1404/05/01", "period_to": "1404/04/01"}).content
    assert "تاریخ شروع بازه نمی‌تواند بعد از تاریخ پایان باشد." in body.decode()
    bad = client.get(url, {"kind": "nonsense"}).content.decode()
    assert "این نوع ابلاغیه در فهرست نیست." in bad


def test_inbox_is_paginated_and_a_page_costs_the_same_queries_with_more_notices(
    client, django_assert_max_num_queries
):
    owner = owner_with_opt_in()
    for number in range(3):
        serve(owner.workshop, title=f"نامه شماره {number}")
    client.force_login(owner.user)
    url = reverse("employers:notice_inbox", args=[owner.workshop.pk])
    client.get(url)  # warm the session
    with django_assert_max_num_queries(8) as few:
        assert client.get(url).status_code == 200
    for number in range(3, NOTICE_PAGE_SIZE + 5):
        serve(owner.workshop, title=f"نامه شماره {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        first = client.get(url)
    assert len(first.context["page"].object_list) == NOTICE_PAGE_SIZE
    second = client.get(url, {"page": "۲"}).content.decode()
    assert second.count("نامه شماره") == 5
    assert "صفحه ۲ از ۲" in second


def test_opening_a_notice_records_the_receipt_once_and_keeps_the_first_opener(client):
    # given a served ruling and two representatives of the workshop
    owner = owner_with_opt_in()
    accountant = AccountantFactory(workshop=owner.workshop)
    notice = serve(owner.workshop, kind=NoticeKind.RULING, respond_days=31)
    until, served_at = notice.respond_until, notice.served_at
    url = reverse("employers:notice_detail", args=[notice.pk])
    # when the accountant opens it, then the owner, then the accountant again
    client.force_login(accountant.user)
    assert client.get(url).status_code == 200
    notice.refresh_from_db()
    first_at = notice.first_opened_at
    client.force_login(owner.user)
    body = client.get(url).content.decode()
    client.force_login(accountant.user)
    client.get(reverse("employers:notice_print", args=[notice.pk]))
    # then one receipt: the accountant, at the first opening; no term moved
    notice.refresh_from_db()
    assert notice.first_opened_by_id == accountant.user_id
    assert notice.first_opened_at == first_at
    assert (notice.served_at, notice.respond_until) == (served_at, until)
    assert AuditLog.objects.filter(action="employers.notice_opened").count() == 1
    assert accountant.user.get_full_name() in body  # the owner sees who opened it first


def test_a_notice_shows_its_content_hash_deadline_delivery_and_ruling_lines(client):
    owner = owner_with_opt_in()
    notice = serve(
        owner.workshop,
        kind=NoticeKind.RULING,
        title="حکم مطالباتی شماره یک",
        body="بدهی کارگاه بابت ماه‌های بدون لیست.",
        content={
            "ruling_id": 999,
            "principal_total": 9_000_000,
            "lines": [
                {"year": 1403, "month": 7, "principal": 9_000_000, "penalty": 450_000},
            ],
        },
        respond_days=31,
    )
    client.force_login(owner.user)
    body = client.get(reverse("employers:notice_detail", args=[notice.pk])).content.decode()
    assert f'<code dir="ltr" class="notice-hash">{notice.content_sha256}</code>' in body
    assert "ابلاغ الکترونیک" in body
    assert "آخرین روز اعتراض" in body
    assert format_jalali_date(notice.respond_until, long=True) in body
    assert "مهر ۱۴۰۳" in body
    assert "۹٬۰۰۰٬۰۰۰" in body
    assert "۴۵۰٬۰۰۰" in body
    assert "ruling_id" not in body
    # the id is only in the link to the ruling's page, never shown as text
    ruling_url = reverse("employers:ruling_detail", args=[999])
    assert body.replace(f'href="{ruling_url}"', "").count("999") == 0
    assert "نسخه چاپی" in body
    assert latin_digits_outside_codes(body) == []
    printed = client.get(reverse("employers:notice_print", args=[notice.pk])).content.decode()
    assert notice.content_sha256 in printed
    assert "data-print" in printed
    assert 'style="' not in printed
    assert "<script>" not in printed
    assert latin_digits_outside_codes(printed) == []


def test_a_notice_of_another_workshop_is_404_and_records_no_receipt(client):
    mine = owner_with_opt_in()
    theirs = owner_with_opt_in()
    notice = serve(theirs.workshop, title="نامه محرمانه")
    client.force_login(mine.user)
    for name in ("employers:notice_detail", "employers:notice_print"):
        assert client.get(reverse(name, args=[notice.pk])).status_code == 404
    assert (
        client.get(reverse("employers:notice_inbox", args=[theirs.workshop.pk])).status_code == 404
    )
    notice.refresh_from_db()
    assert notice.first_opened_at is None


def test_a_paper_notice_not_yet_handed_over_is_not_in_the_inbox(client):
    owner = owner_on_paper()
    notice = serve(owner.workshop, title="نامه کاغذی")
    client.force_login(owner.user)
    body = client.get(reverse("employers:notice_inbox", args=[owner.workshop.pk])).content
    assert "نامه کاغذی" not in body.decode()
    assert client.get(reverse("employers:notice_detail", args=[notice.pk])).status_code == 404


def test_home_shows_unread_notices_per_workshop_and_is_on_the_dashboard(client):
    owner = owner_with_opt_in(name="کارگاه ریسندگی")
    serve(owner.workshop)
    serve(owner.workshop)
    opened = serve(owner.workshop)
    Notice.objects.filter(pk=opened.pk).update(first_opened_at=timezone.now())
    client.force_login(owner.user)
    body = client.get(reverse("employers:notices_home")).content.decode()
    assert "کارگاه ریسندگی" in body
    assert "۲ ابلاغیه خوانده‌نشده دارید." in body
    assert latin_digits_outside_codes(body) == []
    assert "employers:notices_home" in {
        link.url_name for link in dashboard_links_for_role(Role.EMPLOYER)
    }


def test_strangers_and_visitors(client):
    owner = owner_with_opt_in()
    assert client.get(reverse("employers:notices_home")).status_code == 302  # to sign in
    client.force_login(AccountantFactory().user)
    assert (
        client.get(reverse("employers:notice_inbox", args=[owner.workshop.pk])).status_code == 404
    )


def test_a_notice_leads_to_the_page_where_the_person_acts_on_it(client):
    from employers.models import NoticeKind as Kind
    from tests.employers.factories_objections import (
        at_hearing,
        branch_head,
        filed_objection,
        owner_of,
        served_ruling,
    )
    from tests.employers.factories_objections import vote as vote_recorded

    ruling = served_ruling()
    owner = owner_of(ruling.workshop)
    client.force_login(owner)
    # the ruling's notice → the ruling (where the objection is filed)
    page = client.get(reverse("employers:notice_detail", args=[ruling.notice_id])).content.decode()
    ruling_url = reverse("employers:ruling_detail", args=[ruling.pk])
    assert f'href="{ruling_url}"' in page
    assert client.get(ruling_url).status_code == 200
    # the hearing's and the vote's notices → the objection (where the appeal is filed)
    objection = filed_objection(ruling)
    staff = branch_head(ruling.workshop)
    at_hearing(objection, staff=staff)
    vote_recorded(objection, staff=staff, amount=5_000_000)
    objection_url = reverse("employers:objection_detail", args=[objection.pk])
    for kind in (Kind.HEARING, Kind.BOARD_VOTE):
        notice = Notice.objects.get(workshop=ruling.workshop, kind=kind)
        page = client.get(reverse("employers:notice_detail", args=[notice.pk])).content.decode()
        assert f'href="{objection_url}"' in page, kind
    assert client.get(objection_url).status_code == 200
