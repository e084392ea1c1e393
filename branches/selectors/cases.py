"""Case reads and access checks.

Applicants see their own cases; staff see the cases of the branches they work
at, and only once a case reached the branch (never drafts or held requests).
A case routed to an agency (کارگزاری) is seen by that agency's staff only, in the
same queue shape (`case_queue_for_staff(agency_id=…)`).
Anything else is 404, for a missing case and someone else's alike.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from branches.models import Case, CaseEvent, StaffMembership
from branches.models.cases import OPEN_CASE_STATUSES, CaseStatus
from branches.selectors.documents import STAFF_HIDDEN_STATUSES
from branches.selectors.staff import (
    agency_membership_get,
    case_place_staff_q,
    person_name_or_code,
    staff_membership_get,
)
from tamin.core.identifiers import parse_positive_int

QUEUE_PAGE_SIZE = 50
# How many working days ahead counts as "due soon" in the queue filter (calendar days, simple).
DUE_SOON_DAYS = 2


class SlaFilter:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"


class AssignedFilter:
    MINE = "mine"
    UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class CaseQueueFilters:
    """What the queue page's filter form may ask for; empty values mean "any"."""

    kind: str = ""
    status: str = ""  # one of the open statuses; empty = all open ones
    sla: str = ""  # SlaFilter
    older_than_days: int | None = None  # forwarded at least this many days ago
    assigned: str = ""  # AssignedFilter or a user id


def case_list_for_applicant(*, user) -> QuerySet[Case]:
    return (
        Case.objects.filter(applicant=user)
        .select_related("branch", "agency")
        .order_by("-created_at")
    )


