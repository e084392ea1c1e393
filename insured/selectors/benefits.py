"""Reads of the short-term benefits: the catalogue, eligibility with the amount, my requests.

    person states the facts (a date, days off, an invoice …)
        ──▶ `benefit_assess`: the person's own contribution months (one query), the year's
            terms (`tamin.rules.benefit_figures.benefit_terms`), the rule of
            `tamin.rules.benefits` ──▶ `Assessment` (eligible or the reasons, the amount and
            its working `steps`)
        ──▶ the request (`insured.services.benefits.benefit_request_file`) runs it again.

The facts are plain values already shaped by a form or a serializer (dates as
`datetime.date`); a value out of its range is refused here with a Persian message on its
field (`ApplicationError.extra["field"]`). A reason the portal adds to the rule's own (a man
asking for the maternity allowance, a deceased person not on file, a second request for the
same thing) is a reason like the rule's: the person sees it and no request form.

`insured_requests_for_user` is «درخواست‌های من»: every case of the insured app's kinds
(`insured_…`: objections, dependents, booklets, benefits, abroad, commissions, medical claims)
newest first, in one query per page plus one for the benefits' amounts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.registry import (
    CODE,
    DATE,
    NUMBER,
    RIAL,
    PayloadField,
    PayloadRow,
    case_kind_label,
    payload_rows,
)
from branches.selectors.cases import case_get_for_applicant, case_list_for_applicant
from insured.models import BankAccount, ContributionRecord, InsuredPerson, Sex
from insured.models.benefits import BenefitKind, BenefitRequest
from insured.selectors import insured_person_get_for_user
from insured.selectors.lookup import (
    insured_person_by_national_code,
    service_months_by_national_code,
)
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_number, persian_digits, to_jalali_date
from tamin.rules import benefits as rules
from tamin.rules.average_wage import MonthWage
from tamin.rules.benefit_figures import benefit_terms, min_monthly_wage

# Every case kind of the insured app starts so (objections, benefits and the other areas).
INSURED_CASE_PREFIX = "insured_"
MY_REQUESTS_PAGE_SIZE = 30
MAX_DAYS_OFF = 365
MAX_DEPENDENTS = 20
MAX_INVOICE = 10**12  # rial; far above any device, a typo guard
FIRST_YEAR = 1300


# --- the catalogue ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Benefit:
    """One short-term benefit as the pages, the API and the branch case know it."""

    kind: str  # BenefitKind value, also the URL's slug
    title: str  # the page's title (the marriage allowance's is its inquiry)
    summary: str  # one line on the benefits page
    documents: tuple[tuple[str, str], ...]  # required documents (type, label)
    sla_working_days: int = 15

    @property
    def case_kind(self) -> str:
        return f"{INSURED_CASE_PREFIX}benefit_{self.kind}"

    @property
    def label(self) -> str:
        return str(BenefitKind(self.kind).label)

    @property
    def url_name(self) -> str:
        return f"insured:benefit_{self.kind}"


BENEFITS: dict[str, Benefit] = {
    benefit.kind: benefit
    for benefit in (
        Benefit(
            kind=BenefitKind.MARRIAGE,
            title="استعلام کمک‌هزینه ازدواج",
            summary="برای نخستین ازدواج دائم ثبت‌شده، با سابقه کافی در پنج سال پیش از ازدواج.",
            documents=(
                ("marriage_certificate", "تصویر سند ازدواج"),
                ("spouse_id", "تصویر کارت ملی همسر"),
            ),
        ),
        Benefit(
            kind=BenefitKind.SICKNESS,
            title="غرامت دستمزد ایام بیماری",
            summary="برای روزهایی که به دستور پزشک کار نکرده‌اید و دستمزد نگرفته‌اید.",
            documents=(
                ("medical_certificate", "گواهی استراحت پزشک معالج"),
                ("employer_certificate", "گواهی کارفرما از روزهای غیبت و پرداخت نشدن دستمزد"),
            ),
            sla_working_days=10,
        ),
        Benefit(
            kind=BenefitKind.MATERNITY,
            title="کمک‌هزینه بارداری و زایمان",
            summary="دستمزد روزهای مرخصی زایمان بیمه‌شده زن.",
            documents=(
                ("medical_certificate", "گواهی پزشک از تاریخ زایمان و مرخصی"),
                ("employer_certificate", "گواهی کارفرما از آغاز مرخصی و پرداخت نشدن دستمزد"),
            ),
            sla_working_days=10,
        ),
        Benefit(
            kind=BenefitKind.ORTHOTICS,
            title="وسایل کمک‌پزشکی (پروتز و اورتز)",
            summary="بازپرداخت هزینه وسیله‌ای که پزشک تجویز کرده است، تا سقف سالانه.",
            documents=(
                ("prescription", "نسخه یا دستور پزشک معالج"),
                ("invoice", "فاکتور رسمی خرید وسیله"),
            ),
        ),
        Benefit(
            kind=BenefitKind.FUNERAL,
            title="کمک‌هزینه کفن و دفن",
            summary="برای بازماندگان بیمه‌شده یا مستمری‌بگیر درگذشته.",
            documents=(
                ("death_certificate", "گواهی فوت"),
                ("funeral_receipt", "رسید هزینه کفن و دفن"),
                ("relation_proof", "مدرک نسبت با متوفی (شناسنامه یا گواهی انحصار وراثت)"),
            ),
        ),
        Benefit(
            kind=BenefitKind.UNEMPLOYMENT,
            title="مقرری بیمه بیکاری",
            summary="برای بیکاری غیرارادی بیمه‌شدگان مشمول بیمه بیکاری.",
            documents=(
                ("labour_office_letter", "معرفی‌نامه اداره تعاون، کار و رفاه اجتماعی"),
                ("termination_proof", "گواهی پایان کار یا رأی مرجع حل اختلاف کار"),
            ),
        ),
    )
}

RELATIONS = {
    "spouse": "همسر",
    "child": "فرزند",
    "parent": "پدر یا مادر",
    "sibling": "خواهر یا برادر",
    "other": "سایر وراث",
}


def benefit_get(kind: str) -> Benefit:
    """The benefit of a URL's or an API's slug; 404 for anything else."""
    benefit = BENEFITS.get(kind)
    if benefit is None:
        raise Http404
    return benefit


def benefit_by_case_kind(case_kind: str) -> Benefit | None:
    return next((b for b in BENEFITS.values() if b.case_kind == case_kind), None)


# --- the assessment ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    kind: str
    eligible: bool
    amount: int
    daily_amount: int | None
    days: int | None
    reasons: tuple[str, ...]
    steps: tuple[str, ...]
    terms_year: int | None  # the year whose terms were read (None: not published)
    facts: dict[str, Any]  # JSON-ready: dates as ISO strings
    live_key: str  # what a second live request may not repeat ("" = no limit)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. the deceased's name

    @property
    def benefit(self) -> Benefit:
        return BENEFITS[self.kind]


def _refusal(message: str, field_name: str, code: str = "benefit_fact") -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field_name})


def _date(facts: Mapping[str, Any], name: str) -> dt.date:
    value = facts.get(name)
    if not isinstance(value, dt.date):
        raise _refusal(_("تاریخ را وارد کنید."), name)
    if value > timezone.localdate():
        raise _refusal(_("این تاریخ نمی‌تواند در آینده باشد."), name)
    if to_jalali_date(value).year < FIRST_YEAR:
        raise _refusal(_("سال باید ۱۳۰۰ یا پس از آن باشد."), name)
    return value


def _int(facts: Mapping[str, Any], name: str, *, low: int, high: int, required: bool = True):
    value = facts.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise _refusal(
            _("عددی از %(low)s تا %(high)s وارد کنید.")
            % {"low": format_number(low), "high": format_number(high)},
            name,
        )
    return value


def _flag(facts: Mapping[str, Any], name: str) -> bool:
    return bool(facts.get(name))


def person_months(*, national_code: str) -> list[MonthWage]:
    """A person's current contribution months (merged per month), as the rules read them."""
    return [
        MonthWage(year=m.year, month=m.month, days=m.days, wage=m.wage)
        for m in service_months_by_national_code(national_code=national_code)
    ]


