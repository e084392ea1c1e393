"""Reads of inspection reports: the employer's (their workshops' reports) and branch staff's.

The reports are `branches.Inspection` rows, read through `branches.selectors.inspections`
(by workshop code, or by branch). A representative sees the reports of a workshop they act
for, except one whose notice still waits for paper service (it has not been served to them
yet); anything else is a 404. Each report comes with its notice (when it was served as one)
and the objection filed against it, if any.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404

from branches.selectors.cases import cases_naming_workshop
from branches.selectors.inspections import inspections_for_branches, inspections_for_workshops
from branches.selectors.staff import staff_memberships_for_user
from employers.models import Notice, NoticeKind, Representative, Workshop
from employers.selectors.notices import NoticeWorker, workers_from_rows
from employers.selectors.workshops import workshop_get_for_user

OBJECTION_KIND = "employer_inspection_objection"
INSPECTIONS_PAGE_SIZE = 20
STAFF_INSPECTIONS_PAGE_SIZE = 30


@dataclass(frozen=True)
class InspectionReport:
    inspection: Any  # branches.Inspection (read-only here)
    notice: Notice | None
    objection: Any | None  # the branches case of the objection, if one was filed

    @property
    def workers_not_listed(self) -> list[NoticeWorker]:
        return workers_from_rows(self.inspection.workers_not_listed)


def inspection_objections(*, workshop: Workshop, inspection_ids=None):
    """The objection cases filed for this workshop's inspections (drafts included), newest
    first; `inspection_ids` narrows them to some reports."""
    cases = cases_naming_workshop(
        workshop_code=workshop.code,
        payload_keys={OBJECTION_KIND: "workshop_code"},
        applicant_ids=Representative.objects.filter(workshop=workshop).values("user_id"),
        include_drafts=True,
    ).order_by("-created_at", "-id")
    if inspection_ids is not None:
        cases = cases.filter(payload__inspection_id__in=list(inspection_ids))
    return cases


def _unserved_inspection_ids(*, workshop: Workshop):
    # (never a NULL in the list: NOT IN with a NULL would hide every report)
    return Notice.objects.filter(
        workshop=workshop,
        kind=NoticeKind.INSPECTION,
        served_at__isnull=True,
        inspection_id__isnull=False,
    ).values("inspection_id")


def _reports(*, workshop: Workshop, inspections) -> list[InspectionReport]:
    inspections = list(inspections)
    ids = [inspection.pk for inspection in inspections]
    notices = {
        notice.inspection_id: notice
        for notice in Notice.objects.filter(workshop=workshop, inspection_id__in=ids).defer(
            "body", "content"
        )
    }
    objections: dict[int, Any] = {}
    if ids:
        for case in (
            inspection_objections(workshop=workshop, inspection_ids=ids)
            .select_related(None)
            .only("id", "tracking_code", "status", "payload", "applicant_id", "created_at")
        ):
            objections.setdefault(int(case.payload.get("inspection_id") or 0), case)
    return [
        InspectionReport(
            inspection=inspection,
            notice=notices.get(inspection.pk),
            objection=objections.get(inspection.pk),
        )
        for inspection in inspections
    ]


def inspections_page_for_workshop(*, workshop: Workshop, page: int = 1) -> tuple[Page, list]:
    """One page of the workshop's served inspection reports, newest first: the page and its
    reports (a count and three queries whatever the number of rows)."""
    inspections = inspections_for_workshops(workshop_codes=[workshop.code]).exclude(
        pk__in=_unserved_inspection_ids(workshop=workshop)
    )
    page_obj = Paginator(inspections, INSPECTIONS_PAGE_SIZE).get_page(page)
    return page_obj, _reports(workshop=workshop, inspections=page_obj.object_list)


def inspection_get_for_user(*, user, workshop_id: int, inspection_id: int) -> InspectionReport:
    """A served report of a workshop `user` acts for; 404 otherwise (also while it waits for
    paper service)."""
    workshop = workshop_get_for_user(user=user, workshop_id=workshop_id)
    inspection = (
        inspections_for_workshops(workshop_codes=[workshop.code])
        .exclude(pk__in=_unserved_inspection_ids(workshop=workshop))
        .filter(pk=inspection_id)
        .first()
    )
    if inspection is None:
        raise Http404
    return _reports(workshop=workshop, inspections=[inspection])[0]


@dataclass(frozen=True)
class StaffInspectionRow:
    inspection: Any
    notice: Notice | None


def inspections_page_for_staff(*, user, page: int = 1) -> Page:
    """The inspections recorded by the staff member's branches, newest first, each with its
    notice (served, or waiting for paper service); a count and two queries."""
    branch_ids = staff_memberships_for_user(user=user).values("branch_id")
    page_obj = Paginator(
        inspections_for_branches(branch_ids=branch_ids), STAFF_INSPECTIONS_PAGE_SIZE
    ).get_page(page)
    inspections = list(page_obj.object_list)
    notices = {
        notice.inspection_id: notice
        for notice in Notice.objects.filter(
            inspection_id__in=[inspection.pk for inspection in inspections]
        )
        .select_related("workshop")
        .defer("body", "content")
    }
    page_obj.object_list = [
        StaffInspectionRow(inspection=inspection, notice=notices.get(inspection.pk))
        for inspection in inspections
    ]
    return page_obj
