"""Writes of the dependents area: adding and removing dependents, and booklet requests.

    insured declares a dependent (relation, identity, facts)
        ──▶ `dependent_coverage` (Art. 58, terms of today's year): not covered → refused with
            the Persian reasons, nothing saved
        ──▶ case `insured_dependent_add` at the insured's branch with the proof the rule
            names (`Coverage.needs_proof`: birth certificate, marriage certificate, student or
            disability certificate, proof of dependence) — held, not forwarded, until every
            one is uploaded (branches forwards it when the last arrives)
        ──▶ InsuredDependent (pending, `added_case_id`)
    branch decides ──▶ `dependent_add_decided` (inside the decision's transaction):
        accepted → active; rejected or closed → rejected. Branches tells the person by SMS
        and in the inbox.

    a dependent whose coverage ends within the warning period or has ended (a son turning 20)
        may be declared again with new facts (a new student certificate): a pending row beside
        the active one, whose acceptance sets the old row aside («renewed»); the coverage in
        force meanwhile is untouched.

    insured removes a dependent ──▶ removed at once (audited). Removal only narrows the
        coverage, which the insured person may always do; there is nothing for a branch to
        verify, so it is no case. A pending one is not removed (its case is at the branch).

    insured asks for a treatment booklet (دفترچه درمانی), issue or renewal, for people
        covered today ──▶ refused with the reason when the insured person has no treatment
        eligibility (`tamin.rules.benefits.treatment_eligibility`) or a person chosen is not
        covered today; a special patient (بیمار خاص) is told to come in person and nothing is
        created ──▶ case `insured_booklet_request` (no documents: forwarded at once). The case
        is the request: there is no table of its own.

Requests go to the insured's residence branch, else the branch of the latest recorded month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.registry import CODE, DATE, HIDDEN, CaseKind, PayloadField
from branches.selectors.cases import case_get_for_kind, case_list_for_applicant
from branches.services.cases import case_create_draft, case_document_add, case_submit
from branches.services.documents import UploadToCheck, documents_precheck
from insured.models import ContributionRecord, InsuredPerson, Sex
from insured.models.dependents import InsuredDependent
from insured.selectors import insured_person_for_user
from insured.selectors.dependents import (
    BOOKLET_REQUEST,
    DEPENDENT_ADD,
    OPEN_CASE_STATUSES,
    WARN_DAYS,
    coverage_terms,
    covered_people,
    dependent_facts,
    facts_of,
    treatment_eligibility_for_person,
)
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import has_control_characters, normalize_national_code
from tamin.core.identifiers import national_code_is_valid as _code_is_valid
from tamin.core.jalali import (
    BIRTH_YEAR_MIN,
    format_code,
    format_jalali_date,
    persian_digits,
    to_jalali_date,
)
from tamin.core.services import audit_record
from tamin.rules.coverage import PROOFS, Coverage, dependent_coverage, proof_label

Relation = InsuredDependent.Relation
Status = InsuredDependent.Status

MAX_DOCUMENTS = 10
MAX_WIVES = 4  # permanent marriages the law allows a man
SINGLE_RELATIONS = (Relation.FATHER, Relation.MOTHER)
SLA_DEPENDENT_DAYS = 10
SLA_BOOKLET_DAYS = 5
BOOKLET_ISSUE = "issue"
BOOKLET_RENEWAL = "renewal"
BOOKLET_KINDS = {BOOKLET_ISSUE: "صدور دفترچه درمانی", BOOKLET_RENEWAL: "تمدید دفترچه درمانی"}
SPECIAL_PATIENT_MESSAGE = (
    "دفترچه درمانی بیماران خاص (مانند دیالیزی، تالاسمی، هموفیلی و ام‌اس) فقط حضوری صادر یا "
    "تمدید می‌شود: با مدارک پزشکی بیمار به شعبه %(branch)s مراجعه کنید. درخواستی ثبت نشد."
)


# --- routing: the insured person's branch ---------------------------------------------------


def home_branch(*, person: InsuredPerson):
    """The residence branch, else the branch of the latest recorded month; None when neither."""
    if person.residence_branch_id:
        return person.residence_branch
    record = (
        ContributionRecord.objects.filter(person=person, is_current=True, branch__isnull=False)
        .select_related("branch")
        .order_by("-year", "-month")
        .first()
    )
    return record.branch if record is not None else None


def route_to_home_branch(applicant, payload: dict[str, Any]) -> int:
    """`CaseKind.route` of the dependents kinds: the applicant's own insured record decides."""
    person = insured_person_for_user(user=applicant)
    if person is None:
        raise ApplicationError(_("پرونده بیمه‌ای شما پیدا نشد."), code="insured_unknown")
    branch = home_branch(person=person)
    if branch is None:
        raise ApplicationError(
            _(
                "شعبه رسیدگی‌کننده مشخص نیست: شعبه محل سکونت شما ثبت نشده و سابقه‌ای با شعبه "
                "معلوم ندارید. لطفاً به یکی از شعب مراجعه کنید."
            ),
            code="dependents_no_branch",
        )
    return branch.pk


