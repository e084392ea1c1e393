"""Correspondence pages: the workshop's timeline of letters and notices (for its
representatives and for staff of its branch), and a letter each way.

Thin views: `workshop_get_for_user` / `workshop_get_for_staff` answer 404 for anyone who
does not act for (or work at the branch of) the workshop.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from employers.forms.correspondence import (
    BranchLetterForm,
    CorrespondenceFilterForm,
    LetterForm,
    WorkshopLookupForm,
)
from employers.selectors.correspondence import Source, correspondence_for_workshop
from employers.selectors.workshops import (
    workshop_get_for_staff,
    workshop_get_for_user,
    workshops_for_branch_staff,
)
from employers.services import correspondence as services
from employers.views.notices import filter_query, page_number, staff_only
from tamin.core.exceptions import ApplicationError


def _timeline(request: HttpRequest, workshop, *, for_staff: bool):
    form = CorrespondenceFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {
            "kind": form.cleaned_data["kind"],
            "sent_from": form.cleaned_data["period_from"],
            "sent_to": form.cleaned_data["period_to"],
        }
    page = correspondence_for_workshop(
        workshop=workshop, page=page_number(request), for_staff=for_staff, **filters
    )
    rows = []
    for entry in page.entries:
        if entry.source == Source.NOTICE:
            name = "employers:staff_notice" if for_staff else "employers:notice_detail"
            url = reverse(name, args=[entry.object_id])
        elif for_staff:
            url = reverse("branches:case_detail_staff", args=[entry.object_id])
        elif entry.applicant_id == request.user.pk:
            url = reverse("branches:my_case_detail", args=[entry.object_id])
        else:
            url = ""  # another representative's request: its page is theirs
        rows.append((entry, url))
    return form, page, rows


def _render_timeline(request, workshop, *, for_staff: bool) -> HttpResponse:
    form, page, rows = _timeline(request, workshop, for_staff=for_staff)
    return render(
        request,
        "employers/correspondence/timeline.html",
        {
            "workshop": workshop,
            "form": form,
            "page": page,
            "rows": rows,
            "query": filter_query(form),
            "for_staff": for_staff,
            "filtered": form.is_bound,
        },
    )


# --- the employer ------------------------------------------------------------------


@login_required
def correspondence(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    return _render_timeline(request, workshop, for_staff=False)


@login_required
def letter_new(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """The employer's letter to the branch: a draft request, sent from its page."""
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    form = LetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.employer_letter_file(
                user=request.user,
                workshop=workshop,
                subject=form.cleaned_data["subject"],
                text=form.cleaned_data["text"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "نامه ثبت شد. در صورت نیاز پیوست‌ها را بارگذاری کنید و سپس "
                    "«ارسال به شعبه» را بزنید."
                ),
            )
            return redirect("branches:my_case_detail", case_id=case.pk)
    return render(
        request,
        "employers/correspondence/letter_new.html",
        {"workshop": workshop, "form": form, "for_staff": False},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- branch staff ------------------------------------------------------------------


@staff_only
def staff_correspondence(request: HttpRequest) -> HttpResponse:
    """Find a workshop of the staff member's branches by its code, then its timeline."""
    form = WorkshopLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        workshop = (
            workshops_for_branch_staff(user=request.user)
            .filter(code=form.cleaned_data["workshop_code"])
            .first()
        )
        if workshop is not None:
            return redirect("employers:staff_workshop_correspondence", workshop_id=workshop.pk)
        form.add_error("workshop_code", _("کارگاهی با این کد در شعبه شما نیست."))
    return render(request, "employers/correspondence/staff_lookup.html", {"form": form})


@staff_only
def staff_workshop_correspondence(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_staff(user=request.user, workshop_id=workshop_id)
    return _render_timeline(request, workshop, for_staff=True)


@staff_only
def staff_letter_new(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """Staff write to the workshop: a letter served as a notice (once per form)."""
    workshop = workshop_get_for_staff(user=request.user, workshop_id=workshop_id)
    form = BranchLetterForm(request.POST or None, initial={"token": secrets.token_hex(16)})
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.branch_letter_send(
                staff_user=request.user,
                workshop=workshop,
                subject=form.cleaned_data["subject"],
                text=form.cleaned_data["text"],
                token=form.cleaned_data["token"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if notice.served_at:
                messages.success(request, _("نامه به صندوق ابلاغیه کارگاه ابلاغ شد."))
            else:
                messages.success(
                    request,
                    _(
                        "نامه ثبت شد. کارگاه ابلاغ الکترونیک ندارد: نسخه چاپی را تحویل دهید و "
                        "روز تحویل را ثبت کنید."
                    ),
                )
            return redirect("employers:staff_notice", notice_id=notice.pk)
    return render(
        request,
        "employers/correspondence/letter_new.html",
        {"workshop": workshop, "form": form, "for_staff": True},
        status=400 if form.is_bound and form.errors else 200,
    )
