"""Medical commission pages: my requests, a new request (commission, reason, medical
records, a free slot), one request (case, booking; cancel the booking or book a new slot
while the case is open).

Thin: the form checks shapes, `insured.services.commissions` the rules. Every request is
read through `commission_request_get_for_user` (404 for anyone else's).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from insured.forms.commissions import CommissionRequestForm, SlotForm
from insured.selectors import insured_person_for_user
from insured.selectors.commissions import (
    commission_free_slots,
    commission_get_active,
    commission_request_get_for_user,
    commission_request_state,
    commission_requests_for_user,
    commissions_active,
    slots_by_day,
)
from insured.services.commissions import (
    DOCUMENT_LABEL,
    commission_booking_cancel,
    commission_request_file,
    commission_slot_book,
)
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import parse_positive_int
from tamin.core.jalali import format_code

MY_REQUESTS_SHOWN = 50


def _no_person(request: HttpRequest) -> HttpResponse:
    return render(request, "insured/inquiries/no_person.html")


@require_GET
@login_required
def commissions(request: HttpRequest) -> HttpResponse:
    if insured_person_for_user(user=request.user) is None:
        return _no_person(request)
    requests = list(commission_requests_for_user(user=request.user)[:MY_REQUESTS_SHOWN])
    for item in requests:
        item.state = commission_request_state(item)
    return render(
        request,
        "insured/commissions/list.html",
        {"requests": requests, "has_commissions": commissions_active().exists()},
    )


def _add_error(form, exc: ApplicationError) -> None:
    field = exc.extra.get("field")
    form.add_error(field if field in form.fields else None, exc.message)


@require_http_methods(["GET", "POST"])
@login_required
def commission_new(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    available = list(commissions_active())
    commission_id = parse_positive_int(request.GET.get("commission"))
    if commission_id is None and len(available) == 1:
        commission_id = available[0].pk
    if commission_id is None:
        # Where the commission sits is chosen first: its free times depend on it.
        return render(request, "insured/commissions/choose.html", {"commissions": available})
    commission = commission_get_active(commission_id=commission_id)
    posted = request.method == "POST"
    form = CommissionRequestForm(request.POST, request.FILES) if posted else CommissionRequestForm()
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                filed = commission_request_file(
                    user=request.user,
                    person=person,
                    commission_id=commission.pk,
                    reason=data["reason"],
                    slot_id=data["slot_id"],
                    description=data["description"],
                    documents=data["documents"],
                )
            except ApplicationError as exc:
                _add_error(form, exc)
            else:
                values = {"code": format_code(filed.case.tracking_code)}
                if filed.case.status == "submitted":
                    messages.warning(
                        request,
                        _(
                            "درخواست با کد رهگیری %(code)s ثبت و نوبت شما رزرو شد، اما تا "
                            "بارگذاری مدارک پزشکی به شعبه ارسال نمی‌شود."
                        )
                        % values,
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "درخواست با کد رهگیری %(code)s ثبت و به شعبه ارسال شد و نوبت "
                            "کمیسیون شما رزرو شد."
                        )
                        % values,
                    )
                return redirect("insured:commission_detail", request_id=filed.pk)
        status = 400
    slots = commission_free_slots(commission=commission)
    context = {
        "form": form,
        "commission": commission,
        "slot_days": slots_by_day(slots),
        "chosen_slot": str(form["slot_id"].value() or ""),
        "several": len(available) > 1,
        "document_label": DOCUMENT_LABEL,
    }
    return render(request, "insured/commissions/new.html", context, status=status)


def _detail(request: HttpRequest, item, *, slot_form=None, status: int = 200) -> HttpResponse:
    state = commission_request_state(item)
    slot_days = (
        slots_by_day(commission_free_slots(commission=item.commission)) if state.may_book else []
    )
    context = {
        "item": item,
        "case": item.case,
        "state": state,
        "slot_days": slot_days,
        "slot_form": slot_form or SlotForm(),
    }
    return render(request, "insured/commissions/detail.html", context, status=status)


@require_GET
@login_required
def commission_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    item = commission_request_get_for_user(user=request.user, request_id=request_id)
    return _detail(request, item)


@require_POST
@login_required
def commission_cancel_booking(request: HttpRequest, request_id: int) -> HttpResponse:
    item = commission_request_get_for_user(user=request.user, request_id=request_id)
    try:
        commission_booking_cancel(user=request.user, request_id=item.pk)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("نوبت کمیسیون لغو شد. درخواست شما باز می‌ماند؛ زمان تازه‌ای برای کمیسیون انتخاب کنید."),
        )
    return redirect("insured:commission_detail", request_id=item.pk)


@require_POST
@login_required
def commission_book(request: HttpRequest, request_id: int) -> HttpResponse:
    item = commission_request_get_for_user(user=request.user, request_id=request_id)
    form = SlotForm(request.POST)
    if form.is_valid():
        try:
            commission_slot_book(
                user=request.user, request_id=item.pk, slot_id=form.cleaned_data["slot_id"]
            )
        except ApplicationError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("نوبت تازه کمیسیون رزرو شد."))
            return redirect("insured:commission_detail", request_id=item.pk)
    item = commission_request_get_for_user(user=request.user, request_id=item.pk)
    return _detail(request, item, slot_form=form, status=400)