def _month_of(value: dt.date) -> tuple[int, int]:
    jalali = to_jalali_date(value)
    return jalali.year, jalali.month


def _live_reason(*, person: InsuredPerson, kind: str, live_key: str) -> str | None:
    """Why a second request may not be filed: one of the same key is pending or accepted."""
    if not live_key:
        return None
    existing = (
        BenefitRequest.objects.filter(
            kind=kind, live_key=live_key, state__in=BenefitRequest.LIVE_STATES
        )
        .only("person_id", "tracking_code", "state")
        .first()
    )
    if existing is None:
        return None
    if existing.person_id != person.pk:  # another heir's request: name nobody
        return _("این کمک‌هزینه پیش‌تر برای همین مورد درخواست شده است.")
    return _(
        "درخواست دیگری برای همین مورد با کد رهگیری %(code)s ثبت شده است (وضعیت: %(state)s)؛ "
        "درخواست دوباره فقط پس از رد شدن آن ممکن است."
    ) % {"code": existing.tracking_code, "state": existing.get_state_display()}


def _unpublished_terms(year: int) -> str:
    return _(
        "ضوابط و ارقام کمک‌هزینه‌های کوتاه‌مدت برای سال %(year)s هنوز ثبت نشده است؛ "
        "پس از اعلام آن‌ها دوباره اقدام کنید."
    ) % {"year": persian_digits(year)}


