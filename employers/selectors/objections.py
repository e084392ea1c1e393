"""Reads of objections and the access rule of every objection page.

A representative (active, of an active workshop) sees the objections of the
workshops they act for, and may object to those workshops' served rulings; branch
staff see the objections of the workshops of the branches they work at. Anything
else is a 404, for a missing objection and someone else's alike.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.selectors.cases import case_get_for_kind
from branches.selectors.staff import staff_membership_get, staff_memberships_for_user
from employers.models import (
    BoardVote,
    ClaimRuling,
    Objection,
    ObjectionStage,
    ObjectionStatus,
    ObjectionStatusChange,
    Representative,
    RulingStatus,
)
from employers.selectors.rulings import ruling_get_for_user
from employers.services.objections import CASE_KIND, ruling_objection_deadline
from tamin.core.identifiers import is_ascii_digits, normalize_digits
from tamin.core.jalali import format_code, format_jalali_date
from tamin.rules.disputes import dispute_terms, term_end

STAFF_PAGE_SIZE = 50


def _workshop_ids_for_user(*, user) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return Representative.objects.none().values_list("workshop_id", flat=True)
    return Representative.objects.filter(
        user=user, is_active=True, workshop__is_active=True
    ).values_list("workshop_id", flat=True)


def _with_vote() -> QuerySet[Objection]:
    return Objection.objects.select_related(
        "workshop", "workshop__branch", "ruling", "vote", "vote__notice"
    )


# --- the employer ---------------------------------------------------------------------------


def objections_for_user(*, user, workshop_id: int | None = None) -> QuerySet[Objection]:
    """The objections of every workshop the person acts for (or of one of them)."""
    objections = _with_vote().filter(workshop_id__in=_workshop_ids_for_user(user=user))
    if workshop_id is not None:
        objections = objections.filter(workshop_id=workshop_id)
    return objections.order_by("workshop__name", "workshop_id", "-created_at", "-id")


def objection_get_for_user(*, user, objection_id: int) -> Objection:
    objection = (
        _with_vote()
        .select_related("hearing_notice", "answers_notice", "filed_by")
        .filter(pk=objection_id, workshop_id__in=_workshop_ids_for_user(user=user))
        .first()
    )
    if objection is None:
        raise Http404
    return objection


def rulings_objectable_for_user(*, user, today: datetime.date) -> list[ClaimRuling]:
    """Served rulings of the person's workshops still inside their objection term and not
    objected to (each with `objection_until`)."""
    rulings = (
        ClaimRuling.objects.filter(
            workshop_id__in=_workshop_ids_for_user(user=user),
            status=RulingStatus.SERVED,
            notice__served_at__isnull=False,
            notice__respond_until__gte=today,
        )
        .exclude(objections__stage=ObjectionStage.FIRST_INSTANCE)
        .select_related("workshop", "notice")
        .order_by("notice__respond_until", "id")
    )
    found = list(rulings[:100])
    for ruling in found:
        ruling.objection_until = ruling.notice.respond_until
    return found


def ruling_get_for_objection(*, user, ruling_id: int) -> ClaimRuling:
    """A served ruling of a workshop the person acts for (`ruling_get_for_user`: 404
    otherwise, drafts included), with `objection_until`, its last day to object."""
    ruling = ruling_get_for_user(user=user, ruling_id=ruling_id)
    ruling.objection_until = ruling_objection_deadline(ruling=ruling)
    return ruling


# --- branch staff ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffObjectionFilters:
    status: str = ""
    branch_id: int | None = None
    query: str = ""  # a tracking code, a workshop code or a ruling number (digits)


def objections_for_staff(
    *, user, filters: StaffObjectionFilters = StaffObjectionFilters()
) -> QuerySet[Objection]:
    """Objections of the workshops of the branches the person works at, newest first."""
    branch_ids = list(staff_memberships_for_user(user=user).values_list("branch_id", flat=True))
    if filters.branch_id is not None:
        branch_ids = [branch_id for branch_id in branch_ids if branch_id == filters.branch_id]
    objections = _with_vote().filter(workshop__branch_id__in=branch_ids)
    if filters.status in ObjectionStatus.values:
        objections = objections.filter(status=filters.status)
    query = normalize_digits(filters.query or "").strip()
    if query:
        if is_ascii_digits(query):
            objections = objections.filter(
                Q(tracking_code=query) | Q(workshop__code=query) | Q(ruling__number=query)
            )
        else:
            objections = objections.filter(ruling__number=query)
    return objections.order_by("-created_at", "-id")


def objection_get_for_staff(*, user, objection_id: int) -> Objection:
    objection = (
        _with_vote()
        .select_related("hearing_notice", "answers_notice", "filed_by")
        .filter(pk=objection_id)
        .first()
    )
    if objection is None:
        raise Http404
    staff_membership_get(user=user, branch_id=objection.workshop.branch_id)  # 404 otherwise
    return objection


# --- one objection, as both sides read it -------------------------------------------------------


def objection_history(*, objection: Objection) -> QuerySet[ObjectionStatusChange]:
    return ObjectionStatusChange.objects.filter(objection=objection).select_related("changed_by")


def objection_case(*, objection: Objection):
    """The branch case that carries the objection's documents (None for the organization's
    appeal), with its documents and assignee."""
    if objection.case_id is None:
        return None
    return case_get_for_kind(case_id=objection.case_id, kind=CASE_KIND)


def objection_of_ruling(*, ruling: ClaimRuling) -> Objection | None:
    """The first-instance objection to `ruling`, if one was filed."""
    return Objection.objects.filter(ruling=ruling, stage=ObjectionStage.FIRST_INSTANCE).first()


def ruling_objection_refusal(*, ruling: ClaimRuling, today: datetime.date) -> str:
    """Why an objection to `ruling` cannot be filed on `today` ("" when it can); the page
    says it before the form, the service refuses the same."""
    existing = objection_of_ruling(ruling=ruling)
    if existing is not None:
        return _("برای این حکم پیش‌تر اعتراض ثبت شده است (کد رهگیری %(code)s).") % {
            "code": format_code(existing.tracking_code)
        }
    until = ruling.objection_until
    if until is not None and today > until:
        return _("مهلت اعتراض به این حکم در تاریخ %(date)s به پایان رسیده است.") % {
            "date": format_jalali_date(until)
        }
    return ""


def objection_vote(*, objection: Objection) -> BoardVote | None:
    try:
        return objection.vote
    except BoardVote.DoesNotExist:
        return None


def objection_documents_addable(*, objection: Objection, case, user) -> bool:
    """The branch asked for documents and `user` filed the objection (the case's applicant,
    who alone may answer the case)."""
    return (
        objection.status == ObjectionStatus.DOCUMENTS_MISSING
        and case is not None
        and case.applicant_id == getattr(user, "pk", None)
        and case.status == "needs_info"
    )


def objection_related(*, objection: Objection) -> list[Objection]:
    """The other stage of the same ruling: the appeal of a first-instance objection, or the
    first-instance objection an appeal answers."""
    return list(
        Objection.objects.filter(ruling_id=objection.ruling_id)
        .exclude(pk=objection.pk)
        .select_related("vote")
        .order_by("created_at")
    )


def objection_board_due(*, objection: Objection) -> datetime.date | None:
    """The day by which the branch should put the objection before the board
    (DisputeParameters.board_within_days from the filing day)."""
    filed_on = timezone.localtime(objection.created_at).date()
    terms = dispute_terms(on=filed_on)
    if terms is None:
        return None
    return term_end(served_on=filed_on, days=terms.board_within_days)


@dataclass(frozen=True)
class AppealState:
    """Whether the first-instance vote may be appealed today, and until when."""

    may_appeal: bool
    appealable: bool  # above the threshold at service
    until: datetime.date | None
    appeal: Objection | None


def objection_appeal_state(*, objection: Objection, today: datetime.date) -> AppealState | None:
    """None when there is no served first-instance vote to speak of."""
    if objection.stage != ObjectionStage.FIRST_INSTANCE:
        return None
    vote = objection_vote(objection=objection)
    if vote is None:
        return None
    notice = vote.notice
    if notice is None or notice.served_at is None:
        return None
    appealable = bool(notice.content.get("appealable"))
    until = vote.appeal_until or notice.respond_until
    appeal = (
        Objection.objects.filter(ruling_id=objection.ruling_id, stage=ObjectionStage.REVIEW)
        .select_related("vote")
        .first()
    )
    may_appeal = (
        appealable and not vote.is_final and appeal is None and until is not None and today <= until
    )
    return AppealState(may_appeal=may_appeal, appealable=appealable, until=until, appeal=appeal)


def objections_prefetch_history() -> Prefetch:
    return Prefetch("history", queryset=ObjectionStatusChange.objects.order_by("changed_at", "id"))
