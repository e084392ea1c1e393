"""The pension law (DOMAIN.md §3, Art. 76–77) as pure functions over data.

Eligibility (Art. 76) is read from rows of `RetirementCondition` in force on the day
(`effective_from` is a Jalali year; the 7th Development Plan raises ages step by step,
so ages are data): a person qualifies when any row of their sex holds — an age and a
number of service years (60/55 with 10 years, 50/45 with 30 years), service years at
any age (35), or years in hard jobs (20 consecutive, 25 in total).

The amount (Art. 77) as the organization's own app computes it:

1. the monthly wages are walked newest → oldest until 730 days are covered, the month
   that crosses 730 counted pro rata (`tamin.rules.average_wage`, the one walk);
2. average = ceil(Σ wage / 24);
3. years = total service days / 365, rounded down to two decimals, at most 35;
4. pension = ceil(average / 30 × years);
5. the minimum pension of the year is a floor with 20 years or more; below 20 years the
   floor is years/30 of it.

Years are kept as whole hundredths (`years_hundredths`) so no float touches money:
pension = ceil(average × hundredths / 3000). Nothing here reads the database; the
caller passes the conditions and the minimum pension (`tamin.rules.pension_parameters`
reads them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import jdatetime

from tamin.core.jalali import format_number, format_period, format_rial, jalali_month_days
from tamin.rules.average_wage import AverageWage, MonthWage, average_wage_last_two_years
from tamin.rules.premiums import premium_share

MAX_YEARS_HUNDREDTHS = 35_00
FULL_FLOOR_YEARS = 20
DAYS_PER_YEAR = 365
PERMILLE = 1000

SEX_MALE = "male"
SEX_FEMALE = "female"
SEXES = (SEX_MALE, SEX_FEMALE)

# What a condition counts as service years.
PATH_SERVICE = "service"  # all service days (original + added)
PATH_HARD_CONSECUTIVE = "hard_consecutive"  # the longest unbroken run of hard-job months
PATH_HARD_TOTAL = "hard_total"  # every hard-job month
PATHS = (PATH_SERVICE, PATH_HARD_CONSECUTIVE, PATH_HARD_TOTAL)


class PensionInputError(ValueError):
    """Bad input to the rule, with a Persian message naming the record at fault."""

    def __init__(self, message: str, *, record: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.record = record  # 1-based index of the record in the input, when one is at fault


@dataclass(frozen=True)
class ServiceMonth:
    """One record: a Jalali month, its days, its insurable wage (rial), and a hard-job flag."""

    year: int
    month: int
    days: int
    wage: int
    hard_job: bool = False


@dataclass(frozen=True)
class RetirementCondition:
    """One way to qualify (a row of the conditions table): sex, what counts, age, years."""

    sex: str
    path: str
    min_years: int
    min_age: int | None = None  # None: at any age
    label: str = ""


@dataclass(frozen=True)
class ConditionOutcome:
    condition: RetirementCondition
    years_hundredths: int  # what this path counts
    met: bool


@dataclass(frozen=True)
class PensionComputation:
    """The rule's whole answer: inputs that mattered, each figure, and the working."""

    on: jdatetime.date
    age: int
    days: int  # original service days (months merged, each at most its month's length)
    added_days: int  # added service (military service purchase, …)
    years_hundredths: int  # capped at 35 years
    average: AverageWage
    computed_pension: int  # before the floor
    minimum_pension: int | None  # of the year of `on`; None when not published
    floor: int | None
    pension: int
    minimum_applied: bool
    eligible: bool
    outcomes: tuple[ConditionOutcome, ...]
    steps: tuple[str, ...] = field(default_factory=tuple)

    @property
    def total_days(self) -> int:
        return self.days + self.added_days

    @property
    def years_text(self) -> str:
        """«30.00»: years with two decimals, ASCII (the `--json` field)."""
        return f"{self.years_hundredths // 100}.{self.years_hundredths % 100:02d}"

    @property
    def average_wage(self) -> int:
        return self.average.average


