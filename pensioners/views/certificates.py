"""Certificate pages: the person's certificates, the "new certificate" form and one
certificate with its PDF.

Thin views: every page starts from `pensioner_required` and the certificates selectors
(another person's certificate is a 404). Issuing sends the person to the kernel's
`/documents/<id>/` page, which polls while the worker renders and then offers the file.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from pensioners.forms.certificates import CertificateForm
from pensioners.models import Pension
from pensioners.selectors.certificates import (
    certificate_document_state,
    certificate_document_states,
    certificate_get_for_user,
    certificates_for_user,
    pensions_with_overdue_loans,
)
from pensioners.selectors.pensions import pensions_for_user
from pensioners.services.certificates import (
    CERTIFICATES_PER_DAY,
    certificate_document_data,
    certificate_issue,
)
from pensioners.views.common import pensioner_required
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import parse_positive_int
from tamin.core.jalali import persian_digits

PAGE_SIZE = 20


@require_GET
@pensioner_required
def certificates(request: HttpRequest) -> HttpResponse:
    page = Paginator(certificates_for_user(user=request.user), PAGE_SIZE).get_page(
        parse_positive_int(request.GET.get("page", "")) or 1
    )
    items = list(page.object_list)
    states = certificate_document_states(certificates=items, user=request.user)
    rows = [{"certificate": item, "document": states[item.pk]} for item in items]
    context = {
        "rows": rows,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
    }
    return render(request, "pensioners/certificates/list.html", context)


@require_http_methods(["GET", "POST"])
@pensioner_required
def certificate_new(request: HttpRequest) -> HttpResponse:
    pensions = list(pensions_for_user(user=request.user).filter(status=Pension.Status.ACTIVE))
    overdue = pensions_with_overdue_loans(pensions=pensions)
    form = CertificateForm(
        request.POST if request.method == "POST" else None,
        pensions=pensions,
        overdue_pension_ids=overdue,
    )
    if request.method == "POST" and pensions and form.is_valid():
        try:
            certificate = certificate_issue(
                user=request.user,
                pension=form.pension_chosen(),
                kind=form.cleaned_data["kind"],
                addressee=form.cleaned_data["addressee"],
            )
        except ApplicationError as exc:
            field = exc.extra.get("field")
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("«%(kind)s» شمارهٔ %(number)s صادر شد؛ فایل آن در حال آماده‌سازی است.")
                % {
                    "kind": certificate.get_kind_display(),
                    "number": persian_digits(certificate.pk),
                },
            )
            return redirect("document_request", request_id=certificate.document_request_id)
    context = {
        "form": form,
        "pensions": pensions,
        "overdue_offered": bool(overdue),
        "per_day": CERTIFICATES_PER_DAY,
    }
    return render(request, "pensioners/certificates/new.html", context)


@never_cache
@require_GET
@pensioner_required
def certificate_detail(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = certificate_get_for_user(user=request.user, certificate_id=certificate_id)
    context = {
        "certificate": certificate,
        "doc": certificate_document_data(certificate=certificate),
        "document": certificate_document_state(certificate=certificate, user=request.user),
    }
    return render(request, "pensioners/certificates/detail.html", context)
