"""Monthly list pages: the months of a workshop, upload, progress, errors, preview, submit.

Thin views: every page starts from `workshop_get_for_user` (directly or through
`monthly_list_get_for_user`), so a stranger gets 404 on every page.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from employers import listfile
from employers.forms.lists import ListUploadForm
from employers.models import ListStatus
from employers.selectors.list_errors import (
    ERRORS_PER_PAGE,
    error_rule_label,
    monthly_list_error_summary,
    monthly_list_errors,
    monthly_list_errors_chunks,
)
from employers.selectors.lists import (
    list_deadline,
    list_is_late,
    list_sent_on,
    monthly_list_get_for_user,
    monthly_list_rows,
    monthly_lists_by_year,
    previous_jalali_month,
)
from employers.selectors.workshops import workshop_get_for_user
from employers.services import lists as services
from tamin.core.exceptions import ApplicationError

PREVIEW_ROWS = 50
PENDING = (ListStatus.UPLOADED, ListStatus.PARSING)


@login_required
@require_GET
def lists(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    return render(
        request,
        "employers/lists/list.html",
        {"workshop": workshop, "years": monthly_lists_by_year(workshop=workshop)},
    )


@login_required
def list_upload(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    year, month = previous_jalali_month()
    form = ListUploadForm(request.POST or None, initial={"year": year, "month": month})
    file_error = ""
    if request.method == "POST" and form.is_valid():
        uploads = request.FILES.getlist("files")
        try:
            monthly_list = services.monthly_list_upload(
                user=request.user,
                workshop=workshop,
                files={f.name: f for f in uploads},
                year=form.cleaned_data["year"],
                month=form.cleaned_data["month"],
            )
        except ApplicationError as exc:
            file_error = exc.message
        else:
            messages.success(request, _("پرونده‌ها دریافت شد؛ بررسی لیست آغاز شد."))
            return redirect("employers:list_detail", list_id=monthly_list.pk)
    return render(
        request,
        "employers/lists/upload.html",
        {
            "workshop": workshop,
            "form": form,
            "file_error": file_error,
            "max_mb": settings.MONTHLY_LIST_MAX_BYTES // (1024 * 1024),
        },
        status=400 if file_error else 200,
    )


def _detail_context(monthly_list) -> dict:
    sent_on = list_sent_on(monthly_list.submitted_at)
    return {
        "list": monthly_list,
        "workshop": monthly_list.workshop,
        "pending": monthly_list.status in PENDING,
        "deadline": list_deadline(monthly_list.year, monthly_list.month),
        "is_late": list_is_late(year=monthly_list.year, month=monthly_list.month, sent_on=sent_on),
        "charge": services.list_charge_amount(monthly_list),
    }


@login_required
@require_GET
def list_detail(request: HttpRequest, list_id: int) -> HttpResponse:
    monthly_list = monthly_list_get_for_user(user=request.user, list_id=list_id)
    context = _detail_context(monthly_list)
    if monthly_list.status == ListStatus.INVALID:
        # Bounded whatever the list: per rule its count and first errors (kept at parse).
        context["rules"] = monthly_list_error_summary(monthly_list=monthly_list)
    else:
        context["rows"] = list(monthly_list_rows(monthly_list=monthly_list)[:PREVIEW_ROWS])
        context["more_rows"] = max(monthly_list.worker_count - PREVIEW_ROWS, 0)
    return render(request, "employers/lists/detail.html", context)


@login_required
@require_GET
def list_status(request: HttpRequest, list_id: int) -> HttpResponse:
    """The htmx progress fragment; once the parse has ended the whole page reloads."""
    monthly_list = monthly_list_get_for_user(user=request.user, list_id=list_id)
    context = _detail_context(monthly_list)
    response = render(request, "employers/lists/_status.html", context)
    if not context["pending"] and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def list_errors(request: HttpRequest, list_id: int) -> HttpResponse:
    """Every error of the list, 100 a page (?page=N), optionally of one rule (?rule=)."""
    monthly_list = monthly_list_get_for_user(user=request.user, list_id=list_id)
    rules = monthly_list_error_summary(monthly_list=monthly_list)
    rule = next((r for r in rules if r.code == request.GET.get("rule")), None)
    errors = monthly_list_errors(monthly_list=monthly_list, code=rule.code if rule else "")
    # The count is known from the parse: the paginator need not count the rows again.
    paginator = Paginator(errors, ERRORS_PER_PAGE)
    paginator.count = rule.count if rule else monthly_list.error_count
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "employers/lists/errors.html",
        {
            "list": monthly_list,
            "workshop": monthly_list.workshop,
            "rules": rules,
            "rule": rule,
            "show_rule_column": rule is None,
            "page": page,
            "errors": [
                {
                    "file": error.file,
                    "row": error.row,
                    "field": error.field,
                    "label": error_rule_label(error.code),
                    "message": error.message,
                }
                for error in page
            ],
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "query": f"rule={rule.code}" if rule else "",
        },
    )


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _errors_csv_lines(monthly_list) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # UTF-8 with BOM so Excel opens the Persian text correctly.
    yield "\ufeff" + writer.writerow(
        [_("پرونده"), _("ردیف"), _("فیلد"), _("قاعده"), _("کد قاعده"), _("شرح خطا")]
    )
    for chunk in monthly_list_errors_chunks(monthly_list=monthly_list):
        yield "".join(
            writer.writerow([file, row, field, error_rule_label(code), code, message])
            for file, row, field, code, message in chunk
        )


@login_required
@require_GET
def list_errors_csv(request: HttpRequest, list_id: int) -> StreamingHttpResponse:
    """The full report, streamed a chunk at a time (a list may have 76,000 errors)."""
    monthly_list = monthly_list_get_for_user(user=request.user, list_id=list_id)
    response = StreamingHttpResponse(
        _errors_csv_lines(monthly_list), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="list-{monthly_list.pk}-errors.csv"'
    return response


@login_required
@require_POST
def list_submit(request: HttpRequest, list_id: int) -> HttpResponse:
    monthly_list = monthly_list_get_for_user(user=request.user, list_id=list_id)
    try:
        services.monthly_list_submit(user=request.user, list_id=monthly_list.pk)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("لیست ارسال و در سوابق بیمه‌شدگان ثبت شد."))
    return redirect("employers:list_detail", list_id=monthly_list.pk)


@login_required
@require_GET
def list_dbf_download(request: HttpRequest, list_id: int) -> HttpResponse:
    monthly_list = monthly_list_get_for_user(user=request.user, list_id=list_id)
    try:
        data = services.monthly_list_dbf_zip(monthly_list=monthly_list)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("employers:list_detail", list_id=monthly_list.pk)
    response = HttpResponse(data, content_type="application/zip")
    name = f"list-{monthly_list.workshop.code}-{monthly_list.year}-{monthly_list.month:02d}"
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    return response


@login_required
@require_GET
def list_template_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(listfile.csv_template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="monthly-list-template.csv"'
    return response
