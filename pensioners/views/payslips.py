"""Payslip pages: the payslips of a year, one payslip, its PDF, and the bank account page.

Thin views behind `pensioner_required`: every payslip is read through
`payslip_get_for_user` (404 for another person's); the PDF is prepared by a worker
through the kernel's document requests (a re-download of the same payslip is the stored
copy, ready at once).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pensioners.forms.payslips import BankAccountChangeForm
from pensioners.selectors.payslips import (
    bank_account_for_user,
    payslip_adjustment_period,
    payslip_get_for_user,
    payslip_sections,
    payslip_years_for_user,
    payslips_for_user,
    sheba_masked,
)
from pensioners.selectors.pensions import pensions_for_user
from pensioners.services.bank_account import bank_account_change_request
from pensioners.services.payslip_pdf import payslip_pdf_request
from pensioners.services.payslips import period_range_text
from pensioners.views.common import pensioner_required
from tamin.core.document_requests import document_request_usable
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import parse_positive_int
from tamin.core.jalali import format_code, format_period


@require_GET
@pensioner_required
def payslips(request: HttpRequest) -> HttpResponse:
    years = payslip_years_for_user(user=request.user)
    asked = parse_positive_int(request.GET.get("year"))
    year = asked if asked in years else (years[0] if years else None)
    rows = [
        {
            "payslip": payslip,
            "period": format_period(payslip.year, payslip.month),
            "taken": payslip.total_deductions + payslip.total_loans,
        }
        for payslip in (payslips_for_user(user=request.user, year=year) if year else [])
    ]
    return render(
        request,
        "pensioners/payslips/list.html",
        {
            "years": years,
            "year": year,
            "payslips": rows,
            "several_pensions": pensions_for_user(user=request.user).count() > 1,
        },
    )


@require_GET
@pensioner_required
def payslip_detail(request: HttpRequest, payslip_id: int) -> HttpResponse:
    payslip = payslip_get_for_user(user=request.user, payslip_id=payslip_id)
    adjustment = payslip_adjustment_period(payslip=payslip)
    return render(
        request,
        "pensioners/payslips/detail.html",
        {
            "payslip": payslip,
            "period": format_period(payslip.year, payslip.month),
            "sections": payslip_sections(payslip=payslip),
            "adjustment": period_range_text(*adjustment) if adjustment else "",
            "paid_to": sheba_masked(payslip.paid_to_sheba),
        },
    )


@require_POST
@pensioner_required
def payslip_pdf(request: HttpRequest, payslip_id: int) -> HttpResponse:
    payslip = payslip_get_for_user(user=request.user, payslip_id=payslip_id)
    document_request = payslip_pdf_request(payslip=payslip, user=request.user)
    if document_request_usable(document_request):
        return redirect("document_request_download", request_id=document_request.pk)
    return redirect("document_request", request_id=document_request.pk)


@require_http_methods(["GET", "POST"])
@pensioner_required
def bank_account(request: HttpRequest) -> HttpResponse:
    account = bank_account_for_user(user=request.user)
    form = None
    if account is not None and account.open_request is None:
        form = BankAccountChangeForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form is None:
            messages.error(request, _("درخواست تغییر حساب دیگری از شما در دست بررسی است."))
            return redirect("pensioners:bank_account")
        if form.is_valid():
            try:
                case = bank_account_change_request(
                    user=request.user,
                    pensioner=request.pensioner,
                    sheba=form.cleaned_data["sheba"],
                    bank_name=form.cleaned_data["bank_name"],
                    document=form.cleaned_data["document"],
                )
            except ApplicationError as error:
                field = error.extra.get("field")
                form.add_error(field if field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _("درخواست شما با کد رهگیری %(code)s به شعبه فرستاده شد.")
                    % {"code": format_code(case.tracking_code)},
                )
                return redirect("pensioners:bank_account")
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(
        request,
        "pensioners/payslips/bank_account.html",
        {"account": account, "form": form, "pensioner": request.pensioner},
        status=status,
    )
