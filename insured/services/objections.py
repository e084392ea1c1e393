"""Objections to the contribution record and workplace-inspection requests, sent to a branch as cases.

    person files ──▶ case draft (branches) ──▶ person uploads documents, submits
        (held while required documents are missing; forwarded when complete)
    branch decides ──▶ `objection_decided` (inside the decision's transaction)
        accepted: corrected record versions through `contribution_record_write`
        (source «objection», source_ref = the case tracking code; old versions kept).

The claim is the correction: a missing-days objection claims the days of one
recorded month; a missing-record objection claims full months at a workshop for
a period, at a daily wage. Accepting the case applies the claim as filed; a
branch that finds the claim partly wrong rejects it with its reason, and the
person files again. Branches notifies the person of every status change.

Amounts follow the premium law of `tamin.rules.premiums`, with the figures of each
month's year: a claimed daily wage above the year's cap is refused at filing (for
the years whose figures are published) and raised to the year's minimum when the
claim is applied; a corrected month's insurable pay is capped at its days' cap;
shares are rounded half up. Accepting a claim for a year without published figures
is refused until staff enter that year's row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from branches.registry import (
    CODE,
    HIDDEN,
    MONTH,
    NUMBER,
    RIAL,
    CaseKind,
    DecisionCallback,
    PayloadField,
)
from branches.selectors.cases import case_get_for_kind
from branches.services.cases import case_create_draft
from insured.models import ContributionRecord, InsuredPerson, RecordSource
from insured.selectors import insured_person_for_user
from insured.services.records import contribution_record_write
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import is_ascii_digits, normalize_digits
from tamin.core.jalali import (
    format_period,
    format_rial,
    jalali_month_days,
    persian_digits,
    today_jalali,
)
from tamin.rules.premiums import (
    PremiumRates,
    claimed_daily_wage_check,
    insurable_daily_wage,
    insurable_month,
    premium_rates,
    premium_shares,
    year_figures_unpublished_message,
)

MISSING_DAYS = "insured_missing_days"
MISSING_RECORD = "insured_missing_record"
INSPECTION_REQUEST = "insured_inspection_request"
FIRST_YEAR = 1300
MAX_RECORD_MONTHS = 120
MAX_DAILY_WAGE = 10**9  # rial; far above any real daily wage, a typo guard
MAX_DESCRIPTION = 2000
SLA_WORKING_DAYS = 15


# --- periods --------------------------------------------------------------------------


def period_validate(*, year: int, month: int) -> None:
    """A contribution month that exists and is not in the future (Persian error otherwise)."""
    if not 1 <= month <= 12:
        raise ApplicationError(_("ماه باید عددی از ۱ تا ۱۲ باشد."), code="period_month")
    today = today_jalali()
    if year < FIRST_YEAR:
        raise ApplicationError(
            _("سال باید ۱۳۰۰ یا پس از آن باشد."), code="period_year", extra={"field": "year"}
        )
    if (year, month) > (today.year, today.month):
        raise ApplicationError(
            _("دوره %(period)s هنوز نرسیده است.") % {"period": format_period(year, month)},
            code="period_future",
        )


def months_between(
    from_year: int, from_month: int, to_year: int, to_month: int
) -> Iterator[tuple[int, int]]:
    year, month = from_year, from_month
    while (year, month) <= (to_year, to_month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _workshop_code(value: str) -> str:
    code = normalize_digits(value or "").strip()
    if not is_ascii_digits(code) or len(code) != 10:
        raise ApplicationError(_("کد کارگاه باید ۱۰ رقم باشد."), code="workshop_code")
    return code


def _description(value: str) -> str:
    return (value or "").strip()[:MAX_DESCRIPTION]


# --- routing: the branch of the workshop ------------------------------------------------


def workshop_branch_id(*, person: InsuredPerson, workshop_code: str) -> int:
    """The branch that keeps the workshop's records for this person, else the residence branch."""
    branch_id = (
        ContributionRecord.objects.filter(
            person=person, workshop_code=workshop_code, branch__isnull=False
        )
        .order_by("-year", "-month", "-version")
        .values_list("branch_id", flat=True)
        .first()
    )
    branch_id = branch_id or person.residence_branch_id
    if branch_id is None:
        raise ApplicationError(
            _(
                "شعبه رسیدگی‌کننده مشخص نیست: سابقه‌ای از این کارگاه با شعبه معلوم ندارید و "
                "شعبه محل سکونت شما هم ثبت نشده است. لطفاً به یکی از شعب مراجعه کنید."
            ),
            code="objection_no_branch",
        )
    return branch_id


