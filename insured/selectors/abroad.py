"""Reads of the insurance of Iranians abroad: the applicant as the account gives them, the
packages in force and each one's quote for them (with its working), the branches a request
may go to, and a person's own requests (404 for anyone else's).

Anyone signed in may read these: the applicant need not be insured yet. The quote is the
pure rule `tamin.rules.benefits.abroad_premium` over the packages of the Jalali year of the
day (`tamin.rules.benefit_figures.abroad_packages`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.selectors.directory import branch_search
from insured.models.abroad import AbroadRequest
from tamin.core.jalali import to_jalali_date
from tamin.rules.benefit_figures import abroad_packages
from tamin.rules.benefits import AbroadPackageTerms, AbroadQuote, abroad_premium

# The default branch of a request, when the applicant picks none: the active main branch
# (not a satellite) of the lowest code in the city of this name (docs/benefits.md).
DEFAULT_BRANCH_CITY = "تهران"
MAIN_BRANCH = "branch"


@dataclass(frozen=True)
class AbroadApplicant:
    """What the account says of the applicant; `missing` says in Persian what it lacks."""

    national_code: str
    first_name: str
    last_name: str
    birth_date: dt.date | None
    missing: tuple[str, ...]

    @property
    def can_apply(self) -> bool:
        return not self.missing


def abroad_applicant_for_user(*, user) -> AbroadApplicant:
    missing = []
    if not user.birth_date:
        missing.append(_("تاریخ تولد در حساب کاربری شما ثبت نشده است."))
    if not (user.first_name or "").strip() or not (user.last_name or "").strip():
        missing.append(_("نام و نام خانوادگی در حساب کاربری شما ثبت نشده است."))
    return AbroadApplicant(
        national_code=user.national_code,
        first_name=(user.first_name or "").strip(),
        last_name=(user.last_name or "").strip(),
        birth_date=user.birth_date,
        missing=tuple(missing),
    )


def abroad_year(*, on: dt.date | None = None) -> int:
    """The Jalali year whose packages apply on the day."""
    return to_jalali_date(on or timezone.localdate()).year


def abroad_packages_in_force(*, on: dt.date | None = None) -> tuple[AbroadPackageTerms, ...]:
    return abroad_packages(year=abroad_year(on=on))


def abroad_quote(
    *, applicant: AbroadApplicant, package: AbroadPackageTerms, on: dt.date | None = None
) -> AbroadQuote | None:
    """The package's quote for the applicant on the day; None without a birth date."""
    on = on or timezone.localdate()
    if applicant.birth_date is None or applicant.birth_date > on:
        return None
    return abroad_premium(
        birth_date=applicant.birth_date,
        on=on,
        package=package,
        min_age=package.min_age,
        max_age=package.max_age,
    )


def abroad_quotes_for_user(*, user, on: dt.date | None = None) -> list[AbroadQuote]:
    """A quote per package in force (one query), cheapest first; [] without a birth date."""
    applicant = abroad_applicant_for_user(user=user)
    quotes = [
        abroad_quote(applicant=applicant, package=package, on=on)
        for package in abroad_packages_in_force(on=on)
    ]
    return [quote for quote in quotes if quote is not None]


def abroad_quote_for_user(*, user, package_code: str, on: dt.date | None = None) -> AbroadQuote:
    """One package's quote for the account; 404 for a package not in force (or no birth date)."""
    for quote in abroad_quotes_for_user(user=user, on=on):
        if quote.package.code == package_code:
            return quote
    raise Http404


# --- branches -------------------------------------------------------------------------------


def abroad_branches() -> QuerySet:
    """The branches a request may go to: active main branches (satellites do not take it)."""
    return branch_search(kind=MAIN_BRANCH).order_by("province__name", "city__name", "code")


def abroad_default_branch_code(branches=None) -> str | None:
    """The lowest-code active main branch of the city DEFAULT_BRANCH_CITY, else the first
    active main branch; None when there is none."""
    branches = list(abroad_branches() if branches is None else branches)
    in_city = sorted(
        (branch for branch in branches if branch.city.name == DEFAULT_BRANCH_CITY),
        key=lambda branch: branch.code,
    )
    chosen = in_city[0] if in_city else (branches[0] if branches else None)
    return chosen.code if chosen else None


# --- requests -------------------------------------------------------------------------------


def abroad_requests_for_user(*, user) -> QuerySet[AbroadRequest]:
    """The account's own requests, newest first, with case and branch (one query)."""
    if not getattr(user, "is_authenticated", False):
        return AbroadRequest.objects.none()
    return (
        AbroadRequest.objects.filter(applicant=user)
        .select_related("case__branch", "person")
        .order_by("-created_at", "-pk")
    )


def abroad_request_get_for_user(*, user, request_id: int) -> AbroadRequest:
    """The account's own request; 404 for a missing one and for anyone else's alike."""
    request = abroad_requests_for_user(user=user).filter(pk=request_id).first()
    if request is None:
        raise Http404
    return request


def abroad_request_is_open(request: AbroadRequest) -> bool:
    return request.case.status not in ("accepted", "rejected", "closed")
