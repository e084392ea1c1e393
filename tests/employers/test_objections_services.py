"""Objections to rulings and the boards' votes, at the services: the term, a second
objection, the document limit, the statuses and their SMS, the hearing notice, the vote
that changes the debt, finality and appeals, and the beat that makes terms final."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from branches.models import Case, CaseDocument, CaseStatus
from branches.services.cases import case_decide, case_start_review
from employers.models import (
    BoardVote,
    ClaimRuling,
    EntryKind,
    LedgerEntry,
    Notice,
    NoticeKind,
    Objection,
    ObjectionStatusChange,
    RulingStatus,
)
from employers.selectors.money import turnover, workshop_debt
from employers.services.notices import notice_paper_served_record
from employers.services.objections import (
    _objection_insert,
    objection_appeal_file,
    objection_appeal_file_for_organization,
    objection_documents_add,
    objection_file,
    objection_hearing_set,
    objection_status_change,
    objections_finality_sweep,
)
from employers.tasks import objections_finality_sweep_task
from notifications.models import Notification
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_jalali_date
from tamin.rules.models import DisputeParameters
from tests.branches.factories_cases import pdf_upload, staff_member, upload
from tests.employers.factories import AccountantFactory, RepresentativeFactory
from tests.employers.factories_objections import (
    at_hearing,
    branch_head,
    filed_objection,
    notice_backdate,
    owner_of,
    served_ruling,
    vote,
)

pytestmark = pytest.mark.django_db

TEXT = "مبلغ حق بیمه ماه‌های بدون کارکرد به اشتباه محاسبه شده است."


def _status_sms() -> list[Notification]:
    return list(
        Notification.objects.filter(
            template_key="employer_objection_status", channel="sms"
        ).order_by("id")
    )


def _counts() -> tuple[int, int, int, int, int]:
    return (
        Objection.objects.count(),
        Case.objects.count(),
        CaseDocument.objects.count(),
        LedgerEntry.objects.count(),
        Notification.objects.count(),
    )


def _final_debt(workshop) -> int:
    return workshop_debt(workshop=workshop, today=timezone.localdate()).final


# --- filing -----------------------------------------------------------------------------------


def test_an_objection_within_the_term_is_registered_and_reaches_the_branch_queue():
    # given a ruling served today to a workshop with an owner and an accountant
    ruling = served_ruling()
    accountant = AccountantFactory(workshop=ruling.workshop)
    owner = owner_of(ruling.workshop)
    # when the owner objects with two documents
    objection = filed_objection(ruling, user=owner, documents=2)
    # then the objection is registered, the ruling is under objection
    assert objection.status == "registered"
    assert objection.stage == "first"
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.OBJECTED
    # and the case carries the documents to the workshop's branch queue, same tracking code
    case = Case.objects.get(pk=objection.case_id)
    assert case.kind == "employer_ruling_objection"
    assert case.status == CaseStatus.FORWARDED
    assert case.branch_id == ruling.workshop.branch_id
    assert case.tracking_code == objection.tracking_code
    assert case.documents.count() == 2
    # and both representatives got the «registered» SMS, with the history row
    assert {row.user_id for row in _status_sms()} == {owner.pk, accountant.user_id}
    assert "ثبت شد" in _status_sms()[0].body
    assert list(objection.history.values_list("status", flat=True)) == ["registered"]


def test_an_objection_on_the_last_day_of_the_term_is_on_time():
    ruling = served_ruling(served_days_ago=31)
    assert ruling.notice.respond_until == timezone.localdate()
    assert filed_objection(ruling).status == "registered"


def test_a_late_objection_is_refused_with_the_jalali_date_the_term_ended():
    # given a ruling served 32 days ago (the term of 31 days ended yesterday)
    ruling = served_ruling(served_days_ago=32)
    ended = ruling.notice.respond_until
    assert ended == timezone.localdate() - datetime.timedelta(days=1)
    before = _counts()
    # when the owner objects, then a Persian refusal names the end date in Jalali
    with pytest.raises(ApplicationError) as refused:
        filed_objection(ruling)
    assert refused.value.code == "objection_late"
    assert format_jalali_date(ended) in refused.value.message
    assert "مهلت اعتراض" in refused.value.message
    # and nothing changed
    assert _counts() == before
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.SERVED


def test_a_second_objection_on_the_same_ruling_is_refused_and_changes_nothing():
    ruling = served_ruling()
    filed_objection(ruling)
    accountant = AccountantFactory(workshop=ruling.workshop)
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        filed_objection(ruling, user=accountant.user)
    assert refused.value.code == "objection_exists"
    assert "اعتراض دوم" in refused.value.message
    assert _counts() == before


def test_the_unique_constraint_is_the_last_guard_of_a_second_objection():
    # given a first objection, and a second row that got past the service's check (a race)
    ruling = served_ruling()
    first = filed_objection(ruling)
    racer = Objection(
        ruling=ruling,
        workshop=ruling.workshop,
        stage="first",
        tracking_code="99000000000001",
        text=TEXT,
        filed_by=first.filed_by,
        answers_notice=ruling.notice,
    )
    # when it is inserted, the constraint's IntegrityError is the same Persian refusal
    with pytest.raises(ApplicationError) as refused:
        _objection_insert(racer, second_message="دوم")
    assert refused.value.code == "objection_exists"
    assert Objection.objects.filter(ruling=ruling).count() == 1


def test_a_nineteenth_document_is_refused_and_nothing_is_stored():
    ruling = served_ruling()
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        filed_objection(ruling, documents=19)
    assert refused.value.code == "objection_too_many_documents"
    assert "۱۸" in refused.value.message
    assert "۱۹" in refused.value.message
    assert _counts() == before
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.SERVED


def test_eighteen_documents_are_accepted():
    objection = filed_objection(served_ruling(), documents=18)
    assert Case.objects.get(pk=objection.case_id).documents.count() == 18


def test_the_document_limit_is_a_parameter():
    DisputeParameters.objects.update(max_objection_documents=2)
    with pytest.raises(ApplicationError) as refused:
        filed_objection(served_ruling(), documents=3)
    assert "۲" in refused.value.message


def test_a_file_that_is_not_a_document_is_refused_by_name_before_anything_is_stored():
    ruling = served_ruling()
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        objection_file(
            user=owner_of(ruling.workshop),
            ruling=ruling,
            text=TEXT,
            documents=[pdf_upload("good.pdf"), upload("virus.pdf", b"MZ\x90\x00 not a pdf")],
        )
    assert "virus.pdf" in refused.value.message
    assert _counts() == before


def test_a_stranger_cannot_object_to_another_workshops_ruling():
    ruling = served_ruling()
    stranger = RepresentativeFactory().user
    before = _counts()
    with pytest.raises(ApplicationError):
        filed_objection(ruling, user=stranger)
    assert _counts() == before


def test_a_ruling_on_paper_not_yet_served_cannot_be_objected_to():
    ruling = served_ruling(opt_in=False)
    assert ruling.notice.served_at is None
    with pytest.raises(ApplicationError) as refused:
        filed_objection(ruling)
    assert refused.value.code == "ruling_not_served"


# --- statuses -----------------------------------------------------------------------------------


def test_each_status_change_is_a_history_row_and_an_sms_with_its_own_key():
    ruling = served_ruling()
    objection = filed_objection(ruling)
    staff = branch_head(ruling.workshop)
    for status in ("calculation_review", "recalculation", "before_board"):
        objection_status_change(staff_user=staff, objection=objection, status=status)
    statuses = list(
        ObjectionStatusChange.objects.filter(objection=objection).values_list("status", flat=True)
    )
    assert statuses == ["registered", "calculation_review", "recalculation", "before_board"]
    sms = _status_sms()
    assert len(sms) == 4  # one owner, four changes
    assert len({row.idempotency_key for row in sms}) == 4
    assert "محاسبه مجدد" in sms[2].body
    inbox = Notification.objects.filter(template_key="employer_objection_status", channel="inbox")
    assert inbox.count() == 4


def test_a_move_the_table_does_not_allow_is_refused_with_the_labels():
    ruling = served_ruling()
    objection = filed_objection(ruling)
    staff = branch_head(ruling.workshop)
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        objection_status_change(staff_user=staff, objection=objection, status="accepted")
    assert "«ثبت شد»" in refused.value.message
    assert "«پذیرفته شد»" in refused.value.message
    with pytest.raises(ApplicationError):
        objection_status_change(staff_user=staff, objection=objection, status="hearing_set")
    assert _counts() == before


def test_staff_of_another_branch_get_404_and_change_nothing():
    ruling = served_ruling()
    objection = filed_objection(ruling)
    other = staff_member(branch=RepresentativeFactory().workshop.branch)
    before = _counts()
    with pytest.raises(Http404):
        objection_status_change(staff_user=other, objection=objection, status="before_board")
    assert _counts() == before


def test_documents_missing_lets_the_filer_add_documents_up_to_the_limit():
    # given an objection with 17 documents, and the branch asks for more
    ruling = served_ruling()
    owner = owner_of(ruling.workshop)
    objection = filed_objection(ruling, user=owner, documents=17)
    staff = branch_head(ruling.workshop)
    objection_status_change(
        staff_user=staff, objection=objection, status="documents_missing", note="لیست حضور کارکنان"
    )
    case = Case.objects.get(pk=objection.case_id)
    assert case.status == CaseStatus.NEEDS_INFO
    assert "نقص مدارک" in _status_sms()[-1].body
    # when two more are sent, it is refused (17 + 2 > 18) and nothing is stored
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        objection_documents_add(
            user=owner, objection=objection, documents=[pdf_upload(), pdf_upload()]
        )
    assert refused.value.code == "objection_too_many_documents"
    assert "۱۷" in refused.value.message
    assert _counts() == before
    # when one more is sent, it is stored and the case returns to the branch
    objection_documents_add(user=owner, objection=objection, documents=[pdf_upload()])
    case.refresh_from_db()
    assert case.documents.count() == 18
    assert case.status == CaseStatus.UNDER_REVIEW


def test_only_the_filer_adds_documents_and_only_when_asked():
    ruling = served_ruling()
    objection = filed_objection(ruling)
    accountant = AccountantFactory(workshop=ruling.workshop)
    with pytest.raises(ApplicationError) as not_asked:
        objection_documents_add(
            user=owner_of(ruling.workshop), objection=objection, documents=[pdf_upload()]
        )
    assert not_asked.value.code == "objection_documents_not_asked"
    objection_status_change(
        staff_user=branch_head(ruling.workshop),
        objection=objection,
        status="documents_missing",
        note="قرارداد کار",
    )
    with pytest.raises(ApplicationError) as not_filer:
        objection_documents_add(user=accountant.user, objection=objection, documents=[pdf_upload()])
    assert not_filer.value.code == "objection_not_filer"


def test_documents_missing_and_rejection_need_a_note():
    ruling = served_ruling()
    objection = filed_objection(ruling)
    staff = branch_head(ruling.workshop)
    for status in ("documents_missing", "rejected"):
        with pytest.raises(ApplicationError) as refused:
            objection_status_change(staff_user=staff, objection=objection, status=status)
        assert refused.value.code == "objection_note_required"


def test_rejected_by_the_branch_the_ruling_stands_final_and_the_case_closes():
    ruling = served_ruling()
    objection = filed_objection(ruling)
    staff = branch_head(ruling.workshop)
    objection_status_change(
        staff_user=staff, objection=objection, status="rejected", note="اعتراض خارج از صلاحیت است"
    )
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.FINAL
    assert ruling.current_amount == 10_000_000
    assert Case.objects.get(pk=objection.case_id).status == CaseStatus.REJECTED


def test_the_case_cannot_be_decided_from_the_generic_queue_while_the_objection_is_open():
    ruling = served_ruling()
    objection = filed_objection(ruling)
    staff = branch_head(ruling.workshop)
    objection_status_change(staff_user=staff, objection=objection, status="calculation_review")
    case = Case.objects.get(pk=objection.case_id)
    # the objection did not move the case yet: start review as the queue would
    case = case_start_review(case=case, actor=staff)
    with pytest.raises(ApplicationError) as refused:
        case_decide(case=case, actor=staff, status="accepted", reason="پذیرفته شد در کارتابل")
    assert refused.value.code == "objection_decide_on_its_page"
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW


# --- the hearing --------------------------------------------------------------------------------


def test_the_hearing_is_served_as_a_notice_and_the_status_becomes_hearing_set():
    ruling = served_ruling()
    objection = filed_objection(ruling)
    staff = branch_head(ruling.workshop)
    objection_status_change(staff_user=staff, objection=objection, status="before_board")
    when = timezone.now() + datetime.timedelta(days=5)
    objection_hearing_set(staff_user=staff, objection=objection, hearing_at=when, place="سالن ۲")
    objection.refresh_from_db()
    notice = Notice.objects.get(serve_key=f"hearing:{objection.pk}:1")
    assert notice.kind == NoticeKind.HEARING
    assert notice.served_at is not None  # opted in: served at once
    assert "سالن ۲" in notice.body
    assert objection.hearing_notice_id == notice.pk
    assert objection.status == "hearing_set"
    # the representatives were told of the notice (SMS + e-mail) and of the status
    assert Notification.objects.filter(
        template_key="employer_notice_served", channel="sms", body__contains="دعوت"
    ).exists()
    assert "تعیین وقت رسیدگی" in _status_sms()[-1].body
    # moving the hearing serves a second notice
    objection_hearing_set(
        staff_user=staff,
        objection=objection,
        hearing_at=when + datetime.timedelta(days=1),
        place="سالن ۳",
    )
    assert Notice.objects.filter(serve_key=f"hearing:{objection.pk}:2").exists()


def test_a_hearing_in_the_past_or_before_the_board_is_refused():
    ruling = served_ruling()
    objection = filed_objection(ruling)
    staff = branch_head(ruling.workshop)
    later = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(ApplicationError):  # still «registered»
        objection_hearing_set(staff_user=staff, objection=objection, hearing_at=later, place="س")
    objection_status_change(staff_user=staff, objection=objection, status="before_board")
    with pytest.raises(ApplicationError) as past:
        objection_hearing_set(
            staff_user=staff,
            objection=objection,
            hearing_at=timezone.now() - datetime.timedelta(hours=1),
            place="س",
        )
    assert past.value.code == "objection_hearing_past"
    assert not Notice.objects.filter(kind=NoticeKind.HEARING).exists()


# --- the vote -----------------------------------------------------------------------------------


def test_the_vote_served_reduces_the_final_debt_and_the_turnover_shows_the_difference():
    # given a 10,000,000 ruling under objection, at its hearing
    ruling = served_ruling()
    workshop = ruling.workshop
    assert _final_debt(workshop) == 10_000_000
    objection = filed_objection(ruling)
    staff = branch_head(workshop)
    at_hearing(objection, staff=staff)
    # when the board votes 6,000,000 (above the threshold: appealable)
    recorded = vote(objection, staff=staff, amount=6_000_000)
    # then the vote is served and the debt follows at once
    assert recorded.notice.kind == NoticeKind.BOARD_VOTE
    assert recorded.notice.serve_key == f"vote:{recorded.pk}"
    assert _final_debt(workshop) == 6_000_000
    rows = list(
        LedgerEntry.objects.filter(ruling=ruling, kind=EntryKind.RULING)
        .order_by("id")
        .values_list("amount", flat=True)
    )
    assert rows == [10_000_000, -4_000_000]
    page = turnover(workshop=workshop, page=1)
    assert any(row.credit == 4_000_000 and "رأی" in row.entry.description for row in page.rows)
    # and the vote may be appealed for 21 days; the ruling waits, the objection says so
    recorded.refresh_from_db()
    assert not recorded.is_final
    assert recorded.appeal_until == timezone.localdate() + datetime.timedelta(days=21)
    assert recorded.notice.respond_until == recorded.appeal_until
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.DECIDED
    objection.refresh_from_db()
    assert objection.status == "vote_confirmed"
    # the case left the branch queue
    assert Case.objects.get(pk=objection.case_id).status == CaseStatus.CLOSED


def test_a_vote_at_the_threshold_is_final_at_once():
    ruling = served_ruling()
    objection = filed_objection(ruling)
    staff = branch_head(ruling.workshop)
    at_hearing(objection, staff=staff)
    recorded = vote(objection, staff=staff, amount=200_000)
    recorded.refresh_from_db()
    assert recorded.is_final
    assert recorded.appeal_until is None
    assert recorded.notice.respond_until is None
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.FINAL
    assert ruling.current_amount == 200_000
    objection.refresh_from_db()
    assert objection.status == "accepted"  # lowered: the employer's objection prevailed
    assert "پذیرفته شد" in _status_sms()[-1].body


def test_a_vote_keeping_the_amount_is_a_rejection():
    ruling = served_ruling(principal=150_000, penalty=0)
    objection = filed_objection(ruling)
    staff = branch_head(ruling.workshop)
    at_hearing(objection, staff=staff)
    vote(objection, staff=staff, amount=150_000)
    objection.refresh_from_db()
    assert objection.status == "rejected"


def test_a_vote_above_the_ruling_or_twice_is_refused():
    ruling = served_ruling()
    objection = filed_objection(ruling)
    staff = branch_head(ruling.workshop)
    at_hearing(objection, staff=staff)
    before = _counts()
    with pytest.raises(ApplicationError) as above:
        vote(objection, staff=staff, amount=10_000_001)
    assert above.value.code == "objection_vote_amount"
    assert _counts() == before
    vote(objection, staff=staff, amount=5_000_000)
    with pytest.raises(ApplicationError):
        vote(objection, staff=staff, amount=4_000_000)
    assert BoardVote.objects.count() == 1


def test_a_vote_served_on_paper_changes_the_debt_when_its_service_is_recorded():
    # given a workshop without the e-notification opt-in, its ruling served on paper
    ruling = served_ruling(opt_in=False)
    staff = branch_head(ruling.workshop)
    notice_paper_served_record(
        staff_user=staff, notice=ruling.notice, served_on=timezone.localdate()
    )
    objection = filed_objection(ruling)
    at_hearing(objection, staff=staff)
    recorded = vote(objection, staff=staff, amount=3_000_000)
    # then until the paper service nothing changed
    assert _final_debt(ruling.workshop) == 10_000_000
    # when staff record the hand-over, the debt follows the vote
    notice_paper_served_record(
        staff_user=staff, notice=recorded.notice, served_on=timezone.localdate()
    )
    assert _final_debt(ruling.workshop) == 3_000_000
    recorded.refresh_from_db()
    assert recorded.appeal_until == timezone.localdate() + datetime.timedelta(days=21)


# --- appeals ------------------------------------------------------------------------------------


def _voted(amount: int):
    ruling = served_ruling()
    objection = filed_objection(ruling)
    staff = branch_head(ruling.workshop)
    at_hearing(objection, staff=staff)
    recorded = vote(objection, staff=staff, amount=amount)
    return ruling, objection, staff, recorded


def test_an_appeal_of_a_vote_at_or_below_the_threshold_is_refused_with_a_clear_message():
    ruling, objection, staff, _recorded = _voted(200_000)
    before = _counts()
    with pytest.raises(ApplicationError) as employer:
        objection_appeal_file(user=owner_of(ruling.workshop), objection=objection, text=TEXT)
    assert employer.value.code == "appeal_below_threshold"
    assert "۲۰۰٬۰۰۰" in employer.value.message
    assert "قطعی" in employer.value.message
    with pytest.raises(ApplicationError) as organization:
        objection_appeal_file_for_organization(staff_user=staff, objection=objection, text=TEXT)
    assert organization.value.code == "appeal_below_threshold"
    assert _counts() == before


def test_the_employer_appeals_within_the_term_and_the_review_vote_is_final():
    ruling, objection, staff, first_vote = _voted(6_000_000)
    owner = owner_of(ruling.workshop)
    appeal = objection_appeal_file(
        user=owner, objection=objection, text=TEXT, documents=[pdf_upload()]
    )
    assert appeal.stage == "review"
    assert appeal.side == "employer"
    assert appeal.answers_notice_id == first_vote.notice_id
    assert Case.objects.get(pk=appeal.case_id).documents.count() == 1
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.OBJECTED
    # a second appeal (by either side) is refused
    with pytest.raises(ApplicationError) as second:
        objection_appeal_file_for_organization(staff_user=staff, objection=objection, text=TEXT)
    assert second.value.code == "appeal_exists"
    # the review board votes 4,000,000: final at once, the debt follows
    at_hearing(appeal, staff=staff)
    review_vote = vote(appeal, staff=staff, amount=4_000_000)
    review_vote.refresh_from_db()
    assert review_vote.is_final
    assert review_vote.notice.respond_until is None
    assert _final_debt(ruling.workshop) == 4_000_000
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.FINAL
    appeal.refresh_from_db()
    assert appeal.status == "accepted"
    # the sweep leaves the appealed first-instance vote alone
    assert objections_finality_sweep(today=timezone.localdate() + datetime.timedelta(days=60)) == 0


def test_the_organization_appeals_and_a_higher_review_vote_accepts_its_appeal():
    ruling, objection, staff, _first = _voted(6_000_000)
    appeal = objection_appeal_file_for_organization(
        staff_user=staff, objection=objection, text="محاسبه هیأت بدوی ناقص است."
    )
    assert appeal.side == "organization"
    assert appeal.case_id is None
    assert appeal.tracking_code.isdigit()
    # the employer is told of the appeal by SMS
    assert "ثبت شد" in _status_sms()[-1].body
    at_hearing(appeal, staff=staff)
    vote(appeal, staff=staff, amount=8_000_000)
    appeal.refresh_from_db()
    assert appeal.status == "accepted"
    assert _final_debt(ruling.workshop) == 8_000_000


def test_a_late_appeal_names_the_date_the_term_ended():
    ruling, objection, _staff, recorded = _voted(6_000_000)
    recorded.refresh_from_db()
    notice_backdate(recorded.notice, days=22)
    BoardVote.objects.filter(pk=recorded.pk).update(
        appeal_until=recorded.appeal_until - datetime.timedelta(days=22)
    )
    recorded.refresh_from_db()
    before = _counts()
    with pytest.raises(ApplicationError) as late:
        objection_appeal_file(user=owner_of(ruling.workshop), objection=objection, text=TEXT)
    assert late.value.code == "appeal_late"
    assert format_jalali_date(recorded.appeal_until) in late.value.message
    assert _counts() == before


# --- the beat -----------------------------------------------------------------------------------


def test_the_sweep_makes_final_an_unappealed_vote_and_an_unobjected_ruling_once():
    # given a vote whose 21 days passed, and a ruling whose 31 days passed, neither answered
    ruling, objection, _staff, recorded = _voted(6_000_000)
    quiet = served_ruling(served_days_ago=40)
    still_open = served_ruling(served_days_ago=10)
    assert quiet.status == RulingStatus.SERVED
    later = timezone.localdate() + datetime.timedelta(days=22)
    # when the sweep runs on the 22nd day after the vote (both terms ended, and by then the
    # ruling served 10 days ago too)
    assert objections_finality_sweep(today=later) == 3
    recorded.refresh_from_db()
    assert recorded.is_final
    objection.refresh_from_db()
    assert objection.status == "accepted"
    for item in (ruling, quiet):
        item.refresh_from_db()
        assert item.status == RulingStatus.FINAL
    still_open.refresh_from_db()
    assert still_open.status == RulingStatus.FINAL  # its term also ended by then
    # and running it again changes nothing and sends nothing
    sms = Notification.objects.count()
    assert objections_finality_sweep(today=later) == 0
    assert Notification.objects.count() == sms


def test_the_sweep_leaves_terms_still_running():
    ruling, _objection, _staff, recorded = _voted(6_000_000)
    open_ruling = served_ruling(served_days_ago=5)
    assert objections_finality_sweep() == 0
    recorded.refresh_from_db()
    assert not recorded.is_final
    open_ruling.refresh_from_db()
    assert open_ruling.status == RulingStatus.SERVED
    # the last day of the appeal term is still inside it
    assert objections_finality_sweep(today=recorded.appeal_until) == 0
    assert ClaimRuling.objects.get(pk=ruling.pk).status == RulingStatus.DECIDED


def test_calling_off_the_hearing_returns_it_before_the_board_without_a_hearing():
    ruling = served_ruling()
    objection = filed_objection(ruling)
    staff = branch_head(ruling.workshop)
    objection_status_change(staff_user=staff, objection=objection, status="before_board")
    objection_hearing_set(
        staff_user=staff,
        objection=objection,
        hearing_at=timezone.now() + datetime.timedelta(days=4),
        place="سالن ۱",
    )
    objection_status_change(
        staff_user=staff, objection=objection, status="before_board", note="جلسه لغو شد"
    )
    objection.refresh_from_db()
    assert objection.status == "before_board"
    assert objection.hearing_at is None
    assert objection.hearing_notice is not None  # the served notice stays on record


def test_a_reviewer_cannot_act_on_an_objection_another_reviewer_took():
    # given the objection's case taken in the queue by one reviewer
    ruling = served_ruling()
    objection = filed_objection(ruling)
    first = staff_member(branch=ruling.workshop.branch)
    second = staff_member(branch=ruling.workshop.branch)
    case_start_review(case=Case.objects.get(pk=objection.case_id), actor=first)
    before = _counts()
    # when another reviewer asks the employer for documents, the branch's rule refuses it
    with pytest.raises(ApplicationError) as refused:
        objection_status_change(
            staff_user=second, objection=objection, status="documents_missing", note="قرارداد کار"
        )
    assert "کارشناس مسئول" in refused.value.message
    assert _counts() == before
    objection.refresh_from_db()
    assert objection.status == "registered"
    # the reviewer who took it may
    objection_status_change(
        staff_user=first, objection=objection, status="documents_missing", note="قرارداد کار"
    )


def test_the_beat_runs_the_sweep_as_a_task(settings):
    # given the beat entry, and a ruling whose objection term ended unanswered
    entry = settings.CELERY_BEAT_SCHEDULE["employers-objections-finality"]
    assert entry["task"] == "employers.tasks.objections_finality_sweep_task"
    quiet = served_ruling(served_days_ago=40)
    # when the task runs (as the worker would), the ruling becomes final, once
    result = objections_finality_sweep_task.apply()
    assert result.get() == 1
    quiet.refresh_from_db()
    assert quiet.status == RulingStatus.FINAL
    assert objections_finality_sweep_task.apply().get() == 0
