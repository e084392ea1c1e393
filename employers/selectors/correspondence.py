"""One timeline per workshop of every letter and notice between its branch and it.

Two sources, one query each, merged newest first:

* from the branch: the workshop's served notices of every kind (rulings, inspection
  reports, hearings, votes, letters, certificates, debt notices), dated by service;
* from the workshop: its requests to the branch — branch cases of the employer kinds
  whose payload names the workshop (registration names it under `code`, every other
  employer kind under `workshop_code`), filed by someone who acts or acted for it,
  dated when sent (drafts are not correspondence yet).

A page of N entries reads at most `page × N + 1` rows of each source, so the merge is
exact without counting either; a filter by kind asks only the source it belongs to.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from branches.registry import case_kind_label, case_kinds
from branches.selectors.cases import cases_naming_workshop
from employers.models import Notice, NoticeKind, Representative, Workshop
from employers.selectors.notices import notices_for_workshop
from employers.services.workshops import REGISTRATION_KIND

LETTER_KIND = "employer_letter"
CORRESPONDENCE_PAGE_SIZE = 20
CORRESPONDENCE_MAX_PAGE = 50  # deeper than 1,000 entries: narrow the period instead
NOTICE_PREFIX = "notice:"
REQUEST_PREFIX = "request:"
EMPLOYER_KIND_PREFIX = "employer_"


class Source:
    NOTICE = "notice"
    REQUEST = "request"


def request_payload_keys() -> dict[str, str]:
    """Every employer case kind that names a workshop -> the payload key holding its code.

    Read from the registry, so a kind another area registers (an objection to a ruling, a
    clearance request) joins the timeline once it declares a `workshop_code` payload field.
    """
    keys = {}
    for kind in case_kinds():
        if not kind.key.startswith(EMPLOYER_KIND_PREFIX):
            continue
        fields = {field.key for field in kind.payload_fields}
        if kind.key == REGISTRATION_KIND:
            keys[kind.key] = "code"
        elif "workshop_code" in fields:
            keys[kind.key] = "workshop_code"
    return keys


def correspondence_kind_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The kind filter's options, grouped by direction (values `notice:<kind>`,
    `request:<case kind>`)."""
    notices = [(f"{NOTICE_PREFIX}{value}", str(label)) for value, label in NoticeKind.choices]
    requests = sorted(
        ((f"{REQUEST_PREFIX}{key}", case_kind_label(key)) for key in request_payload_keys()),
        key=lambda choice: choice[1],
    )
    return [
        (_("ابلاغیه‌ها و نامه‌های شعبه"), notices),
        (_("درخواست‌ها و نامه‌های کارگاه"), requests),
    ]


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    source: str  # Source.NOTICE (from the branch) or Source.REQUEST (from the workshop)
    object_id: int
    kind_label: str
    title: str
    reference: str  # the notice's number, the request's tracking code
    status_label: str
    unread: bool = False  # a notice not yet opened by any representative
    applicant_id: int | None = None  # who filed a request

    @property
    def from_branch(self) -> bool:
        return self.source == Source.NOTICE


@dataclass(frozen=True)
class CorrespondencePage:
    entries: list[TimelineEntry]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _notice_entry(notice: Notice) -> TimelineEntry:
    opened = notice.first_opened_at is not None
    return TimelineEntry(
        at=notice.served_at,
        source=Source.NOTICE,
        object_id=notice.pk,
        kind_label=str(NoticeKind(notice.kind).label),
        title=notice.title,
        reference=notice.number,
        status_label=_("خوانده شد") if opened else _("خوانده نشده"),
        unread=not opened,
    )


def _request_entry(case) -> TimelineEntry:
    return TimelineEntry(
        at=case.submitted_at,
        source=Source.REQUEST,
        object_id=case.pk,
        kind_label=case_kind_label(case.kind),
        title=case.subject,
        reference=case.tracking_code,
        status_label=case.get_status_display(),
        applicant_id=case.applicant_id,
    )


def correspondence_for_workshop(
    *,
    workshop: Workshop,
    kind: str = "",
    sent_from: datetime.date | None = None,
    sent_to: datetime.date | None = None,
    page: int = 1,
    for_staff: bool = False,
) -> CorrespondencePage:
    """One page of the workshop's timeline, newest first (one query per source asked).

    `kind`: "" for all, `notice:<kind>` or `request:<case kind>` for one. `for_staff`: the
    requests staff may see (those that reached the branch).
    """
    page = min(max(page, 1), CORRESPONDENCE_MAX_PAGE)
    size = CORRESPONDENCE_PAGE_SIZE
    wanted = page * size + 1
    notice_kind = kind.removeprefix(NOTICE_PREFIX) if kind.startswith(NOTICE_PREFIX) else None
    request_kind = kind.removeprefix(REQUEST_PREFIX) if kind.startswith(REQUEST_PREFIX) else None
    entries: list[TimelineEntry] = []
    if request_kind is None:
        notices = notices_for_workshop(
            workshop=workshop, kind=notice_kind, served_from=sent_from, served_to=sent_to
        ).only("id", "kind", "number", "title", "served_at", "first_opened_at")
        entries += [_notice_entry(notice) for notice in notices[:wanted]]
    if notice_kind is None:
        payload_keys = request_payload_keys()
        if request_kind is not None:
            payload_keys = {k: v for k, v in payload_keys.items() if k == request_kind}
        cases = cases_naming_workshop(
            workshop_code=workshop.code,
            payload_keys=payload_keys,
            applicant_ids=Representative.objects.filter(workshop=workshop).values("user_id"),
            sent_from=sent_from,
            sent_to=sent_to,
            forwarded_only=for_staff,
        )
        cases = cases.select_related(None).only(
            "id", "kind", "subject", "tracking_code", "status", "submitted_at", "applicant_id"
        )
        entries += [_request_entry(case) for case in cases[:wanted]]
    entries.sort(key=lambda entry: (entry.at, entry.source, entry.object_id), reverse=True)
    start = (page - 1) * size
    return CorrespondencePage(
        entries=entries[start : start + size], number=page, has_next=len(entries) > start + size
    )
