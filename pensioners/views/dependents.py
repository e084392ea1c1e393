"""The dependents page: each dependent with the papers owed now, their due dates and states,
and a form per paper not yet in (its POST files it as a branch case, see
`pensioners.services.dependents`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pensioners.forms.dependents import ACCEPTED_FILES, DependentFilingForm
from pensioners.selectors.dependents import (
    dependent_get_for_user,
    dependent_obligations_for_user,
    filing_case,
)
from pensioners.services.dependents import MAX_DOCUMENTS, dependent_obligation_file
from pensioners.views.common import pensioner_required
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_code


def _form_errors(form: DependentFilingForm) -> list[str]:
    return [str(error) for error in (*form.non_field_errors(), *form.errors.get("documents", []))]


def _page(
    request: HttpRequest, *, failed: tuple[int, str, list[str]] | None = None, status: int = 200
) -> HttpResponse:
    """The page; `failed` = (dependent id, kind, errors) of a refused POST, shown at its
    paper's form (or on top when the page shows no form for that paper)."""
    entries = dependent_obligations_for_user(user=request.user, on=timezone.localdate())
    shown_at_paper = False
    dependents = []
    for entry in entries:
        papers = []
        for paper in entry.papers:
            errors: list[str] = []
            at_this_form = failed is not None and failed[:2] == (entry.dependent.pk, paper.kind)
            if at_this_form and paper.may_file:
                errors, shown_at_paper = failed[2], True
            papers.append({"state": paper, "errors": errors})
        dependents.append({"dependent": entry.dependent, "papers": papers})
    top_errors = failed[2] if failed is not None and not shown_at_paper else []
    return render(
        request,
        "pensioners/dependents/list.html",
        {
            "dependents": dependents,
            "top_errors": top_errors,
            "accepted_files": ACCEPTED_FILES,
            "max_documents": MAX_DOCUMENTS,
        },
        status=status,
    )


@require_GET
@pensioner_required
def dependents(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@pensioner_required
def dependent_filing_file(request: HttpRequest, dependent_id: int) -> HttpResponse:
    dependent = dependent_get_for_user(user=request.user, dependent_id=dependent_id)
    form = DependentFilingForm(request.POST, request.FILES)
    kind = request.POST.get("kind", "")
    if form.is_valid():
        try:
            filing = dependent_obligation_file(
                user=request.user,
                dependent=dependent,
                kind=form.cleaned_data["kind"],
                period_key=form.cleaned_data["period_key"],
                documents=form.cleaned_data["documents"],
            )
        except ApplicationError as exc:
            return _page(request, failed=(dependent.pk, kind, [exc.message]), status=400)
        case = filing_case(user=request.user, filing=filing)
        values = {"paper": filing.get_kind_display(), "code": format_code(case.tracking_code)}
        if case.status == "submitted":  # held by branches until the required document
            messages.warning(
                request,
                _(
                    "«%(paper)s» با کد رهگیری %(code)s ثبت شد، اما بدون مدرک به شعبه نمی‌رود. "
                    "مدرک را از صفحه پیگیری همین درخواست بارگذاری کنید."
                )
                % values,
            )
        else:
            messages.success(
                request,
                _("«%(paper)s» با کد رهگیری %(code)s ثبت و برای بررسی به شعبه فرستاده شد.")
                % values,
            )
        return redirect("pensioners:dependents")
    return _page(request, failed=(dependent.pk, kind, _form_errors(form)), status=400)
