"""Ruling pages of the pensioner: the rulings of every pension (or of one), one ruling with
its history and amount in words, its PDF, and "how my pension was computed" with the
stored history as the file `manage.py pension compute` reads.

Thin views: every page starts from a selector that answers 404 for anyone else's pension
or ruling (`pensioner_required` first: a person who is not a pensioner gets a 404 too).
"""

from __future__ import annotations

import json

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pensioners.models import PensionRuling
from pensioners.selectors.pensions import pension_get_for_user
from pensioners.selectors.rulings import (
    pension_computation_for_user,
    pensions_with_amount_for_user,
    ruling_get_for_user,
    ruling_history,
    rulings_for_pension,
)
from pensioners.services.ruling_pdf import hundredths_text, ruling_pdf_request, years_text
from pensioners.views.common import pensioner_required
from tamin.core.document_requests import document_request_usable

_ORDERED_RULINGS = Prefetch(
    "rulings", queryset=PensionRuling.objects.order_by("-effective_from", "-id")
)


@pensioner_required
def rulings(request: HttpRequest) -> HttpResponse:
    """Every pension of the person with its rulings, newest first (two queries)."""
    pensions = pensions_with_amount_for_user(user=request.user).prefetch_related(_ORDERED_RULINGS)
    return render(
        request, "pensioners/rulings/list.html", {"pensions": pensions, "one_pension": False}
    )


@pensioner_required
def pension_rulings(request: HttpRequest, pension_id: int) -> HttpResponse:
    pension_get_for_user(user=request.user, pension_id=pension_id)  # 404 for others
    pensions = (
        pensions_with_amount_for_user(user=request.user)
        .filter(pk=pension_id)
        .prefetch_related(_ORDERED_RULINGS)
    )
    return render(
        request, "pensioners/rulings/list.html", {"pensions": pensions, "one_pension": True}
    )


@pensioner_required
def ruling_detail(request: HttpRequest, ruling_id: int) -> HttpResponse:
    ruling = ruling_get_for_user(user=request.user, ruling_id=ruling_id)
    pension = ruling.pension
    return render(
        request,
        "pensioners/rulings/detail.html",
        {
            "ruling": ruling,
            "pension": pension,
            "pensioner": pension.pensioner,
            "history": ruling_history(pension=pension, until=ruling),
            "original_years": years_text(ruling.original_days),
            "added_years": years_text(ruling.added_days),
            "total_years": hundredths_text(ruling.years_hundredths),
            "is_latest": not rulings_for_pension(pension=pension)
            .filter(effective_from__gt=ruling.effective_from)
            .exists(),
        },
    )


@pensioner_required
@require_POST
def ruling_pdf(request: HttpRequest, ruling_id: int) -> HttpResponse:
    ruling = ruling_get_for_user(user=request.user, ruling_id=ruling_id)
    document_request = ruling_pdf_request(user=request.user, ruling=ruling)
    if document_request_usable(document_request):
        return redirect("document_request_download", request_id=document_request.pk)
    return redirect("document_request", request_id=document_request.pk)


@pensioner_required
def pension_computation(request: HttpRequest, pension_id: int) -> HttpResponse:
    view = pension_computation_for_user(user=request.user, pension_id=pension_id)
    return render(
        request,
        "pensioners/rulings/computation.html",
        {
            "view": view,
            "pension": view.pension,
            "result": view.result,
            "grant": view.grant,
            "years": None if view.result is None else hundredths_text(view.result.years_hundredths),
        },
    )


@pensioner_required
def pension_computation_file(request: HttpRequest, pension_id: int) -> HttpResponse:
    """The stored history as the exact JSON file `manage.py pension compute` reads."""
    view = pension_computation_for_user(user=request.user, pension_id=pension_id)
    if view.file is None or view.source_pension is None:
        raise Http404
    body = json.dumps(view.file, ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="pension-{view.source_pension.number}-computation.json"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
