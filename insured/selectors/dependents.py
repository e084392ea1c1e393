"""Reads of the dependents area: who the insured person's coverage extends to, until when.

    dependent_states(user=, person=, on=) ──▶ each live dependent (pending or active) with its
        Art. 58 coverage on `on` (`tamin.rules.coverage.dependent_coverage`, the terms of
        `on`'s year) and, for an active one, a warning when the coverage ends within
        `WARN_DAYS` days or has ended (naming the Jalali date)
    covered_people(person=, on=) ──▶ the insured person and each active dependent covered on
        `on`: who a treatment booklet may be asked for
    treatment_eligibility_for_person(person=, on=) ──▶ `tamin.rules.benefits.treatment_eligibility`
        over the person's own contribution months (None while no terms are in force)

Every read starts from the signed-in person: another person's dependent is a 404
(`dependent_get_for_user`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jdatetime
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from branches.selectors.cases import case_list_for_applicant
from insured.models import InsuredPerson, Sex
from insured.models.dependents import InsuredDependent
from insured.selectors import contribution_records_current, insured_person_for_user
from tamin.core.jalali import format_jalali_date
from tamin.rules.average_wage import MonthWage
from tamin.rules.benefit_figures import benefit_terms
from tamin.rules.benefits import BenefitResult, treatment_eligibility
from tamin.rules.coverage import (
    SON,
    STUDENT_CERTIFICATE,
    Coverage,
    DependentFacts,
    DependentTerms,
    dependent_coverage,
    proof_label,
)
from tamin.rules.coverage_figures import dependent_terms

DEPENDENT_ADD = "insured_dependent_add"
BOOKLET_REQUEST = "insured_booklet_request"
# A request still in the branch's hands, or held for its documents.
OPEN_CASE_STATUSES = ("submitted", "forwarded", "under_review", "needs_info")
HELD = "submitted"
WARN_DAYS = 60  # a coverage ending within this many days is announced
LIVE = (InsuredDependent.Status.PENDING, InsuredDependent.Status.ACTIVE)
PAST_SHOWN = 10  # removed or rejected dependents listed under the live ones

Status = InsuredDependent.Status


def _jdate(value: dt.date) -> str:
    return format_jalali_date(value, long=True)


def coverage_terms(*, on: dt.date) -> DependentTerms | None:
    """The Art. 58 terms in force in `on`'s Jalali year."""
    return dependent_terms(year=jdatetime.date.fromgregorian(date=on).year)


def dependent_facts(
    *,
    relation: str,
    insured_sex: str,
    birth_date: dt.date,
    married: bool = False,
    disabled: bool = False,
    student_certificate_until: dt.date | None = None,
    supported_by_insured: bool = True,
    has_own_pension: bool = False,
) -> DependentFacts:
    return DependentFacts(
        relation=relation,
        sex_of_insured="male" if insured_sex == Sex.MALE else "female",
        birth_date=birth_date,
        married=married,
        disabled=disabled,
        student_certificate_until=student_certificate_until,
        supported_by_insured=supported_by_insured,
        has_own_pension=has_own_pension,
    )


def facts_of(dependent: InsuredDependent, *, insured_sex: str) -> DependentFacts:
    return dependent_facts(
        relation=dependent.relation,
        insured_sex=insured_sex,
        birth_date=dependent.birth_date,
        married=dependent.married,
        disabled=dependent.disabled,
        student_certificate_until=dependent.student_certificate_until,
        supported_by_insured=dependent.supported_by_insured,
        has_own_pension=dependent.has_own_pension,
    )


def relation_label(*, relation: str, insured_sex: str) -> str:
    if relation == InsuredDependent.Relation.SPOUSE:
        return _("همسر (زن)") if insured_sex == Sex.MALE else _("همسر (شوهر)")
    return str(InsuredDependent.Relation(relation).label)


# --- the person's dependents ------------------------------------------------------------------


