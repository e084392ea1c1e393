"""Notification reads — public. Access to a person's messages goes through here only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from notifications.models import Channel, Notification, NotificationPreference
from notifications.providers import OutboxMessage, file_outbox_read


def inbox_list_for_user(*, user: Any) -> QuerySet[Notification]:
    if user is None or not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user, channel=Channel.INBOX).order_by(
        "-created_at", "-id"
    )


def inbox_unread_count(*, user: Any) -> int:
    return inbox_list_for_user(user=user).filter(read_at__isnull=True).count()


def notification_get_for_user(*, user: Any, notification_id: int) -> Notification:
    """One of the person's inbox messages; missing and someone else's look the same (404)."""
    notification = inbox_list_for_user(user=user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404("notification not found")
    return notification


def preference_get_for_user(*, user: Any) -> NotificationPreference:
    """The person's channel choices; an unsaved row with the defaults when they never chose."""
    if user is None or getattr(user, "pk", None) is None:
        return NotificationPreference()
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference()


def outbox_dev_messages(*, limit: int = 50) -> list[OutboxMessage]:
    """The newest messages the file SMS backend wrote, newest first (developer page)."""
    return file_outbox_read(limit=limit)