def benefit_assess(*, person: InsuredPerson, kind: str, facts: Mapping[str, Any]) -> Assessment:
    """Whether `person` may have the benefit `kind` for `facts`, how much, and why (Persian).

    A fact out of range raises ApplicationError naming its field; anything the rule or the
    portal refuses is a reason of a not-eligible Assessment.
    """
    benefit = benefit_get(kind)
    return _ASSESSORS[benefit.kind](person, facts)


def _result(
    *,
    kind: str,
    result,  # rules.BenefitResult
    year: int,
    facts: dict[str, Any],
    live_key: str,
    person: InsuredPerson,
    extra_reasons: tuple[str, ...] = (),
    extra: dict[str, Any] | None = None,
) -> Assessment:
    live = _live_reason(person=person, kind=kind, live_key=live_key)
    reasons = tuple(result.reasons) + extra_reasons + ((live,) if live else ())
    eligible = bool(result.eligible) and not reasons
    return Assessment(
        kind=kind,
        eligible=eligible,
        amount=result.amount if eligible else 0,
        daily_amount=result.daily_amount if eligible else None,
        days=result.days if eligible else None,
        reasons=reasons,
        steps=tuple(result.steps),
        terms_year=year,
        facts=facts,
        live_key=live_key,
        extra=extra or {},
    )


def _not_published(
    *, kind: str, year: int, facts: dict[str, Any], live_key: str, extra=None
) -> Assessment:
    return Assessment(
        kind=kind,
        eligible=False,
        amount=0,
        daily_amount=None,
        days=None,
        reasons=(_unpublished_terms(year),),
        steps=(),
        terms_year=None,
        facts=facts,
        live_key=live_key,
        extra=extra or {},
    )


def _assess_marriage(person: InsuredPerson, facts: Mapping[str, Any]) -> Assessment:
    marriage_date = _date(facts, "marriage_date")
    first = _flag(facts, "first_marriage")
    data = {"marriage_date": marriage_date.isoformat(), "first_marriage": first}
    year, month = _month_of(marriage_date)
    key = f"person:{person.pk}"
    terms = benefit_terms(year=year)
    if terms is None:
        return _not_published(kind=BenefitKind.MARRIAGE, year=year, facts=data, live_key=key)
    months = person_months(national_code=person.national_code)
    employed = any((m.year, m.month) == (year, month) and m.days > 0 for m in months)
    result = rules.marriage_allowance(
        months=months,
        marriage_date=marriage_date,
        employed_on_marriage=employed,
        first_permanent_marriage=first,
        min_monthly_wage=min_monthly_wage(year=year),
        terms=terms,
    )
    return _result(
        kind=BenefitKind.MARRIAGE, result=result, year=year, facts=data, live_key=key, person=person
    )


def _assess_sickness(person: InsuredPerson, facts: Mapping[str, Any]) -> Assessment:
    start = _date(facts, "start_date")
    days_off = _int(facts, "days_off", low=1, high=MAX_DAYS_OFF)
    data = {
        "start_date": start.isoformat(),
        "days_off": days_off,
        "hospitalized": _flag(facts, "hospitalized"),
        "work_accident": _flag(facts, "work_accident"),
        "has_dependents": _flag(facts, "has_dependents"),
    }
    year = to_jalali_date(start).year
    key = f"person:{person.pk}:{start.isoformat()}"
    terms = benefit_terms(year=year)
    if terms is None:
        return _not_published(kind=BenefitKind.SICKNESS, year=year, facts=data, live_key=key)
    result = rules.sickness_compensation(
        months=person_months(national_code=person.national_code),
        start=start,
        days_off=days_off,
        hospitalized=data["hospitalized"],
        work_accident=data["work_accident"],
        has_dependents=data["has_dependents"],
        terms=terms,
    )
    return _result(
        kind=BenefitKind.SICKNESS, result=result, year=year, facts=data, live_key=key, person=person
    )