def dependents_live(*, person: InsuredPerson) -> QuerySet[InsuredDependent]:
    """Pending and active dependents, in the order they were declared."""
    return InsuredDependent.objects.filter(person=person, status__in=LIVE).order_by(
        "created_at", "id"
    )


def dependents_past(*, person: InsuredPerson) -> QuerySet[InsuredDependent]:
    """Removed or rejected declarations, newest first."""
    return (
        InsuredDependent.objects.filter(person=person)
        .exclude(status__in=LIVE)
        .order_by("-updated_at", "-id")
    )


def dependent_get_for_user(*, user, dependent_id: int) -> InsuredDependent:
    """The signed-in insured person's own dependent; 404 for anyone else's or a missing one."""
    person = insured_person_for_user(user=user)
    dependent = (
        InsuredDependent.objects.filter(pk=dependent_id, person=person).first()
        if person is not None
        else None
    )
    if dependent is None:
        raise Http404
    return dependent


def dependent_case_held(*, user, dependent: InsuredDependent) -> bool:
    """Whether the case adding `dependent` waits for documents (saved, not at the branch)."""
    if dependent.added_case_id is None:
        return False
    return (
        case_list_for_applicant(user=user).filter(pk=dependent.added_case_id, status=HELD).exists()
    )


@dataclass(frozen=True)
class DependentState:
    dependent: InsuredDependent
    relation_label: str
    coverage: Coverage | None  # None while no terms are in force
    covered_today: bool  # active and covered on the day asked
    warning: str  # a coverage ending soon or ended, naming the date; "" otherwise
    ended: bool  # active, but no longer covered
    held: bool  # pending, and its case waits for documents (not at the branch yet)
    missing_proofs: tuple[str, ...]  # labels of the documents the rule asks for
    renewal_pending: bool  # active, and a declaration renewing it waits at the branch

    @property
    def renewable(self) -> bool:
        """An active dependent whose coverage ends soon or ended may be declared again."""
        return bool(self.warning) and not self.renewal_pending

    @property
    def until(self) -> dt.date | None:
        return self.coverage.until if self.coverage else None


def _warning(*, dependent: InsuredDependent, coverage: Coverage, on: dt.date) -> tuple[str, bool]:
    """(warning, ended) for an active dependent."""
    name = dependent.full_name
    if not coverage.eligible:
        if coverage.until is not None:
            text = _("پوشش %(name)s از %(from)s پایان یافته است (آخرین روز: %(last)s).") % {
                "name": name,
                "from": _jdate(coverage.until + dt.timedelta(days=1)),
                "last": _jdate(coverage.until),
            }
        else:
            text = _("%(name)s دیگر تحت پوشش نیست: %(reasons)s") % {
                "name": name,
                "reasons": " ".join(coverage.reasons),
            }
        return text + _student_hint(dependent), True
    if coverage.until is not None and (coverage.until - on).days < WARN_DAYS:
        text = _(
            "پوشش %(name)s در %(last)s (آخرین روز) پایان می‌یابد و از %(from)s در دفترچه نیست."
        ) % {
            "name": name,
            "last": _jdate(coverage.until),
            "from": _jdate(coverage.until + dt.timedelta(days=1)),
        }
        return text + _student_hint(dependent), False
    return "", False


def _student_hint(dependent: InsuredDependent) -> str:
    if dependent.relation != SON or dependent.disabled:
        return ""
    return " " + _("اگر دانشجوست، او را با «%(proof)s» معتبر دوباره ثبت کنید (تا ۲۵ سالگی).") % {
        "proof": proof_label(STUDENT_CERTIFICATE)
    }


