"""Reads of notices: a workshop's inbox and one notice, for its representatives and staff.

A representative sees the workshop's served notices (a paper notice once its service
day is recorded); staff of the workshop's branch see every notice, served or waiting
for paper service. Anything else is a 404.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import Http404

from branches.selectors.staff import staff_membership_get
from employers.models import Notice, Workshop
from employers.selectors.workshops import workshop_get_for_user


def notices_for_workshop(
    *,
    workshop: Workshop,
    kind: str | None = None,
    served_from: datetime.date | None = None,
    served_to: datetime.date | None = None,
    include_unserved: bool = False,
) -> QuerySet[Notice]:
    """The workshop's notices, newest first, optionally of one kind and served in a period."""
    notices = Notice.objects.filter(workshop=workshop)
    if not include_unserved:
        notices = notices.filter(served_at__isnull=False)
    if kind:
        notices = notices.filter(kind=kind)
    if served_from:
        notices = notices.filter(served_at__date__gte=served_from)
    if served_to:
        notices = notices.filter(served_at__date__lte=served_to)
    return notices.order_by("-served_at", "-id")


def notice_get_for_user(*, user, notice_id: int) -> Notice:
    """A served notice of a workshop `user` acts for; 404 otherwise."""
    notice = (
        Notice.objects.select_related("workshop", "branch", "first_opened_by")
        .filter(pk=notice_id, served_at__isnull=False)
        .first()
    )
    if notice is None:
        raise Http404
    workshop_get_for_user(user=user, workshop_id=notice.workshop_id)
    return notice


def notice_get_for_staff(*, user, notice_id: int) -> Notice:
    """Any notice of a workshop of the staff member's branch; 404 otherwise."""
    notice = (
        Notice.objects.select_related("workshop", "branch", "first_opened_by")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None:
        raise Http404
    staff_membership_get(user=user, branch_id=notice.branch_id)
    return notice


def notices_unread_count(*, workshop: Workshop) -> int:
    return Notice.objects.filter(
        workshop=workshop, served_at__isnull=False, first_opened_at__isnull=True
    ).count()


def notices_awaiting_paper_service(*, branch_ids) -> QuerySet[Notice]:
    return (
        Notice.objects.filter(branch_id__in=branch_ids, served_at__isnull=True)
        .select_related("workshop")
        .order_by("created_at", "id")
    )
