"""Medical-claim pages (اسناد پزشکی). Thin views.

The insured person: my claims, choose an agency accepting medical documents (by province,
city or name, as in the directory), the claim with its invoice and prescription, one claim
(404 for anyone else's). A claim filed without both documents is saved and held; the
person uploads the rest on the request's page (branches' «درخواست‌های من»).

The agency's staff: the decision page of a claim of their agency (404 for anyone else),
linked from the staff case page in place of its generic decision form.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches.registry import case_kind_get
from insured.forms.medical_claims import (
    AgencySearchForm,
    MedicalClaimDecisionForm,
    MedicalClaimForm,
)
from insured.selectors import insured_person_for_user
from insured.selectors.medical_claims import (
    agencies_accepting_medical_documents,
    agency_accepting_medical_documents,
    medical_claim_get_for_person,
    medical_claim_get_for_staff,
    medical_claim_working,
    medical_claims_for_person,
)
from insured.services.medical_claims import MEDICAL_CLAIM, medical_claim_decide, medical_claim_file
from insured.views.objections import add_service_error
from tamin.core.exceptions import ApplicationError

AGENCY_PAGE_SIZE = 20
CLAIMS_SHOWN = 100


def _no_person(request: HttpRequest) -> HttpResponse:
    return render(request, "insured/inquiries/no_person.html")


def _missing_documents(claim, documents) -> list[str]:
    present = {document.document_type for document in documents}
    return [
        label
        for key, label in case_kind_get(MEDICAL_CLAIM).required_documents
        if key not in present
    ]


# --- the insured person ---------------------------------------------------------------------


@require_GET
@login_required
def medical_claims(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    claims = list(medical_claims_for_person(person=person)[:CLAIMS_SHOWN])
    return render(request, "insured/medical_claims/list.html", {"claims": claims})


@require_GET
@login_required
def medical_claim_agencies(request: HttpRequest) -> HttpResponse:
    """Choose the agency: those accepting medical documents, by province, city or name."""
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    form = AgencySearchForm(request.GET)
    filters = form.filters()
    agencies = agencies_accepting_medical_documents(**filters)
    page = Paginator(agencies, AGENCY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = {key: value for key, value in filters.items() if value}
    return render(
        request,
        "insured/medical_claims/agencies.html",
        {"form": form, "page": page, "query": urlencode(query), "filtered": bool(query)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def medical_claim_new(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    code = (request.POST if request.method == "POST" else request.GET).get("agency", "")
    agency = agency_accepting_medical_documents(code=code)
    if request.method == "GET" and agency is None:
        messages.error(
            request,
            _("کارگزاری انتخاب‌شده اسناد پزشکی نمی‌پذیرد یا پیدا نشد؛ از این فهرست برگزینید."),
        )
        return redirect("insured:medical_claim_agencies")
    if request.method == "POST":
        form = MedicalClaimForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                claim = medical_claim_file(
                    user=request.user,
                    person=person,
                    agency_code=data["agency"],
                    service_kind=data["service_kind"],
                    expense_date=data["expense_date"],
                    amount_claimed=data["amount_claimed"],
                    description=data["description"],
                    invoice=data["invoice"],
                    prescription=data["prescription"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                if claim.case.status == "forwarded":
                    messages.success(request, _("سند پزشکی شما ثبت و برای کارگزاری فرستاده شد."))
                else:
                    messages.warning(
                        request,
                        _("سند ثبت شد اما تا بارگذاری مدارک لازم برای کارگزاری فرستاده نمی‌شود."),
                    )
                return redirect("insured:medical_claim_detail", claim_id=claim.pk)
        status = 400
    else:
        form = MedicalClaimForm(initial={"agency": agency.code})
        status = 200
    return render(
        request, "insured/medical_claims/new.html", {"form": form, "agency": agency}, status=status
    )


@require_GET
@login_required
def medical_claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    claim = medical_claim_get_for_person(person=person, claim_id=claim_id)
    documents = list(claim.case.documents.all())
    return render(
        request,
        "insured/medical_claims/detail.html",
        {
            "claim": claim,
            "case": claim.case,
            "documents": documents,
            "kind": case_kind_get(MEDICAL_CLAIM),
            "missing": _missing_documents(claim, documents),
            "working": medical_claim_working(claim=claim),
        },
    )


# --- the agency's staff -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def medical_claim_decide_page(request: HttpRequest, case_id: int) -> HttpResponse:
    claim = medical_claim_get_for_staff(user=request.user, case_id=case_id, request=request)
    form = MedicalClaimDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                medical_claim_decide(
                    actor=request.user,
                    case_id=claim.case_id,
                    accepted=data["decision"] == MedicalClaimDecisionForm.ACCEPT,
                    amount_approved=data["amount_approved"],
                    note=data["note"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("تصمیم ثبت شد و به بیمه‌شده اطلاع داده شد."))
                return redirect("branches:case_detail_staff", case_id=claim.case_id)
        status = 400
    documents = list(claim.case.documents.all())
    return render(
        request,
        "insured/medical_claims/decide.html",
        {
            "claim": claim,
            "case": claim.case,
            "documents": documents,
            "kind": case_kind_get(MEDICAL_CLAIM),
            "may_decide": claim.case.status in ("forwarded", "under_review"),
            "form": form,
        },
        status=status,
    )
