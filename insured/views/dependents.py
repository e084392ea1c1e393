"""Pages of the dependents area: my dependents (add in two steps, remove), the treatment
booklet (who is covered today, the request), and the treatment-eligibility inquiry.

Thin views: the forms check the shape, `insured.services.dependents` the rules; a refusal
comes back as a Persian message and saves nothing. Another person's dependent is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from insured.forms.dependents import (
    ACCEPTED_FILES,
    FACT_FIELDS,
    BookletRequestForm,
    DependentConfirmForm,
    DependentForm,
    DependentRemoveForm,
)
from insured.selectors import insured_person_for_user
from insured.selectors.dependents import (
    PAST_SHOWN,
    WARN_DAYS,
    booklet_requests_for_user,
    coverage_terms,
    covered_people_from_states,
    dependent_case_held,
    dependent_get_for_user,
    dependent_states,
    dependents_past,
    treatment_eligibility_for_person,
)
from insured.services.dependents import (
    MAX_DOCUMENTS,
    booklet_request_file,
    dependent_add,
    dependent_check,
    dependent_remove,
)
from insured.views.objections import add_service_error
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import parse_positive_int
from tamin.core.jalali import format_code, format_jalali_date
from tamin.rules.coverage import PROOFS, proof_label

BOOKLET_REQUESTS_SHOWN = 10
_CHECK_FIELDS = tuple(
    name for name in FACT_FIELDS if name not in ("national_code", "first_name", "last_name")
)


def _no_person(request: HttpRequest) -> HttpResponse:
    return render(request, "insured/inquiries/no_person.html")


# --- my dependents ----------------------------------------------------------------------------


@require_GET
@login_required
def dependents(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    today = timezone.localdate()
    states = dependent_states(user=request.user, person=person, on=today)
    return render(
        request,
        "insured/dependents/list.html",
        {
            "states": states,
            "warnings": [state for state in states if state.warning],
            "past": list(dependents_past(person=person)[:PAST_SHOWN]),
            "terms_missing": bool(states) and coverage_terms(on=today) is None,
            "remove_form": DependentRemoveForm(),
            "warn_days": WARN_DAYS,
        },
    )


def _add_page(request: HttpRequest, form, *, refusal=None, status: int = 200) -> HttpResponse:
    return render(
        request, "insured/dependents/add.html", {"form": form, "refusal": refusal}, status=status
    )


def _confirm_page(
    request: HttpRequest, form: DependentConfirmForm, coverage, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "insured/dependents/confirm.html",
        {
            "form": form,
            "coverage": coverage,
            "proofs": [proof_label(key) for key in coverage.needs_proof],
            "accepted_files": ACCEPTED_FILES,
            "max_documents": MAX_DOCUMENTS,
        },
        status=status,
    )


def _renewal_initial(request: HttpRequest) -> dict:
    """`?renew=<id>`: the form filled with one of my dependents' facts, to declare them again
    (a new student certificate); another person's dependent is a 404."""
    if "renew" not in request.GET:
        return {}
    dependent_id = parse_positive_int(request.GET["renew"])
    if dependent_id is None:
        raise Http404
    dependent = dependent_get_for_user(user=request.user, dependent_id=dependent_id)
    initial = {name: getattr(dependent, name) for name in FACT_FIELDS}
    initial["birth_date"] = format_jalali_date(dependent.birth_date)
    initial["student_certificate_until"] = format_jalali_date(dependent.student_certificate_until)
    return initial


def _check(person, form) -> object:
    return dependent_check(
        person=person, **{name: form.cleaned_data[name] for name in _CHECK_FIELDS}
    )


@require_http_methods(["GET", "POST"])
@login_required
def dependent_add_view(request: HttpRequest) -> HttpResponse:
    """Step 1 (no `confirm`): check the facts and answer the coverage and the documents it
    needs; step 2 (`confirm`): file the request with the documents."""
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    if request.method == "GET":
        return _add_page(request, DependentForm(initial=_renewal_initial(request)))
    if "confirm" not in request.POST:
        form = DependentForm(request.POST)
        if not form.is_valid():
            return _add_page(request, form, status=400)
        try:
            coverage = _check(person, form)
        except ApplicationError as exc:
            add_service_error(form, exc)
            return _add_page(request, form, status=400)
        if not coverage.eligible:
            return _add_page(request, form, refusal=coverage)
        confirm = DependentConfirmForm(request.POST, needs_proof=coverage.needs_proof)
        return _confirm_page(request, confirm, coverage)
    everything = tuple(key for key, _label in PROOFS)
    form = DependentConfirmForm(request.POST, request.FILES, needs_proof=everything)
    if not form.is_valid():
        return _add_page(request, DependentForm(request.POST), status=400)
    try:
        dependent = dependent_add(
            user=request.user, person=person, **form.facts(), documents=form.documents()
        )
    except ApplicationError as exc:
        try:
            coverage = _check(person, form)
        except ApplicationError:
            coverage = None
        if coverage is None or not coverage.eligible:
            facts = DependentForm(request.POST)
            facts.is_valid()
            add_service_error(facts, exc)
            return _add_page(request, facts, status=400)
        again = DependentConfirmForm(request.POST, needs_proof=coverage.needs_proof)
        again.is_valid()
        again.add_error(None, exc.message)
        return _confirm_page(request, again, coverage, status=400)
    return _added(request, dependent)


