"""Calculator pages (ماشین‌حساب‌ها): what the rules would give the signed-in person, with
the working. GET only: a calculator changes nothing.

Thin views: the person is always the signed-in account's own (`insured_person_for_user`);
an account with no insured person gets the kind "no record" page, and nothing takes a
person id. A form that does not validate answers 400 with its Persian messages and
computes nothing.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from insured.forms.calculators import (
    MarriageCalculatorForm,
    MilitaryCalculatorForm,
    PensionCalculatorForm,
    SicknessCalculatorForm,
)
from insured.selectors import insured_person_for_user
from insured.selectors.calculators import (
    marriage_estimate_for_person,
    military_estimate_for_person,
    pension_estimate_for_person,
    sickness_estimate_for_person,
)
from tamin.core.jalali import format_number, format_period


def _no_person(request: HttpRequest) -> HttpResponse:
    return render(request, "insured/records/no_person.html")


def _form(form_class, request: HttpRequest, **kwargs):
    """The calculator's form, bound only when the person asked (a field is in the query)."""
    asked = any(name in request.GET for name in form_class.base_fields)
    return form_class(request.GET if asked else None, **kwargs)


def _benefit_page(
    request: HttpRequest, *, form_class, template: str, compute, dated: bool = False
) -> HttpResponse:
    """A benefit calculator: the empty form, or the rule's answer for the person's input
    (400 with the form's Persian messages, nothing computed, when the input is refused)."""
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    # a dated form refuses a date before the person's birth
    form = _form(form_class, request, **({"birth_date": person.birth_date} if dated else {}))
    if not form.is_bound:
        return render(request, template, {"form": form, "estimate": None})
    if not form.is_valid():
        return render(request, template, {"form": form, "estimate": None}, status=400)
    estimate = compute(person=person, **form.cleaned_data)
    return render(
        request, template, {"form": form, "estimate": estimate, "result": estimate.result}
    )


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    return render(request, "insured/calculators/index.html", {"person": person})


@require_GET
@login_required
def pension(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    form = _form(PensionCalculatorForm, request)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "insured/calculators/pension.html",
            {"form": form, "estimate": None},
            status=400,
        )
    added_days = form.cleaned_data["added_days"] if form.is_bound else 0
    estimate = pension_estimate_for_person(person=person, added_days=added_days)
    result = estimate.result
    return render(
        request,
        "insured/calculators/pension.html",
        {
            "form": form,
            "estimate": estimate,
            "result": result,
            "years": None
            if result is None
            else format_number(Decimal(result.years_hundredths) / 100, places=2),
            "added_days": added_days,
            "walked": []
            if result is None
            else [(format_period(m.year, m.month), m) for m in result.average.months],
        },
    )


@require_GET
@login_required
def pension_file(request: HttpRequest) -> HttpResponse:
    """The history of the calculation as the JSON file `manage.py pension compute` reads."""
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    form = _form(PensionCalculatorForm, request)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "insured/calculators/pension.html",
            {"form": form, "estimate": None},
            status=400,
        )
    added_days = form.cleaned_data["added_days"] if form.is_bound else 0
    estimate = pension_estimate_for_person(person=person, added_days=added_days)
    body = json.dumps(estimate.file, ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    on = estimate.on
    response["Content-Disposition"] = (
        f'attachment; filename="pension-calculator-{on.year:04d}{on.month:02d}{on.day:02d}.json"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def marriage(request: HttpRequest) -> HttpResponse:
    return _benefit_page(
        request,
        form_class=MarriageCalculatorForm,
        template="insured/calculators/marriage.html",
        compute=marriage_estimate_for_person,
        dated=True,
    )


@require_GET
@login_required
def military(request: HttpRequest) -> HttpResponse:
    return _benefit_page(
        request,
        form_class=MilitaryCalculatorForm,
        template="insured/calculators/military.html",
        compute=military_estimate_for_person,
    )


@require_GET
@login_required
def sickness(request: HttpRequest) -> HttpResponse:
    return _benefit_page(
        request,
        form_class=SicknessCalculatorForm,
        template="insured/calculators/sickness.html",
        compute=sickness_estimate_for_person,
        dated=True,
    )