def _assess_maternity(person: InsuredPerson, facts: Mapping[str, Any]) -> Assessment:
    leave_start = _date(facts, "leave_start")
    leave_days = _int(facts, "leave_days", low=1, high=MAX_DAYS_OFF, required=False)
    data = {"leave_start": leave_start.isoformat(), "leave_days": leave_days}
    year = to_jalali_date(leave_start).year
    key = f"person:{person.pk}:{leave_start.isoformat()}"
    terms = benefit_terms(year=year)
    if terms is None:
        return _not_published(kind=BenefitKind.MATERNITY, year=year, facts=data, live_key=key)
    extra: tuple[str, ...] = ()
    if person.sex != Sex.FEMALE:
        extra += (_("کمک‌هزینه بارداری و زایمان به بیمه‌شدگان زن پرداخت می‌شود."),)
    result = rules.maternity_allowance(
        months=person_months(national_code=person.national_code),
        leave_start=leave_start,
        leave_days=leave_days,
        terms=terms,
    )
    return _result(
        kind=BenefitKind.MATERNITY,
        result=result,
        year=year,
        facts=data,
        live_key=key,
        person=person,
        extra_reasons=extra,
    )


@dataclass(frozen=True)
class _Combined:
    """Treatment eligibility and the orthotics ceiling read as one result."""

    eligible: bool
    amount: int
    daily_amount: int | None
    days: int | None
    reasons: tuple[str, ...]
    steps: tuple[str, ...]


def _assess_orthotics(person: InsuredPerson, facts: Mapping[str, Any]) -> Assessment:
    device = str(facts.get("device") or "").strip()[:120]
    if not device:
        raise _refusal(_("نام وسیله را بنویسید."), "device")
    invoice_date = _date(facts, "invoice_date")
    invoice_amount = _int(facts, "invoice_amount", low=1, high=MAX_INVOICE)
    data = {
        "device": device,
        "invoice_date": invoice_date.isoformat(),
        "invoice_amount": invoice_amount,
    }
    year = to_jalali_date(invoice_date).year
    terms = benefit_terms(year=year)
    if terms is None:
        return _not_published(kind=BenefitKind.ORTHOTICS, year=year, facts=data, live_key="")
    treatment = rules.treatment_eligibility(
        months=person_months(national_code=person.national_code), on=invoice_date, terms=terms
    )
    refund = rules.orthotics_reimbursement(invoice_amount=invoice_amount, terms=terms)
    combined = _Combined(
        eligible=treatment.eligible and refund.eligible,
        amount=refund.amount,
        daily_amount=None,
        days=None,
        reasons=tuple(treatment.reasons) + tuple(refund.reasons),
        steps=tuple(treatment.steps) + tuple(refund.steps),
    )
    return _result(
        kind=BenefitKind.ORTHOTICS,
        result=combined,
        year=year,
        facts=data,
        live_key="",
        person=person,
    )


def _assess_funeral(person: InsuredPerson, facts: Mapping[str, Any]) -> Assessment:
    national_code = str(facts.get("deceased_national_code") or "")
    if national_code == person.national_code:
        raise _refusal(_("کد ملی متوفی نمی‌تواند کد ملی خود شما باشد."), "deceased_national_code")
    death_date = _date(facts, "death_date")
    relation = str(facts.get("relation") or "")
    if relation not in RELATIONS:
        raise _refusal(_("نسبت خود با متوفی را انتخاب کنید."), "relation")
    data = {
        "deceased_national_code": national_code,
        "death_date": death_date.isoformat(),
        "relation": relation,
    }
    year, month = _month_of(death_date)
    key = f"deceased:{national_code}"
    deceased = insured_person_by_national_code(national_code=national_code)
    extra = {"deceased_name": deceased.full_name if deceased else ""}
    terms = benefit_terms(year=year)
    if terms is None:
        return _not_published(
            kind=BenefitKind.FUNERAL, year=year, facts=data, live_key=key, extra=extra
        )
    reasons: tuple[str, ...] = ()
    if deceased is None:
        reasons += (_("بیمه‌شده‌ای با این کد ملی در سوابق سازمان پیدا نشد."),)
    else:
        history = service_months_by_national_code(
            national_code=national_code, until_year=year, until_month=month
        )
        if not history:
            reasons += (_("برای متوفی تا تاریخ فوت سابقه پرداخت حق بیمه ثبت نشده است."),)
    result = rules.funeral_allowance(
        death_date=death_date, min_monthly_wage=min_monthly_wage(year=year), terms=terms
    )
    return _result(
        kind=BenefitKind.FUNERAL,
        result=result,
        year=year,
        facts=data,
        live_key=key,
        person=person,
        extra_reasons=reasons,
        extra=extra,
    )


