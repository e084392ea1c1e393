"""The claims demo: every claims page the demo people reach from a dashboard has something
real to show, made through the services; running it twice adds nothing."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import Case, Inspection
from employers.demo import claims as demo_claims
from employers.demo import lists as demo_lists
from employers.demo import money as demo_money
from employers.demo import workshops as demo_workshops
from employers.models import (
    ClaimRuling,
    ClearanceRequest,
    ClearanceStatus,
    Installment,
    InstallmentPlan,
    InstallmentStatus,
    LedgerEntry,
    Notice,
    NoticeDelivery,
    NoticeKind,
    Objection,
    ObjectionStatus,
    Payment,
    PaymentStatus,
    PlanStatus,
    RulingStatus,
    Workshop,
)
from employers.selectors.money import workshop_debt
from notifications.models import Notification
from tamin.accounts.models import User

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            ClaimRuling,
            Notice,
            Objection,
            Inspection,
            InstallmentPlan,
            Installment,
            Payment,
            LedgerEntry,
            ClearanceRequest,
            Case,
            Notification,
        )
    }


@pytest.fixture
def seeded(settings, tmp_path) -> dict[str, int]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    from branches.demo import directory as demo_directory
    from insured.demo import records as insured_demo
    from tamin.accounts.demo import accounts as accounts_demo

    out = io.StringIO()
    for module in (
        accounts_demo,
        demo_directory,
        insured_demo,
        demo_workshops,
        demo_lists,
        demo_money,
    ):
        module.seed(out)
    demo_claims.seed(out)
    first = _counts()
    demo_claims.seed(out)
    return first


def test_the_claims_demo_seeds_each_page_once(seeded, client):
    # nothing doubled on the second run
    assert _counts() == seeded
    pars = Workshop.objects.get(code=demo_lists.DEMO_WORKSHOP_CODE)
    alborz = Workshop.objects.get(code=demo_claims.PAPER_WORKSHOP_CODE)
    today = timezone.localdate()

    # three rulings served to the inbox of «شرکت نمونه پارس»
    rulings = {r.description: r for r in ClaimRuling.objects.filter(workshop=pars)}
    assert set(rulings) == {
        demo_claims.PLAN_RULING,
        demo_claims.OPEN_RULING,
        demo_claims.OBJECTED_RULING,
    }
    for ruling in rulings.values():
        assert ruling.notice.delivery == NoticeDelivery.ELECTRONIC
        assert ruling.notice.served_at is not None
    # one still open to objection
    open_ruling = rulings[demo_claims.OPEN_RULING]
    assert open_ruling.status == RulingStatus.SERVED
    assert open_ruling.notice.respond_until >= today
    assert not Objection.objects.filter(ruling=open_ruling).exists()
    # one objected to, before the board with its hearing served as a notice
    objection = Objection.objects.get(ruling=rulings[demo_claims.OBJECTED_RULING])
    assert objection.status == ObjectionStatus.HEARING_SET
    assert objection.hearing_at.date() > today
    assert objection.hearing_notice.kind == NoticeKind.HEARING
    assert objection.hearing_notice.served_at is not None
    assert Case.objects.filter(tracking_code=objection.tracking_code).exists()
    # the third in an active plan whose down payment the sandbox bank paid
    plan = InstallmentPlan.objects.get(workshop=pars)
    assert plan.status == PlanStatus.ACTIVE
    assert list(plan.rulings.all()) == [rulings[demo_claims.PLAN_RULING]]
    assert plan.total >= 10_000_000
    down_payment = plan.installments.get(number=0)
    assert down_payment.status == InstallmentStatus.PAID
    paid = Payment.objects.get(installment=down_payment)
    assert paid.amount == down_payment.amount
    assert paid.status == PaymentStatus.PAID
    assert plan.installments.filter(status=InstallmentStatus.DUE).count() == plan.installment_count
    # the final debt is the two other rulings and what the plan still owes
    assert workshop_debt(workshop=pars, today=today).final == (
        open_ruling.total + objection.ruling.total + plan.total - down_payment.amount
    )

    # an inspection report with a worker on no list, served; a letter from the branch
    inspection = Inspection.objects.get(workshop_code=pars.code)
    assert len(inspection.workers_not_listed) == 1
    assert Notice.objects.get(inspection=inspection, kind=NoticeKind.INSPECTION).served_at
    assert Notice.objects.filter(workshop=pars, kind=NoticeKind.LETTER).count() == 1
    # a clearance request for a contract, forwarded with its reasons
    clearance = ClearanceRequest.objects.get(workshop=pars)
    assert clearance.status == ClearanceStatus.FORWARDED
    assert clearance.reasons

    # «کارگاه تولیدی البرز» has one ruling waiting for paper service
    paper = ClaimRuling.objects.get(workshop=alborz)
    assert paper.description == demo_claims.PAPER_RULING
    assert paper.notice.delivery == NoticeDelivery.PAPER
    assert paper.notice.served_at is None

    # the demo employer was told by SMS and by e-mail of each notice served, once
    employer = User.objects.get(national_code=demo_workshops.EMPLOYER_NATIONAL_CODE)
    told = Notification.objects.filter(user=employer, template_key="employer_notice_served")
    served = Notice.objects.filter(workshop=pars, served_at__isnull=False).count()
    assert served == 6  # three rulings, the hearing, the inspection report, the letter
    assert told.filter(channel="sms").count() == served
    assert told.filter(channel="email", to_address=employer.email).count() == served

    # and the pages show them: the employer's objections and installments …
    client.force_login(employer)
    page = client.get(reverse("employers:objections")).content.decode()
    assert reverse("employers:objection_file", args=[open_ruling.pk]) in page
    assert reverse("employers:objection_detail", args=[objection.pk]) in page
    page = client.get(reverse("employers:installments", args=[pars.pk])).content.decode()
    assert reverse("employers:installment_plan", args=[plan.pk]) in page
    # … and the staff head's paper queue
    client.force_login(User.objects.get(national_code=demo_workshops.STAFF_HEAD_NATIONAL_CODE))
    page = client.get(reverse("employers:staff_paper_notices")).content.decode()
    assert reverse("employers:staff_notice", args=[paper.notice_id]) in page
