"""Demo claims: rulings, an objection with its hearing, an inspection report, a letter, an
installment plan and a clearance request at the demo workshops (runs after
`employers.demo.money`).

At «شرکت نمونه پارس» (3045678901, e-notification recorded), served to its inbox:
* a ruling whose debt is in an installment plan, its down payment paid at the sandbox
  bank (the oldest ruling, so the down payment pays it);
* a ruling still inside its objection term: the employer can object to it;
* a ruling already objected to, the objection before the board with its hearing set
  (the hearing notice in the inbox, the case in the branch's queue);
* an inspection report with a worker found at work and on no list;
* a letter from the branch;
* a request for a clearance certificate for a contract (Art. 38), forwarded to the
  branch with its reasons (the workshop owes).
At «کارگاه تولیدی البرز» (3045678902, no opt-in): a ruling waiting for paper service
(the staff page «ابلاغ کاغذی»).

Everything goes through the services a person's click runs (the staff head 0084575948
issues and serves, the demo employer objects, agrees and pays). Idempotent: each item
is found by its description (rulings), inspector (inspection), subject (letter) or
contract number (clearance) and left alone when present; a step left half done is
finished. No PDF is rendered here.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from branches.selectors.inspections import inspections_for_workshops
from branches.selectors.staff import staff_memberships_for_user
from employers.demo.lists import DEMO_WORKSHOP_CODE
from employers.demo.workshops import (
    BRANCH_CODE,
    EMPLOYER_NATIONAL_CODE,
    STAFF_HEAD_NATIONAL_CODE,
)
from employers.models import (
    ClaimRuling,
    ClearanceKind,
    ClearanceRequest,
    InstallmentPlan,
    InstallmentStatus,
    Notice,
    NoticeKind,
    Objection,
    ObjectionStatus,
    Representative,
    RulingStatus,
    Workshop,
)
from employers.payments.sandbox_bank import sandbox_bank_result
from employers.selectors.installments import installment_next_due, installment_plan_proposal
from employers.services.clearance import clearance_request_file
from employers.services.correspondence import branch_letter_send
from employers.services.inspections import WorkerFound, inspection_report_record
from employers.services.installments import installment_plan_agree
from employers.services.money import payment_callback, payment_start
from employers.services.objections import (
    objection_file,
    objection_hearing_set,
    objection_status_change,
)
from employers.services.rulings import (
    DEFAULT_LEGAL_BASIS,
    RulingLineInput,
    ruling_issue_manual,
    ruling_serve,
)
from tamin.core.identifiers import national_code_with_check_digit
from tamin.core.jalali import to_jalali_date

PAPER_WORKSHOP_CODE = "3045678902"

# Each demo ruling is found again by its description.
PLAN_RULING = "حق بیمه مرداد و شهریور ۱۴۰۴، پیش از نخستین لیست کارگاه (برآورد علی‌الرأس)."
OPEN_RULING = "کسر حق بیمه مزایای مشمول آذر ۱۴۰۴ (اضافه‌کار و پاداش)."
OBJECTED_RULING = "حق بیمه کارکنان قرارداد پیمانکاری تیر ۱۴۰۴."
PAPER_RULING = "حق بیمه دی ۱۴۰۴ که لیست آن ارسال نشد (برآورد با حداقل دستمزد)."

RULINGS = {
    PLAN_RULING: (
        RulingLineInput(1404, 5, 12_000_000, 1_500_000, "برآورد دو کارگر"),
        RulingLineInput(1404, 6, 12_000_000, 1_500_000, "برآورد دو کارگر"),
    ),
    OPEN_RULING: (RulingLineInput(1404, 9, 8_400_000, 900_000, "مزایای مشمول کسر شده"),),
    OBJECTED_RULING: (RulingLineInput(1404, 4, 15_600_000, 2_100_000, "سه کارگر پیمانکار"),),
    PAPER_RULING: (RulingLineInput(1404, 10, 6_300_000, 0, "دو کارگر با حداقل دستمزد"),),
}

OBJECTION_TEXT = (
    "سه نفر نام‌برده در تیر ۱۴۰۴ کارکنان پیمانکار بوده‌اند و حق بیمه آنان را پیمانکار در "
    "لیست کارگاه خود پرداخته است؛ رونوشت قرارداد و لیست‌های پیمانکار نزد کارفرما موجود است."
)
HEARING_PLACE = "شعبه ۱ تهران، طبقه دوم، اتاق هیأت بدوی تشخیص مطالبات"
HEARING_IN_DAYS = 14

INSPECTOR = "مهندس کاوه رحیمی"
VIOLATIONS = "violations"  # the report's result «دارای تخلف» (branches.InspectionResult)
LETTER_SUBJECT = "یادآوری مهلت ارسال لیست ماهانه"
LETTER_FORM_KEY = "5e1ec7ed0d3a4b7c9f21a6d8b3c0e4f7"  # one form, once: the letter's serve key
CONTRACT_NUMBER = "PRS-1404-118"
PLAN_DOWN_PAYMENT_PERCENT = 20  # one of the table's choices for 24,000,000 rial


def seed(stdout) -> None:
    users = get_user_model().objects
    head = users.filter(national_code=STAFF_HEAD_NATIONAL_CODE).first()
    workshops = {
        workshop.code: workshop
        for workshop in Workshop.objects.filter(
            code__in=(DEMO_WORKSHOP_CODE, PAPER_WORKSHOP_CODE)
        ).select_related("branch")
    }
    owner = (
        Representative.objects.filter(
            workshop__code=DEMO_WORKSHOP_CODE,
            user__national_code=EMPLOYER_NATIONAL_CODE,
            is_active=True,
        )
        .select_related("user")
        .first()
    )
    if (
        head is None
        or owner is None
        or len(workshops) != 2
        or not staff_memberships_for_user(user=head).filter(branch__code=BRANCH_CODE).exists()
    ):
        stdout.write("demo claims: the demo workshops, employer or staff head are missing\n")
        return
    employer = owner.user
    pars = workshops[DEMO_WORKSHOP_CODE]
    alborz = workshops[PAPER_WORKSHOP_CODE]

    # The oldest ruling first: its debt is the installment plan's, alone.
    plan_ruling = _served_ruling(stdout, head=head, workshop=pars, description=PLAN_RULING)
    _plan(stdout, employer=employer, workshop=pars, ruling=plan_ruling)
    _served_ruling(stdout, head=head, workshop=pars, description=OPEN_RULING)
    objected = _served_ruling(stdout, head=head, workshop=pars, description=OBJECTED_RULING)
    _objection_with_hearing(stdout, head=head, employer=employer, ruling=objected)
    _inspection(stdout, head=head, workshop=pars)
    _letter(stdout, head=head, workshop=pars)
    _clearance(stdout, employer=employer, workshop=pars)
    _served_ruling(stdout, head=head, workshop=alborz, description=PAPER_RULING)


def _served_ruling(stdout, *, head, workshop: Workshop, description: str) -> ClaimRuling:
    ruling = (
        ClaimRuling.objects.filter(workshop=workshop, description=description)
        .exclude(status=RulingStatus.CANCELLED)
        .first()
    )
    if ruling is None:
        ruling = ruling_issue_manual(
            staff_user=head,
            workshop=workshop,
            lines=RULINGS[description],
            legal_basis=DEFAULT_LEGAL_BASIS,
            description=description,
        )
    if ruling.status == RulingStatus.DRAFT and ruling.notice_id is None:
        ruling = ruling_serve(staff_user=head, ruling=ruling)
        how = "served" if ruling.status == RulingStatus.SERVED else "waiting for paper service"
        stdout.write(f"demo claims: ruling {ruling.number} at {workshop.code} {how}\n")
    return ruling


def _plan(stdout, *, employer, workshop: Workshop, ruling: ClaimRuling) -> None:
    """Agree a plan over the ruling (when the workshop has none) and pay its down payment."""
    plan = (
        InstallmentPlan.objects.filter(workshop=workshop, rulings=ruling)
        .order_by("-agreed_at", "-id")
        .first()
    )
    if plan is None:
        if InstallmentPlan.objects.filter(workshop=workshop).exists():
            return  # someone agreed one by hand: leave theirs alone
        proposal = installment_plan_proposal(workshop=workshop, today=timezone.localdate())
        if proposal.refusal is not None or not proposal.choices:
            stdout.write(f"demo claims: no installment plan ({proposal.refusal})\n")
            return
        percent = (
            PLAN_DOWN_PAYMENT_PERCENT
            if PLAN_DOWN_PAYMENT_PERCENT in proposal.choices
            else min(proposal.choices)
        )
        plan = installment_plan_agree(
            user=employer,
            workshop=workshop,
            down_payment_percent=percent,
            expected_total=proposal.total,
        )
        stdout.write(f"demo claims: installment plan of {plan.total} rial agreed\n")
    down_payment = plan.installments.filter(number=0, status=InstallmentStatus.DUE).first()
    if down_payment is None or installment_next_due(plan=plan) != down_payment:
        return
    payment = payment_start(user=employer, workshop=workshop, installment=down_payment)
    payment_callback(
        order_id=payment.order_id,
        data=sandbox_bank_result(order_id=payment.order_id, amount=payment.amount, paid=True),
    )
    stdout.write(f"demo claims: down payment paid ({payment.amount} rial)\n")


def _objection_with_hearing(stdout, *, head, employer, ruling: ClaimRuling) -> None:
    objection = Objection.objects.filter(ruling=ruling).order_by("id").first()
    if objection is None:
        if ruling.status != RulingStatus.SERVED:
            return
        objection = objection_file(user=employer, ruling=ruling, text=OBJECTION_TEXT)
        stdout.write(f"demo claims: objection {objection.tracking_code} filed\n")
    if objection.status == ObjectionStatus.REGISTERED:
        objection = objection_status_change(
            staff_user=head, objection=objection, status=ObjectionStatus.BEFORE_BOARD
        )
    if objection.status == ObjectionStatus.BEFORE_BOARD and objection.hearing_at is None:
        day = timezone.localdate() + datetime.timedelta(days=HEARING_IN_DAYS)
        hearing_at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(10, 0)), timezone.get_current_timezone()
        )
        objection_hearing_set(
            staff_user=head, objection=objection, hearing_at=hearing_at, place=HEARING_PLACE
        )
        stdout.write(f"demo claims: hearing of {objection.tracking_code} set and served\n")


def _inspection(stdout, *, head, workshop: Workshop) -> None:
    if (
        inspections_for_workshops(workshop_codes=[workshop.code])
        .filter(inspector_name=INSPECTOR)
        .exists()
    ):
        return
    inspected_on = timezone.localdate() - datetime.timedelta(days=10)
    month = to_jalali_date(inspected_on)
    notice = inspection_report_record(
        staff_user=head,
        workshop=workshop,
        inspected_on=inspected_on,
        inspector_name=INSPECTOR,
        reason="بازرسی دوره‌ای",
        findings=(
            "یک کارگر در خط بسته‌بندی مشغول کار بود که نام او در لیست ماه جاری کارگاه "
            "نیامده است؛ بقیه کارکنان با لیست مطابقت داشتند."
        ),
        workers_seen=5,
        result=VIOLATIONS,
        workers_not_listed=[
            WorkerFound(
                national_code=national_code_with_check_digit("451239990"),
                full_name="سعید پناهی",
                year=month.year,
                month=month.month,
                days=min(month.day, 20),
                daily_wage=3_463_656,
            )
        ],
    )
    stdout.write(f"demo claims: inspection report served (notice {notice.number})\n")


def _letter(stdout, *, head, workshop: Workshop) -> None:
    if Notice.objects.filter(
        workshop=workshop, kind=NoticeKind.LETTER, title=LETTER_SUBJECT
    ).exists():
        return
    notice = branch_letter_send(
        staff_user=head,
        workshop=workshop,
        subject=LETTER_SUBJECT,
        text=(
            "کارفرمای محترم، لیست و حق بیمه هر ماه تا پایان ماه بعد مهلت دارد. لطفاً لیست "
            "هر ماه را در موعد از بخش «لیست‌های ماهانه» ارسال کنید تا جریمه‌ای تعلق نگیرد."
        ),
        token=LETTER_FORM_KEY,
    )
    stdout.write(f"demo claims: letter {notice.number} served\n")


def _clearance(stdout, *, employer, workshop: Workshop) -> None:
    if ClearanceRequest.objects.filter(workshop=workshop, contract_number=CONTRACT_NUMBER).exists():
        return
    today = timezone.localdate()
    clearance = clearance_request_file(
        user=employer,
        workshop=workshop,
        kind=ClearanceKind.CONTRACT,
        contract_number=CONTRACT_NUMBER,
        contract_party="شرکت آب و فاضلاب استان تهران",
        contract_amount=4_800_000_000,
        contract_start=today - datetime.timedelta(days=200),
        contract_end=today - datetime.timedelta(days=20),
    )
    stdout.write(f"demo claims: clearance request {clearance.tracking_code} ({clearance.status})\n")
