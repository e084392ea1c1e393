"""Pages of the 1420 contact desk: the public contact page, the person's tickets,
and the desk staff's queue. Thin: forms check shape, services check rules,
selectors do every access check (404 for other people's tickets)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from branches.forms.desk import FaqForm, MessageForm, QueueFilterForm, TicketForm
from branches.models import TicketStatus
from branches.selectors import desk as selectors
from branches.services import desk as services
from branches.views.common import staff_required
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import persian_digits

PAGE_SIZE = 25


# --- Public ------------------------------------------------------------------------


@require_http_methods(["GET"])
def contact(request: HttpRequest) -> HttpResponse:
    channels = selectors.contact_channels_now()
    context = {
        "channels": channels,
        "is_open": channels[0].is_open,
        "hours": selectors.contact_hours_table(),
        "faqs": selectors.faq_groups_for_contact_page(),
    }
    return render(request, "branches/desk/contact.html", context)


# --- The requester ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def ticket_new(request: HttpRequest) -> HttpResponse:
    form = TicketForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.ticket_open(
                requester=request.user,
                category_key=form.cleaned_data["category"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("درخواست شما ثبت شد. کد رهگیری: %(code)s")
                % {"code": persian_digits(ticket.tracking_code)},
            )
            return redirect("branches:my_ticket_detail", ticket_id=ticket.pk)
    return render(request, "branches/desk/ticket_new.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def my_tickets(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.ticket_list_for_requester(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "branches/desk/my_tickets.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def my_ticket_detail(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = selectors.ticket_get_for_requester(user=request.user, ticket_id=ticket_id)
    form = MessageForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "close":
                services.ticket_close(user=request.user, ticket_id=ticket.pk)
                messages.success(request, _("درخواست بسته شد."))
                return redirect("branches:my_ticket_detail", ticket_id=ticket.pk)
            form = MessageForm(request.POST)
            if form.is_valid():
                services.ticket_reply(
                    requester=request.user, ticket_id=ticket.pk, body=form.cleaned_data["body"]
                )
                messages.success(request, _("پیام شما به مرکز تماس فرستاده شد."))
                return redirect("branches:my_ticket_detail", ticket_id=ticket.pk)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
    context = {
        "ticket": ticket,
        "conversation": selectors.ticket_messages_list(ticket=ticket),
        "form": form,
    }
    return render(request, "branches/desk/my_ticket_detail.html", context)


# --- Desk staff --------------------------------------------------------------------


@staff_required
@require_http_methods(["GET"])
def ticket_queue(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = TicketStatus.OPEN  # the work waiting for an answer
    filters = QueueFilterForm(data)
    status = category = None
    if filters.is_valid():
        status = filters.cleaned_data["status"] or None
        category = filters.cleaned_data["category"] or None
    tickets = selectors.ticket_queue_for_staff(user=request.user, status=status, category=category)
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    query = data.copy()
    query.pop("page", None)
    context = {"page": page, "filters": filters, "query": query.urlencode()}
    return render(request, "branches/desk/ticket_queue.html", context)


def _faq_initial(ticket, conversation) -> dict[str, str]:
    """Prefill: the person's first message as the question, the latest staff answer."""
    first_question = next((m.body for m in conversation if not m.from_staff), ticket.subject)
    last_answer = next((m.body for m in reversed(conversation) if m.from_staff), "")
    return {
        "category": ticket.category.key,
        "question": first_question[: services.QUESTION_MAX],
        "answer": last_answer[: services.ANSWER_MAX],
    }


@staff_required
@require_http_methods(["GET", "POST"])
def ticket_detail_staff(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = selectors.ticket_get_for_staff(user=request.user, ticket_id=ticket_id)
    conversation = list(selectors.ticket_messages_list(ticket=ticket))
    answer_form = MessageForm(prefix="answer")
    faq_form = FaqForm(prefix="faq", initial=_faq_initial(ticket, conversation))
    if request.method == "POST":
        action = request.POST.get("action")
        done = None
        try:
            if action == "answer":
                answer_form = MessageForm(request.POST, prefix="answer")
                if answer_form.is_valid():
                    services.ticket_answer(
                        staff_user=request.user,
                        ticket_id=ticket.pk,
                        body=answer_form.cleaned_data["body"],
                    )
                    done = _("پاسخ ثبت شد و به درخواست‌کننده خبر داده شد.")
            elif action == "close":
                services.ticket_close(user=request.user, ticket_id=ticket.pk)
                done = _("درخواست بسته شد.")
            elif action == "publish_faq":
                faq_form = FaqForm(request.POST, prefix="faq")
                if faq_form.is_valid():
                    services.faq_publish_from_ticket(
                        staff_user=request.user,
                        ticket_id=ticket.pk,
                        question=faq_form.cleaned_data["question"],
                        answer=faq_form.cleaned_data["answer"],
                        category_key=faq_form.cleaned_data["category"],
                        audience=faq_form.cleaned_data["audience"],
                    )
                    done = _("پرسش در پرسش‌های متداول منتشر شد.")
            elif action in ("unpublish_faq", "republish_faq"):
                faq_id = int(request.POST.get("faq_id") or 0)
                if action == "unpublish_faq":
                    services.faq_unpublish(staff_user=request.user, faq_id=faq_id)
                    done = _("پرسش از پرسش‌های متداول برداشته شد.")
                else:
                    services.faq_publish(staff_user=request.user, faq_id=faq_id)
                    done = _("پرسش دوباره منتشر شد.")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, _("درخواست نامعتبر است."))
        if done:
            messages.success(request, done)
            return redirect("branches:ticket_detail_staff", ticket_id=ticket.pk)
    context = {
        "ticket": ticket,
        "conversation": conversation,
        "answer_form": answer_form,
        "faq_form": faq_form,
        "faqs": selectors.faq_list_for_ticket(ticket=ticket),
    }
    return render(request, "branches/desk/ticket_detail_staff.html", context)
