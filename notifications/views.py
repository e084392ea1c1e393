"""Notification pages: the inbox, preferences, the developer SMS outbox and the receipt webhook."""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from notifications import selectors, services
from notifications.forms.preferences import PreferenceForm
from notifications.providers import gateway_status, sms_backend_is_file
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import has_control_characters


def dev_outbox_enabled() -> bool:
    return bool(settings.DEV_OUTBOX_PAGE) and sms_backend_is_file()


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox_list_for_user(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread_count": selectors.inbox_unread_count(user=request.user)},
    )


@login_required
@require_POST
def inbox_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    services.notification_mark_read(user=request.user, notification_id=notification_id)
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.preference_get_for_user(user=request.user)
    form = PreferenceForm(
        request.POST or None, initial={"sms": current.sms, "email": current.email}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_update(user=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("ترجیحات اطلاع‌رسانی شما ذخیره شد."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@never_cache
@require_GET
def dev_outbox(request: HttpRequest) -> HttpResponse:
    # The URL is only registered in development, but settings may change after start-up.
    if not dev_outbox_enabled():
        raise Http404("the developer outbox is off")
    return render(
        request,
        "notifications/dev_outbox.html",
        {"outbox_messages": selectors.outbox_dev_messages(limit=50)},
    )


def _receipt_token_valid(request: HttpRequest) -> bool:
    expected = settings.DELIVERY_RECEIPT_TOKEN
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme != "Token" or not token:
        return False
    return hmac.compare_digest(token.strip().encode(), expected.encode())


@csrf_exempt
@require_POST
def receipts(request: HttpRequest) -> HttpResponse:
    """Delivery receipts from the SMS gateway: {"message_id": ..., "status": ...}."""
    if not _receipt_token_valid(request):
        return JsonResponse({"detail": "authentication required"}, status=401)
    try:
        payload = json.loads(request.body)
        message_id = str(payload["message_id"]).strip()
        status = gateway_status(payload["status"])
    except (ValueError, TypeError, KeyError):
        return JsonResponse({"detail": "expected JSON {message_id, status}"}, status=400)
    # A gateway id is short printable text; PostgreSQL would refuse a NUL in the lookup.
    if not message_id or status is None or has_control_characters(message_id):
        return JsonResponse({"detail": "unknown message_id or status"}, status=400)
    try:
        notification = services.delivery_receipt_record(
            provider_message_id=message_id, status=status
        )
    except ApplicationError as exc:
        return JsonResponse(
            {"detail": exc.message, "code": exc.code},
            status=404 if exc.code == "not_found" else 400,
        )
    return JsonResponse({"status": notification.status})
