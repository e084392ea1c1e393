"""Reads of clearance certificates (مفاصا حساب): what stands in the way of issuing one at
once, a workshop's requests, one request, and the state of its certificate's PDF.

`clearance_obstacles` is the rule of smart issuance (DOMAIN.md §5): a certificate is
issued at once only when every month from the workshop's start (or, when the start is
unknown, from its first list) up to the last month whose list deadline has passed has
a submitted list, and nothing is owed — no estimated debt (an unpaid list), no final
debt (what is still owed of a ruling) and no penalty, posted or accrued and not yet
posted. Each obstacle is a `ClearanceReason` with its Persian sentence; the request
stores them as data (`ClearanceRequest.reasons`) and the branch reads them on its case.

Access: a representative reaches a request only through `workshop_get_for_user`, so a
request of someone else's workshop is a 404 exactly like one that does not exist.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.selectors.cases import case_get_for_kind
from employers.models import ClaimRuling, ClearanceRequest, ClearanceStatus, Workshop
from employers.selectors.lists import monthly_lists_overview
from employers.selectors.money import LATE_PAYMENT, workshop_debt
from employers.selectors.workshops import workshop_get_for_user
from tamin.core.document_requests import PENDING_STALE_AFTER
from tamin.core.jalali import format_code, format_number, format_rial
from tamin.core.models import DocumentRequest

CLEARANCE_DOCUMENT_KIND = "employers.clearance"
CLEARANCE_CASE_KIND = "employer_clearance"

# Reason codes, stored with each reason (never shown to a person: the message is).
MISSING_MONTH = "missing_month"
START_UNKNOWN = "start_unknown"
LIST_DEBT = "list_debt"
RULING_DEBT = "ruling_debt"
PENALTY_DEBT = "penalty_debt"

DEBT_CODES = (LIST_DEBT, RULING_DEBT, PENALTY_DEBT)


@dataclass(frozen=True)
class ClearanceReason:
    """Why a certificate cannot be issued at once: one month, one debt, in one sentence."""

    code: str
    message: str
    year: int | None = None
    month: int | None = None
    amount: int | None = None
    ruling_id: int | None = None

    def as_data(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value is not None}


def _missing_months(*, workshop: Workshop, today: datetime.date) -> list[ClearanceReason]:
    """Months whose deadline has passed with no submitted list, oldest first."""
    overview = monthly_lists_overview(workshop=workshop, today=today)
    if workshop.started_on is None and not any(month.latest for month in overview):
        # No start date and no list: which months need a list cannot be known.
        return [
            ClearanceReason(
                code=START_UNKNOWN,
                message=_(
                    "تاریخ شروع فعالیت کارگاه ثبت نشده و هیچ لیستی از آن ارسال نشده است؛ "
                    "معلوم نیست لیست کدام ماه‌ها لازم است."
                ),
            )
        ]
    return [
        ClearanceReason(
            code=MISSING_MONTH,
            year=month.year,
            month=month.month,
            message=_("لیست ماه %(period)s ارسال نشده است.") % {"period": month.label},
        )
        for month in reversed(overview)
        if month.deadline < today and month.in_force is None
    ]


def _debts(*, workshop: Workshop, today: datetime.date) -> list[ClearanceReason]:
    """Every amount owed, by period: unpaid lists, each ruling still owed, penalties."""
    debt = workshop_debt(workshop=workshop, today=today)
    reasons = [
        ClearanceReason(
            code=LIST_DEBT,
            year=item.year,
            month=item.month,
            amount=item.outstanding,
            message=_("حق بیمهٔ لیست %(period)s: %(amount)s پرداخت نشده است.")
            % {"period": item.label, "amount": format_rial(item.outstanding)},
        )
        for item in debt.estimated.lists
    ]
    owed_rulings = {key: amount for key, amount in debt.rulings_unpaid.items() if amount > 0}
    numbers = dict(
        ClaimRuling.objects.filter(pk__in=[key for key in owed_rulings if key]).values_list(
            "pk", "number"
        )
    )
    for ruling_id, amount in owed_rulings.items():
        number = numbers.get(ruling_id)
        message = (
            _("حکم مطالباتی شمارهٔ %(number)s: %(amount)s پرداخت نشده است.")
            % {"number": format_code(number), "amount": format_rial(amount)}
            if number
            else _("بدهی قطعی (احکام مطالباتی): %(amount)s پرداخت نشده است.")
            % {"amount": format_rial(amount)}
        )
        reasons.append(
            ClearanceReason(code=RULING_DEBT, ruling_id=ruling_id, amount=amount, message=message)
        )
    lines_total = 0
    for line in debt.penalties:
        lines_total += line.outstanding
        what = (
            _("جریمهٔ دیرکرد پرداخت لیست %(period)s")
            if line.kind == LATE_PAYMENT
            else _("جریمهٔ عدم ارسال لیست %(period)s")
        ) % {"period": line.label}
        message = _("%(what)s: %(amount)s پرداخت نشده است.") % {
            "what": what,
            "amount": format_rial(line.outstanding),
        }
        if line.pending:
            message += " " + _("(%(pending)s از آن هنوز در گردش حساب ثبت نشده است.)") % {
                "pending": format_rial(line.pending)
            }
        reasons.append(
            ClearanceReason(
                code=PENALTY_DEBT,
                year=line.year,
                month=line.month,
                amount=line.outstanding,
                message=message,
            )
        )
    if debt.penalties_owed > lines_total:
        # Penalty rows posted without a period (by hand): owed all the same.
        rest = debt.penalties_owed - lines_total
        reasons.append(
            ClearanceReason(
                code=PENALTY_DEBT,
                amount=rest,
                message=_("جریمه‌های دیگر: %(amount)s پرداخت نشده است.")
                % {"amount": format_rial(rest)},
            )
        )
    return reasons


def clearance_obstacles(
    *, workshop: Workshop, today: datetime.date | None = None
) -> list[ClearanceReason]:
    """Why a certificate cannot be issued at once on `today` (empty: it can).

    Missing months first (oldest first), then the debts: unpaid lists by period,
    rulings still owed, penalties by period.
    """
    today = today or timezone.localdate()
    return _missing_months(workshop=workshop, today=today) + _debts(workshop=workshop, today=today)


def clearance_reasons_summary(*, reasons: list[dict[str, Any]]) -> str:
    """One clause saying why, from a request's stored reasons: «لیست ۲ ماه ارسال نشده
    است و کارگاه بدهی دارد»."""
    codes = [reason.get("code") for reason in reasons]
    parts = []
    missing = codes.count(MISSING_MONTH)
    if missing:
        parts.append(_("لیست %(n)s ماه ارسال نشده است") % {"n": format_number(missing)})
    if START_UNKNOWN in codes:
        parts.append(_("ماه‌هایی که لیست آن‌ها لازم است معلوم نیست"))
    if any(code in DEBT_CODES for code in codes):
        parts.append(_("کارگاه بدهی دارد"))
    return _(" و ").join(parts)


# --- requests ----------------------------------------------------------------------------


def clearances_for_workshop(*, workshop: Workshop) -> QuerySet[ClearanceRequest]:
    """The workshop's requests, newest first (one query, nothing per row)."""
    return (
        ClearanceRequest.objects.filter(workshop=workshop)
        .only(
            "id",
            "workshop_id",
            "kind",
            "tracking_code",
            "contract_number",
            "status",
            "document_id",
            "created_at",
        )
        .order_by("-created_at", "-id")
    )