def _added(request: HttpRequest, dependent) -> HttpResponse:
    if dependent.status == dependent.Status.ACTIVE:
        messages.success(
            request, _("%(name)s به افراد تبعی شما افزوده شد.") % {"name": dependent.full_name}
        )
        return redirect("insured:dependents")
    values = {"name": dependent.full_name}
    if dependent_case_held(user=request.user, dependent=dependent):
        messages.warning(
            request,
            _(
                "درخواست افزودن %(name)s ثبت شد، اما تا همه مدارک لازم بارگذاری نشود به شعبه "
                "نمی‌رود. مدارک را از صفحه پیگیری درخواست بارگذاری کنید."
            )
            % values,
        )
        return redirect("branches:my_case_detail", dependent.added_case_id)
    messages.success(
        request,
        _("درخواست افزودن %(name)s با مدارکش به شعبه فرستاده شد؛ نتیجه را پیامک می‌کنیم.") % values,
    )
    return redirect("insured:dependents")


@require_POST
@login_required
def dependent_remove_view(request: HttpRequest, dependent_id: int) -> HttpResponse:
    dependent = dependent_get_for_user(user=request.user, dependent_id=dependent_id)
    form = DependentRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("علت حذف را انتخاب کنید؛ چیزی تغییر نکرد."))
        return redirect("insured:dependents")
    try:
        removed = dependent_remove(
            user=request.user, dependent=dependent, reason=form.cleaned_data["reason"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("%(name)s از افراد تبعی شما حذف شد.") % {"name": removed.full_name}
        )
    return redirect("insured:dependents")


# --- the treatment booklet ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def booklet(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    today = timezone.localdate()
    states = dependent_states(user=request.user, person=person, on=today)
    people = covered_people_from_states(person=person, states=states)
    choices = [(entry.national_code, entry.name) for entry in people]
    status = 200
    if request.method == "POST":
        form = BookletRequestForm(request.POST, people=choices)
        if form.is_valid():
            try:
                case = booklet_request_file(
                    user=request.user,
                    person=person,
                    request_kind=form.cleaned_data["request_kind"],
                    national_codes=form.cleaned_data["people"],
                    special_patient=form.cleaned_data["special_patient"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request,
                    _("درخواست دفترچه با کد رهگیری %(code)s به شعبه %(branch)s فرستاده شد.")
                    % {"code": format_code(case.tracking_code), "branch": case.branch.name},
                )
                return redirect("insured:booklet")
        status = 400
    else:
        form = BookletRequestForm(
            people=choices, initial={"people": [code for code, _name in choices]}
        )
    return render(
        request,
        "insured/dependents/booklet.html",
        {
            "form": form,
            "people": people,
            "warnings": [state for state in states if state.warning],
            "eligibility": treatment_eligibility_for_person(person=person, on=today),
            "requests": list(booklet_requests_for_user(user=request.user)[:BOOKLET_REQUESTS_SHOWN]),
            "warn_days": WARN_DAYS,
        },
        status=status,
    )


# --- treatment eligibility ------------------------------------------------------------------------


@require_GET
@login_required
def treatment_eligibility(request: HttpRequest) -> HttpResponse:
    person = insured_person_for_user(user=request.user)
    if person is None:
        return _no_person(request)
    today = timezone.localdate()
    states = dependent_states(user=request.user, person=person, on=today)
    return render(
        request,
        "insured/dependents/eligibility.html",
        {
            "today": today,
            "eligibility": treatment_eligibility_for_person(person=person, on=today),
            "people": covered_people_from_states(person=person, states=states),
            "warnings": [state for state in states if state.warning],
            "warn_days": WARN_DAYS,
        },
    )
