"""Short-term benefits (DOMAIN.md §3) as pure functions over data.

Every function takes the person's contribution months (`MonthWage`: Jalali year, month,
days, insurable wage), Gregorian dates, and the terms in force (`BenefitTerms`, one row of
`BenefitParameters` read by `tamin.rules.benefit_figures`), and answers a result with the
working in Persian (`steps`) and, for a refusal, the reasons (`reasons`). Nothing here reads
the database or Django settings.

Counting rules shared by all of them:

* months of several workshops are merged first (`average_wage.months_merge`: wages added,
  days added and capped at the month's length; empty months dropped);
* a window of N months "before the month of a date" is the N calendar months ending with
  the month before it (the month of the date itself never counts — it is not complete);
* "the last N days" walk the months newest → oldest before the month of the date until N
  days are covered, the month that crosses N counted pro rata by days with its wage rounded
  down to the rial (`_walk_days`, the one walker); the 730-day average of marriage and the
  military purchase is `average_wage.average_wage_last_two_years` over the months before.

Money is integer rial; every rate is an exact `Fraction` or per mille; each rounding is
named where it happens (ceil: the organization never pays a fraction of a rial short).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import jdatetime

from tamin.core.jalali import format_number, format_period, format_rial, persian_digits
from tamin.rules.average_wage import (
    MonthWage,
    UsedMonth,
    average_wage_last_two_years,
    months_merge,
)
from tamin.rules.premiums import premium_share

PERMILLE = 1000
MARRIAGE_AVERAGE_DAYS = 730  # the marriage allowance: pay of the last two years / 24
DAYS_PER_MONTH = 30  # unemployment: the daily average × 30 is the monthly average

__all__ = [
    "AbroadPackageTerms",
    "AbroadQuote",
    "BenefitResult",
    "BenefitTerms",
    "Fraction",
    "MilitaryPurchase",
    "abroad_premium",
    "funeral_allowance",
    "marriage_allowance",
    "maternity_allowance",
    "military_service_purchase",
    "orthotics_reimbursement",
    "sickness_compensation",
    "treatment_eligibility",
    "unemployment_allowance",
]


# --- the data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fraction:
    """An exact rate, e.g. Fraction(3, 4); never a float."""

    numerator: int
    denominator: int

    def __post_init__(self) -> None:
        if self.denominator <= 0 or self.numerator < 0:
            raise ValueError("a rate needs a positive denominator and a non-negative numerator")

    def ceil_of(self, amount: int) -> int:
        """ceil(amount × numerator / denominator) on integers."""
        return -(-int(amount) * self.numerator // self.denominator)

    def __str__(self) -> str:
        """«۳/۴» (Persian digits; the slash reads the same both ways)."""
        return persian_digits(f"{self.numerator}/{self.denominator}")


@dataclass(frozen=True)
class BenefitTerms:
    """One `BenefitParameters` row (in force from a Jalali year until a later row)."""

    effective_from: int
    sickness_with_dependents: Fraction  # 3/4
    sickness_without_dependents: Fraction  # 2/3
    sickness_hospitalized_without_dependents: Fraction  # 1/2
    sickness_waiting_days: int  # 3 (paid from day 4)
    daily_wage_days: int  # 90 (sickness and maternity daily wage)
    maternity_rate: Fraction  # 2/3
    maternity_min_days_prior_year: int  # 60
    maternity_leave_days: int  # 270
    marriage_min_days: int  # 720
    marriage_window_years: int  # 5
    military_min_days: int  # 730
    military_insured_share: Fraction  # 7/30
    military_government_share: Fraction  # 23/30
    unemployment_min_months: int  # 6
    unemployment_base_permille: int  # 550
    unemployment_per_dependent_permille: int  # 100
    unemployment_max_permille: int  # 800
    funeral_fixed_amount: int | None  # None: the minimum monthly wage of the year of death
    orthotics_ceiling: int  # per request, [to confirm]
    treatment_window_months: int  # 3 [to confirm]
    treatment_min_days: int  # 30 [to confirm]


@dataclass(frozen=True)
class BenefitResult:
    eligible: bool
    amount: int  # 0 when not eligible; total payable (rial)
    daily_amount: int | None  # for per-day benefits (sickness, maternity)
    days: int | None  # days paid
    reasons: tuple[str, ...]  # why not eligible (Persian), empty when eligible
    steps: tuple[str, ...]  # the working (Persian)


@dataclass(frozen=True)
class MilitaryPurchase:
    eligible: bool
    cost: int  # 0 when not eligible
    insured_share: int
    government_share: int
    reasons: tuple[str, ...]
    steps: tuple[str, ...]
    average_wage: int = 0  # the average monthly wage of the last two years
    monthly_contribution: int = 0  # the average monthly contribution (the rate of it)


@dataclass(frozen=True)
class AbroadPackageTerms:
    """One package of the insurance of Iranians abroad (an `AbroadPackage` row)."""

    code: str
    label: str
    wage_base: int  # rial a month
    rate_permille: int
    min_age: int = 18  # the row's ages; these defaults are DOMAIN.md's, for hand-built terms
    max_age: int = 50


@dataclass(frozen=True)
class AbroadQuote:
    eligible: bool
    age: int  # whole years on the day of the quote
    monthly_premium: int  # 0 when not eligible
    package: AbroadPackageTerms
    reasons: tuple[str, ...]
    steps: tuple[str, ...]


# --- counting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Walk:
    days_covered: int
    wage_sum: int
    months: tuple[UsedMonth, ...]  # newest first


def _jalali(day: dt.date) -> jdatetime.date:
    if isinstance(day, dt.datetime):
        day = day.date()
    return jdatetime.date.fromgregorian(date=day)


def _month_of(day: dt.date) -> tuple[int, int]:
    j = _jalali(day)
    return (j.year, j.month)


def _month_shift(month: tuple[int, int], back: int) -> tuple[int, int]:
    """The month `back` months before `month` (Jalali year, month)."""
    index = month[0] * 12 + (month[1] - 1) - back
    return (index // 12, index % 12 + 1)


def _before(months: Sequence[MonthWage], before: tuple[int, int]) -> list[MonthWage]:
    """Merged months strictly before `before`, newest first."""
    return [m for m in months_merge(months) if (m.year, m.month) < before]


def _days_in_window(months: Sequence[MonthWage], *, before: tuple[int, int], count: int) -> int:
    """Days of the `count` calendar months ending with the month before `before`."""
    first = _month_shift(before, count)
    return sum(m.days for m in _before(months, before) if (m.year, m.month) >= first)


def _walk_days(months: Sequence[MonthWage], days: int, *, before: tuple[int, int]) -> _Walk:
    """The newest `days` covered days before the month `before`, walked newest → oldest.

    The month that crosses `days` is taken in part: the days still missing, and its wage pro
    rata by days rounded down to the rial (as the 730-day average does).
    """
    used: list[UsedMonth] = []
    covered = total = 0
    for item in _before(months, before):
        if covered >= days:
            break
        days_used = min(item.days, days - covered)
        wage_used = item.wage if days_used == item.days else item.wage * days_used // item.days
        used.append(
            UsedMonth(
                year=item.year,
                month=item.month,
                days=item.days,
                wage=item.wage,
                days_used=days_used,
                wage_used=wage_used,
            )
        )
        covered += days_used
        total += wage_used
    return _Walk(days_covered=covered, wage_sum=total, months=tuple(used))


def _walk_text(walk: _Walk) -> str:
    """«مهر ۱۴۰۴ تا تیر ۱۴۰۴: ۹۰ روز …» with the part month named."""
    newest, oldest = walk.months[0], walk.months[-1]
    text = (
        f"ماه‌ها از {format_period(newest.year, newest.month)} به عقب تا "
        f"{format_period(oldest.year, oldest.month)} شمرده شد: "
        f"{format_number(walk.days_covered)} روز با دستمزد {format_rial(walk.wage_sum)}"
    )
    if oldest.is_partial:
        text += (
            f"؛ از {format_period(oldest.year, oldest.month)} فقط "
            f"{format_number(oldest.days_used)} روز از {format_number(oldest.days)} روز و به "
            f"همان نسبت {format_rial(oldest.wage_used)} از دستمزد آن"
        )
    return text + "."


def _daily_wage(
    months: Sequence[MonthWage], *, before: tuple[int, int], terms: BenefitTerms
) -> tuple[int, list[str]]:
    """(daily wage, steps): Σ wage of the last `daily_wage_days` days / days covered, ceil.

    0 when no day is on file before the month.
    """
    walk = _walk_days(months, terms.daily_wage_days, before=before)
    if not walk.days_covered:
        return 0, []
    steps = [_walk_text(walk)]
    if walk.days_covered < terms.daily_wage_days:
        steps.append(
            f"سابقه به {format_number(terms.daily_wage_days)} روز نمی‌رسد؛ همه "
            f"{format_number(walk.days_covered)} روز شمرده شد."
        )
    daily = -(-walk.wage_sum // walk.days_covered)
    steps.append(
        f"دستمزد روزانه: {format_rial(walk.wage_sum)} ÷ {format_number(walk.days_covered)} روز، "
        f"گرد به بالا: {format_rial(daily)}."
    )
    return daily, steps


def _refused(reasons: list[str], steps: list[str]) -> BenefitResult:
    return BenefitResult(
        eligible=False,
        amount=0,
        daily_amount=None,
        days=None,
        reasons=tuple(reasons),
        steps=tuple(steps),
    )


def _window_text(before: tuple[int, int], count: int) -> str:
    first = _month_shift(before, count)
    last = _month_shift(before, 1)
    return f"{format_period(*first)} تا {format_period(*last)}"


# --- the rules ------------------------------------------------------------------------------


def treatment_eligibility(
    *, months: Sequence[MonthWage], on: dt.date, terms: BenefitTerms
) -> BenefitResult:
    """Eligible when the `treatment_window_months` months before the month of `on` hold at
    least `treatment_min_days` days. No amount: `amount` is 0 and `days` the days found."""
    before = _month_of(on)
    count = terms.treatment_window_months
    found = _days_in_window(months, before=before, count=count)
    window = _window_text(before, count)
    steps = [
        f"سابقه {format_number(count)} ماه پیش از {format_period(*before)} ({window}): "
        f"{format_number(found)} روز؛ دست‌کم {format_number(terms.treatment_min_days)} روز لازم است."
    ]
    if found < terms.treatment_min_days:
        reason = (
            f"در {format_number(count)} ماه پیش از {format_period(*before)} ({window}) "
            f"{format_number(found)} روز سابقه پرداخت ثبت شده است و دست‌کم "
            f"{format_number(terms.treatment_min_days)} روز لازم است."
        )
        return BenefitResult(False, 0, None, found, (reason,), tuple(steps))
    steps.append("استحقاق درمان دارد.")
    return BenefitResult(True, 0, None, found, (), tuple(steps))


def marriage_allowance(
    *,
    months: Sequence[MonthWage],
    marriage_date: dt.date,
    employed_on_marriage: bool,
    first_permanent_marriage: bool,
    min_monthly_wage: int | None,
    terms: BenefitTerms,
) -> BenefitResult:
    """Art. 85: ≥ `marriage_min_days` days in the `marriage_window_years` years (calendar
    months) before the marriage month, employed on the day, a first permanent registered
    marriage; amount = max(ceil(Σ pay of the last 730 days before the marriage month / 24),
    the minimum monthly wage of the year)."""
    before = _month_of(marriage_date)
    window_months = terms.marriage_window_years * 12
    found = _days_in_window(months, before=before, count=window_months)
    steps = [
        f"سابقه {format_number(terms.marriage_window_years)} سال پیش از ماه ازدواج "
        f"({_window_text(before, window_months)}): {format_number(found)} روز؛ دست‌کم "
        f"{format_number(terms.marriage_min_days)} روز لازم است."
    ]
    reasons = []
    if found < terms.marriage_min_days:
        reasons.append(
            f"در {format_number(terms.marriage_window_years)} سال پیش از ازدواج "
            f"{format_number(found)} روز سابقه پرداخت ثبت شده است و دست‌کم "
            f"{format_number(terms.marriage_min_days)} روز لازم است."
        )
    if not employed_on_marriage:
        reasons.append("در تاریخ ازدواج شاغل و بیمه‌پرداز نبوده‌اید.")
    if not first_permanent_marriage:
        reasons.append("کمک‌هزینه ازدواج فقط برای نخستین ازدواج دائم ثبت‌شده پرداخت می‌شود.")
    if reasons:
        return _refused(reasons, steps)
    average = average_wage_last_two_years(months=_before(months, before))
    walk = _Walk(average.days_covered, average.wage_sum, average.months)
    if walk.months:
        steps.append(_walk_text(walk))
    computed = average.average
    steps.append(
        f"جمع دستمزد مشمول {format_number(MARRIAGE_AVERAGE_DAYS)} روز پیش از ماه ازدواج "
        f"{format_rial(average.wage_sum)}؛ تقسیم بر ۲۴ و گرد به بالا: {format_rial(computed)}."
    )
    year = persian_digits(_jalali(marriage_date).year)
    if min_monthly_wage is None:
        amount = computed
        steps.append(
            f"حداقل دستمزد ماهانه سال {year} هنوز ثبت نشده است؛ کف حداقل دستمزد اعمال نشد."
        )
    else:
        amount = max(computed, min_monthly_wage)
        steps.append(
            f"کف: حداقل دستمزد ماهانه سال {year} ({format_rial(min_monthly_wage)})"
            + ("؛ اعمال شد." if min_monthly_wage > computed else "؛ مبلغ از آن بیشتر است.")
        )
    steps.append(f"کمک‌هزینه ازدواج: {format_rial(amount)}.")
    return BenefitResult(True, amount, None, None, (), tuple(steps))


def _sickness_rate(
    *, hospitalized: bool, has_dependents: bool, terms: BenefitTerms
) -> tuple[Fraction, str]:
    if has_dependents:
        return terms.sickness_with_dependents, "با افراد تحت تکفل"
    if hospitalized:
        return terms.sickness_hospitalized_without_dependents, "بستری و بدون افراد تحت تکفل"
    return terms.sickness_without_dependents, "بدون افراد تحت تکفل"


def sickness_compensation(
    *,
    months: Sequence[MonthWage],
    start: dt.date,
    days_off: int,
    hospitalized: bool,
    work_accident: bool,
    has_dependents: bool,
    terms: BenefitTerms,
) -> BenefitResult:
    """Wage compensation of sick leave: the daily wage of the last `daily_wage_days` days
    before the month of `start` × the rate (3/4 with dependents, 2/3 without, 1/2 hospitalized
    without dependents), paid for the days off after the waiting days — from day 1 when
    hospitalized or after a work accident. daily_amount = ceil(daily × rate)."""
    if days_off < 0:
        raise ValueError("days_off cannot be negative")
    before = _month_of(start)
    daily, steps = _daily_wage(months, before=before, terms=terms)
    if not daily:
        return _refused(
            [f"پیش از {format_period(*before)} سابقه پرداخت با دستمزد ثبت نشده است."], steps
        )
    rate, why = _sickness_rate(
        hospitalized=hospitalized, has_dependents=has_dependents, terms=terms
    )
    daily_amount = rate.ceil_of(daily)
    steps.append(
        f"نرخ ({why}): {rate}؛ غرامت روزانه {format_rial(daily)} × {rate}، گرد به بالا: "
        f"{format_rial(daily_amount)}."
    )
    if hospitalized or work_accident:
        paid = days_off
        steps.append(
            f"{'بستری' if hospitalized else 'حادثه ناشی از کار'}: از روز نخست پرداخت می‌شود؛ "
            f"{format_number(paid)} روز."
        )
    else:
        paid = max(days_off - terms.sickness_waiting_days, 0)
        steps.append(
            f"{format_number(terms.sickness_waiting_days)} روز نخست پرداخت نمی‌شود؛ "
            f"{format_number(days_off)} − {format_number(terms.sickness_waiting_days)} = "
            f"{format_number(paid)} روز."
        )
    if days_off == 0:
        return _refused(["روزهای استراحت پزشکی وارد نشده است."], steps)
    if paid <= 0:
        return _refused(
            [
                f"غرامت از روز {format_number(terms.sickness_waiting_days + 1)} استراحت پرداخت "
                f"می‌شود و {format_number(days_off)} روز استراحت روزی برای پرداخت ندارد."
            ],
            steps,
        )
    amount = daily_amount * paid
    steps.append(
        f"غرامت: {format_rial(daily_amount)} × {format_number(paid)} روز = {format_rial(amount)}."
    )
    return BenefitResult(True, amount, daily_amount, paid, (), tuple(steps))


def maternity_allowance(
    *,
    months: Sequence[MonthWage],
    leave_start: dt.date,
    leave_days: int | None,
    terms: BenefitTerms,
) -> BenefitResult:
    """≥ `maternity_min_days_prior_year` days in the 12 months before the month of
    `leave_start`; daily wage as for sickness; daily_amount = ceil(daily × 2/3); days =
    `leave_days` (at most the leave of the terms) or the whole leave."""
    if leave_days is not None and leave_days < 0:
        raise ValueError("leave_days cannot be negative")
    before = _month_of(leave_start)
    found = _days_in_window(months, before=before, count=12)
    steps = [
        f"سابقه ۱۲ ماه پیش از ماه آغاز مرخصی ({_window_text(before, 12)}): "
        f"{format_number(found)} روز؛ دست‌کم "
        f"{format_number(terms.maternity_min_days_prior_year)} روز لازم است."
    ]
    if found < terms.maternity_min_days_prior_year:
        return _refused(
            [
                f"در ۱۲ ماه پیش از آغاز مرخصی {format_number(found)} روز سابقه پرداخت ثبت شده "
                f"است و دست‌کم {format_number(terms.maternity_min_days_prior_year)} روز لازم است."
            ],
            steps,
        )
    daily, wage_steps = _daily_wage(months, before=before, terms=terms)
    steps += wage_steps
    if not daily:
        return _refused(
            [f"پیش از {format_period(*before)} دستمزدی در سابقه پرداخت ثبت نشده است."], steps
        )
    daily_amount = terms.maternity_rate.ceil_of(daily)
    steps.append(
        f"نرخ: {terms.maternity_rate}؛ {format_rial(daily)} × {terms.maternity_rate}، گرد به "
        f"بالا: {format_rial(daily_amount)} در روز."
    )
    if leave_days is None:
        days = terms.maternity_leave_days
        steps.append(f"مرخصی زایمان: {format_number(days)} روز.")
    else:
        days = min(leave_days, terms.maternity_leave_days)
        steps.append(
            f"روزهای مرخصی: {format_number(days)} روز"
            + (
                f" (بیش از {format_number(terms.maternity_leave_days)} روز پرداخت نمی‌شود)"
                if leave_days > terms.maternity_leave_days
                else ""
            )
            + "."
        )
    if days <= 0:
        return _refused(["روزی برای پرداخت کمک‌هزینه بارداری نیست."], steps)
    amount = daily_amount * days
    steps.append(
        f"کمک‌هزینه بارداری: {format_rial(daily_amount)} × {format_number(days)} روز = "
        f"{format_rial(amount)}."
    )
    return BenefitResult(True, amount, daily_amount, days, (), tuple(steps))


def unemployment_allowance(
    *,
    months: Sequence[MonthWage],
    dependents: int,
    involuntary: bool,
    on: dt.date,
    terms: BenefitTerms,
) -> BenefitResult:
    """≥ `unemployment_min_months` months with days before the month of `on`, involuntary
    loss of work only; monthly average = ceil(Σ wage of the last `daily_wage_days` days /
    days × 30); rate = min(base + per dependent × dependents, max) ‰; allowance = ceil of
    the rate of the average (a month)."""
    if dependents < 0:
        raise ValueError("dependents cannot be negative")
    before = _month_of(on)
    worked = len(_before(months, before))
    steps = [
        f"ماه‌های دارای سابقه پیش از {format_period(*before)}: {format_number(worked)} ماه؛ "
        f"دست‌کم {format_number(terms.unemployment_min_months)} ماه لازم است."
    ]
    reasons = []
    if worked < terms.unemployment_min_months:
        reasons.append(
            f"{format_number(worked)} ماه سابقه پرداخت ثبت شده است و دست‌کم "
            f"{format_number(terms.unemployment_min_months)} ماه لازم است."
        )
    if not involuntary:
        reasons.append("مقرری بیمه بیکاری فقط برای بیکاری غیرارادی پرداخت می‌شود.")
    if reasons:
        return _refused(reasons, steps)
    walk = _walk_days(months, terms.daily_wage_days, before=before)
    steps.append(_walk_text(walk))
    if not walk.wage_sum:
        return _refused(
            [f"پیش از {format_period(*before)} دستمزدی در سابقه پرداخت ثبت نشده است."], steps
        )
    monthly = -(-walk.wage_sum * DAYS_PER_MONTH // walk.days_covered)
    steps.append(
        f"متوسط دستمزد ماهانه: {format_rial(walk.wage_sum)} ÷ "
        f"{format_number(walk.days_covered)} روز × ۳۰، گرد به بالا: {format_rial(monthly)}."
    )
    raw = terms.unemployment_base_permille + terms.unemployment_per_dependent_permille * dependents
    rate = min(raw, terms.unemployment_max_permille)
    steps.append(
        f"نرخ: {_percent(terms.unemployment_base_permille)} و برای هر نفر تحت تکفل "
        f"{_percent(terms.unemployment_per_dependent_permille)} ({format_number(dependents)} نفر)"
        + (
            f"، حداکثر {_percent(terms.unemployment_max_permille)}"
            if raw > terms.unemployment_max_permille
            else ""
        )
        + f": {_percent(rate)}."
    )
    amount = -(-monthly * rate // PERMILLE)
    steps.append(
        f"مقرری ماهانه: {_percent(rate)} × {format_rial(monthly)}، گرد به بالا: {format_rial(amount)}."
    )
    return BenefitResult(True, amount, None, None, (), tuple(steps))


def _percent(permille: int) -> str:
    """550 → «۵۵٪», 75 → «۷٫۵٪»."""
    if permille % 10 == 0:
        return f"{format_number(permille // 10)}٪"
    return f"{format_number(permille // 10)}٫{persian_digits(permille % 10)}٪"


def funeral_allowance(
    *, death_date: dt.date, min_monthly_wage: int | None, terms: BenefitTerms
) -> BenefitResult:
    """The fixed amount of the terms, or (None) the minimum monthly wage of the year of death.
    Refused only when that minimum wage is not published yet (the amount is unknown)."""
    year = persian_digits(_jalali(death_date).year)
    if terms.funeral_fixed_amount is not None:
        amount = terms.funeral_fixed_amount
        steps = [f"کمک‌هزینه کفن و دفن: مبلغ ثابت {format_rial(amount)}."]
        return BenefitResult(True, amount, None, None, (), tuple(steps))
    if min_monthly_wage is None:
        reason = (
            f"حداقل دستمزد ماهانه سال {year} (سال فوت) هنوز ثبت نشده است؛ پس از اعلام آن "
            "دوباره اقدام کنید."
        )
        return _refused([reason], [reason])
    steps = [
        f"کمک‌هزینه کفن و دفن: حداقل دستمزد ماهانه سال فوت ({year}): {format_rial(min_monthly_wage)}."
    ]
    return BenefitResult(True, min_monthly_wage, None, None, (), tuple(steps))


def orthotics_reimbursement(*, invoice_amount: int, terms: BenefitTerms) -> BenefitResult:
    """min(invoice, ceiling of the terms)."""
    if invoice_amount < 0:
        raise ValueError("invoice_amount cannot be negative")
    if invoice_amount == 0:
        return _refused(["مبلغ صورت‌حساب صفر است."], [])
    amount = min(invoice_amount, terms.orthotics_ceiling)
    steps = [
        f"مبلغ صورت‌حساب {format_rial(invoice_amount)}؛ سقف پرداخت "
        f"{format_rial(terms.orthotics_ceiling)}"
        + ("؛ سقف اعمال شد" if invoice_amount > terms.orthotics_ceiling else "")
        + f": {format_rial(amount)}."
    ]
    return BenefitResult(True, amount, None, None, (), tuple(steps))


def military_service_purchase(
    *,
    months: Sequence[MonthWage],
    months_served: int,
    contribution_rate_permille: int,
    on: dt.date,
    terms: BenefitTerms,
) -> MilitaryPurchase:
    """≥ `military_min_days` days on file before the month of `on`; average monthly
    contribution = ceil(730-day average wage × rate / 1000); cost = that × months served;
    insured = ceil(cost × 7/30); government = cost − insured."""
    if months_served < 0 or contribution_rate_permille < 0:
        raise ValueError("months_served and the rate cannot be negative")
    before = _month_of(on)
    history = _before(months, before)
    found = sum(m.days for m in history)
    steps = [
        f"سابقه پرداخت پیش از {format_period(*before)}: {format_number(found)} روز؛ دست‌کم "
        f"{format_number(terms.military_min_days)} روز لازم است."
    ]
    reasons = []
    if found < terms.military_min_days:
        reasons.append(
            f"{format_number(found)} روز سابقه پرداخت ثبت شده است و برای خرید سربازی دست‌کم "
            f"{format_number(terms.military_min_days)} روز لازم است."
        )
    if months_served <= 0:
        reasons.append("مدت خدمت سربازی وارد نشده است.")
    if reasons:
        return MilitaryPurchase(False, 0, 0, 0, tuple(reasons), tuple(steps))
    average = average_wage_last_two_years(months=history)
    steps.append(_walk_text(_Walk(average.days_covered, average.wage_sum, average.months)))
    steps.append(
        f"متوسط دستمزد ماهانه دو سال آخر: {format_rial(average.wage_sum)} ÷ ۲۴، گرد به بالا: "
        f"{format_rial(average.average)}."
    )
    monthly = -(-average.average * contribution_rate_permille // PERMILLE)
    steps.append(
        f"متوسط حق بیمه ماهانه: {_percent(contribution_rate_permille)} × "
        f"{format_rial(average.average)}، گرد به بالا: {format_rial(monthly)}."
    )
    cost = monthly * months_served
    steps.append(
        f"هزینه خرید: {format_rial(monthly)} × {format_number(months_served)} ماه = {format_rial(cost)}."
    )
    insured = terms.military_insured_share.ceil_of(cost)
    government = cost - insured
    steps.append(
        f"سهم بیمه‌شده ({terms.military_insured_share})، گرد به بالا: {format_rial(insured)}؛ "
        f"سهم دولت ({terms.military_government_share}): {format_rial(government)}."
    )
    return MilitaryPurchase(
        True, cost, insured, government, (), tuple(steps), average.average, monthly
    )


def _age_on(birth_date: dt.date, on: dt.date) -> int:
    """Whole Jalali years from birth to `on` (the birthday itself counts)."""
    born, day = _jalali(birth_date), _jalali(on)
    age = day.year - born.year
    if (day.month, day.day) < (born.month, born.day):
        age -= 1
    return age


def abroad_premium(
    *,
    birth_date: dt.date,
    on: dt.date,
    package: AbroadPackageTerms,
    min_age: int,
    max_age: int,
) -> AbroadQuote:
    """Insurance of Iranians abroad: eligible from `min_age` to `max_age` years (both
    included); monthly premium = the package's rate of its wage base (half up to the rial,
    `premium_share`)."""
    if birth_date > on:
        reason = "تاریخ تولد پس از تاریخ درخواست است."
        return AbroadQuote(False, 0, 0, package, (reason,), ())
    age = _age_on(birth_date, on)
    steps = [
        f"سن در تاریخ درخواست: {format_number(age)} سال؛ سن مجاز {format_number(min_age)} تا "
        f"{format_number(max_age)} سال."
    ]
    if not min_age <= age <= max_age:
        reason = (
            f"بیمه ایرانیان خارج از کشور برای سن {format_number(min_age)} تا "
            f"{format_number(max_age)} سال است و سن شما {format_number(age)} سال است."
        )
        return AbroadQuote(False, age, 0, package, (reason,), tuple(steps))
    premium = premium_share(amount=package.wage_base, permille=package.rate_permille)
    steps.append(
        f"بسته «{package.label}»: دستمزد مبنا {format_rial(package.wage_base)} × نرخ "
        f"{_percent(package.rate_permille)}: حق بیمه ماهانه {format_rial(premium)}."
    )
    return AbroadQuote(True, age, premium, package, (), tuple(steps))
