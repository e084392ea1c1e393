"""Writes of the public content that come from outside the admin.

Staff edit content in the admin (Django's change history). The one other writer is the 1420
contact desk (`branches`): an officer turns a ticket's question and answer into a common
question (`faq_create` with the ticket's id and its category's title as the topic), and may
take it down and put it back (`faq_set_published`). So there is one store of common
questions: the site's `/faq/`, the contact page, the API and the USSD menu all read it through
`tamin.content.selectors`. Each write here is audited (`content.faq_created`,
`content.faq_published`, `content.faq_unpublished`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tamin.content.models import Audience, Faq
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import has_control_characters
from tamin.core.services import audit_record

FAQ_QUESTION_MAX = Faq._meta.get_field("question").max_length
FAQ_TOPIC_MAX = Faq._meta.get_field("topic").max_length
FAQ_ANSWER_MAX = 5000
FAQ_ORDER_DEFAULT = Faq._meta.get_field("order").default


def _text_clean(
    value: str, *, field: str, max_length: int, label: str, required: bool = True, lines: bool
) -> str:
    text = (value or "").strip()
    if not text and required:
        raise ApplicationError(
            _("%(label)s را بنویسید.") % {"label": label}, code=f"{field}_required"
        )
    if len(text) > max_length:
        raise ApplicationError(
            _("%(label)s بلندتر از حد مجاز است.") % {"label": label},
            code=f"{field}_too_long",
            extra={"max_length": max_length},
        )
    if has_control_characters(text, allow_line_breaks=lines):
        raise ApplicationError(
            _("%(label)s نویسه‌های نامعتبر دارد.") % {"label": label}, code=f"{field}_invalid"
        )
    return text


def _faq_state(faq: Faq) -> dict[str, Any]:
    return {
        "is_published": faq.is_published,
        "audience": faq.audience,
        "topic": faq.topic,
        "source_ticket_id": faq.source_ticket_id,
    }


@transaction.atomic
def faq_create(
    *,
    question: str,
    answer: str,
    audience: str = Audience.ALL,
    topic: str = "",
    source_ticket_id: int | None = None,
    published: bool,
    actor: Any,
    order: int = FAQ_ORDER_DEFAULT,
) -> Faq:
    """A new common question; published at once or kept for later (`published`)."""
    question = _text_clean(
        question, field="question", max_length=FAQ_QUESTION_MAX, label=_("پرسش"), lines=False
    )
    answer = _text_clean(
        answer, field="answer", max_length=FAQ_ANSWER_MAX, label=_("پاسخ"), lines=True
    )
    topic = _text_clean(
        topic,
        field="topic",
        max_length=FAQ_TOPIC_MAX,
        label=_("موضوع"),
        required=False,
        lines=False,
    )
    if audience not in Audience.values:
        raise ApplicationError(_("مخاطب پرسش را از فهرست برگزینید."), code="audience_invalid")
    faq = Faq(
        question=question,
        answer=answer,
        audience=audience,
        topic=topic,
        source_ticket_id=source_ticket_id,
        is_published=published,
        order=order,
    )
    faq.full_clean()
    faq.save()
    audit_record(action="content.faq_created", actor=actor, target=faq, after=_faq_state(faq))
    return faq


@transaction.atomic
def faq_set_published(*, faq_id: int, published: bool, actor: Any) -> Faq:
    """Show a question everywhere or take it down everywhere (kept, so it can come back).

    The caller has checked that `actor` may; setting the state it already has changes
    nothing and writes no audit row.
    """
    faq = Faq.objects.select_for_update().filter(pk=faq_id).first()
    if faq is None:
        raise ApplicationError(_("این پرسش پیدا نشد."), code="faq_not_found")
    if faq.is_published == published:
        return faq
    faq.is_published = published
    faq.full_clean()
    faq.save(update_fields=["is_published", "updated_at"])
    audit_record(
        action="content.faq_published" if published else "content.faq_unpublished",
        actor=actor,
        target=faq,
        before={"is_published": not published},
        after={"is_published": published},
        detail={"source_ticket_id": faq.source_ticket_id},
    )
    return faq
