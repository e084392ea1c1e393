"""Objection pages as people use them: the employer objects from the list with a document,
follows the objection, adds documents when asked, appeals; branch staff find it, move it,
set the hearing and record the vote that lowers the debt. Strangers and other branches'
staff get 404 everywhere, and bad input comes back in Persian with nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import Case, CaseDocument
from employers.models import LedgerEntry, Notice, NoticeKind, Objection, RulingStatus
from employers.selectors.money import workshop_debt
from employers.services.objections import objection_file
from notifications.models import Notification
from tamin.accounts.dashboard import dashboard_links_for_role
from tamin.accounts.models import Role
from tamin.core.jalali import format_jalali_date, to_jalali_date
from tests.branches.factories_cases import pdf_bytes, pdf_upload, staff_member
from tests.employers.factories import RepresentativeFactory
from tests.employers.factories_objections import (
    at_hearing,
    branch_head,
    filed_objection,
    owner_of,
    served_ruling,
    vote,
)
from tests.persian_text import latin_digits_outside_codes

pytestmark = pytest.mark.django_db

TEXT = "مبلغ حق بیمه ماه‌های بدون کارکرد به اشتباه محاسبه شده است."


def _jalali(day: datetime.date) -> str:
    return to_jalali_date(day).strftime("%Y/%m/%d")


def _counts() -> tuple[int, int, int, int, int]:
    return (
        Objection.objects.count(),
        Case.objects.count(),
        CaseDocument.objects.count(),
        LedgerEntry.objects.count(),
        Notification.objects.count(),
    )


def _files(count: int):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return [SimpleUploadedFile(f"m{n}.pdf", pdf_bytes(), "application/pdf") for n in range(count)]


# --- the employer ---------------------------------------------------------------------------------


def test_the_employer_objects_from_the_list_with_a_document(client):
    # given a served ruling, its owner signed in
    ruling = served_ruling()
    owner = owner_of(ruling.workshop)
    client.force_login(owner)
    # the list offers the ruling with its term, and the dashboard links to the list
    assert "employers:objections" in {
        link.url_name for link in dashboard_links_for_role(Role.EMPLOYER)
    }
    page = client.get(reverse("employers:objections")).content.decode()
    file_url = reverse("employers:objection_file", args=[ruling.pk])
    assert file_url in page
    assert format_jalali_date(ruling.notice.respond_until) in page
    form = client.get(file_url)
    assert form.status_code == 200
    assert "multiple" in form.content.decode()
    # when the owner objects with a document
    response = client.post(file_url, {"text": TEXT, "documents": [pdf_upload("lists.pdf")]})
    # then the objection page opens with its tracking code and status
    objection = Objection.objects.get(ruling=ruling)
    assert response.status_code == 302
    assert response.url == reverse("employers:objection_detail", args=[objection.pk])
    detail = client.get(response.url).content.decode()
    assert "ثبت شد" in detail
    assert "lists.pdf" in detail
    assert Case.objects.get(pk=objection.case_id).documents.count() == 1
    # and the list shows it under its workshop, the ruling no longer offered
    page = client.get(reverse("employers:objections")).content.decode()
    assert reverse("employers:objection_detail", args=[objection.pk]) in page
    assert file_url not in page


def test_a_late_objection_page_names_the_end_date_and_a_post_changes_nothing(client):
    ruling = served_ruling(served_days_ago=35)
    client.force_login(owner_of(ruling.workshop))
    url = reverse("employers:objection_file", args=[ruling.pk])
    ended = format_jalali_date(ruling.notice.respond_until)
    assert ended in client.get(url).content.decode()
    before = _counts()
    response = client.post(url, {"text": TEXT, "documents": _files(1)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "به پایان رسیده است" in body
    assert ended in body
    assert _counts() == before


def test_a_nineteenth_document_on_the_page_is_refused_with_a_clear_message(client):
    ruling = served_ruling()
    client.force_login(owner_of(ruling.workshop))
    before = _counts()
    response = client.post(
        reverse("employers:objection_file", args=[ruling.pk]),
        {"text": TEXT, "documents": _files(19)},
    )
    assert response.status_code == 400
    assert "حداکثر ۱۸ مدرک" in response.content.decode()
    assert _counts() == before


def test_a_second_objection_on_the_page_is_refused(client):
    ruling = served_ruling()
    first = filed_objection(ruling)
    client.force_login(owner_of(ruling.workshop))
    url = reverse("employers:objection_file", args=[ruling.pk])
    page = client.get(url).content.decode()
    assert reverse("employers:objection_detail", args=[first.pk]) in page
    before = _counts()
    response = client.post(url, {"text": TEXT})
    assert response.status_code == 400
    assert "اعتراض دوم" in response.content.decode()
    assert _counts() == before


def test_a_strangers_ruling_and_objection_are_404_everywhere(client):
    ruling = served_ruling()
    objection = filed_objection(ruling)
    stranger = RepresentativeFactory().user
    client.force_login(stranger)
    before = _counts()
    assert client.get(reverse("employers:objection_file", args=[ruling.pk])).status_code == 404
    response = client.post(reverse("employers:objection_file", args=[ruling.pk]), {"text": TEXT})
    assert response.status_code == 404
    for name in ("objection_detail", "objection_appeal"):
        assert client.get(reverse(f"employers:{name}", args=[objection.pk])).status_code == 404
    for name in ("objection_documents_add", "objection_appeal"):
        url = reverse(f"employers:{name}", args=[objection.pk])
        assert client.post(url, {"text": TEXT}).status_code == 404
    assert (
        client.get(reverse("employers:objections"), {"workshop": ruling.workshop_id}).status_code
        == 404
    )
    page = client.get(reverse("employers:objections")).content.decode()
    assert objection.tracking_code not in page
    # the staff pages do not exist for an employer
    assert client.get(reverse("employers:staff_objections")).status_code == 404
    assert (
        client.get(reverse("employers:staff_objection_detail", args=[objection.pk])).status_code
        == 404
    )
    assert _counts() == before


def test_a_draft_ruling_is_404_for_its_own_employer(client):
    ruling = served_ruling(opt_in=False)  # on paper, not yet handed over
    client.force_login(owner_of(ruling.workshop))
    assert client.get(reverse("employers:objection_file", args=[ruling.pk])).status_code == 404


def test_documents_missing_the_filer_adds_documents_on_the_objection_page(client):
    ruling = served_ruling()
    owner = owner_of(ruling.workshop)
    objection = filed_objection(ruling, user=owner, documents=1)
    staff = branch_head(ruling.workshop)
    client.force_login(staff)
    client.post(
        reverse("employers:staff_objection_status", args=[objection.pk]),
        {"status": "documents_missing", "note": "لیست حضور و غیاب کارکنان"},
    )
    client.force_login(owner)
    detail_url = reverse("employers:objection_detail", args=[objection.pk])
    page = client.get(detail_url).content.decode()
    assert "نقص مدارک" in page
    assert "لیست حضور و غیاب کارکنان" in page
    add_url = reverse("employers:objection_documents_add", args=[objection.pk])
    assert add_url in page
    # 1 + 18 > 18: refused, nothing stored
    before = _counts()
    response = client.post(add_url, {"documents": _files(18)})
    assert response.status_code == 400
    assert "هیچ مدرکی ذخیره نشد" in response.content.decode()
    assert _counts() == before
    response = client.post(add_url, {"documents": _files(2), "note": ""})
    assert response.status_code == 302
    assert Case.objects.get(pk=objection.case_id).documents.count() == 3


def test_my_objections_list_reads_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    owner = RepresentativeFactory(workshop__e_notification_opt_in=True)
    for _ in range(4):
        filed_objection(served_ruling(workshop=owner.workshop), user=owner.user, documents=0)
    served_ruling(workshop=owner.workshop)  # one still open to objection
    client.force_login(owner.user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("employers:objections"))
    assert response.status_code == 200
    assert response.content.decode().count("objection-history") == 0  # list shows a summary
    assert response.content.decode().count("<details") == 4


# --- the appeal -----------------------------------------------------------------------------------


def test_the_employer_appeals_through_the_page_and_below_the_threshold_cannot(client):
    ruling = served_ruling()
    owner = owner_of(ruling.workshop)
    objection = filed_objection(ruling, user=owner)
    staff = branch_head(ruling.workshop)
    at_hearing(objection, staff=staff)
    vote(objection, staff=staff, amount=6_000_000)
    client.force_login(owner)
    detail = client.get(reverse("employers:objection_detail", args=[objection.pk])).content.decode()
    appeal_url = reverse("employers:objection_appeal", args=[objection.pk])
    assert appeal_url in detail
    assert "۶٬۰۰۰٬۰۰۰" in detail
    response = client.post(appeal_url, {"text": TEXT, "documents": _files(1)})
    assert response.status_code == 302
    appeal = Objection.objects.get(ruling=ruling, stage="review")
    assert response.url == reverse("employers:objection_detail", args=[appeal.pk])

    # a vote at the threshold: no appeal offered, and a POST is refused in Persian
    small = served_ruling(workshop=ruling.workshop)
    small_objection = filed_objection(small, user=owner)
    at_hearing(small_objection, staff=staff)
    vote(small_objection, staff=staff, amount=150_000)
    url = reverse("employers:objection_appeal", args=[small_objection.pk])
    assert 'data-testid="not-appealable"' in client.get(url).content.decode()
    before = _counts()
    response = client.post(url, {"text": TEXT})
    assert response.status_code == 400
    body = response.content.decode()
    assert "قطعی" in body
    assert "۲۰۰٬۰۰۰" in body
    assert _counts() == before


# --- branch staff ---------------------------------------------------------------------------------


def test_staff_take_an_objection_from_filing_to_a_vote_that_lowers_the_debt(client):
    # given an objection filed to a 10,000,000 ruling
    ruling = served_ruling()
    workshop = ruling.workshop
    objection = filed_objection(ruling)
    staff = staff_member(branch=workshop.branch)
    client.force_login(staff)
    assert "employers:staff_objections" in {
        link.url_name for link in dashboard_links_for_role(Role.STAFF)
    }
    # the staff list (filtered by status) leads to the objection
    listing = client.get(reverse("employers:staff_objections"), {"status": "registered"})
    detail_url = reverse("employers:staff_objection_detail", args=[objection.pk])
    assert detail_url in listing.content.decode()
    other = client.get(reverse("employers:staff_objections"), {"status": "accepted"})
    assert detail_url not in other.content.decode()
    assert client.get(detail_url).status_code == 200
    # staff move it before the board
    response = client.post(
        reverse("employers:staff_objection_status", args=[objection.pk]),
        {"status": "before_board", "note": ""},
    )
    assert response.status_code == 302
    # and set the hearing (a Jalali date, a time with Persian digits, a place)
    hearing_day = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(
        reverse("employers:staff_objection_hearing", args=[objection.pk]),
        {"hearing_on": _jalali(hearing_day), "hearing_time": "۰۹:۳۰", "place": "سالن هیأت، طبقه ۲"},
    )
    assert response.status_code == 302
    notice = Notice.objects.get(kind=NoticeKind.HEARING)
    assert notice.serve_key == f"hearing:{objection.pk}:1"
    objection.refresh_from_db()
    assert objection.status == "hearing_set"
    assert timezone.localtime(objection.hearing_at).strftime("%H:%M") == "09:30"
    # the hearing is held (moved to yesterday for the test), and the vote is recorded
    Objection.objects.filter(pk=objection.pk).update(
        hearing_at=timezone.now() - datetime.timedelta(days=1)
    )
    response = client.post(
        reverse("employers:staff_objection_vote", args=[objection.pk]),
        {
            "amount": "۶٬۰۰۰٬۰۰۰",
            "decided_on": _jalali(timezone.localdate()),
            "reasoning": "کارکنان دو ماه در فهرست بیمه‌شدگان کارگاه دیگری بوده‌اند.",
        },
    )
    assert response.status_code == 302
    # then the final debt is the vote's amount and the employer's page shows the vote
    assert workshop_debt(workshop=workshop, today=timezone.localdate()).final == 6_000_000
    client.force_login(owner_of(workshop))
    page = client.get(reverse("employers:objection_detail", args=[objection.pk])).content.decode()
    assert "تأیید رأی" in page
    assert "۶٬۰۰۰٬۰۰۰" in page
    assert "سالن هیأت" in page
    vote_notice = Notice.objects.get(kind=NoticeKind.BOARD_VOTE)
    assert reverse("employers:notice_detail", args=[vote_notice.pk]) in page
    assert reverse("employers:notice_detail", args=[notice.pk]) in page  # the hearing
    turnover = client.get(reverse("employers:turnover", args=[workshop.pk])).content.decode()
    assert "۴٬۰۰۰٬۰۰۰" in turnover
    assert "رأی هیأت بدوی" in turnover
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.DECIDED


def test_bad_staff_input_comes_back_in_persian_and_changes_nothing(client):
    ruling = served_ruling()
    objection = filed_objection(ruling)
    staff = branch_head(ruling.workshop)
    client.force_login(staff)
    before = _counts()
    # a move the table does not offer
    response = client.post(
        reverse("employers:staff_objection_status", args=[objection.pk]), {"status": "accepted"}
    )
    assert response.status_code == 400
    # a rejection without a reason
    response = client.post(
        reverse("employers:staff_objection_status", args=[objection.pk]), {"status": "rejected"}
    )
    assert response.status_code == 400
    assert "دلیل رد" in response.content.decode()
    # a hearing while still «registered», with a bad time
    response = client.post(
        reverse("employers:staff_objection_hearing", args=[objection.pk]),
        {"hearing_on": _jalali(timezone.localdate()), "hearing_time": "25:99", "place": "سالن"},
    )
    assert response.status_code == 400
    assert "۰۹:۳۰" in response.content.decode()
    # a vote before any hearing, with a negative amount
    response = client.post(
        reverse("employers:staff_objection_vote", args=[objection.pk]),
        {
            "amount": "-5",
            "decided_on": _jalali(timezone.localdate()),
            "reasoning": "متن رأی هیأت بدوی",
        },
    )
    assert response.status_code == 400
    assert _counts() == before


def test_staff_of_another_branch_get_404_on_every_staff_page(client):
    ruling = served_ruling()
    objection = filed_objection(ruling)
    other = staff_member(branch=RepresentativeFactory().workshop.branch)
    client.force_login(other)
    before = _counts()
    assert (
        client.get(reverse("employers:staff_objection_detail", args=[objection.pk])).status_code
        == 404
    )
    for name, data in (
        ("staff_objection_status", {"status": "before_board"}),
        (
            "staff_objection_hearing",
            {"hearing_on": "1405/01/01", "hearing_time": "09:00", "place": "س"},
        ),
        (
            "staff_objection_vote",
            {"amount": "1", "decided_on": "1404/01/01", "reasoning": "x" * 20},
        ),
        ("staff_objection_appeal", {"text": "x" * 20}),
    ):
        response = client.post(reverse(f"employers:{name}", args=[objection.pk]), data)
        assert response.status_code == 404, name
    listing = client.get(reverse("employers:staff_objections")).content.decode()
    assert objection.tracking_code not in listing
    assert _counts() == before


def test_the_organization_appeals_from_the_staff_page(client):
    ruling = served_ruling()
    objection = filed_objection(ruling)
    staff = branch_head(ruling.workshop)
    at_hearing(objection, staff=staff)
    vote(objection, staff=staff, amount=6_000_000)
    client.force_login(staff)
    page = client.get(reverse("employers:staff_objection_detail", args=[objection.pk]))
    assert 'data-testid="appeal-form"' in page.content.decode()
    response = client.post(
        reverse("employers:staff_objection_appeal", args=[objection.pk]),
        {"text": "هیأت بدوی سوابق کارکنان را ندیده است."},
    )
    assert response.status_code == 302
    appeal = Objection.objects.get(ruling=ruling, stage="review")
    assert appeal.side == "organization"
    assert (
        client.get(reverse("employers:staff_objection_detail", args=[appeal.pk])).status_code == 200
    )


def test_the_staff_list_reads_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    owner = RepresentativeFactory(workshop__e_notification_opt_in=True)
    for _ in range(5):
        filed_objection(served_ruling(workshop=owner.workshop), user=owner.user, documents=0)
    staff = branch_head(owner.workshop)
    client.force_login(staff)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("employers:staff_objections"))
    assert response.status_code == 200
    assert response.content.decode().count("staff/") >= 5


def test_every_objection_page_writes_numbers_in_persian_digits(client):
    # given an objection voted on (hearing, vote, documents, history all on the pages)
    owner = RepresentativeFactory(
        workshop__name="کارگاه قند",
        workshop__branch__name="شعبه مرکزی",
        workshop__e_notification_opt_in=True,
    )
    ruling = served_ruling(workshop=owner.workshop)
    objection = objection_file(
        user=owner.user, ruling=ruling, text=TEXT, documents=[pdf_upload("مدرک.pdf")]
    )
    staff = branch_head(ruling.workshop)
    at_hearing(objection, staff=staff)
    vote(objection, staff=staff, amount=6_000_000)
    employer_pages = [
        reverse("employers:objections"),
        reverse("employers:objection_detail", args=[objection.pk]),
        reverse("employers:objection_appeal", args=[objection.pk]),
        reverse("employers:objection_file", args=[ruling.pk]),
    ]
    staff_pages = [
        reverse("employers:staff_objections"),
        reverse("employers:staff_objection_detail", args=[objection.pk]),
    ]
    for user, urls in ((owner.user, employer_pages), (staff, staff_pages)):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert latin_digits_outside_codes(html) == [], url
            assert 'lang="fa" dir="rtl"' in html


def test_the_ruling_page_offers_the_objection_then_links_to_it(client):
    ruling = served_ruling()
    owner = owner_of(ruling.workshop)
    client.force_login(owner)
    ruling_url = reverse("employers:ruling_detail", args=[ruling.pk])
    file_url = reverse("employers:objection_file", args=[ruling.pk])
    assert file_url in client.get(ruling_url).content.decode()
    objection = filed_objection(ruling, user=owner)
    page = client.get(ruling_url).content.decode()
    assert file_url not in page
    assert reverse("employers:objection_detail", args=[objection.pk]) in page
