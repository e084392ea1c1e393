"""Clearance certificates through the pages a representative uses: issued at once for a
workshop with every month listed and paid (the PDF verifies at /verify/<code> and is
served to the inbox), forwarded to the branch with each reason otherwise, the branch's
decision (accepted: issued and served; rejected: nothing issued), and a failed render
prepared again. Bad input, strangers and the pages themselves: test_clearance_pages.py."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from branches.models import Case, CaseStatus, StaffRole
from branches.services import cases as case_services
from employers.models import (
    ClaimRuling,
    ClearanceKind,
    ClearanceRequest,
    ClearanceStatus,
    EntryKind,
    Notice,
    NoticeDelivery,
    NoticeKind,
    RulingSource,
    RulingStatus,
)
from employers.selectors.clearance import clearance_obstacles
from employers.services.ledger import ledger_record
from employers.services.rulings import ruling_amount_change
from notifications.models import Notification
from tamin.core.document_requests import document_request_render
from tamin.core.jalali import format_code
from tamin.core.models import DocumentRequest, IssuedDocument
from tests.accounts.factories import UserFactory
from tests.branches.factories import StaffMembershipFactory
from tests.employers.factories import AccountantFactory, RepresentativeFactory
from tests.employers.factories_clearance import (
    PREMIUM,
    at,
    clean_representative,
    first_day,
    label,
    list_sent,
    month_back,
    next_month,
    paid,
    sent_and_paid_in_time,
)
from tests.employers.factories_clearance import request_clearance as _request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_STORAGE_DIR


def _pdf_text(content: bytes) -> str:
    """The text of every page (pypdf: Persian may come out in presentation forms)."""
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- issued at once --------------------------------------------------------------------


def test_a_clean_workshop_gets_its_certificate_at_once_and_it_verifies(
    client, django_capture_on_commit_callbacks
):
    # given a workshop whose every month past its deadline has a list, sent and paid in time
    owner = clean_representative(name="کارگاه پاکیزه")
    workshop = owner.workshop
    # when the owner asks for a transfer certificate (the worker renders on commit)
    response = _request(
        client, owner, {"kind": ClearanceKind.TRANSFER}, django_capture_on_commit_callbacks
    )
    clearance = ClearanceRequest.objects.get()
    # then it is issued at once, with no case at the branch
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:clearance_detail", args=[clearance.pk])
    assert clearance.status == ClearanceStatus.ISSUED
    assert clearance.reasons == []
    assert clearance.case_id is None
    assert not Case.objects.exists()
    # and the worker rendered the PDF and served it to the workshop's inbox, once
    clearance.refresh_from_db()
    document = clearance.document
    assert document is not None
    assert document.kind == "employers.clearance"
    notice = Notice.objects.get()
    assert clearance.notice == notice
    assert notice.kind == NoticeKind.CERTIFICATE
    assert notice.serve_key == f"clearance:{clearance.pk}"
    assert notice.delivery == NoticeDelivery.ELECTRONIC
    assert notice.served_at is not None
    assert notice.document == document
    told = Notification.objects.filter(template_key="employer_notice_served", user=owner.user)
    assert sorted(told.values_list("channel", flat=True)) == ["email", "sms"]
    # and the page says so and links the download
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "گواهی مفاصا حساب با کد رهگیری" in " ".join(_messages(page))
    assert "صادر شد" in text
    download_url = reverse("employers:clearance_download", args=[clearance.pk])
    assert download_url in text
    download = client.get(download_url)
    assert download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    printed = _pdf_text(content)
    assert document.verification_code in printed
    assert f"/verify/{document.verification_code}" in printed
    # and anyone (signed out) verifies it: workshop code and name, kind — nothing private
    client.logout()
    verify = client.get(reverse("verify", args=[document.verification_code]))
    shown = verify.content.decode()
    assert verify.status_code == 200
    assert "این سند معتبر است" in shown
    assert "گواهی مفاصا حساب" in shown
    assert format_code(workshop.code) in shown
    assert "کارگاه پاکیزه" in shown
    assert "انتقال کارگاه (ماده ۳۷)" in shown
    assert workshop.employer_name not in shown
    assert "شمارهٔ قرارداد" not in shown


def test_a_contract_certificate_names_its_contract_on_the_verify_page(
    client, django_capture_on_commit_callbacks
):
    owner = clean_representative()
    response = _request(
        client,
        owner,
        {
            "kind": ClearanceKind.CONTRACT,
            "contract_number": "۱۴۰۵/۲۳۴",
            "contract_party": "شرکت آب و فاضلاب",
            "contract_amount": "۲۵۰٬۰۰۰٬۰۰۰",
            "contract_start": "۱۴۰۴/۰۱/۱۵",
            "contract_end": "۱۴۰۶/۰۱/۱۴",
        },
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    clearance = ClearanceRequest.objects.get()
    assert clearance.status == ClearanceStatus.ISSUED
    assert clearance.contract_number == "1405/234"
    assert clearance.contract_amount == 250_000_000
    client.logout()
    shown = client.get(reverse("verify", args=[clearance.document.verification_code])).content
    shown = shown.decode()
    assert "پیمان (ماده ۳۸)" in shown
    assert "شمارهٔ قرارداد" in shown
    assert "۱۴۰۵/۲۳۴" in shown
    # the other party and the amount are the contract's business, not the public's
    assert "شرکت آب و فاضلاب" not in shown
    assert "۲۵۰٬۰۰۰٬۰۰۰" not in shown


def test_while_the_worker_renders_the_page_polls_and_then_links_the_file(client):
    # given an issued certificate whose render has not run yet (no on-commit here)
    owner = clean_representative()
    client.force_login(owner.user)
    client.post(
        reverse("employers:clearance_new", args=[owner.workshop.pk]),
        {"kind": ClearanceKind.TRANSFER},
    )
    clearance = ClearanceRequest.objects.get()
    status_url = reverse("employers:clearance_status", args=[clearance.pk])
    download_url = reverse("employers:clearance_download", args=[clearance.pk])
    page = client.get(reverse("employers:clearance_detail", args=[clearance.pk])).content.decode()
    assert f'hx-get="{status_url}"' in page
    assert "در حال آماده‌سازی" in page
    assert client.get(download_url).status_code == 404
    # when the worker runs
    document_request = DocumentRequest.objects.get(kind="employers.clearance")
    assert document_request_render(request_id=document_request.pk) == "ready"
    # then the fragment stops polling and links the file; a second render does nothing
    fragment = client.get(status_url).content.decode()
    assert "hx-trigger" not in fragment
    assert download_url in fragment
    assert document_request_render(request_id=document_request.pk) == "ready"
    assert IssuedDocument.objects.count() == 1
    assert Notice.objects.count() == 1


def test_a_failed_render_says_so_and_another_representative_can_prepare_it_again(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    # given an issued certificate whose render fails (the store's directory is a file)
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    settings.PRIVATE_STORAGE_DIR = blocked
    owner = clean_representative()
    _request(client, owner, {"kind": ClearanceKind.TRANSFER}, django_capture_on_commit_callbacks)
    clearance = ClearanceRequest.objects.get()
    assert clearance.status == ClearanceStatus.ISSUED
    assert clearance.document is None
    assert not Notice.objects.exists()
    # then the page says so in Persian, stops polling and offers to prepare it again
    detail_url = reverse("employers:clearance_detail", args=[clearance.pk])
    page = client.get(detail_url).content.decode()
    prepare_url = reverse("employers:clearance_prepare", args=[clearance.pk])
    assert "آماده‌سازی سند با خطا روبه‌رو شد" in page
    assert "hx-trigger" not in page
    assert prepare_url in page
    # when the store works again and the workshop's accountant asks again
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    accountant = AccountantFactory(workshop=owner.workshop)
    client.force_login(accountant.user)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(prepare_url)
    # then the certificate is rendered and served, once
    assert again["Location"] == detail_url
    clearance.refresh_from_db()
    assert clearance.document is not None
    assert Notice.objects.get().document == clearance.document
    download = client.get(reverse("employers:clearance_download", args=[clearance.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


# --- forwarded to the branch ---------------------------------------------------------------


def _forwarded(client, representative, capture, data=None) -> tuple[ClearanceRequest, object]:
    response = _request(client, representative, data or {"kind": ClearanceKind.TRANSFER}, capture)
    clearance = ClearanceRequest.objects.get()
    assert clearance.status == ClearanceStatus.FORWARDED
    return clearance, client.get(response["Location"])


def _reason_messages(clearance: ClearanceRequest) -> list[str]:
    return [reason["message"] for reason in clearance.reasons]


def test_in_debt_it_is_never_issued_at_once_and_the_message_says_why(
    client, django_capture_on_commit_callbacks
):
    # given a clean workshop whose list of last month (not yet due) is sent and unpaid
    owner = clean_representative()
    last_month = month_back(1)
    list_sent(owner.workshop, last_month, on=at(month_back(0), 1, 0))
    # when the owner asks for a certificate
    clearance, page = _forwarded(client, owner, django_capture_on_commit_callbacks)
    # then no certificate exists: the request went to the branch with the reason
    assert not IssuedDocument.objects.exists()
    assert not DocumentRequest.objects.exists()
    assert not Notice.objects.exists()
    assert _reason_messages(clearance) == [
        f"حق بیمهٔ لیست {label(last_month)}: ۱٬۰۰۰٬۰۰۰ ریال پرداخت نشده است."
    ]
    (message,) = _messages(page)
    assert "مفاصا حساب به‌صورت خودکار صادر نشد، چون کارگاه بدهی دارد." in message
    assert owner.workshop.branch.name in message
    text = page.content.decode()
    assert f"حق بیمهٔ لیست {label(last_month)}: ۱٬۰۰۰٬۰۰۰ ریال پرداخت نشده است." in text
    assert reverse("employers:clearance_download", args=[clearance.pk]) not in text
    # and the branch has the case, routed to the workshop's branch, with the reason in it
    case = Case.objects.get()
    assert clearance.case_id == case.pk
    assert clearance.tracking_code == case.tracking_code
    assert case.kind == "employer_clearance"
    assert case.branch == owner.workshop.branch
    assert case.status == CaseStatus.FORWARDED
    assert case.payload["list_debts"] == (
        f"حق بیمهٔ لیست {label(last_month)}: ۱٬۰۰۰٬۰۰۰ ریال پرداخت نشده است"
    )
    assert "missing_months" not in case.payload


def test_missing_months_are_named_in_persian(client, django_capture_on_commit_callbacks):
    # given a workshop started four months ago that never sent a list
    started = month_back(4)
    owner = RepresentativeFactory(workshop__started_on=first_day(started))
    clearance, page = _forwarded(client, owner, django_capture_on_commit_callbacks)
    due = [month_back(4), month_back(3), month_back(2)]  # C-1 is not yet due
    assert _reason_messages(clearance) == [
        f"لیست ماه {label(period)} ارسال نشده است." for period in due
    ]
    assert [reason["code"] for reason in clearance.reasons] == ["missing_month"] * 3
    (message,) = _messages(page)
    assert "چون لیست ۳ ماه ارسال نشده است." in message
    case = Case.objects.get()
    assert case.payload["missing_months"] == "، ".join(label(period) for period in due)
    # and the staff case page shows the reason under its Persian label
    head = StaffMembershipFactory(branch=owner.workshop.branch, role=StaffRole.HEAD)
    client.force_login(head.user)
    staff_page = client.get(reverse("branches:case_detail_staff", args=[case.pk])).content
    staff_page = staff_page.decode()
    assert "ماه‌های بدون لیست" in staff_page
    assert label(due[0]) in staff_page


def test_a_month_without_a_list_between_sent_ones_is_a_reason_with_its_penalty(
    client, django_capture_on_commit_callbacks
):
    # given lists for C-4 and C-2 sent and paid in time, none for C-3
    owner = RepresentativeFactory(workshop__started_on=first_day(month_back(4)))
    sent_and_paid_in_time(owner.workshop, month_back(4))
    sent_and_paid_in_time(owner.workshop, month_back(2))
    clearance, _page = _forwarded(client, owner, django_capture_on_commit_callbacks)
    # then the month is named, and so is its no-list penalty (10 % of the C-4 premium)
    gap = month_back(3)
    assert _reason_messages(clearance) == [
        f"لیست ماه {label(gap)} ارسال نشده است.",
        f"جریمهٔ عدم ارسال لیست {label(gap)}: ۱۰۰٬۰۰۰ ریال پرداخت نشده است. "
        "(۱۰۰٬۰۰۰ ریال از آن هنوز در گردش حساب ثبت نشده است.)",
    ]


def test_a_ruling_still_owed_is_a_reason_by_its_number(client, django_capture_on_commit_callbacks):
    # given a clean workshop with a served ruling of 7,500,000 rial, 2,500,000 of it paid
    owner = clean_representative()
    ruling = ClaimRuling.objects.create(
        workshop=owner.workshop,
        branch=owner.workshop.branch,
        number="14050042",
        source=RulingSource.MANUAL,
        legal_basis="ماده ۱۰۰ قانون تأمین اجتماعی",
        principal_total=7_000_000,
        penalty_total=500_000,
        issued_by=UserFactory(),
    )
    ruling_amount_change(
        ruling=ruling, new_amount=ruling.total, description="حکم", status=RulingStatus.SERVED
    )
    ledger_record(
        workshop=owner.workshop,
        kind=EntryKind.PAYMENT,
        amount=-2_500_000,
        description="پرداخت حکم",
        ruling=ruling,
    )
    clearance, _page = _forwarded(client, owner, django_capture_on_commit_callbacks)
    assert _reason_messages(clearance) == [
        "حکم مطالباتی شمارهٔ ۱۴۰۵۰۰۴۲: ۵٬۰۰۰٬۰۰۰ ریال پرداخت نشده است."
    ]
    assert clearance.reasons[0]["ruling_id"] == ruling.pk
    assert Case.objects.get().payload["rulings_owed"] == (
        "حکم مطالباتی شمارهٔ ۱۴۰۵۰۰۴۲: ۵٬۰۰۰٬۰۰۰ ریال پرداخت نشده است"
    )
    assert not IssuedDocument.objects.exists()


def test_penalties_not_yet_posted_are_owed_all_the_same(client, django_capture_on_commit_callbacks):
    # given a clean workshop except that C-3's premium was paid after its deadline
    # (end of C-2): on the 1st of C-1 it still owed all of it, so 2 % accrued, never posted
    started = month_back(3)
    owner = RepresentativeFactory(workshop__started_on=first_day(started))
    list_sent(owner.workshop, started, on=at(next_month(*started), 5))
    paid(owner.workshop, started, on=at(month_back(1), 10))
    sent_and_paid_in_time(owner.workshop, month_back(2))
    clearance, _page = _forwarded(client, owner, django_capture_on_commit_callbacks)
    assert _reason_messages(clearance) == [
        f"جریمهٔ دیرکرد پرداخت لیست {label(started)}: ۲۰٬۰۰۰ ریال پرداخت نشده است. "
        "(۲۰٬۰۰۰ ریال از آن هنوز در گردش حساب ثبت نشده است.)"
    ]
    assert clearance.reasons[0]["amount"] == PREMIUM * 2 // 100
    assert not IssuedDocument.objects.exists()


def test_a_second_request_while_one_is_before_the_branch_is_refused(
    client, django_capture_on_commit_callbacks
):
    owner = RepresentativeFactory(workshop__started_on=first_day(month_back(3)))
    _clearance, _page = _forwarded(client, owner, django_capture_on_commit_callbacks)
    again = _request(
        client, owner, {"kind": ClearanceKind.TRANSFER}, django_capture_on_commit_callbacks
    )
    assert again.status_code == 200
    assert "در شعبه در دست رسیدگی است" in again.content.decode()
    assert ClearanceRequest.objects.count() == 1
    assert Case.objects.count() == 1


# --- the branch decides ------------------------------------------------------------------


def _decide(case: Case, status: str, capture) -> None:
    head = StaffMembershipFactory(branch=case.branch, role=StaffRole.HEAD)
    case_services.case_start_review(case=case, actor=head.user)
    with capture(execute=True):
        case_services.case_decide(
            case=case, actor=head.user, status=status, reason="بدهی با سند پرداخت تسویه شده است."
        )


def test_the_branch_accepting_issues_the_certificate_and_serves_it(
    client, django_capture_on_commit_callbacks
):
    # given a request forwarded for a month without a list
    owner = RepresentativeFactory(
        workshop__started_on=first_day(month_back(2)), workshop__e_notification_opt_in=True
    )
    clearance, page = _forwarded(client, owner, django_capture_on_commit_callbacks)
    assert "ارجاع به شعبه" in page.content.decode()
    # when the branch accepts the case
    _decide(Case.objects.get(), CaseStatus.ACCEPTED, django_capture_on_commit_callbacks)
    # then the certificate is issued, rendered, served to the inbox and verifiable
    clearance.refresh_from_db()
    assert clearance.status == ClearanceStatus.ISSUED
    assert clearance.document is not None
    notice = Notice.objects.get()
    assert notice.serve_key == f"clearance:{clearance.pk}"
    assert notice.document == clearance.document
    # and the employer is told: the case's decision and the notice
    decided = Notification.objects.filter(template_key="case_decided", user=owner.user)
    assert decided.exists()
    assert Notification.objects.filter(
        template_key="employer_notice_served", user=owner.user
    ).exists()
    client.force_login(owner.user)
    detail = client.get(reverse("employers:clearance_detail", args=[clearance.pk]))
    text = detail.content.decode()
    assert "صادر شد" in text
    assert "پذیرفته شد" in text
    assert reverse("employers:clearance_download", args=[clearance.pk]) in text
    client.logout()
    verify = client.get(reverse("verify", args=[clearance.document.verification_code]))
    assert verify.status_code == 200


def test_the_branch_rejecting_rejects_it_and_issues_nothing(
    client, django_capture_on_commit_callbacks
):
    owner = RepresentativeFactory(workshop__started_on=first_day(month_back(2)))
    clearance, _page = _forwarded(client, owner, django_capture_on_commit_callbacks)
    _decide(Case.objects.get(), CaseStatus.REJECTED, django_capture_on_commit_callbacks)
    clearance.refresh_from_db()
    assert clearance.status == ClearanceStatus.REJECTED
    assert clearance.document is None
    assert not IssuedDocument.objects.exists()
    assert not Notice.objects.exists()
    assert Notification.objects.filter(template_key="case_decided", user=owner.user).exists()
    client.force_login(owner.user)
    text = client.get(reverse("employers:clearance_detail", args=[clearance.pk])).content
    text = text.decode()
    assert "رد شد" in text
    assert "بدهی با سند پرداخت تسویه شده است." in text


# --- when the start is unknown ------------------------------------------------------------


def test_without_a_start_date_the_months_run_from_the_first_list():
    # given a workshop of unknown start whose first list is C-4's; C-3 has none
    owner = RepresentativeFactory(workshop__started_on=None)
    sent_and_paid_in_time(owner.workshop, month_back(4))
    sent_and_paid_in_time(owner.workshop, month_back(2))
    reasons = clearance_obstacles(workshop=owner.workshop)
    # then C-3 is missing (and its no-list penalty owed); nothing before C-4 is asked for
    assert [(reason.code, reason.year, reason.month) for reason in reasons] == [
        ("missing_month", *month_back(3)),
        ("penalty_debt", *month_back(3)),
    ]


def test_without_a_start_date_or_any_list_nothing_can_be_certified_at_once():
    owner = RepresentativeFactory(workshop__started_on=None)
    (reason,) = clearance_obstacles(workshop=owner.workshop)
    assert reason.code == "start_unknown"
    assert reason.message == (
        "تاریخ شروع فعالیت کارگاه ثبت نشده و هیچ لیستی از آن ارسال نشده است؛ "
        "معلوم نیست لیست کدام ماه‌ها لازم است."
    )


def test_a_workshop_started_this_month_owes_no_list_yet():
    owner = RepresentativeFactory(workshop__started_on=first_day(month_back(0)))
    assert clearance_obstacles(workshop=owner.workshop) == []
