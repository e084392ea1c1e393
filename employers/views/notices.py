"""Notice pages: the employer's inbox and one notice (opening it records the receipt), and
branch staff's paper service (the queue, the printable notice, the day it was handed over).

Thin views: a representative reaches a workshop's notices through `workshop_get_for_user` /
`notice_get_for_user` (404 for another workshop's), staff through `notice_get_for_staff`
(404 for another branch's).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from branches.selectors.staff import staff_memberships_for_user
from employers.forms.notices import NoticeFilterForm, PaperServedForm
from employers.models import NoticeDelivery, NoticeKind
from employers.selectors.notices import (
    notice_content_view,
    notice_get_for_staff,
    notice_get_for_user,
    notice_inbox_page,
    notice_inboxes_for_user,
    notices_awaiting_paper_service_page,
)
from employers.selectors.workshops import workshop_get_for_user
from employers.services.notices import notice_open, notice_paper_served_record
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import parse_positive_int


def page_number(request: HttpRequest) -> int:
    return parse_positive_int(request.GET.get("page", "1")) or 1


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in and a member of a branch; anyone else gets 404 (the page does not exist)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not staff_memberships_for_user(user=request.user).exists():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def filter_query(form, *, without: str = "page") -> str:
    """The filter's query string for the pager links (the page number left out)."""
    if not form.is_bound:
        return ""
    data = form.data.copy()
    data.pop(without, None)
    return data.urlencode()


# --- the employer ------------------------------------------------------------------


@login_required
def notices_home(request: HttpRequest) -> HttpResponse:
    """Every workshop the person acts for with its unread notices (the dashboard's link)."""
    inboxes = notice_inboxes_for_user(user=request.user)
    return render(
        request,
        "employers/notices/home.html",
        {"inboxes": inboxes, "unread": sum(inbox.unread for inbox in inboxes)},
    )


@login_required
def notice_inbox(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = workshop_get_for_user(user=request.user, workshop_id=workshop_id)
    form = NoticeFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {
            "kind": form.cleaned_data["kind"] or None,
            "served_from": form.cleaned_data["period_from"],
            "served_to": form.cleaned_data["period_to"],
        }
    page = notice_inbox_page(workshop=workshop, page=page_number(request), **filters)
    return render(
        request,
        "employers/notices/inbox.html",
        {
            "workshop": workshop,
            "form": form,
            "page": page,
            "query": filter_query(form),
            "filtered": bool(filters and any(filters.values())),
        },
    )


# Where a notice of each kind leads: the page on which the person acts on it (object to a
# ruling, follow an objection and appeal a vote, download a certificate). The ids come
# from the notice's own content; each target page checks access again.
_RELATED = (
    (
        NoticeKind.RULING,
        "ruling_id",
        "employers:ruling_detail",
        "ruling_id",
        _lazy("حکم و اعتراض به آن"),
    ),
    (
        NoticeKind.HEARING,
        "objection_id",
        "employers:objection_detail",
        "objection_id",
        _lazy("پرونده اعتراض"),
    ),
    (
        NoticeKind.BOARD_VOTE,
        "objection_id",
        "employers:objection_detail",
        "objection_id",
        _lazy("پرونده اعتراض و تجدیدنظرخواهی"),
    ),
    (
        NoticeKind.CERTIFICATE,
        "clearance_id",
        "employers:clearance_detail",
        "clearance_id",
        _lazy("مفاصا حساب"),
    ),
)


def _related_links(notice) -> list[tuple[str, str]]:
    content = notice.content if isinstance(notice.content, dict) else {}
    links = []
    for kind, key, url_name, argument, label in _RELATED:
        value = content.get(key)
        if notice.kind == kind and isinstance(value, int) and value > 0:
            links.append((label, reverse(url_name, kwargs={argument: value})))
    return links


def _notice_page(request: HttpRequest, notice_id: int, template: str) -> HttpResponse:
    notice = notice_get_for_user(user=request.user, notice_id=notice_id)
    notice = notice_open(user=request.user, notice=notice)
    return render(
        request,
        template,
        {
            "notice": notice,
            "workshop": notice.workshop,
            "content": notice_content_view(notice=notice),
            "kind_label": NoticeKind(notice.kind).label,
            "is_inspection": notice.kind == NoticeKind.INSPECTION and notice.inspection_id,
            "related_links": _related_links(notice),
        },
    )


@login_required
def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    """One served notice of a workshop the person acts for; the first opening is the receipt."""
    return _notice_page(request, notice_id, "employers/notices/detail.html")


@login_required
def notice_print(request: HttpRequest, notice_id: int) -> HttpResponse:
    return _notice_page(request, notice_id, "employers/notices/print.html")


# --- branch staff: paper service ----------------------------------------------------


@staff_only
def staff_paper_notices(request: HttpRequest) -> HttpResponse:
    page = notices_awaiting_paper_service_page(user=request.user, page=page_number(request))
    return render(request, "employers/notices/staff_paper.html", {"page": page})


@staff_only
def staff_notice(request: HttpRequest, notice_id: int) -> HttpResponse:
    """The printable notice; while it waits for paper service, the form for the day it was
    handed over (its terms run from then, and its kind's hook runs)."""
    notice = notice_get_for_staff(user=request.user, notice_id=notice_id)
    waiting = notice.delivery == NoticeDelivery.PAPER and notice.served_at is None
    form = PaperServedForm(request.POST or None) if waiting else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("تاریخ ابلاغ این ابلاغیه قبلاً ثبت شده است."))
            return redirect("employers:staff_notice", notice_id=notice.pk)
        if form.is_valid():
            try:
                notice_paper_served_record(
                    staff_user=request.user,
                    notice=notice,
                    served_on=form.cleaned_data["served_on"],
                )
            except ApplicationError as exc:
                form.add_error("served_on", exc.message)
            else:
                messages.success(request, _("تاریخ ابلاغ کاغذی ثبت شد؛ مهلت‌ها از همان روز است."))
                return redirect("employers:staff_notice", notice_id=notice.pk)
    return render(
        request,
        "employers/notices/staff_notice.html",
        {
            "notice": notice,
            "workshop": notice.workshop,
            "content": notice_content_view(notice=notice),
            "kind_label": NoticeKind(notice.kind).label,
            "form": form,
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )
