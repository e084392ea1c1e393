"""Reads of the inquiries area: active relationship, bank accounts, electronic file, inspections.

Every read takes the person from `insured_person_get_for_user` (404 for anyone
without an insured record); objects named by id are looked up within the person's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from branches.registry import case_kind_label
from branches.selectors.cases import case_list_for_applicant
from branches.selectors.inspections import inspections_for_workshops
from insured.models import BankAccount, ContributionRecord, InsuredPerson
from insured.services.objections import INSPECTION_REQUEST, MISSING_DAYS, MISSING_RECORD
from tamin.core.jalali import format_period, jalali_month_days, today_jalali

# "Active": the last recorded month is at most this many months before the current one
# (employers send a month's list during the next month, so a record always lags a little).
ACTIVE_WITHIN_MONTHS = 3
OBJECTION_KINDS = (MISSING_DAYS, MISSING_RECORD)


@dataclass(frozen=True)
class Workshop:
    code: str
    name: str


@dataclass(frozen=True)
class Relationship:
    is_active: bool
    last_year: int | None
    last_month: int | None
    workshops: tuple[Workshop, ...]  # the workshops of the last recorded month
    months_since: int | None
    active_within_months: int = ACTIVE_WITHIN_MONTHS

    @property
    def last_period_label(self) -> str:
        if self.last_year is None or self.last_month is None:
            return ""
        return format_period(self.last_year, self.last_month)


def relationship_for_person(*, person: InsuredPerson) -> Relationship:
    """The current workshop(s) and last month recorded; two short indexed queries."""
    current = ContributionRecord.objects.filter(person=person, is_current=True)
    last = current.order_by("-year", "-month").values("year", "month").first()
    if last is None:
        return Relationship(
            is_active=False, last_year=None, last_month=None, workshops=(), months_since=None
        )
    rows = (
        current.filter(year=last["year"], month=last["month"])
        .order_by("workshop_code")
        .values_list("workshop_code", "workshop_name")
    )
    today = today_jalali()
    months_since = (today.year - last["year"]) * 12 + (today.month - last["month"])
    return Relationship(
        is_active=months_since <= ACTIVE_WITHIN_MONTHS,
        last_year=last["year"],
        last_month=last["month"],
        workshops=tuple(Workshop(code, name) for code, name in rows),
        months_since=months_since,
    )


@dataclass(frozen=True)
class MissingDaysMonth:
    workshop_code: str
    workshop_name: str
    year: int
    month: int
    days: int
    month_days: int

    @property
    def period_label(self) -> str:
        return format_period(self.year, self.month)


def workshops_for_person(*, person: InsuredPerson) -> list[tuple[str, str]]:
    """(code, latest name) of every workshop in the person's current records; one query."""
    rows = (
        ContributionRecord.objects.filter(person=person, is_current=True)
        .order_by("workshop_code", "year", "month")
        .values_list("workshop_code", "workshop_name")
    )
    return sorted(dict(rows).items(), key=lambda item: item[1])


def months_with_missing_days(*, person: InsuredPerson) -> list[MissingDaysMonth]:
    """Recorded months with fewer days than the month has, newest first (one query)."""
    rows = (
        ContributionRecord.objects.filter(person=person, is_current=True)
        .order_by("-year", "-month", "workshop_code")
        .values_list("workshop_code", "workshop_name", "year", "month", "days")
    )
    return [
        MissingDaysMonth(code, name, year, month, days, jalali_month_days(year, month))
        for code, name, year, month, days in rows
        if days < jalali_month_days(year, month)
    ]


def bank_accounts_for_person(*, person: InsuredPerson) -> QuerySet[BankAccount]:
    return BankAccount.objects.filter(person=person).order_by("-is_active", "-created_at")


def bank_account_get_for_user(*, user, account_id: int) -> BankAccount:
    """One of the signed-in person's accounts; 404 for a missing or someone else's."""
    person = insured_person_get(user=user)
    account = BankAccount.objects.filter(pk=account_id, person=person).first()
    if account is None:
        raise Http404
    return account


def insured_person_get(*, user) -> InsuredPerson:
    from insured.selectors import insured_person_get_for_user

    return insured_person_get_for_user(user=user)


def efile_for_user(*, user) -> list:
    """The person's requests (newest first) with their documents prefetched; two queries."""
    cases = list(case_list_for_applicant(user=user).prefetch_related("documents"))
    for case in cases:
        case.kind_label = case_kind_label(case.kind)
    return cases


def objections_for_user(*, user):
    """The person's objections to the record (cases of the two objection kinds), newest first."""
    return case_list_for_applicant(user=user).filter(kind__in=OBJECTION_KINDS)


def inspection_requests_for_user(*, user):
    return case_list_for_applicant(user=user).filter(kind=INSPECTION_REQUEST)


def inspections_for_person(*, person: InsuredPerson):
    """Inspections at the workshop(s) of the person's last recorded month."""
    relationship = relationship_for_person(person=person)
    return inspections_for_workshops(workshop_codes=[w.code for w in relationship.workshops])
