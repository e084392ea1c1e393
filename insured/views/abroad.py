"""Pages of the insurance of Iranians abroad: the packages with this person's premium, one
package's quote with its working, the request (any signed-in account: the applicant need
not be insured yet) and one request (404 for anyone else's).

Thin: the form checks shapes, `insured.services.abroad` the rules.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from insured.forms.abroad import AbroadRequestForm
from insured.selectors.abroad import (
    abroad_applicant_for_user,
    abroad_branches,
    abroad_default_branch_code,
    abroad_quote_for_user,
    abroad_quotes_for_user,
    abroad_request_get_for_user,
    abroad_requests_for_user,
    abroad_year,
)
from insured.services.abroad import REQUIRED_DOCUMENTS, abroad_request_file
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_code, format_rial

MY_REQUESTS_SHOWN = 20


@require_GET
@login_required
def abroad(request: HttpRequest) -> HttpResponse:
    applicant = abroad_applicant_for_user(user=request.user)
    context = {
        "applicant": applicant,
        "quotes": abroad_quotes_for_user(user=request.user),
        "year": abroad_year(),
        "requests": list(abroad_requests_for_user(user=request.user)[:MY_REQUESTS_SHOWN]),
    }
    return render(request, "insured/abroad/index.html", context)


@require_GET
@login_required
def abroad_quote(request: HttpRequest, package_code: str) -> HttpResponse:
    quote = abroad_quote_for_user(user=request.user, package_code=package_code)
    context = {"quote": quote, "applicant": abroad_applicant_for_user(user=request.user)}
    return render(request, "insured/abroad/quote.html", context)


def _form(request: HttpRequest, quotes, branches) -> AbroadRequestForm:
    packages = [
        (quote.package.code, f"{quote.package.label} — {format_rial(quote.monthly_premium)}")
        for quote in quotes
        if quote.eligible
    ]
    branch_choices = [
        (branch.code, f"{branch.name} ({branch.province.name}، {branch.city.name})")
        for branch in branches
    ]
    initial = {"package_code": request.GET.get("package", "")}
    initial["branch_code"] = abroad_default_branch_code(branches)
    posted = request.method == "POST"
    return AbroadRequestForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial=initial,
        packages=packages,
        branches=branch_choices,
    )


@require_http_methods(["GET", "POST"])
@login_required
def abroad_request_new(request: HttpRequest) -> HttpResponse:
    applicant = abroad_applicant_for_user(user=request.user)
    quotes = abroad_quotes_for_user(user=request.user)
    eligible = [quote for quote in quotes if quote.eligible]
    branches = list(abroad_branches())
    form = _form(request, quotes, branches)
    status = 200
    if request.method == "POST" and applicant.can_apply and eligible:
        if form.is_valid():
            data = form.cleaned_data
            try:
                filed = abroad_request_file(
                    user=request.user,
                    package_code=data["package_code"],
                    country=data["country"],
                    passport_number=data["passport_number"],
                    sex=data["sex"],
                    father_name=data["father_name"],
                    branch_code=data["branch_code"],
                    documents=form.documents(),
                )
            except ApplicationError as exc:
                field = exc.extra.get("field")
                form.add_error(field if field in form.fields else None, exc.message)
            else:
                values = {"code": format_code(filed.case.tracking_code)}
                if filed.case.status == "submitted":
                    messages.warning(
                        request,
                        _(
                            "درخواست با کد رهگیری %(code)s ثبت شد، اما تا بارگذاری مدارک لازم "
                            "به شعبه ارسال نمی‌شود."
                        )
                        % values,
                    )
                else:
                    messages.success(
                        request,
                        _("درخواست با کد رهگیری %(code)s ثبت و به شعبه ارسال شد.") % values,
                    )
                return redirect("insured:abroad_detail", request_id=filed.pk)
        status = 400
    elif request.method == "POST":
        status = 400
    context = {
        "form": form,
        "applicant": applicant,
        "eligible": eligible,
        "refusals": quotes[0].reasons if quotes else (),
        "document_fields": [form[key] for key, _label in REQUIRED_DOCUMENTS],
    }
    return render(request, "insured/abroad/new.html", context, status=status)


@require_GET
@login_required
def abroad_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    item = abroad_request_get_for_user(user=request.user, request_id=request_id)
    return render(request, "insured/abroad/detail.html", {"item": item, "case": item.case})
