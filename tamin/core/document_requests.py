"""Issued documents are prepared by a worker, never inside the web request.

Flow:
1. An app registers, per document kind, the function that issues it
   (`document_issuer_register(kind=, issue=)`, from its `AppConfig.ready()`);
   `issue(user=, **parameters)` returns an `IssuedDocument` (normally through
   `tamin.core.pdf.render`, which reuses a stored copy of the same content).
2. The app's view builds the document's content key (cheap: the data, no render)
   and calls `document_request_start`. A stored copy of that content → the request
   is `ready` at once, no task. The same request still pending (a second click) →
   that one. Otherwise a new `pending` request; `document_request_render_task` is
   queued after commit.
3. The worker runs `document_request_render`: idempotent (a request that is no
   longer pending is left alone, so a redelivered message does nothing), it calls the
   kind's issue function and marks the request `ready` with the document, or
   `failed` with a Persian message. A message that keeps killing its worker is given
   up by `poison_proof` through `document_request_abandon`.
4. The request's page (tamin/core/document_views.py) polls the status with htmx
   and then links the download; a failed request can be retried (a new request).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamin.core import pdf
from tamin.core.exceptions import ApplicationError
from tamin.core.models import DocumentRequest, IssuedDocument
from tamin.core.services import audit_record

logger = logging.getLogger(__name__)

# A request still pending after this long lost its message (a flushed broker): start anew.
PENDING_STALE_AFTER = timedelta(minutes=10)

_ISSUERS: dict[str, Callable[..., IssuedDocument]] = {}


def document_issuer_register(*, kind: str, issue: Callable[..., IssuedDocument]) -> None:
    """`issue(user=, **parameters) -> IssuedDocument` runs in the worker for `kind`."""
    _ISSUERS[kind] = issue


def document_issuer_get(kind: str) -> Callable[..., IssuedDocument] | None:
    """The issue function registered for `kind` (None when none is)."""
    return _ISSUERS.get(kind)


def document_request_usable(document_request: DocumentRequest) -> bool:
    """Ready, and its document still valid and in the store."""
    document = document_request.document
    if document_request.status != DocumentRequest.Status.READY or document is None:
        return False
    name = pdf.document_store_name(document)
    return document.revoked_at is None and name is not None and pdf.private_exists(name)


def _queue_render(document_request: DocumentRequest) -> None:
    from tamin.core.tasks import document_request_render_task

    request_id = document_request.pk
    transaction.on_commit(lambda: document_request_render_task.delay(request_id))


@transaction.atomic
def document_request_start(
    *,
    owner: Any,
    kind: str,
    content_key: str,
    parameters: dict[str, Any],
    filename: str,
) -> DocumentRequest:
    """The request for this content: a ready one when a stored copy exists, else queued."""
    if kind not in _ISSUERS:
        raise ValueError(f"no issue function registered for document kind {kind!r}")
    recent = (
        DocumentRequest.objects.select_related("document")
        .filter(owner=owner, kind=kind, content_key=content_key, parameters=parameters)
        .exclude(status=DocumentRequest.Status.FAILED)
        .order_by("-created_at", "-id")
        .first()
    )
    if recent is not None:
        fresh = recent.created_at > timezone.now() - PENDING_STALE_AFTER
        if recent.status == DocumentRequest.Status.PENDING and fresh:
            return recent
        if document_request_usable(recent):
            return recent
    stored = pdf.stored_document_find(content_key=content_key, kind=kind, owner=owner)
    document_request = DocumentRequest(
        owner=owner,
        kind=kind,
        content_key=content_key,
        parameters=parameters,
        filename=filename,
        status=DocumentRequest.Status.READY if stored else DocumentRequest.Status.PENDING,
        document=stored,
    )
    document_request.full_clean()
    document_request.save()
    audit_record(
        action="core.document_requested",
        actor=owner,
        target=document_request,
        detail={"kind": kind, "stored_copy": stored is not None},
    )
    if stored is None:
        _queue_render(document_request)
    return document_request


def _fail(document_request: DocumentRequest, message: str) -> None:
    document_request.status = DocumentRequest.Status.FAILED
    document_request.failure = message[:255]
    document_request.save(update_fields=["status", "failure", "updated_at"])


def document_request_render(*, request_id: int) -> str:
    """Issue the document of a pending request (the worker's side); its new status."""
    document_request = DocumentRequest.objects.select_related("owner").filter(pk=request_id).first()
    if document_request is None:
        return "missing"
    if document_request.status != DocumentRequest.Status.PENDING:
        return document_request.status
    issue = _ISSUERS.get(document_request.kind)
    if issue is None:
        _fail(document_request, _("این نوع سند دیگر صادر نمی‌شود."))
        return document_request.status
    try:
        document = issue(user=document_request.owner, **document_request.parameters)
    except ApplicationError as error:
        _fail(document_request, error.message)
        return document_request.status
    except Exception:
        # Any other failure (a template bug, a lost store): the person may retry.
        logger.exception("document request %s failed", request_id)
        _fail(document_request, _("آماده‌سازی سند با خطا روبه‌رو شد. لطفاً دوباره تلاش کنید."))
        return document_request.status
    document_request.document = document
    document_request.status = DocumentRequest.Status.READY
    document_request.failure = ""
    document_request.save(update_fields=["document", "status", "failure", "updated_at"])
    return document_request.status


def document_request_abandon(*, request_id: int) -> None:
    """`poison_proof`'s give-up: the render keeps killing its worker; say so, stop polling."""
    document_request = DocumentRequest.objects.filter(
        pk=request_id, status=DocumentRequest.Status.PENDING
    ).first()
    if document_request is not None:
        _fail(
            document_request,
            _("آماده‌سازی این سند چند بار ناتمام ماند. لطفاً کمی بعد دوباره تلاش کنید."),
        )


@transaction.atomic
def document_request_retry(*, document_request: DocumentRequest) -> DocumentRequest:
    """A failed request asked again: a new request for the same content and parameters."""
    # Pending: still on its way. Ready with its file: nothing to retry. Failed, or ready
    # but the file has gone from the store: prepare it again.
    if document_request.status == DocumentRequest.Status.PENDING or document_request_usable(
        document_request
    ):
        return document_request
    return document_request_start(
        owner=document_request.owner,
        kind=document_request.kind,
        content_key=document_request.content_key,
        parameters=document_request.parameters,
        filename=document_request.filename,
    )