def clearance_get_for_user(*, user, clearance_id: int) -> ClearanceRequest:
    """The request if `user` acts for its workshop; 404 when missing or someone else's."""
    workshop_id = (
        ClearanceRequest.objects.filter(pk=clearance_id)
        .values_list("workshop_id", flat=True)
        .first()
    )
    if workshop_id is None:
        raise Http404
    workshop = workshop_get_for_user(user=user, workshop_id=workshop_id)
    clearance = ClearanceRequest.objects.select_related("document", "notice").get(pk=clearance_id)
    clearance.workshop = workshop
    return clearance


def clearance_open_duplicate(
    *, workshop: Workshop, kind: str, contract_number: str
) -> ClearanceRequest | None:
    """A request of the same kind (and contract) still before the branch."""
    return (
        ClearanceRequest.objects.filter(
            workshop=workshop,
            kind=kind,
            contract_number=contract_number,
            status=ClearanceStatus.FORWARDED,
        )
        .order_by("-created_at")
        .first()
    )


@dataclass(frozen=True)
class BranchReview:
    """Where the branch's case of a forwarded request stands, as the employer reads it."""

    status_label: str
    reason: str  # the decision's or the request for information's reason (may be empty)
    branch_name: str
    due_date: datetime.date | None
    is_applicant: bool  # the case page (documents, answers) is the applicant's own
    case_id: int


def clearance_branch_review(*, clearance: ClearanceRequest, user) -> BranchReview | None:
    """The branch's side of a request that went to it (None when issued at once)."""
    if clearance.case_id is None:
        return None
    case = case_get_for_kind(case_id=clearance.case_id, kind=CLEARANCE_CASE_KIND)
    return BranchReview(
        status_label=str(case.get_status_display()),
        reason=case.status_reason,
        branch_name=case.branch.name,
        due_date=case.due_date,
        is_applicant=case.applicant_id == getattr(user, "pk", None),
        case_id=case.pk,
    )


# --- the certificate's PDF -----------------------------------------------------------------


@dataclass(frozen=True)
class CertificateState:
    """Where the PDF of an issued certificate stands (the detail page and its fragment)."""

    ready: bool
    pending: bool
    failure: str = ""


def clearance_document_requests(*, clearance: ClearanceRequest) -> QuerySet[DocumentRequest]:
    """The document requests made for this certificate's PDF, newest first."""
    return DocumentRequest.objects.filter(
        kind=CLEARANCE_DOCUMENT_KIND, parameters__clearance_id=clearance.pk
    ).order_by("-created_at", "-id")


def clearance_certificate_state(*, clearance: ClearanceRequest) -> CertificateState | None:
    """None unless the certificate is issued; then ready, being prepared, or failed."""
    if clearance.status != ClearanceStatus.ISSUED:
        return None
    if clearance.document_id is not None:
        return CertificateState(ready=True, pending=False)
    latest = clearance_document_requests(clearance=clearance).first()
    if latest is not None and latest.status == DocumentRequest.Status.PENDING:
        if latest.created_at > timezone.now() - PENDING_STALE_AFTER:
            return CertificateState(ready=False, pending=True)
        # Its message was lost (a flushed broker): the page offers to prepare it again.
        return CertificateState(
            ready=False,
            pending=False,
            failure=_("آماده‌سازی فایل گواهی بیش از حد طول کشید؛ دوباره درخواست کنید."),
        )
    failure = latest.failure if latest is not None else ""
    return CertificateState(ready=False, pending=False, failure=failure)