def _assess_unemployment(person: InsuredPerson, facts: Mapping[str, Any]) -> Assessment:
    unemployed_on = _date(facts, "unemployed_on")
    dependents = _int(facts, "dependents", low=0, high=MAX_DEPENDENTS)
    data = {
        "unemployed_on": unemployed_on.isoformat(),
        "involuntary": _flag(facts, "involuntary"),
        "dependents": dependents,
    }
    year = to_jalali_date(unemployed_on).year
    key = f"person:{person.pk}:{unemployed_on.isoformat()}"
    terms = benefit_terms(year=year)
    if terms is None:
        return _not_published(kind=BenefitKind.UNEMPLOYMENT, year=year, facts=data, live_key=key)
    extra: tuple[str, ...] = ()
    if not person.unemployment_insurance_covered:
        extra += (_("شما در سوابق سازمان مشمول بیمه بیکاری ثبت نشده‌اید."),)
    pending = (
        BenefitRequest.objects.filter(
            person=person, kind=BenefitKind.UNEMPLOYMENT, state=BenefitRequest.State.PENDING
        )
        .exclude(live_key=key)
        .values_list("tracking_code", flat=True)
        .first()
    )
    if pending:
        extra += (
            _("درخواست مقرری بیمه بیکاری دیگری با کد رهگیری %(code)s در جریان است.")
            % {"code": pending},
        )
    result = rules.unemployment_allowance(
        months=person_months(national_code=person.national_code),
        dependents=dependents,
        involuntary=data["involuntary"],
        on=unemployed_on,
        terms=terms,
    )
    return _result(
        kind=BenefitKind.UNEMPLOYMENT,
        result=result,
        year=year,
        facts=data,
        live_key=key,
        person=person,
        extra_reasons=extra,
    )


_ASSESSORS = {
    BenefitKind.MARRIAGE: _assess_marriage,
    BenefitKind.SICKNESS: _assess_sickness,
    BenefitKind.MATERNITY: _assess_maternity,
    BenefitKind.ORTHOTICS: _assess_orthotics,
    BenefitKind.FUNERAL: _assess_funeral,
    BenefitKind.UNEMPLOYMENT: _assess_unemployment,
}


# --- the facts as staff and the person read them ---------------------------------------------

_YES, _NO = "بله", "خیر"

# The facts of each kind as payload fields of its case (labels and how each is written); the
# check page shows the same rows.
FACT_FIELDS: dict[str, tuple[PayloadField, ...]] = {
    BenefitKind.MARRIAGE: (
        PayloadField("marriage_date", "تاریخ ازدواج", shown_as=DATE),
        PayloadField("first_marriage", "نخستین ازدواج دائم و ثبت‌شده"),
    ),
    BenefitKind.SICKNESS: (
        PayloadField("start_date", "آغاز استراحت پزشکی", shown_as=DATE),
        PayloadField("days_off", "روزهای استراحت", shown_as=NUMBER),
        PayloadField("hospitalized", "بستری در بیمارستان"),
        PayloadField("work_accident", "حادثه ناشی از کار"),
        PayloadField("has_dependents", "دارای افراد تحت تکفل"),
    ),
    BenefitKind.MATERNITY: (
        PayloadField("leave_start", "آغاز مرخصی زایمان", shown_as=DATE),
        PayloadField("leave_days", "روزهای مرخصی اعلام‌شده", shown_as=NUMBER),
    ),
    BenefitKind.ORTHOTICS: (
        PayloadField("device", "وسیله"),
        PayloadField("invoice_date", "تاریخ فاکتور", shown_as=DATE),
        PayloadField("invoice_amount", "مبلغ فاکتور", shown_as=RIAL),
    ),
    BenefitKind.FUNERAL: (
        PayloadField("deceased_national_code", "کد ملی متوفی", shown_as=CODE),
        PayloadField("deceased_name", "نام متوفی"),
        PayloadField("death_date", "تاریخ فوت", shown_as=DATE),
        PayloadField("relation", "نسبت متقاضی با متوفی"),
    ),
    BenefitKind.UNEMPLOYMENT: (
        PayloadField("unemployed_on", "تاریخ بیکاری", shown_as=DATE),
        PayloadField("involuntary", "بیکاری غیرارادی"),
        PayloadField("dependents", "افراد تحت تکفل", shown_as=NUMBER),
    ),
}


