"""Reads of payslips and of the account the pension is paid to (404 for anyone else's).

Every read starts from the signed-in account's national code: a payslip of another
person's pension answers 404, exactly like a missing one. The Sheba is shown masked
(`sheba_masked`: the first four and the last four characters).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from branches.selectors.cases import case_list_for_applicant
from pensioners.models import Payslip, PayslipRow
from pensioners.selectors.pensions import pensioner_for_user, pensions_for_user
from tamin.core.identifiers import normalize_sheba
from tamin.core.jalali import format_period

BANK_ACCOUNT_CHANGE = "pensioner_bank_account_change"  # the branch case kind
# Case statuses (branches' own values): a request in any other status is still open.
CASE_DECIDED = ("accepted", "rejected", "closed")

SHEBA_SHOWN = 4  # characters kept at each end
MASK = "…"


def sheba_masked(sheba: str) -> str:
    """«IR06…0003»: the first four and the last four characters of a Sheba."""
    value = normalize_sheba(sheba or "")
    if len(value) <= 2 * SHEBA_SHOWN:
        return MASK if value else ""
    return f"{value[:SHEBA_SHOWN]}{MASK}{value[-SHEBA_SHOWN:]}"


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.national_code)


def _payslips_of(user) -> QuerySet[Payslip]:
    """The payslips of the person's pensions (whose they are is `pensions_for_user`'s rule)."""
    return Payslip.objects.filter(pension__in=pensions_for_user(user=user).values("pk"))


def _with_rows(payslips: QuerySet[Payslip]) -> QuerySet[Payslip]:
    return payslips.select_related("pension__pensioner").prefetch_related(
        Prefetch("rows", queryset=PayslipRow.objects.order_by("position", "id"))
    )


def payslip_years_for_user(*, user) -> list[int]:
    """The Jalali years with at least one payslip of the person, newest first."""
    return list(_payslips_of(user).order_by("-year").values_list("year", flat=True).distinct())


def payslips_for_user(*, user, year: int) -> list[Payslip]:
    """The person's payslips of one year (every pension), newest month first: one query."""
    return list(
        _payslips_of(user)
        .filter(year=year)
        .select_related("pension")
        .order_by("-month", "pension__number")
    )


def payslip_get_for_user(*, user, payslip_id: int) -> Payslip:
    """One of the person's payslips with its rows, or 404 (never another person's)."""
    payslip = _with_rows(_payslips_of(user).filter(pk=payslip_id)).first()
    if payslip is None:
        raise Http404
    return payslip


def payslip_last_for_user(*, user) -> Payslip | None:
    """The person's latest payslip (any pension) with its rows: the app's and USSD's answer."""
    return _with_rows(_payslips_of(user).order_by("-year", "-month", "-id")).first()


@dataclass(frozen=True)
class LastPayslipCard:
    payslip_id: int
    period: str  # «آبان ۱۴۰۵»
    net: int


def payslip_last_card_for_user(*, user) -> LastPayslipCard | None:
    """The home page's card: the latest payslip's month and net (one query, no rows)."""
    latest = (
        _payslips_of(user)
        .order_by("-year", "-month", "-id")
        .values("id", "year", "month", "net")
        .first()
    )
    if latest is None:
        return None
    return LastPayslipCard(
        latest["id"], format_period(latest["year"], latest["month"]), latest["net"]
    )


@dataclass(frozen=True)
class PayslipSection:
    kind: str
    label: str
    rows: list[PayslipRow]
    total: int


def payslip_sections(*, payslip: Payslip) -> list[PayslipSection]:
    """The rows grouped payment / deduction / loan (empty groups left out), each with its total.

    Reads the prefetched rows of `payslip_get_for_user`; the totals are the payslip's own.
    """
    totals = {
        PayslipRow.Kind.PAYMENT: payslip.total_payments,
        PayslipRow.Kind.DEDUCTION: payslip.total_deductions,
        PayslipRow.Kind.LOAN: payslip.total_loans,
    }
    labels = {
        PayslipRow.Kind.PAYMENT: "پرداخت‌ها",
        PayslipRow.Kind.DEDUCTION: "کسور",
        PayslipRow.Kind.LOAN: "اقساط وام",
    }
    rows = list(payslip.rows.all())
    sections = []
    for kind in (PayslipRow.Kind.PAYMENT, PayslipRow.Kind.DEDUCTION, PayslipRow.Kind.LOAN):
        of_kind = [row for row in rows if row.kind == kind]
        if of_kind:
            sections.append(PayslipSection(str(kind), labels[kind], of_kind, totals[kind]))
    return sections


def payslip_adjustment_period(
    *, payslip: Payslip
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    if payslip.adjustment_from_year is None or payslip.adjustment_to_year is None:
        return None
    return (
        (payslip.adjustment_from_year, payslip.adjustment_from_month),
        (payslip.adjustment_to_year, payslip.adjustment_to_month),
    )


# --- the bank account ----------------------------------------------------------------------


def bank_account_open_request(*, user):
    """The person's account-change request still before the branch's decision, or None."""
    if not _signed_in(user):
        return None
    return (
        case_list_for_applicant(user=user)
        .filter(kind=BANK_ACCOUNT_CHANGE)
        .exclude(status__in=CASE_DECIDED)
        .first()
    )


@dataclass(frozen=True)
class ChangeRequest:
    case_id: int
    tracking_code: str
    status: str
    status_label: str
    is_open: bool
    sheba_masked: str
    bank_name: str
    created_at: Any
    due_date: Any
    reason: str


@dataclass(frozen=True)
class BankAccount:
    sheba_masked: str
    bank_name: str
    branch_name: str
    last_request: ChangeRequest | None  # the latest change request, open or decided

    @property
    def open_request(self) -> ChangeRequest | None:
        return self.last_request if self.last_request and self.last_request.is_open else None


def bank_account_for_user(*, user) -> BankAccount | None:
    """The account the person's pension is paid to (masked) and their latest change request."""
    pensioner = pensioner_for_user(user=user)
    if pensioner is None:
        return None
    case = case_list_for_applicant(user=user).filter(kind=BANK_ACCOUNT_CHANGE).first()
    request = None
    if case is not None:
        request = ChangeRequest(
            case_id=case.pk,
            tracking_code=case.tracking_code,
            status=case.status,
            status_label=case.get_status_display(),
            is_open=case.status not in CASE_DECIDED,
            sheba_masked=sheba_masked(case.payload.get("sheba", "")),
            bank_name=case.payload.get("bank_name", ""),
            created_at=case.created_at,
            due_date=case.due_date,
            reason=case.status_reason,
        )
    return BankAccount(
        sheba_masked=sheba_masked(pensioner.sheba),
        bank_name=pensioner.bank_name,
        branch_name=pensioner.branch.name,
        last_request=request,
    )
