"""Benefit pages: the benefits, one page per benefit (its check, amount with the working, and
request form), a request's own page, and «درخواست‌های من».

The check is a GET (it changes nothing): the facts in the query string, the result below
the form. When eligible, the request form posts the same facts back with the documents;
the service runs the rule again. A person not eligible sees the reasons and no request form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from insured.forms.benefits import BenefitRequestForm, facts_form
from insured.selectors import insured_person_for_user
from insured.selectors.benefits import (
    BENEFITS,
    MY_REQUESTS_PAGE_SIZE,
    benefit_assess,
    benefit_get,
    benefit_request_case,
    benefit_request_get_for_user,
    fact_rows,
    facts_payload,
    insured_requests_for_user,
    my_requests_rows,
    payment_accounts_for_person,
)
from insured.services.benefits import benefit_request_file
from insured.views.objections import add_service_error
from tamin.core.exceptions import ApplicationError


def _no_person(request: HttpRequest) -> HttpResponse:
    return render(request, "insured/inquiries/no_person.html")


@require_GET
@login_required
def benefits(request: HttpRequest) -> HttpResponse:
    if insured_person_for_user(user=request.user) is None:
        return _no_person(request)
    return render(request, "insured/benefits/index.html", {"benefits": BENEFITS.values()})


def _assess(form, *, person, kind: str):
    """The assessment of a valid facts form, or None (its error shown on the form)."""
    if not form.is_valid():
        return None
    try:
        return benefit_assess(person=person, kind=kind, facts=form.cleaned_data)
    except ApplicationError as exc:
        add_service_error(form, exc)
        return None


def _request_error(request_form: BenefitRequestForm, exc: ApplicationError) -> None:
    field = exc.extra.get("field")
    name = field if field in request_form.fields else f"doc_{field}"
    request_form.add_error(name if name in request_form.fields else None, exc.message)


@require_http_methods(["GET", "POST"])
@login_required
def benefit_page(request: HttpRequest, kind: str) -> HttpResponse:
    benefit = benefit_get(kind)
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    accounts = payment_accounts_for_person(person=person)
    status = 200
    if request.method == "POST":
        form = facts_form(kind, request.POST)
        request_form = BenefitRequestForm(
            request.POST, request.FILES, benefit=benefit, accounts=accounts
        )
        assessment = _assess(form, person=person, kind=kind)
        if assessment is not None and assessment.eligible and request_form.is_valid():
            try:
                row = benefit_request_file(
                    user=request.user,
                    person=person,
                    kind=kind,
                    facts=form.cleaned_data,
                    documents=request_form.documents(),
                    bank_account_id=request_form.cleaned_data["bank_account"],
                )
            except ApplicationError as exc:
                if exc.code == "benefit_not_eligible":  # changed since the check
                    assessment = benefit_assess(person=person, kind=kind, facts=form.cleaned_data)
                else:
                    _request_error(request_form, exc)
            else:
                return _filed(request, row)
        status = 400
    else:
        checked = bool(request.GET)
        form = facts_form(kind, request.GET if checked else None)
        assessment = _assess(form, person=person, kind=kind) if checked else None
        request_form = BenefitRequestForm(benefit=benefit, accounts=accounts)
        if checked and assessment is None:
            status = 400
    context = {
        "benefit": benefit,
        "form": form,
        "assessment": assessment,
        "facts": (fact_rows(kind=kind, payload=facts_payload(assessment)) if assessment else ()),
        "request_form": request_form,
        "accounts": accounts,
    }
    return render(request, "insured/benefits/benefit.html", context, status=status)


def _filed(request: HttpRequest, row) -> HttpResponse:
    case = benefit_request_case(user=request.user, row=row)
    if case.status == "submitted":
        messages.warning(
            request,
            _(
                "درخواست شما ثبت شد اما تا بارگذاری همه مدارک لازم به شعبه ارسال نمی‌شود. "
                "مدارک را از صفحه پرونده بارگذاری کنید."
            ),
        )
    else:
        messages.success(request, _("درخواست شما با مدارک آن به شعبه ارسال شد."))
    return redirect("insured:benefit_request", row.pk)


@require_GET
@login_required
def benefit_request(request: HttpRequest, request_id: int) -> HttpResponse:
    row = benefit_request_get_for_user(user=request.user, request_id=request_id)
    case = benefit_request_case(user=request.user, row=row)
    benefit = BENEFITS[row.kind]
    present = set(case.documents.values_list("document_type", flat=True))
    missing = [label for key, label in benefit.documents if key not in present]
    context = {
        "row": row,
        "case": case,
        "benefit": benefit,
        "facts": fact_rows(kind=row.kind, payload=case.payload),
        "missing": missing,
        "held": case.status == "submitted",
    }
    return render(request, "insured/benefits/request.html", context)


@require_GET
@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    if insured_person_for_user(user=request.user) is None:
        return _no_person(request)
    page = Paginator(insured_requests_for_user(user=request.user), MY_REQUESTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "insured/benefits/my_requests.html",
        {"page": page, "rows": my_requests_rows(cases=page.object_list)},
    )
