"""Ruling pages as people use them: branch staff issue (three ways), edit, serve, cancel and
record paper service; the employer reads the workshop's rulings and one ruling. A stranger
(another workshop's representative, another branch's staff) gets 404 everywhere."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models.inspections import Inspection, InspectionResult
from employers.models import ClaimRuling, LedgerEntry, Notice, RulingSource, RulingStatus
from employers.services.rulings import RulingLineInput
from tamin.core.jalali import format_jalali_date, format_rial
from tests.branches.factories import StaffMembershipFactory
from tests.employers.factories import RepresentativeFactory
from tests.employers.factories_rulings import draft_ruling, served_ruling, setting

pytestmark = pytest.mark.django_db


def _employer_urls(s, ruling):
    return [
        reverse("employers:rulings", args=[s.workshop.pk]),
        reverse("employers:ruling_detail", args=[ruling.pk]),
    ]


def _staff_urls(s, ruling):
    workshop = s.workshop.pk
    return [
        reverse("employers:staff_rulings", args=[workshop]),
        reverse("employers:staff_ruling_new_manual", args=[workshop]),
        reverse("employers:staff_ruling_new_inspection", args=[workshop]),
        reverse("employers:staff_ruling_new_no_list", args=[workshop]),
        reverse("employers:staff_ruling_detail", args=[ruling.pk]),
        reverse("employers:staff_ruling_edit", args=[ruling.pk]),
    ]


def _staff_posts(ruling):
    return [
        reverse(name, args=[ruling.pk])
        for name in (
            "employers:staff_ruling_serve",
            "employers:staff_ruling_cancel",
            "employers:staff_ruling_paper_served",
            "employers:staff_ruling_pdf",
        )
    ]


# --- strangers --------------------------------------------------------------------


def test_another_workshops_representative_gets_404_on_every_ruling_page(client):
    s = setting()
    ruling = served_ruling(s)
    client.force_login(RepresentativeFactory().user)
    for url in _employer_urls(s, ruling) + _staff_urls(s, ruling):
        assert client.get(url).status_code == 404, url
    pdf = reverse("employers:ruling_pdf", args=[ruling.pk])
    for url in [pdf, *_staff_posts(ruling)]:
        assert client.post(url).status_code == 404, url


def test_another_branchs_staff_gets_404_and_changes_nothing(client):
    s = setting()
    ruling = draft_ruling(s)
    client.force_login(StaffMembershipFactory().user)
    for url in _staff_urls(s, ruling):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"legal_basis": "x"}).status_code == 404, url
    for url in _staff_posts(ruling):
        assert client.post(url, {"served_on": "1404/01/01"}).status_code == 404, url
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.DRAFT
    assert not Notice.objects.exists()
    assert ClaimRuling.objects.count() == 1


def test_the_employer_does_not_see_a_draft_or_a_ruling_awaiting_paper_service(client):
    s = setting(electronic=False)
    draft = draft_ruling(s)
    waiting = served_ruling(s)  # paper: not served until staff record the day
    client.force_login(s.owner.user)
    for ruling in (draft, waiting):
        assert client.get(reverse("employers:ruling_detail", args=[ruling.pk])).status_code == 404
        assert client.post(reverse("employers:ruling_pdf", args=[ruling.pk])).status_code == 404
    page = client.get(reverse("employers:rulings", args=[s.workshop.pk])).content.decode()
    assert "حکم مطالباتی ابلاغ‌شده‌ای برای این کارگاه نیست" in page


def test_a_representative_is_not_staff_of_the_branch(client):
    s = setting()
    ruling = served_ruling(s)
    client.force_login(s.owner.user)
    for url in _staff_urls(s, ruling):
        assert client.get(url).status_code == 404, url


# --- the employer's pages ------------------------------------------------------------


def test_the_workshops_rulings_page_lists_number_date_total_owed_and_status(
    client, django_assert_max_num_queries
):
    s = setting()
    first = served_ruling(s)
    served_ruling(s, lines=[RulingLineInput(1404, 5, 1_000_000, 0)])
    draft_ruling(s)  # not shown to the employer
    client.force_login(s.owner.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("employers:rulings", args=[s.workshop.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for label in ("احکام مطالباتی", "شماره حکم", "تاریخ ابلاغ", "مبلغ حکم", "مانده بدهی"):
        assert label in page
    assert page.count(reverse("employers:ruling_detail", args=[first.pk])) == 1
    assert page.count("مشاهده حکم") == 2
    assert "ابلاغ شده" in page
    assert format_rial(53_000_000) in page
    assert ">served<" not in page  # the status key is never shown


def test_one_ruling_shows_lines_totals_the_deadline_in_jalali_and_what_is_owed(client):
    s = setting()
    ruling = served_ruling(s)
    client.force_login(s.owner.user)
    response = client.get(reverse("employers:ruling_detail", args=[ruling.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    deadline = format_jalali_date(timezone.localdate() + datetime.timedelta(days=31))
    assert f"تا پایان روز {deadline}" in page
    assert "آخرین روز اعتراض" in page
    assert "اردیبهشت ۱۴۰۴" in page
    assert "خرداد ۱۴۰۴" in page
    assert format_rial(50_000_000) in page  # principal
    assert format_rial(3_000_000) in page  # penalties
    assert "مانده بدهی این حکم" in page
    assert reverse("employers:ruling_pdf", args=[ruling.pk]) in page
    assert "ماده ۱۰۰ قانون تأمین اجتماعی" in page
    pay = reverse("employers:installment_ruling_pay", args=[s.workshop.pk, ruling.pk])
    assert pay in page  # what is owed of it can be paid from here


def test_opening_the_ruling_records_the_receipt_once_and_moves_no_term(client):
    s = setting()
    ruling = served_ruling(s)
    until = ruling.notice.respond_until
    client.force_login(s.owner.user)
    client.get(reverse("employers:ruling_detail", args=[ruling.pk]))
    notice = Notice.objects.get()
    assert notice.first_opened_by_id == s.owner.user_id
    opened_at = notice.first_opened_at
    client.get(reverse("employers:ruling_detail", args=[ruling.pk]))
    notice.refresh_from_db()
    assert notice.first_opened_at == opened_at
    assert notice.respond_until == until


def test_the_workshop_page_links_its_rulings(client):
    s = setting()
    client.force_login(s.owner.user)
    page = client.get(reverse("employers:workshop_detail", args=[s.workshop.pk])).content.decode()
    assert reverse("employers:rulings", args=[s.workshop.pk]) in page


def test_a_served_ruling_is_final_debt_on_the_debt_page_and_in_the_turnover(client):
    s = setting()
    ruling = served_ruling(s)
    client.force_login(s.owner.user)
    debt = client.get(reverse("employers:debt", args=[s.workshop.pk])).content.decode()
    assert format_rial(53_000_000) in debt
    assert reverse("employers:ruling_detail", args=[ruling.pk]) in debt
    turnover = client.get(reverse("employers:turnover", args=[s.workshop.pk])).content.decode()
    assert "حکم مطالباتی" in turnover
    assert "۵۳٬۰۰۰٬۰۰۰" in turnover


# --- staff: issue ----------------------------------------------------------------------


def _manual_post(rows, *, legal_basis="ماده ۱۰۰ قانون تأمین اجتماعی", extra=None):
    data = {
        "lines-TOTAL_FORMS": str(len(rows)),
        "lines-INITIAL_FORMS": "0",
        "legal_basis": legal_basis,
        "description": "",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"lines-{index}-{key}"] = value
    data.update(extra or {})
    return data


def test_staff_find_the_rulings_page_from_the_branch_workshops(client):
    s = setting()
    client.force_login(s.staff)
    page = client.get(reverse("employers:staff_workshops")).content.decode()
    assert reverse("employers:staff_rulings", args=[s.workshop.pk]) in page


def test_staff_issue_a_ruling_by_hand_through_the_form(client):
    s = setting()
    client.force_login(s.staff)
    url = reverse("employers:staff_ruling_new_manual", args=[s.workshop.pk])
    form = client.get(url).content.decode()
    assert "مستند قانونی" in form
    assert "افزودن سطر" in form
    rows = [
        {
            "year": "۱۴۰۴",
            "month": "2",
            "principal": "۳۰٬۰۰۰٬۰۰۰",
            "penalty": "",
            "description": "ش",
        },
        {"year": "", "month": "", "principal": "", "penalty": "", "description": ""},
    ]
    response = client.post(url, _manual_post(rows))
    ruling = ClaimRuling.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:staff_ruling_detail", args=[ruling.pk])
    assert (ruling.principal_total, ruling.penalty_total) == (30_000_000, 0)
    assert ruling.lines.count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert "پیش‌نویس" in detail
    assert reverse("employers:staff_ruling_serve", args=[ruling.pk]) in detail


def test_add_line_shows_one_more_row_and_saves_nothing(client):
    s = setting()
    client.force_login(s.staff)
    url = reverse("employers:staff_ruling_new_manual", args=[s.workshop.pk])
    rows = [{"year": "1404", "month": "2", "principal": "1000", "penalty": "", "description": ""}]
    response = client.post(url, _manual_post(rows, extra={"add_line": "1"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="lines-TOTAL_FORMS" value="2"' in page
    assert 'name="lines-1-principal"' in page
    assert 'value="1000"' in page  # what was typed stays
    assert not ClaimRuling.objects.exists()


def test_a_refused_ruling_shows_the_persian_reason_and_nothing_is_saved(client):
    s = setting()
    client.force_login(s.staff)
    url = reverse("employers:staff_ruling_new_manual", args=[s.workshop.pk])
    rows = [
        {"year": "1404", "month": "2", "principal": "1000", "penalty": "", "description": ""},
        {"year": "1404", "month": "2", "principal": "5000", "penalty": "", "description": ""},
    ]
    response = client.post(url, _manual_post(rows))
    assert response.status_code == 400
    assert "دو بار در حکم آمده است" in response.content.decode()
    assert not ClaimRuling.objects.exists()


def test_staff_issue_from_an_inspection_through_the_form(client):
    s = setting()
    inspection = Inspection.objects.create(
        workshop_code=s.workshop.code,
        workshop_name=s.workshop.name,
        branch=s.workshop.branch,
        inspected_on=datetime.date(2025, 10, 1),
        inspector_name="مهدی بازرس",
        result=InspectionResult.VIOLATIONS,
        workers_not_listed=[
            {
                "national_code": "0012345679",
                "full_name": "کارگر",
                "year": 1404,
                "month": 5,
                "days": 30,
                "daily_wage": 5_000_000,
            }
        ],
    )
    client.force_login(s.staff)
    url = reverse("employers:staff_ruling_new_inspection", args=[s.workshop.pk])
    page = client.get(url).content.decode()
    assert "مهدی بازرس" in page
    assert "۱ نفر فاقد لیست" in page
    response = client.post(
        url, {"inspection": str(inspection.pk), "legal_basis": "ماده ۱۰۰", "description": ""}
    )
    assert response.status_code == 302
    ruling = ClaimRuling.objects.get()
    assert ruling.source == RulingSource.INSPECTION
    assert ruling.principal_total == 45_000_000


def test_staff_issue_for_months_with_no_list_through_the_form(client):
    s = setting(started_on=datetime.date(2025, 3, 21))  # 1404/01/01
    client.force_login(s.staff)
    url = reverse("employers:staff_ruling_new_no_list", args=[s.workshop.pk])
    page = client.get(url).content.decode()
    assert "فروردین ۱۴۰۴" in page
    assert "علی‌الرأس" in page
    # without a worker count (no earlier list): refused in Persian, nothing saved
    refused = client.post(url, {"periods": ["1404-01"], "legal_basis": "ماده ۱۰۰"})
    assert refused.status_code == 400
    assert "تعداد کارکنان را وارد کنید" in refused.content.decode()
    assert not ClaimRuling.objects.exists()
    response = client.post(
        url, {"periods": ["1404-01"], "worker_count": "۲", "legal_basis": "ماده ۱۰۰"}
    )
    assert response.status_code == 302
    ruling = ClaimRuling.objects.get()
    assert (ruling.principal_total, ruling.penalty_total) == (62_345_808, 6_234_581)


# --- staff: serve, paper service, edit, cancel -------------------------------------------


def test_serving_through_the_page_posts_final_debt_once(client):
    s = setting(electronic=True)
    ruling = draft_ruling(s)
    client.force_login(s.staff)
    url = reverse("employers:staff_ruling_serve", args=[ruling.pk])
    first = client.post(url, follow=True)
    assert "حکم ابلاغ الکترونیک شد" in first.content.decode()
    again = client.post(url, follow=True)
    assert "قبلاً ابلاغ شده" in again.content.decode()
    assert LedgerEntry.objects.filter(ruling=ruling).count() == 1
    assert Notice.objects.count() == 1


def test_paper_service_is_recorded_on_the_ruling_page(client):
    s = setting(electronic=False)
    ruling = draft_ruling(s)
    client.force_login(s.staff)
    client.post(reverse("employers:staff_ruling_serve", args=[ruling.pk]))
    detail = client.get(reverse("employers:staff_ruling_detail", args=[ruling.pk])).content.decode()
    assert "در انتظار ابلاغ کاغذی" in detail
    assert "ثبت تاریخ ابلاغ کاغذی" in detail
    assert reverse("employers:staff_ruling_pdf", args=[ruling.pk]) in detail
    # a day in the future is refused in Persian, nothing changes
    url = reverse("employers:staff_ruling_paper_served", args=[ruling.pk])
    future = client.post(url, {"served_on": "1499/01/01"}, follow=True)
    assert "آینده" in future.content.decode()
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.DRAFT
    today = format_jalali_date(timezone.localdate())
    done = client.post(url, {"served_on": today}, follow=True)
    assert "تاریخ ابلاغ کاغذی ثبت شد" in done.content.decode()
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.SERVED
    assert LedgerEntry.objects.filter(ruling=ruling).get().amount == 53_000_000


def test_a_served_rulings_edit_page_refuses_in_persian(client):
    s = setting(electronic=True)
    ruling = served_ruling(s)
    client.force_login(s.staff)
    response = client.get(reverse("employers:staff_ruling_edit", args=[ruling.pk]), follow=True)
    assert "حکم ابلاغ‌شده قابل ویرایش نیست" in response.content.decode()
    cancel = client.post(reverse("employers:staff_ruling_cancel", args=[ruling.pk]), follow=True)
    assert "ابطال نمی‌شود" in cancel.content.decode()
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.SERVED


def test_a_draft_is_edited_and_cancelled_through_its_pages(client):
    s = setting()
    ruling = draft_ruling(s)
    client.force_login(s.staff)
    url = reverse("employers:staff_ruling_edit", args=[ruling.pk])
    form = client.get(url).content.decode()
    assert 'value="30000000"' in form  # the stored lines, ready to change
    rows = [
        {"year": "1404", "month": "4", "principal": "7000000", "penalty": "0", "description": ""}
    ]
    response = client.post(url, _manual_post(rows, legal_basis="مستند تازه"))
    assert response.status_code == 302
    ruling.refresh_from_db()
    assert (ruling.principal_total, ruling.legal_basis) == (7_000_000, "مستند تازه")
    client.post(reverse("employers:staff_ruling_cancel", args=[ruling.pk]))
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.CANCELLED
    detail = client.get(reverse("employers:staff_ruling_detail", args=[ruling.pk])).content.decode()
    assert "ابطال شده" in detail


def test_the_staff_list_shows_every_ruling_with_its_label(client, django_assert_max_num_queries):
    s = setting(electronic=False)
    draft_ruling(s)
    served_ruling(s)
    client.force_login(s.staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("employers:staff_rulings", args=[s.workshop.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "پیش‌نویس" in page
    assert "در انتظار ابلاغ کاغذی" in page
    assert "صدور دستی" in page
    assert "صدور از گزارش بازرسی" in page
    assert ">manual<" not in page
    assert ">draft<" not in page


def test_a_tampered_lines_form_is_a_400_not_an_error(client):
    s = setting()
    client.force_login(s.staff)
    url = reverse("employers:staff_ruling_new_manual", args=[s.workshop.pk])
    for total in ("x", "999999", "-1"):
        data = _manual_post([], extra={"lines-TOTAL_FORMS": total})
        assert client.post(url, data).status_code == 400, total
        assert client.post(url, {**data, "add_line": "1"}).status_code == 200, total
    assert not ClaimRuling.objects.exists()