def route_to_workshop_branch(applicant, payload: dict[str, Any]) -> int:
    """`CaseKind.route` of the insured kinds: the person is the applicant's, by national code."""
    person = insured_person_for_user(user=applicant)
    if person is None:
        raise ApplicationError(_("پرونده بیمه‌ای شما پیدا نشد."), code="insured_unknown")
    return workshop_branch_id(person=person, workshop_code=payload["workshop_code"])


# --- filing ---------------------------------------------------------------------------


def objection_missing_days_file(
    *,
    user,
    person: InsuredPerson,
    workshop_code: str,
    year: int,
    month: int,
    claimed_days: int,
    description: str = "",
):
    """Object to the days of a recorded month; returns the draft case (documents come next)."""
    period_validate(year=year, month=month)
    month_days = jalali_month_days(year, month)
    record = ContributionRecord.objects.filter(
        person=person, workshop_code=workshop_code, year=year, month=month, is_current=True
    ).first()
    if record is None:
        raise ApplicationError(
            _(
                "برای این ماه در این کارگاه سابقه‌ای ثبت نشده است؛ "
                "از اعتراض «سابقه ناموجود» استفاده کنید."
            ),
            code="objection_no_record",
        )
    if not record.days < claimed_days <= month_days:
        raise ApplicationError(
            _("روزهای ادعایی باید بیش از %(recorded)s و حداکثر %(max)s روز باشد.")
            % {"recorded": record.days, "max": month_days},
            code="objection_days_range",
            extra={"field": "claimed_days"},
        )
    payload = {
        "person_id": person.pk,
        "workshop_code": workshop_code,
        "workshop_name": record.workshop_name,
        "year": year,
        "month": month,
        "recorded_days": record.days,
        "claimed_days": claimed_days,
        "description": _description(description),
    }
    subject = _("کسری کارکرد %(period)s، کارگاه %(name)s: %(claimed)s روز به جای %(recorded)s") % {
        "period": format_period(year, month),
        "name": record.workshop_name,
        "claimed": persian_digits(claimed_days),
        "recorded": persian_digits(record.days),
    }
    return case_create_draft(applicant=user, kind=MISSING_DAYS, subject=subject, payload=payload)


def objection_missing_record_file(
    *,
    user,
    person: InsuredPerson,
    workshop_code: str,
    workshop_name: str,
    from_year: int,
    from_month: int,
    to_year: int,
    to_month: int,
    daily_wage: int,
    description: str = "",
):
    """Claim full months at a workshop that are missing from the record; returns the draft case."""
    workshop_code = _workshop_code(workshop_code)
    workshop_name = (workshop_name or "").strip()[:120]
    if not workshop_name:
        raise ApplicationError(_("نام کارگاه را بنویسید."), code="workshop_name")
    period_validate(year=from_year, month=from_month)
    period_validate(year=to_year, month=to_month)
    months = list(months_between(from_year, from_month, to_year, to_month))
    if not months:
        raise ApplicationError(
            _("پایان دوره باید پس از آغاز آن باشد."), code="objection_period_order"
        )
    if len(months) > MAX_RECORD_MONTHS:
        raise ApplicationError(
            _("هر اعتراض حداکثر ۱۲۰ ماه را در بر می‌گیرد؛ دوره را در چند اعتراض ثبت کنید."),
            code="objection_period_long",
        )
    if not 0 <= daily_wage <= MAX_DAILY_WAGE:
        raise ApplicationError(_("دستمزد روزانه معتبر نیست."), code="objection_wage")
    for year in sorted({year for year, _month in months}):
        rates = premium_rates(year=year)
        if rates is not None:  # a year without figures is checked when the claim is applied
            claimed_daily_wage_check(daily_wage=daily_wage, rates=rates)
    payload = {
        "person_id": person.pk,
        "workshop_code": workshop_code,
        "workshop_name": workshop_name,
        "from_year": from_year,
        "from_month": from_month,
        "to_year": to_year,
        "to_month": to_month,
        "daily_wage": daily_wage,
        "description": _description(description),
    }
    subject = _("سابقه ناموجود %(start)s تا %(end)s، کارگاه %(name)s، دستمزد روزانه %(wage)s") % {
        "start": format_period(from_year, from_month),
        "end": format_period(to_year, to_month),
        "name": workshop_name,
        "wage": format_rial(daily_wage),
    }
    return case_create_draft(applicant=user, kind=MISSING_RECORD, subject=subject, payload=payload)


