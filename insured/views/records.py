"""Record pages (سوابق): summary, one year's months, combined records, job titles.

Dashboard links wanted (added by the OBJECTIONS/INQUIRIES helper in insured/apps.py):
* «سوابق بیمه‌ای» → insured:records (role insured).

Thin views: the person is always `insured_person_for_user(user=request.user)`;
an account with no insured person gets a kind page (200) saying no record is
linked to its national code, and nothing of anyone else is ever reachable.
A year out of range answers 404 with a Persian message.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from insured.selectors import insured_person_for_user
from insured.selectors.records import (
    DAYS_PER_YEAR,
    FIRST_YEAR,
    WAGE_SHOWN_FROM_YEAR,
    contribution_record_history,
    contribution_record_summary,
    contribution_record_year,
    insured_person_with_record_version_for_user,
    record_year_is_valid,
)
from tamin.core.identifiers import normalize_digits
from tamin.core.jalali import persian_digits, today_jalali


def _records_cache(person) -> dict:
    """What the templates' `{% cache %}` of the record tables is keyed by: the person (id
    and national code, so a database restored from a backup never reuses another person's
    entry) and their records' version (read with the person,
    `insured_person_with_record_version_for_user`), so a new list, ruling or correction
    shows at once."""
    return {
        "records_key": f"{person.pk}:{person.national_code}:{person.record_version}",
        "records_cache_seconds": settings.RECORD_PAGES_CACHE_SECONDS,
    }


def _no_person(request: HttpRequest) -> HttpResponse:
    return render(request, "insured/records/no_person.html")


def _summary_page(request: HttpRequest, template: str) -> HttpResponse:
    person = insured_person_with_record_version_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    # Computed only when the page's cached fragment is missing (_records_cache).
    summary = SimpleLazyObject(lambda: contribution_record_summary(person=person))
    return render(
        request,
        template,
        {
            "person": person,
            "summary": summary,
            "wage_from": WAGE_SHOWN_FROM_YEAR,
            "days_per_year": DAYS_PER_YEAR,
            **_records_cache(person),
        },
    )


@require_GET
@login_required
def records(request: HttpRequest) -> HttpResponse:
    return _summary_page(request, "insured/records/summary.html")


@require_GET
@login_required
def records_combined(request: HttpRequest) -> HttpResponse:
    return _summary_page(request, "insured/records/combined.html")


@require_GET
@login_required
def job_titles(request: HttpRequest) -> HttpResponse:
    return _summary_page(request, "insured/records/job_titles.html")


def _year_out_of_range(request: HttpRequest, year: int) -> HttpResponse:
    message = _("سال %(year)s خارج از بازه سوابق است؛ سالی بین %(first)s و %(last)s بخواهید.") % {
        "year": persian_digits(year),
        "first": persian_digits(FIRST_YEAR),
        "last": persian_digits(today_jalali().year),
    }
    return render(request, "insured/records/bad_period.html", {"message": message}, status=404)


@require_GET
@login_required
def records_year(request: HttpRequest, year: int) -> HttpResponse:
    person = insured_person_with_record_version_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    if not record_year_is_valid(year):
        return _year_out_of_range(request, year)
    detail = SimpleLazyObject(lambda: contribution_record_year(person=person, year=year))
    return render(
        request,
        "insured/records/year.html",
        {
            "person": person,
            "year": year,
            "detail": detail,
            **_records_cache(person),
            "wage_from": WAGE_SHOWN_FROM_YEAR,
            "previous_year": year - 1 if record_year_is_valid(year - 1) else None,
            "next_year": year + 1 if record_year_is_valid(year + 1) else None,
        },
    )


@require_GET
@login_required
def record_history(request: HttpRequest, year: int, month: int, workshop_code: str) -> HttpResponse:
    """Every version of one month at one workshop (how a correction changed it)."""
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    if not record_year_is_valid(year) or not 1 <= month <= 12:
        return _year_out_of_range(request, year)
    versions = contribution_record_history(
        person=person,
        workshop_code=normalize_digits(workshop_code),
        year=year,
        month=month,
    )
    return render(
        request,
        "insured/records/history.html",
        {"person": person, "versions": versions, "current": versions[0]},
    )
