"""The "being prepared" page of a document request, its htmx status, download and retry.

Every view takes the request through `document_request_get_for_user`: someone
else's request is a 404, like a missing one. The page and the fragment poll with
`hx-trigger="every 2s"` while the worker renders (no script of ours: the CSP
forbids inline code); once ready they link the download.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from tamin.core.document_requests import document_request_retry, document_request_usable
from tamin.core.exceptions import ApplicationError
from tamin.core.models import DocumentRequest
from tamin.core.pdf import pdf_response
from tamin.core.selectors import document_request_get_for_user


def _render_request(request: HttpRequest, request_id: int, template_name: str) -> HttpResponse:
    document_request = document_request_get_for_user(user=request.user, request_id=request_id)
    context = {
        "document_request": document_request,
        "pending": document_request.status == DocumentRequest.Status.PENDING,
        "ready": document_request_usable(document_request),
    }
    return render(request, template_name, context)


@never_cache
@require_GET
@login_required
def document_request_page(request: HttpRequest, request_id: int) -> HttpResponse:
    return _render_request(request, request_id, "core/document_request.html")


@never_cache
@require_GET
@login_required
def document_request_status(request: HttpRequest, request_id: int) -> HttpResponse:
    """The fragment htmx swaps in every 2 s; it stops polling once the request has ended."""
    return _render_request(request, request_id, "core/_document_request_status.html")


@require_GET
@login_required
def document_request_download(request: HttpRequest, request_id: int) -> HttpResponse:
    document_request = document_request_get_for_user(user=request.user, request_id=request_id)
    if document_request.document is None:
        raise Http404
    try:
        return pdf_response(document_request.document, document_request.filename)
    except ApplicationError:
        # The file went missing or was altered: the page offers to prepare it again.
        raise Http404 from None


@require_POST
@login_required
def document_request_retry_view(request: HttpRequest, request_id: int) -> HttpResponse:
    document_request = document_request_get_for_user(user=request.user, request_id=request_id)
    again = document_request_retry(document_request=document_request)
    return redirect("document_request", request_id=again.pk)
