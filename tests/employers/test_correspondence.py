"""The workshop's correspondence timeline: served notices of every kind and the workshop's
requests to its branch (registration, objections, letters), merged newest first, one query
per source; filtered by kind and period; letters both ways; 404 for strangers."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import Case, CaseStatus
from branches.services.cases import case_create_draft, case_submit
from employers.models import Notice, NoticeDelivery, NoticeKind
from employers.selectors.correspondence import (
    CORRESPONDENCE_PAGE_SIZE,
    correspondence_for_workshop,
    request_payload_keys,
)
from employers.services.correspondence import branch_letter_send, employer_letter_file
from employers.services.inspections import inspection_objection_file, inspection_report_record
from employers.services.workshops import REGISTRATION_KIND
from tamin.core.exceptions import ApplicationError
from tests.accounts.factories import UserFactory
from tests.branches.factories import StaffMembershipFactory
from tests.employers.factories import AccountantFactory
from tests.employers.factories_notices import owner_on_paper, owner_with_opt_in, serve, staff_of
from tests.persian_text import latin_digits_outside_codes

pytestmark = pytest.mark.django_db

TOKEN = "0123456789abcdef0123456789abcdef"


def _at(day: int, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2025, month, day, 9, 0, tzinfo=timezone.get_current_timezone())


def _sent(case, at: datetime.datetime):
    Case.objects.filter(pk=case.pk).update(submitted_at=at)
    return case


def _letter(owner, subject="نامه درباره لیست", *, at=None):
    case = employer_letter_file(
        user=owner.user, workshop=owner.workshop, subject=subject, text="متن نامه کارگاه به شعبه."
    )
    case = case_submit(case=case, actor=owner.user)
    return _sent(case, at) if at else case


def _registration(owner, *, at):
    case = case_create_draft(
        applicant=owner.user,
        kind=REGISTRATION_KIND,
        subject="ثبت کارگاه",
        payload={"code": owner.workshop.code, "branch_code": owner.workshop.branch.code},
    )
    case = case_submit(case=case, actor=owner.user)  # held: its documents are missing
    return _sent(case, at)


def _timeline_of_every_source(owner):
    """A ruling, a registration, an inspection report, an objection to it, and a letter."""
    serve(owner.workshop, kind=NoticeKind.RULING, title="حکم مطالباتی", served_at=_at(5))
    registration = _registration(owner, at=_at(1))
    report = inspection_report_record(
        staff_user=staff_of(owner.workshop),
        workshop=owner.workshop,
        inspected_on=timezone.localdate(),
        inspector_name="بازرس",
        reason="",
        findings="",
        workers_seen=3,
        result="compliant",
        workers_not_listed=[],
    )
    Notice.objects.filter(pk=report.pk).update(served_at=_at(10))
    objection = inspection_objection_file(
        user=owner.user,
        workshop=owner.workshop,
        inspection=report.inspection,
        text="گزارش بازرسی با واقعیت کارگاه نمی‌خواند.",
    )
    _sent(case_submit(case=objection, actor=owner.user), _at(12))
    letter = _letter(owner, at=_at(20))
    return registration, report, objection, letter


def test_the_timeline_merges_notices_and_requests_newest_first(django_assert_num_queries):
    owner = owner_with_opt_in()
    registration, report, objection, letter = _timeline_of_every_source(owner)
    # not correspondence of this workshop: a draft, a stranger's request naming its code,
    # an insured person's inspection request about it, another workshop's notice
    employer_letter_file(
        user=owner.user, workshop=owner.workshop, subject="پیش‌نویس", text="هنوز فرستاده نشده."
    )
    stranger = owner_with_opt_in()
    foreign = case_create_draft(
        applicant=stranger.user,
        kind=REGISTRATION_KIND,
        subject="ثبت کارگاه دیگری با همان کد",
        payload={"code": owner.workshop.code, "branch_code": owner.workshop.branch.code},
    )
    case_submit(case=foreign, actor=stranger.user)
    serve(stranger.workshop, title="ابلاغیه کارگاه دیگر")
    # when
    with django_assert_num_queries(2):  # one per source
        page = correspondence_for_workshop(workshop=owner.workshop)
    # then
    titles = [entry.title for entry in page.entries]
    assert titles == [
        "نامه درباره لیست",
        objection.subject,
        report.title,
        "حکم مطالباتی",
        "ثبت کارگاه",
    ]
    assert [entry.from_branch for entry in page.entries] == [False, False, True, True, False]
    kinds = [entry.kind_label for entry in page.entries]
    assert kinds == [
        "نامه کارگاه به شعبه",
        "اعتراض به گزارش بازرسی",
        "گزارش بازرسی",
        "حکم مطالباتی",
        "ثبت کارگاه و کارفرما",
    ]
    assert page.entries[-1].reference == registration.tracking_code
    assert page.entries[0].reference == letter.tracking_code
    assert not page.has_next
    assert not page.has_previous


def test_filters_by_kind_ask_one_source_and_by_period(django_assert_num_queries):
    owner = owner_with_opt_in()
    _timeline_of_every_source(owner)
    with django_assert_num_queries(1):
        rulings = correspondence_for_workshop(workshop=owner.workshop, kind="notice:ruling")
    assert [entry.title for entry in rulings.entries] == ["حکم مطالباتی"]
    with django_assert_num_queries(1):
        letters = correspondence_for_workshop(
            workshop=owner.workshop, kind="request:employer_letter"
        )
    assert [entry.title for entry in letters.entries] == ["نامه درباره لیست"]
    period = correspondence_for_workshop(
        workshop=owner.workshop,
        sent_from=datetime.date(2025, 3, 4),
        sent_to=datetime.date(2025, 3, 11),
    )
    assert [entry.kind_label for entry in period.entries] == ["گزارش بازرسی", "حکم مطالباتی"]


def test_every_employer_request_kind_that_names_a_workshop_is_a_source():
    keys = request_payload_keys()
    assert keys[REGISTRATION_KIND] == "code"
    assert keys["employer_letter"] == "workshop_code"
    assert keys["employer_inspection_objection"] == "workshop_code"
    assert not any(not key.startswith("employer_") for key in keys)


def test_pages_of_the_timeline_are_exact_across_sources():
    owner = owner_with_opt_in()
    for day in range(1, 16):
        serve(owner.workshop, title=f"ابلاغیه روز {day}", served_at=_at(day))
    for day in range(1, 11):
        _letter(owner, subject=f"نامه روز {day}", at=_at(day, month=4))
    first = correspondence_for_workshop(workshop=owner.workshop)
    second = correspondence_for_workshop(workshop=owner.workshop, page=2)
    assert len(first.entries) == CORRESPONDENCE_PAGE_SIZE
    assert first.has_next
    assert len(second.entries) == 5
    assert not second.has_next
    assert second.has_previous
    everything = first.entries + second.entries
    assert [entry.at for entry in everything] == sorted(
        (entry.at for entry in everything), reverse=True
    )
    assert everything[0].title == "نامه روز 10"
    assert everything[-1].title == "ابلاغیه روز 1"


def test_the_timeline_page_filters_and_costs_the_same_queries(
    client, django_assert_max_num_queries
):
    owner = owner_with_opt_in()
    _timeline_of_every_source(owner)
    client.force_login(owner.user)
    url = reverse("employers:correspondence", args=[owner.workshop.pk])
    client.get(url)
    with django_assert_max_num_queries(8) as few:
        response = client.get(url)
    body = response.content.decode()
    assert "از کارگاه به شعبه" in body
    assert "از شعبه به کارگاه" in body
    assert "نامه درباره لیست" in body
    assert "حکم مطالباتی" in body
    assert latin_digits_outside_codes(body) == []
    for day in range(21, 28):
        serve(owner.workshop, title="ابلاغیه بیشتر", served_at=_at(day))
        _letter(owner, subject="نامه بیشتر", at=_at(day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
    filtered = client.get(url, {"kind": "request:employer_letter", "period_from": "۱۴۰۴/۰۱/۰۱"})
    assert {entry.title for entry, _url in filtered.context["rows"]} == {"نامه بیشتر"}
    bad = client.get(url, {"kind": "notice:nonsense"}).content.decode()
    assert "این نوع در فهرست نیست." in bad


def test_the_employer_writes_a_letter_to_the_branch(client):
    owner = owner_with_opt_in()
    client.force_login(owner.user)
    url = reverse("employers:letter_new", args=[owner.workshop.pk])
    assert client.get(url).status_code == 200
    short = client.post(url, {"subject": "درخواست", "text": "کوتاه"})
    assert short.status_code == 400
    assert "دست‌کم در یک جمله" in short.content.decode()
    assert not Case.objects.exists()
    response = client.post(
        url, {"subject": "درخواست جلسه", "text": "لطفاً برای بررسی لیست وقت بدهید."}
    )
    case = Case.objects.get()
    assert response["Location"] == reverse("branches:my_case_detail", args=[case.pk])
    assert case.kind == "employer_letter"
    assert case.branch_id == owner.workshop.branch_id
    assert case.status == CaseStatus.DRAFT
    case_submit(case=case, actor=owner.user)
    body = client.get(reverse("employers:correspondence", args=[owner.workshop.pk])).content
    assert "درخواست جلسه" in body.decode()


def test_staff_write_a_letter_served_once_per_form_and_seen_in_both_timelines(client):
    owner = owner_with_opt_in()
    staff = staff_of(owner.workshop)
    client.force_login(staff)
    url = reverse("employers:staff_letter_new", args=[owner.workshop.pk])
    form = client.get(url).content.decode()
    assert 'name="token"' in form
    data = {"subject": "یادآوری لیست", "text": "لیست ماه گذشته هنوز نرسیده است.", "token": TOKEN}
    first = client.post(url, data)
    client.post(url, data)  # a double click
    notice = Notice.objects.get()
    assert first["Location"] == reverse("employers:staff_notice", args=[notice.pk])
    assert notice.kind == NoticeKind.LETTER
    assert notice.delivery == NoticeDelivery.ELECTRONIC
    assert notice.issued_by_id == staff.pk
    staff_body = client.get(
        reverse("employers:staff_workshop_correspondence", args=[owner.workshop.pk])
    ).content.decode()
    assert "یادآوری لیست" in staff_body
    client.force_login(owner.user)
    body = client.get(reverse("employers:correspondence", args=[owner.workshop.pk])).content
    assert "یادآوری لیست" in body.decode()
    assert "خوانده نشده" in body.decode()


def test_a_letter_to_a_workshop_on_paper_waits_for_service():
    owner = owner_on_paper()
    notice = branch_letter_send(
        staff_user=staff_of(owner.workshop),
        workshop=owner.workshop,
        subject="دعوت به شعبه",
        text="برای تطبیق سوابق به شعبه بیایید.",
        token=TOKEN,
    )
    assert notice.served_at is None
    assert notice.delivery == NoticeDelivery.PAPER
    assert correspondence_for_workshop(workshop=owner.workshop).entries == []
    with pytest.raises(ApplicationError):
        branch_letter_send(
            staff_user=staff_of(owner.workshop),
            workshop=owner.workshop,
            subject="دعوت",
            text="متن نامه به کارگاه.",
            token="not-a-token",
        )


def test_staff_see_only_requests_that_reached_the_branch(client):
    owner = owner_with_opt_in()
    _registration(owner, at=_at(1))  # held: documents missing
    _letter(owner, subject="نامه فرستاده", at=_at(2))
    page = correspondence_for_workshop(workshop=owner.workshop, for_staff=True)
    assert [entry.title for entry in page.entries] == ["نامه فرستاده"]
    client.force_login(staff_of(owner.workshop))
    lookup = client.get(
        reverse("employers:staff_correspondence"), {"workshop_code": owner.workshop.code}
    )
    assert lookup["Location"] == reverse(
        "employers:staff_workshop_correspondence", args=[owner.workshop.pk]
    )


def test_strangers_get_404_and_other_branches_find_nothing(client):
    owner = owner_with_opt_in()
    accountant_elsewhere = AccountantFactory()
    client.force_login(accountant_elsewhere.user)
    for name in ("employers:correspondence", "employers:letter_new"):
        assert client.get(reverse(name, args=[owner.workshop.pk])).status_code == 404
    assert (
        client.post(
            reverse("employers:letter_new", args=[owner.workshop.pk]),
            {"subject": "نامه", "text": "متن نامه یک غریبه به شعبه."},
        ).status_code
        == 404
    )
    other_staff = StaffMembershipFactory().user
    client.force_login(other_staff)
    for name in ("employers:staff_workshop_correspondence", "employers:staff_letter_new"):
        assert client.get(reverse(name, args=[owner.workshop.pk])).status_code == 404
    response = client.post(
        reverse("employers:staff_letter_new", args=[owner.workshop.pk]),
        {"subject": "نامه", "text": "متن نامه از شعبه دیگر.", "token": TOKEN},
    )
    assert response.status_code == 404
    lookup = client.get(
        reverse("employers:staff_correspondence"), {"workshop_code": owner.workshop.code}
    )
    assert "کارگاهی با این کد در شعبه شما نیست." in lookup.content.decode()
    client.force_login(UserFactory())
    assert client.get(reverse("employers:staff_correspondence")).status_code == 404
    assert not Case.objects.exists()
    assert not Notice.objects.exists()
