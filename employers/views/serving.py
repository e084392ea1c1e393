"""Serving in bulk, for branch staff: their branch's batches, a new batch (form → confirm →
made), one batch with its progress (htmx-polled while the worker serves it), retry.

Every page is a 404 for anyone who is not staff, and a batch of another branch is a
404 (employers.selectors.serving).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from branches.selectors.staff import staff_memberships_for_user
from employers.forms.serving import SELECTION_CODES, ServingBatchForm
from employers.selectors.serving import (
    FINISHED_STATUSES,
    serving_batch_get_for_staff,
    serving_batch_outcome,
    serving_batches_page,
    serving_branches_for_staff,
    workshops_electronic_count,
)
from employers.services import serving as services
from tamin.core.exceptions import ApplicationError


def _staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in and working at a branch; anyone else gets 404 (the page does not exist)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not staff_memberships_for_user(user=request.user).exists():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@_staff_only
@require_GET
def serving_batches(request: HttpRequest) -> HttpResponse:
    page = serving_batches_page(user=request.user, page=request.GET.get("page", 1))
    return render(request, "employers/serving/list.html", {"page": page})


@_staff_only
def serving_batch_new(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: checked, then a confirmation page (its `edit` button brings the
    form back as typed); POST with `confirm`: the batch is made (once per form token)."""
    branches = serving_branches_for_staff(user=request.user)
    if request.method != "POST":
        form = ServingBatchForm(branches=branches, initial={"token": uuid.uuid4().hex})
        return render(request, "employers/serving/new.html", {"form": form})
    form = ServingBatchForm(request.POST, branches=branches)
    if not form.is_valid() or "edit" in request.POST:
        return render(request, "employers/serving/new.html", {"form": form})
    data = form.cleaned_data
    if "confirm" not in request.POST:
        ids = data["workshop_ids"]
        electronic = workshops_electronic_count(workshop_ids=ids)
        summary = {"total": len(ids), "electronic": electronic, "paper": len(ids) - electronic}
        return render(request, "employers/serving/confirm.html", {"form": form, **summary})
    by_codes = data["selection"] == SELECTION_CODES
    try:
        batch = services.serving_batch_create(
            staff_user=request.user,
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
            branch_id=data["branch_id"],
            workshop_ids=data["workshop_ids"] if by_codes else None,
            selection=None if by_codes else services.SELECTION_WITH_DEBT,
            key=f"staff:{data['token']}",
        )
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return render(request, "employers/serving/new.html", {"form": form})
    messages.success(request, _("ابلاغ گروهی ثبت شد و در صف ابلاغ است."))
    return redirect("employers:serving_batch_detail", batch_id=batch.pk)


def _batch_context(batch) -> dict:
    return {
        "batch": batch,
        "outcome": serving_batch_outcome(batch=batch),
        "pending": batch.status not in FINISHED_STATUSES,
    }


@_staff_only
@require_GET
def serving_batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = serving_batch_get_for_staff(user=request.user, batch_id=batch_id)
    return render(request, "employers/serving/detail.html", _batch_context(batch))


@_staff_only
@require_GET
def serving_batch_status(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The htmx progress fragment; it stops polling once the batch has finished."""
    batch = serving_batch_get_for_staff(user=request.user, batch_id=batch_id)
    return render(request, "employers/serving/_progress.html", _batch_context(batch))


@_staff_only
@require_POST
def serving_batch_retry(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = serving_batch_get_for_staff(user=request.user, batch_id=batch_id)
    try:
        services.serving_batch_retry(staff_user=request.user, batch=batch)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("ابلاغ گروهی دوباره در صف ابلاغ است."))
    return redirect("employers:serving_batch_detail", batch_id=batch.pk)
