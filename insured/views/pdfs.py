"""Downloads of the contribution record PDF and the declaration letter; the average wage page.

Dashboard links wanted (added by the OBJECTIONS/INQUIRIES helper in insured/apps.py):
* «دریافت PDF سوابق» → insured:records_pdf (role insured);
* «اعلام سابقه به سازمان‌ها» → insured:declaration_new (role insured);
* «میانگین دستمزد دو سال آخر» → insured:average_wage (role insured).

Thin views: the person is always the signed-in account's own
(`insured_person_get_for_user`, 404 otherwise); nothing takes a person id.
The PDFs are prepared by a worker: the views start a document request and send the
person to its "being prepared" page (tamin/core/document_views.py), or straight to
the download when a stored copy of the same content exists.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from insured.forms.pdfs import DeclarationForm
from insured.selectors import insured_person_for_user, insured_person_get_for_user
from insured.selectors.average_wage import average_wage_for_person
from insured.services.pdfs import (
    declaration_letter_request,
    records_pdf_request,
)
from tamin.core.document_requests import document_request_usable
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_period
from tamin.core.models import DocumentRequest


def _to_document(document_request: DocumentRequest) -> HttpResponse:
    if document_request_usable(document_request):
        return redirect("document_request_download", request_id=document_request.pk)
    return redirect("document_request", request_id=document_request.pk)


@require_GET
@login_required
def records_pdf(request: HttpRequest) -> HttpResponse:
    person = insured_person_get_for_user(user=request.user)
    return _to_document(records_pdf_request(person=person, user=request.user))


@require_http_methods(["GET", "POST"])
@login_required
def declaration_new(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return render(request, "insured/records/no_person.html")
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document_request = declaration_letter_request(
                person=person,
                user=request.user,
                institution=form.cleaned_data["institution"],
                purpose=form.cleaned_data["purpose"],
            )
        except ApplicationError as error:
            form.add_error(error.extra.get("field"), error.message)
        else:
            return _to_document(document_request)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "insured/pdfs/declaration_form.html",
        {"form": form, "person": person},
        status=status,
    )


@require_GET
@login_required
def average_wage(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return render(request, "insured/records/no_person.html")
    result = average_wage_for_person(person=person)
    rows = [(format_period(m.year, m.month), m) for m in result.months]
    return render(
        request,
        "insured/pdfs/average_wage.html",
        {"person": person, "result": result, "rows": rows},
    )