def facts_payload(assessment: Assessment) -> dict[str, Any]:
    """The facts as the case's payload carries them: yes/no and a relation in Persian words,
    dates ISO, numbers as numbers, and the deceased's name from the records."""
    payload: dict[str, Any] = {}
    for fact in FACT_FIELDS[assessment.kind]:
        value = assessment.facts.get(fact.key, assessment.extra.get(fact.key))
        if isinstance(value, bool):
            value = _YES if value else _NO
        elif fact.key == "relation":
            value = RELATIONS.get(value, value)
        payload[fact.key] = value
    return payload


@dataclass(frozen=True)
class _Fields:
    payload_fields: tuple[PayloadField, ...]


# Facts the case shows staff but the person's pages do not: who is behind a national code the
# person typed is the registry's to say (an applicant could otherwise look up any name).
STAFF_ONLY_FACTS = frozenset({"deceased_name"})


def fact_rows(*, kind: str, payload: Mapping[str, Any]) -> list[PayloadRow]:
    """The facts of a request's payload (or of `facts_payload`) as rows of the person's pages,
    written as the staff case page writes them (without the staff-only facts)."""
    fields = tuple(f for f in FACT_FIELDS[kind] if f.key not in STAFF_ONLY_FACTS)
    return payload_rows(
        _Fields(fields), {f.key: payload[f.key] for f in fields if f.key in payload}
    )


# --- the person's payment accounts --------------------------------------------------------


def payment_accounts_for_person(*, person: InsuredPerson) -> list[BankAccount]:
    """The accounts an allowance may be paid into: the person's active ones, newest first."""
    return list(
        BankAccount.objects.filter(person=person, is_active=True).order_by("-created_at", "-id")
    )


def last_workshop_branch_id(*, person_id: int) -> int | None:
    """The branch of the person's latest recorded month that names one (one query)."""
    return (
        ContributionRecord.objects.filter(
            person_id=person_id, is_current=True, branch__isnull=False
        )
        .order_by("-year", "-month", "-version")
        .values_list("branch_id", flat=True)
        .first()
    )


# --- the person's requests -----------------------------------------------------------------


def benefit_request_get_for_user(*, user, request_id: int) -> BenefitRequest:
    """One of the signed-in person's benefit requests; 404 for a missing or someone else's."""
    person = insured_person_get_for_user(user=user)
    row = BenefitRequest.objects.filter(pk=request_id, person=person).first()
    if row is None:
        raise Http404
    return row


def benefit_request_case(*, user, row: BenefitRequest):
    """The branch case of the person's own request (its status, due date and documents)."""
    return case_get_for_applicant(user=user, case_id=row.case_id)


def insured_requests_for_user(*, user) -> QuerySet:
    """«درخواست‌های من»: every case of the insured app's kinds, newest first (one query)."""
    return (
        case_list_for_applicant(user=user)
        .filter(kind__startswith=INSURED_CASE_PREFIX)
        .defer("payload", "status_reason")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class MyRequest:
    """A row of «درخواست‌های من»: the case, its kind's label, its benefit request if any."""

    case: Any
    kind_label: str
    benefit: BenefitRequest | None

    @property
    def held(self) -> bool:
        return self.case.status == "submitted"


def my_requests_rows(*, cases) -> list[MyRequest]:
    """Decorate a page of `insured_requests_for_user`: one query for the benefits on it."""
    cases = list(cases)
    benefits = {
        row.case_id: row
        for row in BenefitRequest.objects.filter(case_id__in=[case.pk for case in cases]).only(
            "id", "case_id", "amount", "kind"
        )
    }
    return [
        MyRequest(case=case, kind_label=case_kind_label(case.kind), benefit=benefits.get(case.pk))
        for case in cases
    ]