# --- checks shared by the page and the API ------------------------------------------------


def _terms_or_refuse(on: dt.date):
    terms = coverage_terms(on=on)
    if terms is None:
        raise ApplicationError(
            _(
                "ضوابط پوشش افراد تبعی برای امسال ثبت نشده است؛ بررسی ممکن نیست. "
                "لطفاً بعداً دوباره تلاش کنید."
            ),
            code="dependent_terms_missing",
        )
    return terms


def _clean_name(value: str, *, label: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ApplicationError(_("%(label)s را بنویسید.") % {"label": label}, code="dependent_name")
    if has_control_characters(text) or len(text) > max_length:
        raise ApplicationError(_("%(label)s معتبر نیست.") % {"label": label}, code="dependent_name")
    return text


def _dependent_sex(*, relation: str, person: InsuredPerson) -> str:
    if relation == Relation.SPOUSE:
        return Sex.FEMALE if person.sex == Sex.MALE else Sex.MALE
    return Sex.MALE if relation in (Relation.SON, Relation.FATHER) else Sex.FEMALE


def _relation_label(relation: str, person: InsuredPerson) -> str:
    if relation == Relation.SPOUSE:
        return _("همسر (زن)") if person.sex == Sex.MALE else _("همسر (شوهر)")
    return str(Relation(relation).label)


def dependent_check(
    *,
    person: InsuredPerson,
    relation: str,
    birth_date: dt.date,
    married: bool = False,
    disabled: bool = False,
    student_certificate_until: dt.date | None = None,
    supported_by_insured: bool = True,
    has_own_pension: bool = False,
    on: dt.date | None = None,
) -> Coverage:
    """Whether a person with these facts would be covered today (nothing is saved): the page's
    first step and the API's check. A relation that does not exist is refused."""
    if relation not in Relation.values:
        raise ApplicationError(_("نسبت انتخاب‌شده معتبر نیست."), code="dependent_relation")
    on = on or timezone.localdate()
    if birth_date > on:
        raise ApplicationError(
            _("تاریخ تولد نمی‌تواند پس از امروز باشد."),
            code="dependent_birth_date",
            extra={"field": "birth_date"},
        )
    return dependent_coverage(
        facts=dependent_facts(
            relation=relation,
            insured_sex=person.sex,
            birth_date=birth_date,
            married=married,
            disabled=disabled,
            student_certificate_until=student_certificate_until,
            supported_by_insured=supported_by_insured,
            has_own_pension=has_own_pension,
        ),
        on=on,
        terms=_terms_or_refuse(on),
    )


def _documents_checked(documents: Sequence[tuple[str, UploadedFile]], allowed: set[str]) -> None:
    """Refuse too many files, a document type the case does not take, or any file that is not
    a clean PDF/JPEG/PNG, before anything is created (the case service checks each again)."""
    if len(documents) <= MAX_DOCUMENTS and any(kind not in allowed for kind, _file in documents):
        raise ApplicationError(
            _("این مدرک برای افزودن این فرد لازم نیست."),
            code="dependent_document_type",
            extra={"field": "documents"},
        )
    documents_precheck(
        uploads=[
            UploadToCheck(upload=upload, label=proof_label(kind)) for kind, upload in documents
        ],
        max_documents=MAX_DOCUMENTS,
        too_many_code="dependent_too_many_documents",
    )


def _live_dependents(person: InsuredPerson):
    return InsuredDependent.objects.filter(
        person=person, status__in=(Status.PENDING, Status.ACTIVE)
    )


def _renewal_or_refuse(
    *, person: InsuredPerson, relation: str, national_code: str, coverage: Coverage, on: dt.date
) -> InsuredDependent | None:
    """Refuse a person declared twice, or a relation already taken; return the active row a
    new declaration renews (its coverage ends within the warning period or has ended, and the
    new facts cover longer), if any."""
    live = list(_live_dependents(person).select_for_update())
    same = [d for d in live if d.national_code == national_code]
    pending = next((d for d in same if d.status == Status.PENDING), None)
    active = next((d for d in same if d.status == Status.ACTIVE), None)
    if pending is not None or (active is not None and active.relation != relation):
        existing = pending or active
        raise ApplicationError(
            _("این فرد پیش‌تر با نسبت «%(relation)s» ثبت شده است (وضعیت: %(status)s).")
            % {
                "relation": existing.get_relation_display(),
                "status": existing.get_status_display(),
            },
            code="dependent_exists",
            extra={"field": "national_code"},
        )
    if active is not None:
        current = dependent_coverage(
            facts=facts_of(active, insured_sex=person.sex), on=on, terms=_terms_or_refuse(on)
        )
        ends_soon = current.until is not None and (current.until - on).days < WARN_DAYS
        if current.eligible and not ends_soon:
            raise ApplicationError(
                _("%(name)s پیش‌تر ثبت شده و تحت پوشش شماست.") % {"name": active.full_name},
                code="dependent_exists",
                extra={"field": "national_code"},
            )
        if (
            current.until is not None
            and coverage.until is not None
            and (coverage.until <= current.until)
        ):
            raise ApplicationError(
                _(
                    "این اطلاعات پوشش %(name)s را پس از %(until)s ادامه نمی‌دهد؛ برای پسر "
                    "۲۰ تا ۲۵ ساله گواهی اشتغال به تحصیل معتبر لازم است."
                )
                % {"name": active.full_name, "until": format_jalali_date(current.until, long=True)},
                code="dependent_renewal_no_longer",
                extra={"field": "student_certificate_until"},
            )
        return active
    others = [d for d in live if d.national_code != national_code]
    count = sum(1 for d in others if d.relation == relation)
    if relation in SINGLE_RELATIONS and count:
        raise ApplicationError(
            _("«%(relation)s» شما پیش‌تر ثبت شده است.") % {"relation": Relation(relation).label},
            code="dependent_relation_taken",
            extra={"field": "relation"},
        )
    if relation == Relation.SPOUSE and ((person.sex == Sex.FEMALE and count) or count >= MAX_WIVES):
        raise ApplicationError(
            _("همسر شما پیش‌تر ثبت شده است؛ اگر تغییری رخ داده، نخست همسر پیشین را حذف کنید."),
            code="dependent_relation_taken",
            extra={"field": "relation"},
        )
    return None


def _yes_no(value: bool) -> str:
    return _("بله") if value else _("خیر")


@transaction.atomic
def dependent_add(
    *,
    user,
    person: InsuredPerson,
    relation: str,
    national_code: str,
    first_name: str,
    last_name: str,
    birth_date: dt.date,
    married: bool = False,
    disabled: bool = False,
    student_certificate_until: dt.date | None = None,
    supported_by_insured: bool = True,
    has_own_pension: bool = False,
    documents: Sequence[tuple[str, UploadedFile]] = (),
) -> InsuredDependent:
    """Declare a dependent: checked by Art. 58 first (refused with the reasons, nothing saved),
    then sent to the branch as a case with the documents the rule names; without them the case
    is saved and held until they are uploaded. Returns the pending dependent."""
    person = InsuredPerson.objects.select_for_update().get(pk=person.pk)
    if insured_person_for_user(user=user) != person:
        raise ApplicationError(_("پرونده بیمه‌ای شما پیدا نشد."), code="insured_unknown")
    national_code = normalize_national_code(national_code or "")
    if not _code_is_valid(national_code):
        raise ApplicationError(
            _("کد ملی فرد تبعی معتبر نیست."),
            code="dependent_national_code",
            extra={"field": "national_code"},
        )
    if national_code == person.national_code:
        raise ApplicationError(
            _("کد ملی خودتان را نمی‌توانید به‌عنوان فرد تبعی ثبت کنید."),
            code="dependent_is_insured",
            extra={"field": "national_code"},
        )
    first_name = _clean_name(first_name, label=_("نام"), max_length=60)
    last_name = _clean_name(last_name, label=_("نام خانوادگی"), max_length=80)
    if to_jalali_date(birth_date).year < BIRTH_YEAR_MIN:
        raise ApplicationError(
            _("تاریخ تولد معتبر نیست."), code="dependent_birth_date", extra={"field": "birth_date"}
        )
    today = timezone.localdate()
    coverage = dependent_check(
        person=person,
        relation=relation,
        birth_date=birth_date,
        married=married,
        disabled=disabled,
        student_certificate_until=student_certificate_until,
        supported_by_insured=supported_by_insured,
        has_own_pension=has_own_pension,
        on=today,
    )
    if not coverage.eligible:
        raise ApplicationError(
            _("این فرد طبق ماده ۵۸ تحت پوشش شما قرار نمی‌گیرد: %(reasons)s")
            % {"reasons": " ".join(coverage.reasons)},
            code="dependent_not_eligible",
            extra={"reasons": list(coverage.reasons), "steps": list(coverage.steps)},
        )
    renews = _renewal_or_refuse(
        person=person,
        relation=relation,
        national_code=national_code,
        coverage=coverage,
        on=today,
    )
    documents = list(documents)
    _documents_checked(documents, allowed={*coverage.needs_proof, "other"})

    dependent = InsuredDependent(
        person=person,
        relation=relation,
        national_code=national_code,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        sex=_dependent_sex(relation=relation, person=person),
        married=married,
        disabled=disabled,
        student_certificate_until=student_certificate_until,
        supported_by_insured=supported_by_insured,
        has_own_pension=has_own_pension,
        status=Status.PENDING,
    )
    dependent.full_clean(exclude=["added_case_id"])
    relation_label = _relation_label(relation, person)
    if coverage.needs_proof:
        case = _add_case(
            user=user,
            person=person,
            dependent=dependent,
            relation_label=relation_label,
            coverage=coverage,
            documents=documents,
            renews=renews,
        )
        dependent.added_case_id = case.pk
    else:  # nothing for a branch to see: covered at once
        case = None
        if renews is not None:
            _renewed(renews, actor=user)
        dependent.status = Status.ACTIVE
        dependent.activated_at = timezone.now()
    try:
        with transaction.atomic():
            dependent.save(force_insert=True)
    except IntegrityError:  # one pending and one active: a concurrent declaration won
        raise ApplicationError(_("این فرد هم‌اکنون ثبت شده است."), code="dependent_exists") from None
    audit_record(
        action="insured.dependent_add_requested" if case else "insured.dependent_added",
        actor=user,
        target=dependent,
        after={"status": dependent.status, "relation": relation},
        detail={
            "tracking_code": case.tracking_code if case else "",
            "documents": len(documents),
            "held": bool(case and case.status == "submitted"),
            "covered_until": coverage.until.isoformat() if coverage.until else None,
        },
    )
    return dependent


def _add_case(
    *,
    user,
    person,
    dependent,
    relation_label: str,
    coverage: Coverage,
    documents,
    renews: InsuredDependent | None,
):
    elsewhere = (
        InsuredDependent.objects.filter(
            national_code=dependent.national_code, status__in=(Status.PENDING, Status.ACTIVE)
        )
        .exclude(person=person)
        .exists()
    )
    payload = {
        "person_id": person.pk,
        "relation": dependent.relation,
        "relation_label": relation_label,
        "dependent_name": dependent.full_name,
        "dependent_national_code": dependent.national_code,
        "birth_date": dependent.birth_date.isoformat(),
        "married": _yes_no(dependent.married),
        "disabled": _yes_no(dependent.disabled),
        "student_certificate_until": (
            dependent.student_certificate_until.isoformat()
            if dependent.student_certificate_until
            else ""
        ),
        "supported_by_insured": _yes_no(dependent.supported_by_insured),
        "has_own_pension": _yes_no(dependent.has_own_pension),
        "covered_until": coverage.until.isoformat() if coverage.until else "",
        "coverage": " ".join(coverage.steps),
        "needs_proof": list(coverage.needs_proof),
        "proof_labels": "، ".join(proof_label(key) for key in coverage.needs_proof),
        "elsewhere": (
            _("این کد ملی فرد تبعی بیمه‌شده دیگری نیز هست؛ پیش از پذیرش بررسی شود.")
            if elsewhere
            else ""
        ),
        "renews": (
            _("ثبت دوباره با اطلاعات تازه؛ پذیرش، ثبت پیشین را کنار می‌گذارد.")
            if renews is not None
            else ""
        ),
    }
    subject = (
        _("ثبت دوباره %(relation)s: %(name)s")
        if renews is not None
        else _("افزودن %(relation)s: %(name)s")
    ) % {"relation": relation_label, "name": dependent.full_name}
    case = case_create_draft(applicant=user, kind=DEPENDENT_ADD, subject=subject, payload=payload)
    for document_type, upload in documents:
        case_document_add(case=case, uploaded_by=user, document_type=document_type, upload=upload)
    return case_submit(case=case, actor=user)


# --- removal ------------------------------------------------------------------------------


@transaction.atomic
def dependent_remove(*, user, dependent: InsuredDependent, reason: str) -> InsuredDependent:
    """Remove an active dependent from the insured person's coverage at once (audited)."""
    person = insured_person_for_user(user=user)
    locked = (
        InsuredDependent.objects.select_for_update().filter(pk=dependent.pk, person=person).first()
        if person is not None
        else None
    )
    if locked is None:
        raise ApplicationError(_("این فرد در پرونده شما نیست."), code="dependent_not_yours")
    if reason not in InsuredDependent.RemovalReason.values:
        raise ApplicationError(
            _("علت حذف را انتخاب کنید."), code="dependent_removal_reason", extra={"field": "reason"}
        )
    if locked.status == Status.PENDING:
        raise ApplicationError(
            _(
                "درخواست افزودن %(name)s در شعبه در جریان است؛ پس از پاسخ شعبه می‌توانید او را "
                "حذف کنید."
            )
            % {"name": locked.full_name},
            code="dependent_pending",
        )
    if locked.status != Status.ACTIVE:
        raise ApplicationError(
            _("%(name)s در فهرست افراد تبعی شما نیست.") % {"name": locked.full_name},
            code="dependent_not_active",
        )
    locked.status = Status.REMOVED
    locked.removed_at = timezone.now()
    locked.removal_reason = reason
    locked.full_clean()
    locked.save(update_fields=["status", "removed_at", "removal_reason", "updated_at"])
    audit_record(
        action="insured.dependent_removed",
        actor=user,
        target=locked,
        before={"status": Status.ACTIVE},
        after={"status": locked.status, "reason": reason},
    )
    return locked


# --- the branch's decision ------------------------------------------------------------------


def _renewed(old: InsuredDependent, *, actor) -> None:
    """Set aside the active row a newly accepted declaration replaces."""
    old.status = Status.REMOVED
    old.removed_at = timezone.now()
    old.removal_reason = InsuredDependent.RemovalReason.RENEWED
    old.save(update_fields=["status", "removed_at", "removal_reason", "updated_at"])
    audit_record(
        action="insured.dependent_renewed",
        actor=actor,
        target=old,
        before={"status": Status.ACTIVE},
        after={"status": old.status, "reason": old.removal_reason},
    )


def dependent_add_decided(case_id: int, status: str) -> None:
    """`CaseKind.on_decision`: accepted → the dependent is active; rejected or closed →
    rejected (the person may declare them again)."""
    case = case_get_for_kind(case_id=case_id, kind=DEPENDENT_ADD)
    dependent = InsuredDependent.objects.select_for_update().filter(added_case_id=case_id).first()
    if dependent is None:
        raise ApplicationError(_("فرد تبعی این درخواست پیدا نشد."), code="dependent_case_unknown")
    if dependent.status != Status.PENDING:
        return  # decided once already (the case cannot be decided twice; a guard)
    before = dependent.status
    if status == "accepted":
        renewed = (
            InsuredDependent.objects.select_for_update()
            .filter(
                person_id=dependent.person_id,
                national_code=dependent.national_code,
                status=Status.ACTIVE,
            )
            .first()
        )
        if renewed is not None:
            _renewed(renewed, actor=case.decided_by)
        dependent.status = Status.ACTIVE
        dependent.activated_at = timezone.now()
    else:
        dependent.status = Status.REJECTED
    dependent.save(update_fields=["status", "activated_at", "updated_at"])
    audit_record(
        action="insured.dependent_add_decided",
        actor=case.decided_by,
        target=dependent,
        before={"status": before},
        after={"status": dependent.status},
        detail={"tracking_code": case.tracking_code, "case_status": status},
    )


# --- booklets -----------------------------------------------------------------------------


def special_patient_message(*, person: InsuredPerson) -> str:
    """Come in person: to the branch that would have received the request, when known."""
    branch = home_branch(person=person)
    where = f"«{branch.name}»" if branch is not None else _("محل سکونت خود")
    return SPECIAL_PATIENT_MESSAGE % {"branch": where}


def booklet_open_request(*, user):
    """The person's booklet request still open at the branch (or held), or None."""
    return (
        case_list_for_applicant(user=user)
        .filter(kind=BOOKLET_REQUEST, status__in=OPEN_CASE_STATUSES)
        .first()
    )


@transaction.atomic
def booklet_request_file(
    *,
    user,
    person: InsuredPerson,
    request_kind: str,
    national_codes: Iterable[str],
    special_patient: bool = False,
):
    """Ask the branch to issue or renew the treatment booklet of the people chosen among those
    covered today (the insured person and each covered dependent). A special patient is told to
    come in person: refused, nothing created. Returns the case (forwarded)."""
    person = InsuredPerson.objects.select_for_update().get(pk=person.pk)
    if insured_person_for_user(user=user) != person:
        raise ApplicationError(_("پرونده بیمه‌ای شما پیدا نشد."), code="insured_unknown")
    if special_patient:
        raise ApplicationError(
            special_patient_message(person=person), code="booklet_special_patient"
        )
    if request_kind not in BOOKLET_KINDS:
        raise ApplicationError(
            _("صدور یا تمدید دفترچه را انتخاب کنید."),
            code="booklet_kind",
            extra={"field": "request_kind"},
        )
    chosen = {normalize_national_code(code or "") for code in national_codes}
    if not chosen:
        raise ApplicationError(
            _("دست‌کم یک نفر را برای دفترچه انتخاب کنید."),
            code="booklet_nobody",
            extra={"field": "people"},
        )
    today = timezone.localdate()
    eligibility = treatment_eligibility_for_person(person=person, on=today)
    if eligibility is None:
        raise ApplicationError(
            _("ضوابط استحقاق درمان برای امسال ثبت نشده است؛ لطفاً بعداً دوباره تلاش کنید."),
            code="treatment_terms_missing",
        )
    if not eligibility.eligible:
        raise ApplicationError(
            _("استحقاق درمان ندارید، پس دفترچه صادر یا تمدید نمی‌شود: %(reasons)s")
            % {"reasons": " ".join(eligibility.reasons)},
            code="booklet_not_eligible",
        )
    covered = {entry.national_code: entry for entry in covered_people(person=person, on=today)}
    strangers = chosen - covered.keys()
    if strangers:
        raise ApplicationError(
            _(
                "دفترچه فقط برای کسانی صادر می‌شود که امروز تحت پوشش شما هستند؛ "
                "فهرست را دوباره باز کنید و انتخاب کنید."
            ),
            code="booklet_not_covered",
            extra={"field": "people"},
        )
    open_case = booklet_open_request(user=user)
    if open_case is not None:
        raise ApplicationError(
            _("درخواست دفترچه‌ای با کد رهگیری %(code)s هنوز در جریان است.")
            % {"code": format_code(open_case.tracking_code)},
            code="booklet_request_open",
        )
    people = [covered[code] for code in covered if code in chosen]  # the page's order
    payload = {
        "person_id": person.pk,
        "request_kind": request_kind,
        "request_kind_label": BOOKLET_KINDS[request_kind],
        "people": [
            {
                "national_code": entry.national_code,
                "name": entry.name,
                "relation": entry.relation_label,
                "until": entry.until.isoformat() if entry.until else "",
            }
            for entry in people
        ],
        "people_text": "؛ ".join(entry.summary for entry in people),
        "people_codes": " ".join(entry.national_code for entry in people),
    }
    subject = _("%(kind)s برای %(count)s نفر") % {
        "kind": BOOKLET_KINDS[request_kind],
        "count": persian_digits(len(people)),
    }
    case = case_create_draft(applicant=user, kind=BOOKLET_REQUEST, subject=subject, payload=payload)
    case = case_submit(case=case, actor=user)
    audit_record(
        action="insured.booklet_requested",
        actor=user,
        target=person,
        after={"case": case.pk, "people": len(people), "kind": request_kind},
        detail={"tracking_code": case.tracking_code},
    )
    return case


# --- the kinds (registered from insured.kinds) ----------------------------------------------

_PERSON = PayloadField("person_id", "بیمه‌شده", shown_as=HIDDEN)

CASE_KINDS = (
    CaseKind(
        key=DEPENDENT_ADD,
        label="افزودن فرد تبعی",
        route=route_to_home_branch,
        required_documents=PROOFS,
        required_for=lambda payload: payload.get("needs_proof", ()),
        sla_working_days=SLA_DEPENDENT_DAYS,
        on_decision=dependent_add_decided,
        document_limit=lambda: MAX_DOCUMENTS,
        payload_fields=(
            _PERSON,
            PayloadField("relation", "نسبت", shown_as=HIDDEN),
            PayloadField("needs_proof", "مدارک لازم", shown_as=HIDDEN),
            PayloadField("relation_label", "نسبت"),
            PayloadField("dependent_name", "نام فرد تبعی"),
            PayloadField("dependent_national_code", "کد ملی فرد تبعی", shown_as=CODE),
            PayloadField("birth_date", "تاریخ تولد", shown_as=DATE),
            PayloadField("married", "متأهل"),
            PayloadField("disabled", "ازکارافتاده"),
            PayloadField("student_certificate_until", "گواهی تحصیل معتبر تا", shown_as=DATE),
            PayloadField("supported_by_insured", "در تکفل بیمه‌شده"),
            PayloadField("has_own_pension", "مستمری‌بگیر تأمین اجتماعی"),
            PayloadField("covered_until", "پوشش تا", shown_as=DATE),
            PayloadField("coverage", "بررسی ماده ۵۸"),
            PayloadField("proof_labels", "مدارکی که باید دیده شود"),
            PayloadField("renews", "ثبت دوباره"),
            PayloadField("elsewhere", "هشدار"),
        ),
    ),
    CaseKind(
        key=BOOKLET_REQUEST,
        label="صدور یا تمدید دفترچه درمانی",
        route=route_to_home_branch,
        sla_working_days=SLA_BOOKLET_DAYS,
        payload_fields=(
            _PERSON,
            PayloadField("request_kind", "نوع", shown_as=HIDDEN),
            PayloadField("people", "افراد", shown_as=HIDDEN),
            PayloadField("request_kind_label", "درخواست"),
            PayloadField("people_text", "افراد"),
            PayloadField("people_codes", "کد ملی افراد (به همان ترتیب)", shown_as=CODE),
        ),
    ),
)
