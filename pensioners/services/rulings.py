"""Rulings (حکم) that set a pension: the grant, survivors' shares, yearly increases.

Flow:
- `pension_grant` (retirement or disability of the insured person themself) reads the
  person's months before the month of `on` through
  `insured.selectors.lookup.service_months_by_national_code`, runs
  `tamin.rules.pensions.pension_compute` with the Art. 76 conditions and the minimum
  pension of the year of `on` (`tamin.rules.pension_figures`), refuses a person who does
  not qualify for retirement (disability skips the Art. 76 conditions and uses the same
  amount rule — [to confirm]: DOMAIN.md has no separate disability formula), and writes
  the `Pension` (a new 9-digit number) with its GRANT ruling. The ruling's `computation`
  holds the inputs as the `pension compute` file (pensioners.selectors.rulings) and the
  figures written, so the computation can be re-run and checked at any time.
- `pension_grant_survivors` gives each survivor a SURVIVORS pension of
  `survivor_share_permille(relation=, year=)` of the deceased's pension in force on `on`
  (`share_of`); its grant's `computation` names the deceased's pension and grant. The
  deceased's pension ends.
- `pension_yearly_increase_issue` raises one pension from 1 Farvardin of a year with the
  figures of exactly that year (`PensionParameters`; missing → refused, naming the year),
  through `pension_increase`; the floor is the Art. 77 floor of the pension's service
  years (the minimum pension with 20 years or more), × the share for a survivor. Once per
  pension and year (the unique constraint is the last guard). `pension_yearly_increases_issue`
  does it for every active pension granted before that year (command
  `pension_increases --year`, task `pension_yearly_increases_issue_task`).

Every write is one transaction with an audit row; a broken rule is an `ApplicationError`
with a Persian message.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Sequence

import jdatetime
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from insured.selectors.lookup import service_months_by_national_code
from pensioners.models import Pension, Pensioner, PensionRuling
from pensioners.selectors.rulings import jalali_text, pension_grant_ruling
from pensioners.services.ruling_pdf import rulings_prerender_queue
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import normalize_national_code
from tamin.core.jalali import format_jalali_date, format_number, persian_digits
from tamin.core.services import audit_record
from tamin.rules.models import PensionParameters
from tamin.rules.pension_figures import (
    minimum_pension,
    pension_parameters,
    retirement_conditions,
    survivor_share_permille,
)
from tamin.rules.pensions import (
    SEXES,
    PensionInputError,
    pension_compute,
    pension_floor,
    pension_increase,
    service_months_validate,
    share_of,
)

logger = logging.getLogger(__name__)

PENSION_NUMBER_LOCK_KEY = 740_412  # PostgreSQL advisory lock: one pension-number assigner
PENSION_NUMBER_FIRST = 100_000_001
SELF_KINDS = (Pension.Kind.RETIREMENT, Pension.Kind.DISABILITY)
SURVIVOR_RELATIONS = (Pension.Relation.SPOUSE, Pension.Relation.CHILD, Pension.Relation.PARENT)
INCREASE_CHUNK = 500

__all__ = [
    "pension_grant",
    "pension_grant_survivors",
    "pension_yearly_increase_issue",
    "pension_yearly_increases_issue",
]


def _refuse(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code)


def _year_fa(year: int) -> str:
    return persian_digits(year)


def _jalali(value: datetime.date) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=value)


def _first_of_year(year: int) -> datetime.date:
    """1 Farvardin of a Jalali year, as a Gregorian date."""
    return jdatetime.date(year, 1, 1).togregorian()


def _month_before(on: jdatetime.date) -> tuple[int, int]:
    return (on.year - 1, 12) if on.month == 1 else (on.year, on.month - 1)


def _pension_number() -> str:
    """Max + 1 over the 9-digit numbers, under a transaction-scoped lock (as insurance
    numbers are assigned); the unique index is the last guard."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PENSION_NUMBER_LOCK_KEY])
    last = (
        Pension.objects.filter(number__regex=r"^[0-9]{9}$")
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{max(int(last) + 1 if last else 0, PENSION_NUMBER_FIRST):09d}"


def _ruling_number(year: int) -> str:
    """The Jalali year and ten random digits (unguessable, digits only, 14 in all)."""
    return f"{year:04d}{secrets.randbelow(10**10):010d}"


def _ruling_save(ruling: PensionRuling) -> None:
    """Insert the ruling, drawing a new number if (rarely) the drawn one is taken.

    Any other integrity error — the grant or the year's increase already there — is raised.
    """
    ruling.number = _ruling_number(ruling.year)
    ruling.full_clean(exclude=["number"], validate_constraints=False)
    for attempt in range(3):
        try:
            with transaction.atomic():
                ruling.save(force_insert=True)
        except IntegrityError:
            taken = PensionRuling.objects.filter(number=ruling.number).exists()
            if not taken or attempt == 2:
                raise
            ruling.number = _ruling_number(ruling.year)
        else:
            return


def _amount_in_force(*, pension: Pension, on: datetime.date) -> PensionRuling | None:
    return (
        PensionRuling.objects.filter(pension=pension, effective_from__lte=on)
        .order_by("-effective_from", "-id")
        .first()
    )


# --- the grant ------------------------------------------------------------------------


def _not_eligible_message(*, result, on: jdatetime.date) -> str:
    years = format_number(result.years_hundredths / 100, places=2)
    return _(
        "شرایط بازنشستگی در %(on)s فراهم نیست: سن %(age)s سال و سابقه %(years)s سال است و "
        "هیچ‌یک از شرایط ماده ۷۶ (مانند ۶۰ سال سن برای مردان و ۵۵ سال برای زنان با ۱۰ سال "
        "سابقه، ۳۰ سال سابقه با ۵۰/۴۵ سال سن، یا ۳۵ سال سابقه) برقرار نیست."
    ) % {
        "on": persian_digits(f"{on.year:04d}/{on.month:02d}/{on.day:02d}"),
        "age": format_number(result.age),
        "years": years,
    }


@transaction.atomic
def pension_grant(
    *,
    pensioner: Pensioner,
    kind: str,
    on: datetime.date,
    insured_national_code: str,
    insured_name: str,
    insurance_number: str = "",
    added_days: int = 0,
    sex: str,
    birth_date: datetime.date,
    actor=None,
) -> Pension:
    """Grant a retirement or disability pension from `on` (see the module docstring)."""
    if kind not in SELF_KINDS:
        raise _refuse(
            _("مستمری بازنشستگی یا ازکارافتادگی از این راه برقرار می‌شود؛ نوع مستمری نادرست است."),
            "pension_kind",
        )
    insured_national_code = normalize_national_code(insured_national_code or "")
    if insured_national_code != pensioner.national_code:
        raise _refuse(
            _("مستمری بازنشستگی و ازکارافتادگی از سابقه خود مستمری‌بگیر برقرار می‌شود."),
            "insured_not_pensioner",
        )
    if sex not in SEXES:
        raise _refuse(_("جنسیت بیمه‌شده نادرست است."), "pension_sex")
    if isinstance(added_days, bool) or not isinstance(added_days, int) or added_days < 0:
        raise _refuse(_("سابقه افزوده باید عددی صفر یا بیشتر باشد."), "added_days")
    # One own pension at a time: lock the pensioner so two grants cannot both pass.
    Pensioner.objects.select_for_update().filter(pk=pensioner.pk).first()
    if Pension.objects.filter(
        pensioner=pensioner, kind__in=SELF_KINDS, status=Pension.Status.ACTIVE
    ).exists():
        raise _refuse(
            _("برای این مستمری‌بگیر مستمری بازنشستگی یا ازکارافتادگی برقرار است."),
            "pension_exists",
        )
    on_jalali = _jalali(on)
    minimum = minimum_pension(year=on_jalali.year)
    if minimum is None:
        raise _refuse(
            _(
                "حداقل مستمری سال %(year)s هنوز ثبت نشده است؛ پس از ثبت ارقام آن سال، مستمری "
                "برقرار می‌شود."
            )
            % {"year": _year_fa(on_jalali.year)},
            "pension_figures_missing",
        )
    until_year, until_month = _month_before(on_jalali)
    records = service_months_by_national_code(
        national_code=insured_national_code, until_year=until_year, until_month=until_month
    )
    if not records:
        raise _refuse(
            _("برای این بیمه‌شده پیش از %(on)s سابقه پرداختی ثبت نشده است.")
            % {"on": format_jalali_date(on)},
            "no_service",
        )
    birth_jalali = _jalali(birth_date)
    retirement = kind == Pension.Kind.RETIREMENT
    try:
        service_months_validate(records, on=on_jalali)
        result = pension_compute(
            sex=sex,
            birth_date=birth_jalali,
            on=on_jalali,
            records=records,
            conditions=retirement_conditions(year=on_jalali.year) if retirement else (),
            minimum_pension=minimum,
            added_days=added_days,
        )
    except PensionInputError as error:
        raise _refuse(error.message, "pension_input") from error
    if retirement and not result.eligible:
        raise _refuse(_not_eligible_message(result=result, on=on_jalali), "not_eligible")

    pension = Pension(
        number=_pension_number(),
        pensioner=pensioner,
        kind=kind,
        insured_national_code=insured_national_code,
        insured_name=(insured_name or pensioner.full_name).strip(),
        insurance_number=(insurance_number or "").strip(),
        relation=Pension.Relation.SELF,
        share_permille=1000,
        start_date=on,
    )
    pension.full_clean()
    pension.save(force_insert=True)
    figures = {
        "original_days": result.days,
        "added_days": result.added_days,
        "years_hundredths": result.years_hundredths,
        "average_wage": result.average_wage,
        "computed_pension": result.computed_pension,
        "minimum_pension": minimum,
        "amount_after": result.pension,
        "minimum_applied": result.minimum_applied,
    }
    ruling = PensionRuling(
        pension=pension,
        kind=PensionRuling.Kind.GRANT,
        year=on_jalali.year,
        effective_from=on,
        original_days=result.days,
        added_days=result.added_days,
        years_hundredths=result.years_hundredths,
        average_wage=result.average_wage,
        amount_before=0,
        amount_after=result.pension,
        minimum_applied=result.minimum_applied,
        computation={
            "sex": sex,
            "birth_date": jalali_text(birth_date),
            "on": jalali_text(on),
            "added_days": added_days,
            "records": [
                {"year": r.year, "month": r.month, "days": r.days, "wage": r.wage} for r in records
            ],
            "figures": figures,
        },
    )
    _ruling_save(ruling)
    audit_record(
        action="pensioners.pension_grant",
        actor=actor,
        target=pension,
        after={"number": pension.number, "kind": kind, "ruling": ruling.number, **figures},
        detail={"ruling_id": ruling.pk, "months": len(records)},
    )
    return pension


# --- survivors ------------------------------------------------------------------------


@transaction.atomic
def pension_grant_survivors(
    *,
    deceased_pension: Pension,
    survivors: Sequence[tuple[Pensioner, str]],
    on: datetime.date,
    actor=None,
) -> list[Pension]:
    """Each survivor's pension: their share of the deceased's pension in force on `on`."""
    deceased = Pension.objects.select_for_update().filter(pk=deceased_pension.pk).first()
    if deceased is None or deceased.kind not in SELF_KINDS:
        raise _refuse(
            _("مستمری بازماندگان از مستمری بازنشستگی یا ازکارافتادگی متوفی برقرار می‌شود."),
            "deceased_kind",
        )
    grant = pension_grant_ruling(pension=deceased)
    if grant is None:
        raise _refuse(_("حکم برقراری مستمری متوفی ثبت نشده است."), "deceased_no_grant")
    if on < deceased.start_date:
        raise _refuse(
            _("تاریخ برقراری مستمری بازماندگان پیش از برقراری مستمری متوفی است."), "survivors_on"
        )
    if not survivors:
        raise _refuse(_("دست‌کم یک بازمانده را نام ببرید."), "survivors_empty")
    in_force = _amount_in_force(pension=deceased, on=on)
    base_amount = in_force.amount_after if in_force else 0
    year = _jalali(on).year
    seen: set[int] = set()
    shares: list[tuple[Pensioner, str, int]] = []
    relation_labels = dict(Pension.Relation.choices)
    for survivor, relation in survivors:
        if relation not in SURVIVOR_RELATIONS:
            raise _refuse(_("نسبت بازمانده با متوفی نادرست است."), "survivor_relation")
        if survivor.pk == deceased.pensioner_id or survivor.national_code == (
            deceased.insured_national_code
        ):
            raise _refuse(_("متوفی نمی‌تواند بازمانده خود باشد."), "survivor_is_deceased")
        if survivor.pk in seen:
            raise _refuse(
                _("%(name)s دو بار نام برده شده است.") % {"name": survivor.full_name},
                "survivor_twice",
            )
        seen.add(survivor.pk)
        share = survivor_share_permille(relation=relation, year=year)
        if share is None:
            raise _refuse(
                _("سهم «%(relation)s» برای سال %(year)s ثبت نشده است.")
                % {"relation": relation_labels[relation], "year": _year_fa(year)},
                "survivor_share_missing",
            )
        shares.append((survivor, relation, share))
    existing = Pension.objects.filter(
        kind=Pension.Kind.SURVIVORS,
        insured_national_code=deceased.insured_national_code,
        status=Pension.Status.ACTIVE,
    )
    already = existing.filter(pensioner_id__in=seen).select_related("pensioner").first()
    if already is not None:
        raise _refuse(
            _("برای %(name)s از این متوفی مستمری بازماندگان برقرار است.")
            % {"name": already.pensioner.full_name},
            "survivor_exists",
        )
    total = sum(share for _s, _r, share in shares) + sum(
        existing.values_list("share_permille", flat=True)
    )
    if total > 1000:
        raise _refuse(
            _("جمع سهم بازماندگان (%(total)s در هزار) از کل مستمری متوفی بیشتر می‌شود.")
            % {"total": format_number(total)},
            "survivor_shares_exceed",
        )

    pensions = []
    for survivor, relation, share in shares:
        amount = share_of(amount=base_amount, share_permille=share)
        pension = Pension(
            number=_pension_number(),
            pensioner=survivor,
            kind=Pension.Kind.SURVIVORS,
            insured_national_code=deceased.insured_national_code,
            insured_name=deceased.insured_name,
            insurance_number=deceased.insurance_number,
            relation=relation,
            share_permille=share,
            start_date=on,
        )
        pension.full_clean()
        pension.save(force_insert=True)
        ruling = PensionRuling(
            pension=pension,
            kind=PensionRuling.Kind.GRANT,
            year=year,
            effective_from=on,
            original_days=grant.original_days,
            added_days=grant.added_days,
            years_hundredths=grant.years_hundredths,
            average_wage=grant.average_wage,
            amount_before=0,
            amount_after=amount,
            computation={
                "deceased": {
                    "pension_id": deceased.pk,
                    "pension_number": deceased.number,
                    "grant_ruling_id": grant.pk,
                    "grant_ruling_number": grant.number,
                    "amount_ruling_number": in_force.number if in_force else "",
                    "amount": base_amount,
                },
                "relation": relation,
                "share_permille": share,
                "share_year": year,
                "figures": {"amount_after": amount},
            },
        )
        _ruling_save(ruling)
        audit_record(
            action="pensioners.pension_grant_survivors",
            actor=actor,
            target=pension,
            after={
                "number": pension.number,
                "relation": relation,
                "share_permille": share,
                "amount_after": amount,
                "ruling": ruling.number,
            },
            detail={"deceased_pension_id": deceased.pk, "ruling_id": ruling.pk},
        )
        pensions.append(pension)
    if deceased.status == Pension.Status.ACTIVE:
        deceased.status = Pension.Status.ENDED
        deceased.save(update_fields=["status", "updated_at"])
        audit_record(
            action="pensioners.pension_end",
            actor=actor,
            target=deceased,
            before={"status": Pension.Status.ACTIVE},
            after={"status": Pension.Status.ENDED},
            detail={"reason": "survivors", "on": on.isoformat()},
        )
    return pensions


# --- yearly increases -----------------------------------------------------------------


def _increase_figures(year: int) -> PensionParameters:
    """The row of exactly `year`, or a refusal naming the year (never a silent skip)."""
    row = pension_parameters(year=year)
    if row is None:
        raise _refuse(
            _(
                "ارقام مستمری سال %(year)s (حداقل مستمری و افزایش سالانه) هنوز ثبت نشده است؛ "
                "پس از ثبت آن‌ها افزایش سالانه صادر می‌شود."
            )
            % {"year": _year_fa(year)},
            "pension_figures_missing",
        )
    return row


@transaction.atomic
def _increase_issue(
    *, pension_id: int, year: int, figures: PensionParameters, actor=None
) -> PensionRuling | None:
    pension = Pension.objects.select_for_update().filter(pk=pension_id).first()
    if pension is None:
        return None
    if pension.status != Pension.Status.ACTIVE:
        raise _refuse(_("این مستمری برقرار نیست؛ افزایش سالانه ندارد."), "pension_not_active")
    start_year = _jalali(pension.start_date).year
    if start_year >= year:
        raise _refuse(
            _("این مستمری در سال %(start)s برقرار شده است؛ نخستین افزایش آن سال %(next)s است.")
            % {"start": _year_fa(start_year), "next": _year_fa(start_year + 1)},
            "increase_too_early",
        )
    rulings = PensionRuling.objects.filter(pension=pension)
    if rulings.filter(kind=PensionRuling.Kind.YEARLY_INCREASE, year=year).exists():
        return None  # once per pension and year
    later = rulings.filter(kind=PensionRuling.Kind.YEARLY_INCREASE, year__gt=year).first()
    if later is not None:
        raise _refuse(
            _(
                "افزایش سال %(later)s برای این مستمری صادر شده است؛ افزایش سال %(year)s پس از آن صادر نمی‌شود."
            )
            % {"later": _year_fa(later.year), "year": _year_fa(year)},
            "increase_out_of_order",
        )
    latest = rulings.order_by("-effective_from", "-id").first()
    if latest is None:
        raise _refuse(_("حکم برقراری این مستمری ثبت نشده است."), "pension_no_grant")
    floor = pension_floor(
        minimum_pension=figures.minimum_pension, years_hundredths=latest.years_hundredths
    )
    if pension.kind == Pension.Kind.SURVIVORS:
        floor = share_of(amount=floor, share_permille=pension.share_permille)
    raised = pension_increase(
        amount=latest.amount_after,
        increase_permille=figures.increase_permille,
        increase_fixed=figures.increase_fixed,
        floor=None,
    )
    amount = pension_increase(
        amount=latest.amount_after,
        increase_permille=figures.increase_permille,
        increase_fixed=figures.increase_fixed,
        floor=floor,
    )
    ruling = PensionRuling(
        pension=pension,
        kind=PensionRuling.Kind.YEARLY_INCREASE,
        year=year,
        effective_from=_first_of_year(year),
        original_days=latest.original_days,
        added_days=latest.added_days,
        years_hundredths=latest.years_hundredths,
        average_wage=latest.average_wage,
        amount_before=latest.amount_after,
        increase_permille=figures.increase_permille,
        increase_fixed=figures.increase_fixed,
        amount_after=amount,
        minimum_applied=floor > raised,
        computation={
            "figures_year": year,
            "minimum_pension": figures.minimum_pension,
            "floor": floor,
            "raised": raised,
            "previous_ruling_number": latest.number,
        },
    )
    try:
        _ruling_save(ruling)
    except IntegrityError:
        # The year's increase was written by a concurrent run: once per pension and year.
        if rulings.filter(kind=PensionRuling.Kind.YEARLY_INCREASE, year=year).exists():
            return None
        raise
    audit_record(
        action="pensioners.pension_yearly_increase",
        actor=actor,
        target=ruling,
        before={"amount": latest.amount_after},
        after={"amount": amount, "minimum_applied": ruling.minimum_applied},
        detail={"pension_id": pension.pk, "year": year},
    )
    return ruling


def pension_yearly_increase_issue(
    *, pension: Pension, year: int, actor=None
) -> PensionRuling | None:
    """The pension's increase of `year` from 1 Farvardin; None when it already has it."""
    return _increase_issue(
        pension_id=pension.pk, year=year, figures=_increase_figures(year), actor=actor
    )


def pension_yearly_increases_issue(*, year: int, actor=None) -> int:
    """The increase of `year` for every active pension granted before it; the number issued.

    Refused as a whole when the year's figures are missing. Each pension is its own
    transaction, so a run stopped half-way is simply run again (done ones are skipped);
    a pension refused on its own (an increase of a later year already there) is logged
    and left, and the run goes on.
    """
    figures = _increase_figures(year)
    done = PensionRuling.objects.filter(
        pension=OuterRef("pk"), kind=PensionRuling.Kind.YEARLY_INCREASE, year=year
    )
    has_grant = PensionRuling.objects.filter(pension=OuterRef("pk"), kind=PensionRuling.Kind.GRANT)
    pending = (
        Pension.objects.filter(status=Pension.Status.ACTIVE, start_date__lt=_first_of_year(year))
        .filter(Exists(has_grant))
        .exclude(Exists(done))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    issued = 0
    last_id = 0
    while True:
        chunk = list(pending.filter(pk__gt=last_id)[:INCREASE_CHUNK])
        if not chunk:
            break
        new_rulings = []
        for pension_id in chunk:
            try:
                ruling = _increase_issue(
                    pension_id=pension_id, year=year, figures=figures, actor=actor
                )
            except ApplicationError as error:
                logger.warning(
                    "pension %s: the increase of %s refused: %s", pension_id, year, error.message
                )
                continue
            if ruling is not None:
                issued += 1
                new_rulings.append(ruling.pk)
        # The new rulings' PDFs, rendered ahead by the worker (one batch per chunk).
        rulings_prerender_queue(ruling_ids=new_rulings)
        last_id = chunk[-1]
    audit_record(
        action="pensioners.pension_yearly_increases",
        actor=actor,
        target=figures,
        detail={"year": year, "issued": issued},
    )
    return issued
