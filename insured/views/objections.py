"""Objection pages: my objections, object to missing days, object to a missing record.

Filing creates a draft case in branches and sends the person to the branches
case page, where they upload the required documents and submit (a case without
them is saved and held, not forwarded).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches.registry import case_kind_label
from insured.forms.objections import MissingDaysForm, MissingRecordForm
from insured.selectors import insured_person_for_user
from insured.selectors.inquiries import (
    months_with_missing_days,
    objections_for_user,
    workshops_for_person,
)
from insured.services.objections import objection_missing_days_file, objection_missing_record_file
from tamin.core.exceptions import ApplicationError


def _no_person(request: HttpRequest) -> HttpResponse:
    return render(request, "insured/inquiries/no_person.html")


def add_service_error(form, exc: ApplicationError) -> None:
    """Show a service's Persian error on its field when the form has one, else on top."""
    field = exc.extra.get("field")
    form.add_error(field if field in form.fields else None, exc.message)


def _filed(request: HttpRequest, case) -> HttpResponse:
    messages.success(
        request,
        _("درخواست شما ثبت شد. مدارک لازم را بارگذاری و سپس آن را به شعبه ارسال کنید."),
    )
    return redirect("branches:my_case_detail", case.pk)


@require_GET
@login_required
def objections(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    cases = list(objections_for_user(user=request.user)[:50])
    for case in cases:
        case.kind_label = case_kind_label(case.kind)
    return render(
        request,
        "insured/objections/list.html",
        {"cases": cases, "missing": months_with_missing_days(person=person)[:24]},
    )


@require_http_methods(["GET", "POST"])
@login_required
def objection_missing_days(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    workshops = workshops_for_person(person=person)
    if request.method == "POST":
        form = MissingDaysForm(request.POST, workshops=workshops)
        if form.is_valid():
            try:
                case = objection_missing_days_file(
                    user=request.user, person=person, **form.cleaned_data
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                return _filed(request, case)
    else:
        # Prefilled from a "month with missing days" link of the objections page.
        form = MissingDaysForm(
            initial={
                key: request.GET[key]
                for key in ("workshop_code", "year", "month")
                if key in request.GET
            },
            workshops=workshops,
        )
    return render(
        request,
        "insured/objections/missing_days.html",
        {"form": form, "has_workshops": bool(workshops)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def objection_missing_record(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    form = MissingRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = objection_missing_record_file(
                user=request.user, person=person, **form.cleaned_data
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            return _filed(request, case)
    return render(request, "insured/objections/missing_record.html", {"form": form})