def years_hundredths_from_days(days: int) -> int:
    """Service years in hundredths: days / 365 rounded down to two decimals, at most 35."""
    if days < 0:
        raise ValueError("days cannot be negative")
    return min(days * 100 // DAYS_PER_YEAR, MAX_YEARS_HUNDREDTHS)


def amount_for_years(*, amount: int, years_hundredths: int) -> int:
    """ceil(amount / 30 × years) with years in hundredths, integers only."""
    return -(-amount * years_hundredths // 3000)


def pension_floor(*, minimum_pension: int, years_hundredths: int) -> int:
    """The minimum pension with 20 years or more; years/30 of it below 20 years."""
    if years_hundredths >= FULL_FLOOR_YEARS * 100:
        return minimum_pension
    return amount_for_years(amount=minimum_pension, years_hundredths=years_hundredths)


def age_on(*, birth_date: jdatetime.date, on: jdatetime.date) -> int:
    """Whole Jalali years from birth to `on` (the birthday itself counts)."""
    age = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        age -= 1
    return age


def service_months_validate(
    records: Sequence[ServiceMonth], *, on: jdatetime.date | None = None
) -> None:
    """Refuse a history the rule cannot honestly read, naming the record (1-based).

    A record's days are at most its month's length; several records of one month are
    summed, so their days together must fit the month too (otherwise they overlap); no
    negative days or wages; a month that does not exist, or after `on`, is refused.
    """
    seen: dict[tuple[int, int], tuple[int, int]] = {}  # month → (days so far, first record)
    for index, item in enumerate(records, start=1):
        where = f"سابقه شماره {format_number(index)}"
        if not 1200 <= item.year <= 1500:
            raise PensionInputError(
                f"{where}: سال {format_number(item.year, grouped=False)} پذیرفته نیست.",
                record=index,
            )
        if not 1 <= item.month <= 12:
            raise PensionInputError(
                f"{where}: ماه {format_number(item.month)} وجود ندارد.", record=index
            )
        if item.days < 0:
            raise PensionInputError(f"{where}: روزهای کارکرد منفی است.", record=index)
        if item.wage < 0:
            raise PensionInputError(f"{where}: دستمزد منفی است.", record=index)
        length = jalali_month_days(item.year, item.month)
        period = format_period(item.year, item.month)
        if item.days > length:
            raise PensionInputError(
                f"{where}: {format_number(item.days)} روز برای {period} بیش از "
                f"{format_number(length)} روزِ این ماه است.",
                record=index,
            )
        if on is not None and (item.year, item.month) > (on.year, on.month):
            raise PensionInputError(f"{where}: {period} پس از تاریخ محاسبه است.", record=index)
        days_so_far, first = seen.get((item.year, item.month), (0, index))
        if days_so_far + item.days > length:
            raise PensionInputError(
                f"{where}: با سابقه شماره {format_number(first)} در {period} هم‌پوشانی دارد؛ "
                f"روزهای این ماه روی هم {format_number(days_so_far + item.days)} می‌شود و ماه "
                f"{format_number(length)} روز است.",
                record=index,
            )
        seen[(item.year, item.month)] = (days_so_far + item.days, first)


def _merged(records: Sequence[ServiceMonth]) -> list[tuple[int, int, int, int]]:
    """(year, month, days, hard-job days) per month, oldest first.

    Days of one month are added and capped at the month's length; so are its hard-job
    days, which count only the records flagged `hard_job` (a second workshop's ordinary
    days in the same month are not hard-job days).
    """
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for item in records:
        days, hard = merged.get((item.year, item.month), (0, 0))
        merged[(item.year, item.month)] = (
            days + item.days,
            hard + (item.days if item.hard_job else 0),
        )
    result = []
    for (year, month), (days, hard) in sorted(merged.items()):
        length = jalali_month_days(year, month)
        if days > 0:
            result.append((year, month, min(days, length), min(hard, length)))
    return result


def _hard_days(months: list[tuple[int, int, int, int]]) -> tuple[int, int]:
    """(total hard-job days, days of the longest run of consecutive hard-job months).

    A run continues from one calendar month to the next while each month has hard-job
    days; a month without them, or a month with no record at all, ends it.
    """
    total = longest = run = 0
    previous: tuple[int, int] | None = None
    for year, month, _days, hard in months:
        if not hard:
            run, previous = 0, (year, month)
            continue
        follows = previous is not None and (
            (year, month) == (previous[0], previous[1] + 1)
            or (month == 1 and (year - 1, 12) == previous)
        )
        run = run + hard if follows and run else hard
        total += hard
        longest = max(longest, run)
        previous = (year, month)
    return total, longest


def pension_compute(
    *,
    sex: str,
    birth_date: jdatetime.date,
    on: jdatetime.date,
    records: Sequence[ServiceMonth],
    conditions: Sequence[RetirementCondition],
    minimum_pension: int | None,
    added_days: int = 0,
) -> PensionComputation:
    """Eligibility on `on` and the pension, with the working in Persian (`steps`).

    Records typed by a person are checked by the caller first (`service_months_validate`,
    which `tamin.rules.pension_file` runs); stored records of several workshops in one
    month are merged here the way the average-wage walk does: days added and capped at
    the month's length, wages added.
    """
    if sex not in SEXES:
        raise PensionInputError("جنسیت باید male یا female باشد.")
    if birth_date > on:
        raise PensionInputError("تاریخ تولد پس از تاریخ محاسبه است.")
    if added_days < 0:
        raise PensionInputError("سابقه افزوده نمی‌تواند منفی باشد.")
    months = _merged(records)
    days = sum(item[2] for item in months)
    average = average_wage_last_two_years(
        months=[MonthWage(year=r.year, month=r.month, days=r.days, wage=r.wage) for r in records]
    )
    years = years_hundredths_from_days(days + added_days)
    computed = amount_for_years(amount=average.average, years_hundredths=years)
    floor = (
        None
        if minimum_pension is None
        else pension_floor(minimum_pension=minimum_pension, years_hundredths=years)
    )
    pension = computed if floor is None else max(computed, floor)
    age = age_on(birth_date=birth_date, on=on)
    hard_total, hard_consecutive = _hard_days(months)
    counted = {
        PATH_SERVICE: years_hundredths_from_days(days + added_days),
        PATH_HARD_TOTAL: years_hundredths_from_days(hard_total),
        PATH_HARD_CONSECUTIVE: years_hundredths_from_days(hard_consecutive),
    }
    outcomes = tuple(
        ConditionOutcome(
            condition=condition,
            years_hundredths=counted[condition.path],
            met=counted[condition.path] >= condition.min_years * 100
            and (condition.min_age is None or age >= condition.min_age),
        )
        for condition in conditions
        if condition.sex == sex
    )
    result = PensionComputation(
        on=on,
        age=age,
        days=days,
        added_days=added_days,
        years_hundredths=years,
        average=average,
        computed_pension=computed,
        minimum_pension=minimum_pension,
        floor=floor,
        pension=pension,
        minimum_applied=floor is not None and floor > computed,
        eligible=any(outcome.met for outcome in outcomes),
        outcomes=outcomes,
    )
    return _with_steps(result)


def _years_fa(hundredths: int) -> str:
    return format_number(Decimal(hundredths) / 100, places=2)


def _with_steps(result: PensionComputation) -> PensionComputation:
    """The working, step by step, in Persian (what the pages, the PDF and the command show)."""
    average = result.average
    steps = [
        f"سن در تاریخ محاسبه: {format_number(result.age)} سال.",
        f"سابقه پرداخت: {format_number(result.days)} روز"
        + (f" و سابقه افزوده {format_number(result.added_days)} روز" if result.added_days else "")
        + ".",
    ]
    if average.months:
        newest, oldest = average.months[0], average.months[-1]
        walk = (
            f"ماه‌ها از {format_period(newest.year, newest.month)} به عقب تا "
            f"{format_period(oldest.year, oldest.month)} شمرده شد: {format_number(len(average.months))} ماه، "
            f"{format_number(average.days_covered)} روز"
        )
        if oldest.is_partial:
            walk += (
                f"؛ از {format_period(oldest.year, oldest.month)} فقط {format_number(oldest.days_used)} روز از "
                f"{format_number(oldest.days)} روز و به همان نسبت {format_rial(oldest.wage_used)} از دستمزد آن"
            )
        steps.append(walk + ".")
    if not average.complete:
        steps.append(
            f"سابقه به ۷۳۰ روز نمی‌رسد ({format_number(average.missing_days)} روز کم است)؛ "
            "همه ماه‌ها شمرده شد و باز بر ۲۴ تقسیم می‌شود."
        )
    steps.append(
        f"جمع دستمزد این روزها {format_rial(average.wage_sum)}؛ تقسیم بر ۲۴ و گرد به بالا: "
        f"متوسط دستمزد {format_rial(average.average)}."
    )
    steps.append(
        f"سال‌های سابقه: {format_number(result.total_days)} روز تقسیم بر ۳۶۵، تا دو رقم اعشار به پایین"
        + (" و حداکثر ۳۵ سال" if result.years_hundredths == MAX_YEARS_HUNDREDTHS else "")
        + f": {_years_fa(result.years_hundredths)} سال."
    )
    steps.append(
        f"مستمری: متوسط دستمزد ÷ ۳۰ × {_years_fa(result.years_hundredths)}، گرد به بالا: "
        f"{format_rial(result.computed_pension)}."
    )
    if result.minimum_pension is None:
        steps.append(
            f"حداقل مستمری سال {format_number(result.on.year, grouped=False)} هنوز ثبت نشده است؛ کفی اعمال نشد."
        )
    elif result.years_hundredths >= FULL_FLOOR_YEARS * 100:
        steps.append(
            f"با ۲۰ سال سابقه یا بیشتر، حداقل مستمری سال ({format_rial(result.minimum_pension)}) کف است"
            + ("؛ اعمال شد." if result.minimum_applied else "؛ مستمری از آن بیشتر است.")
        )
    else:
        steps.append(
            f"با کمتر از ۲۰ سال سابقه، کف مستمری {_years_fa(result.years_hundredths)}/۳۰ حداقل مستمری "
            f"({format_rial(result.minimum_pension)}) است: {format_rial(result.floor)}"
            + ("؛ اعمال شد." if result.minimum_applied else "؛ مستمری از آن بیشتر است.")
        )
    steps.append(f"مستمری ماهانه: {format_rial(result.pension)}.")
    for outcome in result.outcomes:
        condition = outcome.condition
        age_part = (
            "در هر سنی"
            if condition.min_age is None
            else f"سن {format_number(condition.min_age)} سال"
        )
        what = {
            PATH_SERVICE: "سال سابقه",
            PATH_HARD_CONSECUTIVE: "سال پیوسته در کار سخت و زیان‌آور",
            PATH_HARD_TOTAL: "سال در کار سخت و زیان‌آور",
        }[condition.path]
        steps.append(
            f"شرط {format_number(condition.min_years)} {what}، {age_part}"
            + (f" ({condition.label})" if condition.label else "")
            + f": {_years_fa(outcome.years_hundredths)} سال — "
            + ("دارد." if outcome.met else "ندارد.")
        )
    steps.append("واجد شرایط بازنشستگی در تاریخ محاسبه: " + ("بله." if result.eligible else "خیر."))
    return PensionComputation(**{**result.__dict__, "steps": tuple(steps)})


def pension_increase(
    *, amount: int, increase_permille: int, increase_fixed: int, floor: int | None
) -> int:
    """A yearly increase: amount × (1000 + ‰) / 1000 rounded up, plus the fixed sum, at least `floor`."""
    if amount < 0 or increase_permille < 0 or increase_fixed < 0:
        raise ValueError("amounts and rates cannot be negative")
    raised = -(-amount * (PERMILLE + increase_permille) // PERMILLE) + increase_fixed
    return raised if floor is None else max(raised, floor)


def share_of(*, amount: int, share_permille: int) -> int:
    """A survivor's share of a pension, rounded up to the whole rial."""
    if amount < 0 or not 0 <= share_permille <= PERMILLE:
        raise ValueError("bad amount or share")
    return -(-amount * share_permille // PERMILLE)


def treatment_share(*, amount: int, rate_permille: int) -> int:
    """The treatment deduction of a payslip (2 %), rounded half up like every premium share."""
    return premium_share(amount=amount, permille=rate_permille)


# --- when Art. 76 would hold ---------------------------------------------------------


def _month_after(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _continued_months(
    continuing: ServiceMonth, *, after: tuple[int, int], until: tuple[int, int]
) -> list[ServiceMonth]:
    """The months after `after` up to `until` (inclusive) worked as in `continuing`: its days
    scaled to each month's length (rounded down), its wage and its hard-job flag."""
    length = jalali_month_days(continuing.year, continuing.month)
    months = []
    year, month = _month_after(*after)
    while (year, month) <= until:
        months.append(
            ServiceMonth(
                year=year,
                month=month,
                days=continuing.days * jalali_month_days(year, month) // length,
                wage=continuing.wage,
                hard_job=continuing.hard_job,
            )
        )
        year, month = _month_after(year, month)
    return months


def pension_eligibility_date(
    *,
    sex: str,
    birth_date: jdatetime.date,
    records: Sequence[ServiceMonth],
    conditions: Sequence[RetirementCondition],
    added_days: int = 0,
    continuing: ServiceMonth | None,
    horizon_years: int = 45,
) -> jdatetime.date | None:
    """The first day on which a condition of Art. 76 holds, or None within the horizon.

    A month's service counts from the first day of the month after it (a pension granted
    on a day rests on the months before that day's month, as `pension_compute` is run by
    the grant); age counts from each birthday (`age_on`: one born on 30 Esfand is a year
    older on 1 Farvardin of a year without that day). With `continuing` (the last month
    worked), every month after the later of its month and the last record is worked as it
    was: its days scaled to the month's length (rounded down), the same wage, the same
    hard-job flag. Without it, the records are all the service there will be (only age
    can still make a condition hold).

    The answer may lie before the last record (a person already eligible gets the day
    they first were, under these conditions). The search ends `horizon_years` years after
    the month after the last month known (record or `continuing`), or after the birth date
    when none is. Eligibility only grows with time (age and service never go back), so the
    first day is found by bisection over the days it can change on (birthdays and first
    days of months), each decided by `pension_compute` itself: that day's figure and this
    one cannot disagree.
    """
    if horizon_years < 1:
        raise ValueError("horizon_years must be at least 1")
    known = [(r.year, r.month) for r in records if r.days > 0]
    if continuing is not None:
        known.append((continuing.year, continuing.month))
    if known:
        start = _month_after(*max(known))
        end = jdatetime.date(start[0] + horizon_years, start[1], 1)
    else:
        end = _add_years(birth_date, horizon_years)
    projected = (
        []
        if continuing is None
        else _continued_months(continuing, after=max(known), until=(end.year, end.month))
    )
    history = sorted([*records, *projected], key=lambda r: (r.year, r.month))

    candidates = {birth_date}
    year, month = _month_after(birth_date.year, birth_date.month)
    while (year, month) <= (end.year, end.month):
        candidates.add(jdatetime.date(year, month, 1))
        year, month = _month_after(year, month)
    for year in range(birth_date.year + 1, end.year + 1):
        if birth_date.day <= jalali_month_days(year, birth_date.month):
            candidates.add(jdatetime.date(year, birth_date.month, birth_date.day))
        # else the birthday does not exist that year: 1 Farvardin of the next is a candidate
    days = sorted(day for day in candidates if day <= end)

    def eligible_on(day: jdatetime.date) -> bool:
        before = [r for r in history if (r.year, r.month) < (day.year, day.month)]
        return pension_compute(
            sex=sex,
            birth_date=birth_date,
            on=day,
            records=before,
            conditions=conditions,
            minimum_pension=None,
            added_days=added_days,
        ).eligible

    if not eligible_on(days[-1]):
        return None
    low, high = 0, len(days) - 1  # days[high] is eligible; find the first that is
    while low < high:
        middle = (low + high) // 2
        if eligible_on(days[middle]):
            high = middle
        else:
            low = middle + 1
    return days[low]


def _add_years(day: jdatetime.date, years: int) -> jdatetime.date:
    """The same day `years` later, or the last day of that month when it has no such day."""
    year = day.year + years
    return jdatetime.date(year, day.month, min(day.day, jalali_month_days(year, day.month)))
