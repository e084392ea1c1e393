"""Performance survey: the person's invitations and answers; per-branch results for staff."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branches.models import StaffRole, Survey
from branches.selectors.survey import (
    survey_get_for_respondent,
    survey_list_for_respondent,
    survey_results_for_staff,
)
from branches.services.survey import survey_answer
from tamin.core.models import AuditLog
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory, StaffMembershipFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def _answered(branch, rating, comment=""):
    return survey_answer(survey=SurveyFactory(branch=branch), rating=rating, comment=comment)


def test_survey_get_for_respondent_is_404_for_a_stranger_and_a_missing_id():
    # Given someone's invitation
    survey = SurveyFactory()
    stranger = UserFactory()

    # Then its owner gets it, a stranger and a wrong id get 404
    assert survey_get_for_respondent(user=survey.respondent, survey_id=survey.pk) == survey
    with pytest.raises(Http404):
        survey_get_for_respondent(user=stranger, survey_id=survey.pk)
    with pytest.raises(Http404):
        survey_get_for_respondent(user=survey.respondent, survey_id=survey.pk + 1000)


def test_survey_list_for_respondent_shows_only_own_open_first():
    # Given a person with one answered and one open invitation, and someone else's
    person = UserFactory()
    answered = survey_answer(survey=SurveyFactory(respondent=person), rating=4)
    still_open = SurveyFactory(respondent=person)
    SurveyFactory()

    # When listing
    surveys = list(survey_list_for_respondent(user=person))
    open_only = list(survey_list_for_respondent(user=person, open_only=True))

    # Then they see only theirs, open first
    assert surveys == [still_open, answered]
    assert open_only == [still_open]


def test_list_page_needs_sign_in_and_lists_open_invitations(client):
    # Given an invitation about a case
    survey = SurveyFactory(case__subject="کمک‌هزینه ازدواج")
    url = reverse("branches:survey_list")

    # When anonymous, the page sends to the login
    assert client.get(url).status_code == 302

    # When signed in, the invitation and its answer link are listed
    client.force_login(survey.respondent)
    body = client.get(url).content.decode()
    assert "کمک‌هزینه ازدواج" in body
    assert reverse("branches:survey_answer", args=[survey.pk]) in body


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_list_page_query_count_does_not_grow_with_invitations(client):
    # Given a person with one invitation
    person = UserFactory()
    SurveyFactory(respondent=person)
    client.force_login(person)
    url = reverse("branches:survey_list")
    client.get(url)  # warm the session
    one = _queries(client, url)

    # When they have many more, some answered
    for rating in (1, 2, 3, 4, 5):
        survey_answer(survey=SurveyFactory(respondent=person), rating=rating)
        SurveyFactory(respondent=person)

    # Then the page needs the same number of queries
    assert _queries(client, url) == one


def test_answering_records_rating_comment_and_audit(client):
    # Given a person's open invitation
    survey = SurveyFactory()
    client.force_login(survey.respondent)
    url = reverse("branches:survey_answer", args=[survey.pk])
    assert "ثبت نظر" in client.get(url).content.decode()

    # When they rate it 5 with a comment
    response = client.post(url, {"rating": "5", "comment": "  برخورد کارشناس بسیار خوب بود  "})

    # Then the answer is saved, audited, and they go back to the list
    assert response.status_code == 302
    assert response.url == reverse("branches:survey_list")
    survey.refresh_from_db()
    assert survey.rating == 5
    assert survey.comment == "برخورد کارشناس بسیار خوب بود"
    assert survey.answered_at is not None
    assert AuditLog.objects.filter(action="survey.answered", target_id=str(survey.pk)).exists()


def test_answer_form_rejects_missing_or_out_of_range_rating(client):
    # Given an open invitation
    survey = SurveyFactory()
    client.force_login(survey.respondent)
    url = reverse("branches:survey_answer", args=[survey.pk])

    # When posting no rating, or a rating of 9
    for data in ({"comment": "x"}, {"rating": "9"}):
        response = client.post(url, data)
        # Then the form is shown again and nothing is stored
        assert response.status_code == 200
        assert "is-invalid" in response.content.decode()
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_answered_survey_cannot_be_answered_again(client):
    # Given an answered invitation
    survey = survey_answer(survey=SurveyFactory(), rating=2, comment="صف طولانی")
    client.force_login(survey.respondent)
    url = reverse("branches:survey_answer", args=[survey.pk])

    # When posting again
    response = client.post(url, {"rating": "5"})

    # Then the first answer stays and the page says it was answered
    survey.refresh_from_db()
    assert survey.rating == 2
    assert response.status_code == 200
    assert "پاسخ داده شده است" in response.content.decode()


def test_a_stranger_cannot_open_or_answer_someone_elses_survey(client):
    # Given someone's invitation and a stranger signed in
    survey = SurveyFactory()
    client.force_login(UserFactory())
    url = reverse("branches:survey_answer", args=[survey.pk])

    # Then both GET and POST are 404 and nothing changes
    assert client.get(url).status_code == 404
    assert client.post(url, {"rating": "1"}).status_code == 404
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_results_per_branch_average_distribution_and_comments():
    # Given a reviewer at a branch with three answers and one open invitation,
    # and answers at another branch
    membership = StaffMembershipFactory()
    branch = membership.branch
    _answered(branch, 5, "عالی بود")
    _answered(branch, 4)
    _answered(branch, 3, "کمی شلوغ")
    SurveyFactory(branch=branch)
    _answered(BranchFactory(), 1, "نباید دیده شود")

    # When the results are read
    [result] = survey_results_for_staff(user=membership.user)

    # Then they cover only that branch
    assert result.branch == branch
    assert result.invited == 4
    assert result.answered == 3
    assert result.average == 4.0
    assert result.distribution == [(1, 0, 0), (2, 0, 0), (3, 1, 33), (4, 1, 33), (5, 1, 33)]
    assert [s.comment for s in result.latest_comments] == ["کمی شلوغ", "عالی بود"]


def test_results_keep_only_the_latest_comments():
    # Given a branch with more comments than the page shows
    membership = StaffMembershipFactory()
    surveys = [_answered(membership.branch, 4, f"نظر {i}") for i in range(8)]
    for i, survey in enumerate(surveys):
        Survey.objects.filter(pk=survey.pk).update(
            answered_at=timezone.now() - timezone.timedelta(hours=10 - i)
        )

    # Then the five newest come back, newest first
    [result] = survey_results_for_staff(user=membership.user)
    assert [s.comment for s in result.latest_comments] == [f"نظر {i}" for i in (7, 6, 5, 4, 3)]


def test_results_page_for_head_and_reviewer_of_own_branches_only(client):
    # Given a head of one branch and a reviewer of another, with answers at both
    head = StaffMembershipFactory(role=StaffRole.HEAD)
    reviewer = StaffMembershipFactory()
    _answered(head.branch, 5, "خوب")
    _answered(reviewer.branch, 1, "بد")
    url = reverse("branches:survey_results")

    # When the head opens the results
    client.force_login(head.user)
    body = client.get(url).content.decode()

    # Then only their branch is shown
    assert head.branch.name in body
    assert reviewer.branch.name not in body
    assert "خوب" in body

    # And the reviewer sees theirs
    client.force_login(reviewer.user)
    body = client.get(url).content.decode()
    assert reviewer.branch.name in body
    assert head.branch.name not in body


def test_results_page_is_404_for_non_staff_and_inactive_members(client):
    # Given a citizen and a staff member whose membership was ended
    url = reverse("branches:survey_results")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404

    ended = StaffMembershipFactory(is_active=False)
    client.force_login(ended.user)
    assert client.get(url).status_code == 404

    # And anonymous visitors are sent to the login
    client.logout()
    assert client.get(url).status_code == 302


def test_results_for_staff_query_count_does_not_grow_with_branches(django_assert_num_queries):
    # Given a staff member at three branches with answers
    user = StaffMembershipFactory().user
    for _ in range(2):
        StaffMembershipFactory(user=user)
    for membership in user.branch_memberships.all():
        _answered(membership.branch, 4, "خوب")

    # Then the results take three queries: branches, aggregates, comments
    with django_assert_num_queries(3):
        results = survey_results_for_staff(user=user)
    assert len(results) == 3
