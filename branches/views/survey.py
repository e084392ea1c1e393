"""Performance survey pages: the person's invitations and answer form; per-branch results for staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches.forms.survey import SurveyAnswerForm
from branches.selectors.survey import (
    survey_get_for_respondent,
    survey_list_for_respondent,
    survey_results_for_staff,
)
from branches.services.survey import survey_answer as survey_answer_service
from branches.views.common import staff_required
from tamin.core.exceptions import ApplicationError


@login_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = list(survey_list_for_respondent(user=request.user)[:50])
    context = {
        "open_surveys": [s for s in surveys if s.answered_at is None],
        "answered_surveys": [s for s in surveys if s.answered_at is not None],
    }
    return render(request, "branches/survey/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = survey_get_for_respondent(user=request.user, survey_id=survey_id)
    form = SurveyAnswerForm(request.POST or None)
    if request.method == "POST" and survey.answered_at is None and form.is_valid():
        try:
            survey_answer_service(
                survey=survey,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("سپاسگزاریم؛ نظر شما ثبت شد."))
            return redirect("branches:survey_list")
    return render(request, "branches/survey/answer.html", {"survey": survey, "form": form})


@staff_required
@require_GET
def survey_results(request: HttpRequest) -> HttpResponse:
    results = survey_results_for_staff(user=request.user)
    return render(request, "branches/survey/results.html", {"results": results})
