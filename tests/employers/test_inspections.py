"""Inspection reports: staff of a branch record one (with the workers found on no list) and it
is served as a notice; bad rows are refused in Persian with nothing recorded; the employer
sees their workshops' reports and objects (a case routed to the workshop's branch, one per
report); the insured worker of that workshop sees the report on their side."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from branches.models import Case, CaseStatus, Inspection
from branches.selectors.inspections import inspections_for_workshops
from branches.services.cases import case_document_add, case_submit
from employers.models import Notice, NoticeDelivery, NoticeKind
from employers.services.inspections import (
    WorkerFound,
    inspection_objection_file,
    inspection_report_record,
)
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import national_code_with_check_digit
from tamin.core.jalali import to_jalali_date
from tests.accounts.factories import UserFactory
from tests.branches.factories import StaffMembershipFactory
from tests.branches.factories_cases import pdf_upload
from tests.employers.factories import AccountantFactory
from tests.employers.factories_notices import owner_on_paper, owner_with_opt_in, staff_of
from tests.insured.factories import ContributionRecordFactory, InsuredPersonFactory
from tests.persian_text import latin_digits_outside_codes

pytestmark = pytest.mark.django_db

WORKER_A = national_code_with_check_digit("001234567")
WORKER_B = national_code_with_check_digit("002345678")


def _last_month() -> tuple[int, int]:
    today = to_jalali_date(timezone.localdate())
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def _form(workshop, *, workers=(), **overrides) -> dict[str, str]:
    data = {
        "workshop_code": workshop.code,
        "inspected_on": to_jalali_date(timezone.localdate()).strftime("%Y/%m/%d"),
        "inspector_name": "حسن بازرس",
        "reason": "بازرسی دوره‌ای",
        "result": "violations",
        "workers_seen": "12",
        "findings": "دو نفر در لیست نبودند.",
        "workers-TOTAL_FORMS": str(max(len(workers), 3)),
        "workers-INITIAL_FORMS": "0",
        "workers-MIN_NUM_FORMS": "0",
        "workers-MAX_NUM_FORMS": "500",
    }
    for index, worker in enumerate(workers):
        for key, value in worker.items():
            data[f"workers-{index}-{key}"] = str(value)
    return data | overrides


def _worker(code: str, **overrides) -> dict:
    year, month = _last_month()
    return {
        "national_code": code,
        "full_name": "رضا کارگر",
        "year": year,
        "month": month,
        "days": 20,
        "daily_wage": "۱٬۵۰۰٬۰۰۰",
    } | overrides


def _record(
    workshop, *, staff=None, workers=(), result="violations", seen=5, reason="شکایت کارگر"
) -> Notice:
    return inspection_report_record(
        staff_user=staff or staff_of(workshop),
        workshop=workshop,
        inspected_on=timezone.localdate(),
        inspector_name="حسن بازرس",
        reason=reason,
        findings="یافته‌ها",
        workers_seen=seen,
        result=result,
        workers_not_listed=list(workers),
    )


# --- staff record a report -----------------------------------------------------------


def test_staff_record_a_report_with_workers_not_listed_and_it_is_served(client):
    # given a workshop with the opt-in and staff of its branch
    owner = owner_with_opt_in()
    workshop = owner.workshop
    staff = staff_of(workshop)
    client.force_login(staff)
    # when they record a report with two workers found on no list
    data = _form(workshop, workers=[_worker(WORKER_A), _worker(WORKER_B, full_name="علی کارگر")])
    response = client.post(reverse("employers:staff_inspection_new"), data)
    # then the report is in branches.Inspection with the workers and who recorded it
    assert response.status_code == 302, response.content.decode()[:3000]
    inspection = Inspection.objects.get()
    year, month = _last_month()
    assert (inspection.workshop_code, inspection.workshop_name) == (workshop.code, workshop.name)
    assert inspection.branch_id == workshop.branch_id
    assert inspection.recorded_by_id == staff.pk
    assert inspection.workers_not_listed == [
        {
            "national_code": WORKER_A,
            "full_name": "رضا کارگر",
            "year": year,
            "month": month,
            "days": 20,
            "daily_wage": 1_500_000,
        },
        {
            "national_code": WORKER_B,
            "full_name": "علی کارگر",
            "year": year,
            "month": month,
            "days": 20,
            "daily_wage": 1_500_000,
        },
    ]
    # and served at once as a notice of kind inspection, once, with its key; the owner is told
    notice = Notice.objects.get()
    assert notice.kind == NoticeKind.INSPECTION
    assert notice.inspection_id == inspection.pk
    assert notice.serve_key == f"inspection:{inspection.pk}"
    assert notice.delivery == NoticeDelivery.ELECTRONIC
    assert notice.served_at is not None
    assert notice.content["workers_not_listed"] == inspection.workers_not_listed
    assert response["Location"] == reverse("employers:staff_notice", args=[notice.pk])
    assert (
        Notification.objects.filter(
            template_key="employer_notice_served", user=owner.user, channel="sms"
        ).count()
        == 1
    )


def test_without_the_opt_in_the_report_waits_for_paper_service():
    owner = owner_on_paper()
    notice = _record(owner.workshop)
    assert notice.delivery == NoticeDelivery.PAPER
    assert notice.served_at is None


@pytest.mark.parametrize(
    ("workers", "overrides", "message"),
    [
        ([_worker("0012345678")], {}, "کد ملی معتبر نیست"),
        ([_worker(WORKER_A, days="40")], {}, "روزهای کارکرد باید بین ۱ و ۳۱ باشد."),
        ([_worker(WORKER_A, month="1", year="1390", days="31")], {}, None),
        ([_worker(WORKER_A)], {"result": "compliant"}, "نتیجه بازرسی نمی‌تواند"),
        ([_worker(WORKER_A), _worker(WORKER_B)], {"workers_seen": "1"}, "بیش از کارکنان"),
        ([_worker(WORKER_A), _worker(WORKER_A)], {}, "دو بار آمده است"),
        ([_worker(WORKER_A, year="1500")], {}, "بعد از ماه بازرسی"),
        ([], {"inspected_on": "1500/01/01"}, "آینده"),
    ],
)
def test_bad_input_is_refused_in_persian_and_nothing_is_recorded(
    client, workers, overrides, message
):
    owner = owner_with_opt_in()
    client.force_login(staff_of(owner.workshop))
    response = client.post(
        reverse("employers:staff_inspection_new"),
        _form(owner.workshop, workers=workers, **overrides),
    )
    if message is None:  # a valid old month: recorded (control case)
        assert response.status_code == 302
        return
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Inspection.objects.exists()
    assert not Notice.objects.exists()


def test_a_worker_month_longer_than_the_month_is_refused_by_the_service():
    owner = owner_with_opt_in()
    year, _month = _last_month()
    # Esfand has 29 days in a common year, 30 in a leap year; 31 is always too many.
    worker = WorkerFound(WORKER_A, "رضا کارگر", year - 1, 12, 31, 1_000_000)
    with pytest.raises(ApplicationError) as refused:
        _record(owner.workshop, workers=[worker])
    assert "ردیف ۱ کارکنان فاقد لیست" in refused.value.message
    assert not Inspection.objects.exists()


def test_a_workshop_of_another_branch_is_not_found_for_staff(client):
    owner = owner_with_opt_in()
    stranger = StaffMembershipFactory().user
    client.force_login(stranger)
    response = client.post(reverse("employers:staff_inspection_new"), _form(owner.workshop))
    assert response.status_code == 400
    assert "کارگاهی با این کد در شعبه شما نیست." in response.content.decode()
    with pytest.raises(Http404):
        _record(owner.workshop, staff=stranger)
    assert not Inspection.objects.exists()
    client.force_login(owner.user)  # not staff at all
    assert client.get(reverse("employers:staff_inspection_new")).status_code == 404
    assert client.get(reverse("employers:staff_inspections")).status_code == 404


def test_more_rows_are_added_without_checking_the_form(client):
    owner = owner_with_opt_in()
    client.force_login(staff_of(owner.workshop))
    data = _form(owner.workshop, inspector_name="") | {"add_rows": "1"}
    response = client.post(reverse("employers:staff_inspection_new"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "ردیف ۶" in body
    assert "ردیف ۷" not in body
    assert "invalid-feedback" not in body
    assert not Inspection.objects.exists()


def test_the_staff_list_shows_each_report_and_its_service(client, django_assert_max_num_queries):
    owner = owner_with_opt_in()
    paper = owner_on_paper(branch=owner.workshop.branch)
    _record(owner.workshop)
    _record(paper.workshop)
    client.force_login(staff_of(owner.workshop))
    url = reverse("employers:staff_inspections")
    client.get(url)
    with django_assert_max_num_queries(10):
        body = client.get(url).content.decode()
    assert owner.workshop.name in body
    assert paper.workshop.name in body
    assert "در انتظار ابلاغ کاغذی" in body
    assert "ابلاغ‌شده در" in body
    assert latin_digits_outside_codes(body) == []


# --- the employer --------------------------------------------------------------------


def test_the_employer_sees_the_reports_of_their_workshop_and_the_workers_found(client):
    owner = owner_with_opt_in()
    year, month = _last_month()
    notice = _record(
        owner.workshop, workers=[WorkerFound(WORKER_A, "رضا کارگر", year, month, 20, 1_500_000)]
    )
    other = _record(owner_with_opt_in().workshop)
    client.force_login(owner.user)
    listing = client.get(reverse("employers:inspections", args=[owner.workshop.pk]))
    body = listing.content.decode()
    assert "حسن بازرس" in body
    assert "دارای تخلف" in body
    assert latin_digits_outside_codes(body) == []
    detail_url = reverse(
        "employers:inspection_detail", args=[owner.workshop.pk, notice.inspection_id]
    )
    detail = client.get(detail_url).content.decode()
    assert "رضا کارگر" in detail
    assert "۱٬۵۰۰٬۰۰۰" in detail
    assert notice.number in detail.replace("</bdi>", "") or "ابلاغ‌شده در" in detail
    assert "اعتراض به این گزارش" in detail
    assert latin_digits_outside_codes(detail) == []
    # another workshop's report, even through my workshop's address: 404
    foreign = reverse("employers:inspection_detail", args=[owner.workshop.pk, other.inspection_id])
    assert client.get(foreign).status_code == 404
    theirs = reverse("employers:inspection_detail", args=[other.workshop.pk, other.inspection_id])
    assert client.get(theirs).status_code == 404
    # the notice page links to the report
    notice_page = client.get(reverse("employers:notice_detail", args=[notice.pk])).content
    assert detail_url in notice_page.decode()


def test_a_report_waiting_for_paper_service_is_not_shown_to_the_employer(client):
    owner = owner_on_paper()
    notice = _record(owner.workshop)
    client.force_login(owner.user)
    body = client.get(reverse("employers:inspections", args=[owner.workshop.pk])).content
    assert "حسن بازرس" not in body.decode()
    url = reverse("employers:inspection_detail", args=[owner.workshop.pk, notice.inspection_id])
    assert client.get(url).status_code == 404


def test_the_employer_objects_a_case_at_the_workshops_branch_with_documents_once(client):
    # given a served report and an accountant of the workshop
    owner = owner_with_opt_in()
    accountant = AccountantFactory(workshop=owner.workshop)
    notice = _record(owner.workshop)
    url = reverse("employers:inspection_objection", args=[owner.workshop.pk, notice.inspection_id])
    client.force_login(accountant.user)
    # a text too short is refused, nothing filed
    short = client.post(url, {"text": "نه"})
    assert short.status_code == 400
    assert "دست‌کم در یک جمله" in short.content.decode()
    assert not Case.objects.exists()
    # when they object
    response = client.post(url, {"text": "دو نفر یادشده کارگر پیمانکار بودند، نه کارگاه ما."})
    # then a draft case of the objection kind, routed to the workshop's branch
    case = Case.objects.get()
    assert response["Location"] == reverse("branches:my_case_detail", args=[case.pk])
    assert case.kind == "employer_inspection_objection"
    assert case.branch_id == owner.workshop.branch_id
    assert case.applicant_id == accountant.user_id
    assert case.payload["inspection_id"] == notice.inspection_id
    assert case.payload["workshop_code"] == owner.workshop.code
    assert case.payload["notice_number"] == notice.number
    # with a document, sent to the branch through the case services
    case_document_add(
        case=case, uploaded_by=accountant.user, document_type="other", upload=pdf_upload()
    )
    case = case_submit(case=case, actor=accountant.user)
    assert case.status == CaseStatus.FORWARDED
    # a second objection to the same report is refused, by the page and by the service
    client.force_login(owner.user)
    again = client.post(url, {"text": "اعتراض دوم به همان گزارش بازرسی."}, follow=True)
    assert "قبلاً اعتراض ثبت شده است" in again.content.decode()
    inspection = inspections_for_workshops(workshop_codes=[owner.workshop.code]).get()
    with pytest.raises(ApplicationError) as refused:
        inspection_objection_file(
            user=owner.user,
            workshop=owner.workshop,
            inspection=inspection,
            text="اعتراض دوم به همان گزارش بازرسی.",
        )
    assert refused.value.code == "inspection_objection_exists"
    assert Case.objects.count() == 1
    # the report page shows the objection's status
    detail = client.get(
        reverse("employers:inspection_detail", args=[owner.workshop.pk, notice.inspection_id])
    ).content.decode()
    assert "ارسال‌شده به شعبه" in detail


def test_a_stranger_cannot_object_to_a_report(client):
    owner = owner_with_opt_in()
    notice = _record(owner.workshop)
    client.force_login(owner_with_opt_in().user)
    url = reverse("employers:inspection_objection", args=[owner.workshop.pk, notice.inspection_id])
    assert client.post(url, {"text": "اعتراض یک غریبه به گزارش دیگران."}).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert not Case.objects.exists()


# --- the insured side ----------------------------------------------------------------


def test_the_insured_worker_of_the_workshop_sees_the_served_report(client):
    # given a worker whose last recorded month is at the workshop
    owner = owner_with_opt_in()
    user = UserFactory()
    person = InsuredPersonFactory.for_user(user)
    year, month = _last_month()
    ContributionRecordFactory(
        person=person,
        workshop_code=owner.workshop.code,
        workshop_name=owner.workshop.name,
        year=year,
        month=month,
        branch=owner.workshop.branch,
    )
    # when staff record and serve a report of that workshop
    _record(owner.workshop, reason="بازرسی پس از شکایت")
    # then the worker's "my workplace inspections" shows it
    client.force_login(user)
    body = client.get(reverse("insured:inspections")).content.decode()
    assert "حسن بازرس" in body
    assert owner.workshop.name in body
    # and an insured person of another workshop does not see it
    other = UserFactory()
    ContributionRecordFactory(
        person=InsuredPersonFactory.for_user(other), workshop_code="1999999999", year=year
    )
    client.force_login(other)
    assert "حسن بازرس" not in client.get(reverse("insured:inspections")).content.decode()


def test_inspected_on_before_the_workshop_started_is_refused():
    owner = owner_with_opt_in(started_on=timezone.localdate() + datetime.timedelta(days=-1))
    with pytest.raises(ApplicationError) as refused:
        inspection_report_record(
            staff_user=staff_of(owner.workshop),
            workshop=owner.workshop,
            inspected_on=timezone.localdate() - datetime.timedelta(days=10),
            inspector_name="بازرس",
            reason="",
            findings="",
            workers_seen=0,
            result="compliant",
            workers_not_listed=[],
        )
    assert "پیش از شروع فعالیت کارگاه" in refused.value.message
    assert not Inspection.objects.exists()