def dependent_states(*, user, person: InsuredPerson, on: dt.date) -> list[DependentState]:
    """Each live dependent with its coverage on `on` (three queries: dependents, terms, and
    — given the `user` — the cases of the pending ones, to tell a held one)."""
    dependents = list(dependents_live(person=person))
    terms = coverage_terms(on=on) if dependents else None
    pending_cases = [d.added_case_id for d in dependents if d.status == Status.PENDING]
    held_ids = (
        set(
            case_list_for_applicant(user=user)
            .filter(pk__in=pending_cases, status=HELD)
            .values_list("pk", flat=True)
        )
        if pending_cases and user is not None
        else set()
    )
    renewing = {d.national_code for d in dependents if d.status == Status.PENDING}
    states = []
    for dependent in dependents:
        coverage = (
            dependent_coverage(
                facts=facts_of(dependent, insured_sex=person.sex), on=on, terms=terms
            )
            if terms is not None
            else None
        )
        active = dependent.status == Status.ACTIVE
        warning, ended = (
            _warning(dependent=dependent, coverage=coverage, on=on)
            if active and coverage is not None
            else ("", False)
        )
        states.append(
            DependentState(
                dependent=dependent,
                relation_label=relation_label(relation=dependent.relation, insured_sex=person.sex),
                coverage=coverage,
                covered_today=active and coverage is not None and coverage.eligible,
                warning=warning,
                ended=ended,
                held=dependent.added_case_id in held_ids,
                renewal_pending=active and dependent.national_code in renewing,
                missing_proofs=tuple(
                    proof_label(k) for k in (coverage.needs_proof if coverage else ())
                ),
            )
        )
    return states


# --- who a booklet may be asked for ---------------------------------------------------------


@dataclass(frozen=True)
class CoveredPerson:
    national_code: str
    name: str
    relation_label: str
    until: dt.date | None  # None: open-ended (the insured person, a wife, a parent, …)
    dependent_id: int | None  # None: the insured person

    @property
    def summary(self) -> str:
        """«علی رضایی (پسر، پوشش تا ۹ مرداد ۱۴۰۵)» — no code (staff read codes apart)."""
        if self.until is None:
            return f"{self.name} ({self.relation_label})"
        return _("%(name)s (%(relation)s، پوشش تا %(until)s)") % {
            "name": self.name,
            "relation": self.relation_label,
            "until": _jdate(self.until),
        }


def covered_people_from_states(
    *, person: InsuredPerson, states: list[DependentState]
) -> list[CoveredPerson]:
    people = [
        CoveredPerson(
            national_code=person.national_code,
            name=f"{person.first_name} {person.last_name}",
            relation_label=_("بیمه‌شده اصلی"),
            until=None,
            dependent_id=None,
        )
    ]
    people += [
        CoveredPerson(
            national_code=state.dependent.national_code,
            name=state.dependent.full_name,
            relation_label=state.relation_label,
            until=state.until,
            dependent_id=state.dependent.pk,
        )
        for state in states
        if state.covered_today
    ]
    return people


def covered_people(*, person: InsuredPerson, on: dt.date) -> list[CoveredPerson]:
    """The insured person first, then each active dependent covered on `on`."""
    states = dependent_states(user=None, person=person, on=on)
    return covered_people_from_states(person=person, states=states)


def booklet_requests_for_user(*, user):
    """The person's booklet requests (branch cases), newest first."""
    return case_list_for_applicant(user=user).filter(kind=BOOKLET_REQUEST)


# --- treatment eligibility ----------------------------------------------------------------------


def contribution_months(*, person: InsuredPerson) -> list[MonthWage]:
    """The person's current records as months (one query; workshops merged by the rules)."""
    rows = contribution_records_current(person=person).values_list(
        "year", "month", "days", "insurable_total"
    )
    return [MonthWage(year=y, month=m, days=d, wage=w) for y, m, d, w in rows]


def treatment_eligibility_for_person(*, person: InsuredPerson, on: dt.date) -> BenefitResult | None:
    """Whether the person (and so the family) has treatment eligibility on `on`, from the recent
    contribution months; None while no benefit terms are in force."""
    terms = benefit_terms(year=jdatetime.date.fromgregorian(date=on).year)
    if terms is None:
        return None
    return treatment_eligibility(months=contribution_months(person=person), on=on, terms=terms)
