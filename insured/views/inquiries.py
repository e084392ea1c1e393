"""Inquiry pages: identity and insurance number, active relationship, bank accounts,
electronic file (my requests and documents), workplace inspections and inspection requests.

The person is always the signed-in account's (`insured_person_for_user`); an
account without an insured record gets a page saying so. A bank account named
by id is looked up among the person's own (404 otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from insured.forms.inquiries import BankAccountForm, InspectionRequestForm
from insured.selectors import insured_person_for_user
from insured.selectors.inquiries import (
    bank_account_get_for_user,
    bank_accounts_for_person,
    efile_for_user,
    inspection_requests_for_user,
    inspections_for_person,
    relationship_for_person,
)
from insured.services.inquiries import bank_account_add, bank_account_deactivate
from insured.services.objections import inspection_request_file
from insured.views.objections import add_service_error
from tamin.core.exceptions import ApplicationError


def _no_person(request: HttpRequest) -> HttpResponse:
    return render(request, "insured/inquiries/no_person.html")


@require_GET
@login_required
def identity(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    return render(request, "insured/inquiries/identity.html", {"person": person})


@require_GET
@login_required
def relationship(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    return render(
        request,
        "insured/inquiries/relationship.html",
        {"person": person, "relationship": relationship_for_person(person=person)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def bank_accounts(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    form = BankAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = bank_account_add(
                person=person, actor=request.user, sheba=form.cleaned_data["sheba"]
            )
        except ApplicationError as exc:
            form.add_error("sheba", exc.message)
        else:
            messages.success(request, _("حساب %(bank)s ثبت شد.") % {"bank": account.bank_name})
            return redirect("insured:bank_accounts")
    return render(
        request,
        "insured/inquiries/bank_accounts.html",
        {"form": form, "accounts": list(bank_accounts_for_person(person=person))},
    )


@require_POST
@login_required
def bank_account_deactivate_view(request: HttpRequest, account_id: int) -> HttpResponse:
    account = bank_account_get_for_user(user=request.user, account_id=account_id)
    try:
        bank_account_deactivate(account=account, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("حساب غیرفعال شد."))
    return redirect("insured:bank_accounts")


@require_GET
@login_required
def efile(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    cases = efile_for_user(user=request.user)
    documents = [(case, document) for case in cases for document in case.documents.all()]
    return render(request, "insured/inquiries/efile.html", {"cases": cases, "documents": documents})


@require_GET
@login_required
def inspections(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    relationship_now = relationship_for_person(person=person)
    return render(
        request,
        "insured/inquiries/inspections.html",
        {
            "relationship": relationship_now,
            "inspections": list(inspections_for_person(person=person)[:50]),
            "requests": list(inspection_requests_for_user(user=request.user)[:20]),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def inspection_request(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    relationship_now = relationship_for_person(person=person)
    initial = {}
    if relationship_now.workshops:
        workshop = relationship_now.workshops[0]
        initial = {"workshop_code": workshop.code, "workshop_name": workshop.name}
    form = InspectionRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = inspection_request_file(user=request.user, person=person, **form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("درخواست بازرسی ثبت شد؛ آن را به شعبه ارسال کنید."))
            return redirect("branches:my_case_detail", case.pk)
    return render(request, "insured/inquiries/inspection_request.html", {"form": form})