def inspection_request_file(
    *, user, person: InsuredPerson, workshop_code: str, workshop_name: str, description: str
):
    """Ask the branch to inspect a workplace; returns the draft case."""
    workshop_code = _workshop_code(workshop_code)
    workshop_name = (workshop_name or "").strip()[:120]
    if not workshop_name:
        raise ApplicationError(_("نام کارگاه را بنویسید."), code="workshop_name")
    description = _description(description)
    if len(description) < 10:
        raise ApplicationError(
            _("علت درخواست بازرسی را دست‌کم در یک جمله بنویسید."), code="inspection_reason"
        )
    payload = {
        "person_id": person.pk,
        "workshop_code": workshop_code,
        "workshop_name": workshop_name,
        "description": description,
    }
    subject = _("درخواست بازرسی کارگاه %(name)s") % {"name": workshop_name}
    return case_create_draft(
        applicant=user, kind=INSPECTION_REQUEST, subject=subject, payload=payload
    )


# --- the branch's decision ---------------------------------------------------------------


def _person_of(case) -> InsuredPerson:
    # The person is the applicant's (by national code), never one named only by the payload.
    person = InsuredPerson.objects.filter(
        pk=case.payload.get("person_id"), national_code=case.applicant.national_code
    ).first()
    if person is None:
        raise ApplicationError(_("پرونده بیمه‌ای متقاضی پیدا نشد."), code="insured_unknown")
    return person


def _apply_missing_days(case) -> None:

    payload = case.payload
    person = _person_of(case)
    record = ContributionRecord.objects.get(
        person=person,
        workshop_code=payload["workshop_code"],
        year=payload["year"],
        month=payload["month"],
        is_current=True,
    )
    days = int(payload["claimed_days"])
    rates = _rates(record.year)
    # Only days are claimed: the recorded daily wage stays, the month is capped.
    month = insurable_month(
        daily_wage=record.daily_wage, days=days, benefits=record.insurable_benefits, rates=rates
    )
    shares = premium_shares(insurable_total=month.insurable_total, rates=rates)
    fields = _record_fields(record) | {"insurable_benefits": month.insurable_benefits}
    contribution_record_write(
        **fields,
        person=person,
        days=days,
        monthly_wage=month.monthly_wage,
        insurable_total=month.insurable_total,
        total_pay=max(record.total_pay, month.insurable_total),
        insured_share=shares.insured,
        employer_share=shares.employer,
        source=RecordSource.OBJECTION,
        source_ref=case.tracking_code,
        actor=case.decided_by,
    )


def _apply_missing_record(case) -> None:

    payload = case.payload
    person = _person_of(case)
    claimed_wage = int(payload["daily_wage"])
    months = months_between(
        payload["from_year"], payload["from_month"], payload["to_year"], payload["to_month"]
    )
    for year, month in months:
        days = jalali_month_days(year, month)
        existing = ContributionRecord.objects.filter(
            person=person,
            workshop_code=payload["workshop_code"],
            year=year,
            month=month,
            is_current=True,
        ).first()
        if existing is not None and existing.days >= days:
            continue  # already recorded in full: nothing to correct
        rates = _rates(year)
        # Within the year's bounds: raised to the minimum; capped (a claim filed before
        # the cap was checked at filing).
        daily_wage = insurable_daily_wage(daily_wage=claimed_wage, rates=rates)
        wage = daily_wage * days
        shares = premium_shares(insurable_total=wage, rates=rates)
        contribution_record_write(
            person=person,
            workshop_code=payload["workshop_code"],
            workshop_name=payload["workshop_name"],
            branch=case.branch,
            year=year,
            month=month,
            days=days,
            daily_wage=daily_wage,
            monthly_wage=wage,
            insurable_benefits=0,
            insurable_total=wage,
            total_pay=wage,
            insured_share=shares.insured,
            employer_share=shares.employer,
            source=RecordSource.OBJECTION,
            source_ref=case.tracking_code,
            actor=case.decided_by,
        )


