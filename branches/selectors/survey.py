"""Survey reads: a person's own invitations, and per-branch results for that branch's staff."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from branches.models import Branch, Survey
from branches.selectors.staff import staff_branches_for_user

LATEST_COMMENTS = 5
RATINGS = (1, 2, 3, 4, 5)


def _respondent_surveys(user) -> QuerySet[Survey]:
    if not getattr(user, "is_authenticated", False):
        return Survey.objects.none()
    return Survey.objects.filter(respondent=user).select_related(
        "branch", "medical_centre", "case", "booking__slot__service"
    )


def survey_list_for_respondent(*, user, open_only: bool = False) -> QuerySet[Survey]:
    """The person's invitations: open ones first (newest first), then answered ones."""
    surveys = _respondent_surveys(user)
    if open_only:
        surveys = surveys.filter(answered_at__isnull=True)
    return surveys.order_by(F("answered_at").desc(nulls_first=True), "-created_at")


def survey_get_for_respondent(*, user, survey_id: int) -> Survey:
    """One of the person's own invitations; 404 for a missing one and for someone else's."""
    survey = _respondent_surveys(user).filter(pk=survey_id).first()
    if survey is None:
        raise Http404
    return survey


@dataclass
class BranchSurveyResults:
    branch: Branch
    invited: int = 0
    answered: int = 0
    average: float | None = None
    # (rating, count, percent of answered) for ratings 1..5
    distribution: list[tuple[int, int, int]] = field(default_factory=list)
    latest_comments: list[Survey] = field(default_factory=list)


def survey_results_for_staff(*, user) -> list[BranchSurveyResults]:
    """Results of every branch the staff member works at (and only those); three queries."""
    branches = list(staff_branches_for_user(user=user).select_related("city").order_by("code"))
    if not branches:
        return []
    by_branch = {branch.pk: BranchSurveyResults(branch=branch) for branch in branches}
    answered = Q(answered_at__isnull=False)
    aggregates = (
        Survey.objects.filter(branch_id__in=by_branch)
        .values("branch_id")
        .annotate(
            invited=Count("id"),
            answered=Count("id", filter=answered),
            average=Avg("rating", filter=answered),
            **{f"r{r}": Count("id", filter=answered & Q(rating=r)) for r in RATINGS},
        )
        .order_by()
    )
    for row in aggregates:
        result = by_branch[row["branch_id"]]
        result.invited = row["invited"]
        result.answered = row["answered"]
        result.average = round(row["average"], 1) if row["average"] is not None else None
        result.distribution = [
            (r, row[f"r{r}"], round(100 * row[f"r{r}"] / row["answered"]) if row["answered"] else 0)
            for r in RATINGS
        ]
    for result in by_branch.values():
        if not result.distribution:
            result.distribution = [(r, 0, 0) for r in RATINGS]
    # The latest few comments per branch in one query (window function).
    comments = (
        Survey.objects.filter(branch_id__in=by_branch, answered_at__isnull=False)
        .exclude(comment="")
        .annotate(
            position=Window(
                RowNumber(), partition_by=F("branch_id"), order_by=F("answered_at").desc()
            )
        )
        .filter(position__lte=LATEST_COMMENTS)
        .order_by("branch_id", "position")
    )
    for survey in comments:
        by_branch[survey.branch_id].latest_comments.append(survey)
    return list(by_branch.values())