def case_get_for_applicant(*, user, case_id: int) -> Case:
    case = (
        Case.objects.filter(pk=case_id, applicant=user)
        .select_related("branch", "agency", "assigned_to")
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if case is None:
        raise Http404
    return case


def case_get_for_kind(*, case_id: int, kind: str) -> Case:
    """The case if it is of `kind`; 404 otherwise.

    For an audience app's `on_decision(case_id, status)` callback, which must read
    its own kind's payload and tracking code but may not import `branches.models`.
    """
    case = (
        Case.objects.filter(pk=case_id, kind=kind)
        .select_related("applicant", "branch", "decided_by")
        .first()
    )
    if case is None:
        raise Http404
    return case


def cases_naming_workshop(
    *,
    workshop_code: str,
    payload_keys: Mapping[str, str],
    applicant_ids: Iterable[int] | QuerySet,
    sent_from: dt.date | None = None,
    sent_to: dt.date | None = None,
    include_drafts: bool = False,
    forwarded_only: bool = False,
) -> QuerySet[Case]:
    """Requests a workshop sent to a branch: cases of the kinds in `payload_keys` whose payload
    names `workshop_code` (kind -> the payload key holding the code), filed by one of
    `applicant_ids` (a list or a values("user_id") queryset, read as a subquery), and sent
    (drafts left out unless `include_drafts`; with `forwarded_only`, only those that reached
    the branch, as staff see cases); optionally sent within [sent_from, sent_to]. Newest sent
    first, one query.

    For an audience app's correspondence timeline: the app names its kinds and who acts for
    the workshop, branches knows neither.
    """
    if not workshop_code or not payload_keys:
        return Case.objects.none()
    names_it = Q()
    for kind, key in payload_keys.items():
        names_it |= Q(kind=kind, **{f"payload__{key}": workshop_code})
    cases = Case.objects.filter(names_it, applicant_id__in=applicant_ids)
    if not include_drafts:
        cases = cases.filter(submitted_at__isnull=False).exclude(status=CaseStatus.DRAFT)
    if forwarded_only:
        cases = cases.filter(forwarded_at__isnull=False).exclude(status__in=STAFF_HIDDEN_STATUSES)
    if sent_from:
        cases = cases.filter(submitted_at__date__gte=sent_from)
    if sent_to:
        cases = cases.filter(submitted_at__date__lte=sent_to)
    return (
        cases.select_related("branch")
        .defer("payload", "status_reason")
        .order_by("-submitted_at", "-id")
    )


def _visible_to_staff(user) -> Q:
    return case_place_staff_q(user=user) & ~Q(status__in=STAFF_HIDDEN_STATUSES)


def case_get_for_staff(*, user, case_id: int) -> Case:
    """The case if `user` works at its place (its branch; its agency for a case routed to one)
    and it reached that place; 404 otherwise."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    case = (
        Case.objects.filter(_visible_to_staff(user), pk=case_id)
        .select_related("branch", "agency", "applicant", "assigned_to", "decided_by")
        .first()
    )
    if case is None:
        raise Http404
    return case


def case_events_for_case(*, case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("at", "id")


def _place_cases(*, branch_id: int | None, agency_id: int | None) -> QuerySet[Case]:
    """The cases of one place: an agency's, or a branch's own (not those of its agencies)."""
    if agency_id is not None:
        return Case.objects.filter(agency_id=agency_id)
    return Case.objects.filter(branch_id=branch_id, agency__isnull=True)


def case_queue_for_staff(
    *,
    user,
    branch_id: int | None = None,
    agency_id: int | None = None,
    filters: CaseQueueFilters | None = None,
) -> QuerySet[Case]:
    """The open cases of a branch — or of an agency (`agency_id`) — overdue first, then by
    nearest due date, then oldest.

    404 unless `user` works at that branch (or agency). A branch's queue holds its own cases,
    never those routed to its agencies. One query whatever the number of
    rows (applicant and assignee are joined), so a page costs the same with 1 or
    10,000 cases; the (branch, status, due_date) index serves the order (see the partial
    indexes on Case, one per branch and one per agency).
    """
    if agency_id is not None:
        agency_membership_get(user=user, agency_id=agency_id)
    elif branch_id is not None:
        staff_membership_get(user=user, branch_id=branch_id)
    else:
        raise Http404
    filters = filters or CaseQueueFilters()
    today = timezone.localdate()
    cases = _place_cases(branch_id=branch_id, agency_id=agency_id)
    if filters.status and filters.status in OPEN_CASE_STATUSES:
        cases = cases.filter(status=filters.status)
    else:
        cases = cases.filter(status__in=OPEN_CASE_STATUSES)
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.sla == SlaFilter.OVERDUE:
        cases = cases.filter(due_date__lt=today)
    elif filters.sla == SlaFilter.DUE_SOON:
        cases = cases.filter(
            due_date__gte=today, due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS)
        )
    elif filters.sla == SlaFilter.ON_TIME:
        cases = cases.filter(due_date__gte=today)
    if filters.older_than_days:
        cases = cases.filter(
            forwarded_at__lte=timezone.now() - dt.timedelta(days=filters.older_than_days)
        )
    if filters.assigned == AssignedFilter.MINE:
        cases = cases.filter(assigned_to=user)
    elif filters.assigned == AssignedFilter.UNASSIGNED:
        cases = cases.filter(assigned_to__isnull=True)
    elif parse_positive_int(filters.assigned):
        cases = cases.filter(assigned_to_id=parse_positive_int(filters.assigned))
    # Open cases always carry a due date (set when forwarded), so a plain order
    # matches the partial index "case_open_queue" and the page reads 50 rows, not
    # a sort of the whole branch. The payload is not shown in the queue.
    return (
        cases.select_related("applicant", "assigned_to")
        .defer("payload", "status_reason")
        .order_by("due_date", "forwarded_at", "id")
    )


def _queue_version_key(*, branch_id: int | None, agency_id: int | None) -> str:
    if agency_id is not None:
        return f"case-queue-version:agency:{int(agency_id)}"
    return f"case-queue-version:branch:{int(branch_id)}"


def case_queue_version(*, branch_id: int | None = None, agency_id: int | None = None) -> str:
    """A token that changes whenever any case of the place (a branch's own, or an agency's)
    is saved or deleted (`case_queue_forget`): what a cached queue page is keyed by, so a new,
    assigned or decided case shows on the next request. One cache read."""
    key = _queue_version_key(branch_id=branch_id, agency_id=agency_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        version = cache.get(key)
    return version or ""


def case_queue_forget(*, branch_id: int | None, agency_id: int | None) -> None:
    """A case of this branch or agency changed: its queue pages are stale. New tokens now and
    again once the transaction commits, so a page read from the old rows in between is never
    reused."""
    keys = [_queue_version_key(branch_id=branch_id, agency_id=None)] if branch_id else []
    if agency_id is not None:
        keys.append(_queue_version_key(branch_id=None, agency_id=agency_id))

    def renew() -> None:
        cache.set_many({key: secrets.token_hex(8) for key in keys}, timeout=None)

    renew()
    transaction.on_commit(renew)


@dataclass(frozen=True, slots=True)
class CaseQueueRow:
    """One line of the queue page: only what the table shows, read as plain values."""

    id: int
    tracking_code: str
    kind: str
    subject: str
    status: str
    at_agency: bool
    due_date: dt.date | None
    applicant_name: str  # the full name, else the national code
    assignee_name: str  # "" when nobody is assigned


_QUEUE_ROW_FIELDS = (
    "id",
    "tracking_code",
    "kind",
    "subject",
    "status",
    "agency_id",
    "due_date",
    "applicant__first_name",
    "applicant__last_name",
    "applicant__national_code",
    "assigned_to_id",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__national_code",
)


def case_queue_page_for_staff(
    *,
    user,
    branch_id: int | None = None,
    agency_id: int | None = None,
    filters: CaseQueueFilters | None = None,
    page_number: str | int | None = None,
) -> Page:
    """One page of `case_queue_for_staff` (same access check, filters and order) whose
    `object_list` is `CaseQueueRow`s: two queries (the count and the page's rows with the
    applicant's and assignee's names joined), no model instances built."""
    cases = case_queue_for_staff(
        user=user, branch_id=branch_id, agency_id=agency_id, filters=filters
    )
    # Counted without the joins (the names are read for the page's rows only).
    page = Paginator(cases, QUEUE_PAGE_SIZE).get_page(page_number)
    first = (page.number - 1) * QUEUE_PAGE_SIZE
    rows = cases.values_list(*_QUEUE_ROW_FIELDS)[first : first + QUEUE_PAGE_SIZE]
    page.object_list = [
        CaseQueueRow(
            id=row[0],
            tracking_code=row[1],
            kind=row[2],
            subject=row[3],
            status=row[4],
            at_agency=row[5] is not None,
            due_date=row[6],
            applicant_name=person_name_or_code(row[7], row[8], row[9]),
            assignee_name=person_name_or_code(row[11], row[12], row[13]) if row[10] else "",
        )
        for row in rows
    ]
    return page


@dataclass(frozen=True)
class ReviewerWorkload:
    user_id: int
    name: str
    role: str
    open_cases: int
    overdue_cases: int
    under_review: int
    needs_info: int


def _place_members(*, branch_id: int | None, agency_id: int | None) -> QuerySet[StaffMembership]:
    if agency_id is not None:
        return StaffMembership.objects.filter(agency_id=agency_id, is_active=True)
    return StaffMembership.objects.filter(branch_id=branch_id, is_active=True)


def workload_per_reviewer(
    *, branch_id: int | None = None, agency_id: int | None = None
) -> list[ReviewerWorkload]:
    """Open cases held by each active member of the branch (or agency; one query), busiest
    first."""
    today = timezone.localdate()
    if agency_id is not None:
        of_place = Q(user__assigned_cases__agency_id=agency_id)
    else:
        of_place = Q(
            user__assigned_cases__branch_id=branch_id, user__assigned_cases__agency__isnull=True
        )
    mine = of_place & Q(user__assigned_cases__status__in=OPEN_CASE_STATUSES)
    rows = (
        _place_members(branch_id=branch_id, agency_id=agency_id)
        .select_related("user")
        .annotate(
            open_cases=Count("user__assigned_cases", filter=mine),
            overdue_cases=Count(
                "user__assigned_cases", filter=mine & Q(user__assigned_cases__due_date__lt=today)
            ),
            under_review=Count(
                "user__assigned_cases",
                filter=mine & Q(user__assigned_cases__status=CaseStatus.UNDER_REVIEW),
            ),
            needs_info=Count(
                "user__assigned_cases",
                filter=mine & Q(user__assigned_cases__status=CaseStatus.NEEDS_INFO),
            ),
        )
        .order_by("-open_cases", "user__last_name", "user_id")
    )
    return [
        ReviewerWorkload(
            user_id=row.user_id,
            name=row.user.get_full_name() or row.user.national_code,
            role=row.get_role_display(),
            open_cases=row.open_cases,
            overdue_cases=row.overdue_cases,
            under_review=row.under_review,
            needs_info=row.needs_info,
        )
        for row in rows
    ]


def unassigned_open_count(*, branch_id: int | None = None, agency_id: int | None = None) -> int:
    return (
        _place_cases(branch_id=branch_id, agency_id=agency_id)
        .filter(status__in=OPEN_CASE_STATUSES, assigned_to__isnull=True)
        .count()
    )


def branch_members_for_assignment(
    *, branch_id: int | None = None, agency_id: int | None = None
) -> QuerySet[StaffMembership]:
    """The active members of the branch (or of the agency) a case may be assigned to."""
    return (
        _place_members(branch_id=branch_id, agency_id=agency_id)
        .select_related("user")
        .order_by("user__last_name", "user_id")
    )