def _rates(year: int) -> PremiumRates:
    """The published figures of `year`; a claim of a year without them cannot be priced."""
    rates = premium_rates(year=year)
    if rates is None:
        raise ApplicationError(
            year_figures_unpublished_message(year), code="rates_unknown_year", extra={"year": year}
        )
    return rates


def _record_fields(record: ContributionRecord) -> dict[str, Any]:
    """The fields of `record` a corrected version keeps unless the correction changes them."""
    return {
        "workshop_code": record.workshop_code,
        "workshop_name": record.workshop_name,
        "branch": record.branch,
        "year": record.year,
        "month": record.month,
        "daily_wage": record.daily_wage,
        "insurable_benefits": record.insurable_benefits,
        "job_code": record.job_code,
        "job_title": record.job_title,
    }


def _decided(kind: str, apply: Callable[[Any], None]) -> DecisionCallback:
    def on_decision(case_id: int, status: str) -> None:
        if status != "accepted":
            return
        apply(case_get_for_kind(case_id=case_id, kind=kind))

    return on_decision


objection_missing_days_decided = _decided(MISSING_DAYS, _apply_missing_days)
objection_missing_record_decided = _decided(MISSING_RECORD, _apply_missing_record)


# --- the kinds (registered from InsuredConfig.ready) --------------------------------------------

# The payload fields every insured request carries, as the staff case page labels them.
_PERSON = PayloadField("person_id", "بیمه‌شده", shown_as=HIDDEN)  # the applicant section says who
_WORKSHOP = (
    PayloadField("workshop_code", "کد کارگاه", shown_as=CODE),
    PayloadField("workshop_name", "نام کارگاه"),
)
_DESCRIPTION = PayloadField("description", "توضیح متقاضی")

CASE_KINDS = (
    CaseKind(
        key=MISSING_DAYS,
        label="اعتراض به کسری کارکرد",
        required_documents=(("payslip_or_letter", "فیش حقوقی یا گواهی کارفرما از روزهای کارکرد"),),
        route=route_to_workshop_branch,
        sla_working_days=SLA_WORKING_DAYS,
        on_decision=objection_missing_days_decided,
        payload_fields=(
            _PERSON,
            *_WORKSHOP,
            PayloadField("year", "سال"),
            PayloadField("month", "ماه", shown_as=MONTH),
            PayloadField("recorded_days", "روزهای ثبت‌شده", shown_as=NUMBER),
            PayloadField("claimed_days", "روزهای ادعاشده", shown_as=NUMBER),
            _DESCRIPTION,
        ),
    ),
    CaseKind(
        key=MISSING_RECORD,
        label="اعتراض به سابقه ناموجود",
        required_documents=(
            ("employment_proof", "قرارداد کار یا حکم کارگزینی"),
            ("payslip", "فیش حقوقی یا گواهی اشتغال از کارفرما"),
        ),
        route=route_to_workshop_branch,
        sla_working_days=SLA_WORKING_DAYS,
        on_decision=objection_missing_record_decided,
        payload_fields=(
            _PERSON,
            *_WORKSHOP,
            PayloadField("from_year", "از سال"),
            PayloadField("from_month", "از ماه", shown_as=MONTH),
            PayloadField("to_year", "تا سال"),
            PayloadField("to_month", "تا ماه", shown_as=MONTH),
            PayloadField("daily_wage", "دستمزد روزانه ادعاشده", shown_as=RIAL),
            _DESCRIPTION,
        ),
    ),
    CaseKind(
        key=INSPECTION_REQUEST,
        label="درخواست بازرسی کارگاه",
        route=route_to_workshop_branch,
        sla_working_days=SLA_WORKING_DAYS,
        payload_fields=(_PERSON, *_WORKSHOP, _DESCRIPTION),
    ),
)
