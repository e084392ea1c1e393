"""The papers a pension's dependents owe (DOMAIN.md §4), as a pure function over the terms.

    papers_owed(dependent=, on=, terms=) ──▶ (OwedPaper(kind, period_key, opens_on, due_on), …)

* A daughter from `daughter_from_age` owes the yearly declaration of her marital and
  employment status (اعلام سالانه وضعیت تأهل و اشتغال), period «1405»: it opens on the
  opening day of Jalali year 1405 and is due by the due day.
* A son from `student_from_age` to `student_to_age` (inclusive) owes a student certificate
  (گواهی اشتغال به تحصیل) each term, period «1405-1»: term 1 of the academic year that
  begins with term 1's opening day in 1405 (a term opening earlier in the calendar than
  term 1 belongs to the next Jalali year).
* The age is counted in completed Jalali years on the day the period opens; a disabled child
  owes neither paper while `disabled_exempt` holds (their right rests on the disability).
* On a day, the paper owed is the one of the latest period already opened: after its due
  date it is still owed (overdue) until the next period opens.

Dates are Gregorian `datetime.date`; months and days of the terms are Jalali. A due day past
the end of its month is the month's last day (Esfand 30 is Esfand 29 in a common year).
`dependent_obligation_terms(on=)` reads the row in force from the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import jdatetime

from tamin.core.jalali import jalali_month_days, persian_digits

DAUGHTER_DECLARATION = "daughter_declaration"
STUDENT_CERTIFICATE = "student_certificate"
KINDS = (DAUGHTER_DECLARATION, STUDENT_CERTIFICATE)

SON = "son"
DAUGHTER = "daughter"

_ORDINALS = ("اول", "دوم", "سوم", "چهارم", "پنجم", "ششم")


@dataclass(frozen=True, order=True)
class MonthDay:
    """A Jalali month (1-12) and day (1-31; past the month's end: its last day)."""

    month: int
    day: int

    def in_year(self, year: int) -> datetime.date:
        day = min(self.day, jalali_month_days(year, self.month))
        return jdatetime.date(year, self.month, day).togregorian()


@dataclass(frozen=True)
class StudentTerm:
    number: int
    opens: MonthDay
    due: MonthDay


@dataclass(frozen=True)
class ObligationTerms:
    daughter_from_age: int = 18
    daughter_opens: MonthDay = MonthDay(1, 1)
    daughter_due: MonthDay = MonthDay(3, 31)
    student_from_age: int = 20
    student_to_age: int = 25
    student_terms: tuple[StudentTerm, ...] = (
        StudentTerm(1, MonthDay(7, 1), MonthDay(8, 30)),
        StudentTerm(2, MonthDay(11, 1), MonthDay(12, 30)),
    )
    disabled_exempt: bool = True


@dataclass(frozen=True)
class DependentFacts:
    """What the rule needs of a dependent."""

    relation: str  # PensionDependent.Relation value: "son", "daughter", …
    birth_date: datetime.date
    is_disabled: bool = False


@dataclass(frozen=True)
class OwedPaper:
    kind: str  # DAUGHTER_DECLARATION or STUDENT_CERTIFICATE
    period_key: str  # «1405» or «1405-1»
    opens_on: datetime.date
    due_on: datetime.date

    def is_overdue(self, *, on: datetime.date) -> bool:
        return on > self.due_on


def jalali_age(*, birth_date: datetime.date, on: datetime.date) -> int:
    """Completed Jalali years from `birth_date` to `on` (a birthday on Esfand 30 of a leap
    year is reached on Farvardin 1 of a common year)."""
    born = jdatetime.date.fromgregorian(date=birth_date)
    day = jdatetime.date.fromgregorian(date=on)
    years = day.year - born.year
    if (day.month, day.day) < (born.month, born.day):
        years -= 1
    return years


def _due_after(opens_on: datetime.date, opens: MonthDay, due: MonthDay) -> datetime.date:
    """The due day on or after the opening day (a due day earlier in the calendar than the
    opening day falls in the next Jalali year)."""
    year = jdatetime.date.fromgregorian(date=opens_on).year
    return due.in_year(year if due >= opens else year + 1)


def _daughter_paper(*, on: datetime.date, terms: ObligationTerms) -> OwedPaper:
    year = jdatetime.date.fromgregorian(date=on).year
    if terms.daughter_opens.in_year(year) > on:
        year -= 1
    opens_on = terms.daughter_opens.in_year(year)
    return OwedPaper(
        kind=DAUGHTER_DECLARATION,
        period_key=str(year),
        opens_on=opens_on,
        due_on=_due_after(opens_on, terms.daughter_opens, terms.daughter_due),
    )


def _term_opens_on(academic_year: int, term: StudentTerm, first: MonthDay) -> datetime.date:
    return term.opens.in_year(academic_year if term.opens >= first else academic_year + 1)


def _student_paper(*, on: datetime.date, terms: ObligationTerms) -> OwedPaper | None:
    """The latest term opened on or before `on` (None without terms)."""
    if not terms.student_terms:
        return None
    first = min(term.opens for term in terms.student_terms)
    year = jdatetime.date.fromgregorian(date=on).year
    opened = [
        (_term_opens_on(academic_year, term, first), academic_year, term)
        for academic_year in (year - 2, year - 1, year)
        for term in terms.student_terms
    ]
    opens_on, academic_year, term = max(
        (row for row in opened if row[0] <= on), key=lambda row: row[0]
    )
    return OwedPaper(
        kind=STUDENT_CERTIFICATE,
        period_key=f"{academic_year}-{term.number}",
        opens_on=opens_on,
        due_on=_due_after(opens_on, term.opens, term.due),
    )


def papers_owed(
    *, dependent: DependentFacts, on: datetime.date, terms: ObligationTerms
) -> tuple[OwedPaper, ...]:
    """The papers `dependent` owes on `on`: at most one per kind, for its current period."""
    if dependent.is_disabled and terms.disabled_exempt:
        return ()
    if dependent.relation == DAUGHTER:
        paper = _daughter_paper(on=on, terms=terms)
        age = jalali_age(birth_date=dependent.birth_date, on=paper.opens_on)
        return (paper,) if age >= terms.daughter_from_age else ()
    if dependent.relation == SON:
        paper = _student_paper(on=on, terms=terms)
        if paper is None:
            return ()
        age = jalali_age(birth_date=dependent.birth_date, on=paper.opens_on)
        return (paper,) if terms.student_from_age <= age <= terms.student_to_age else ()
    return ()


def paper_owed(
    *, dependent: DependentFacts, on: datetime.date, terms: ObligationTerms, kind: str
) -> OwedPaper | None:
    """The paper of `kind` the dependent owes on `on`, or None."""
    return next(
        (
            paper
            for paper in papers_owed(dependent=dependent, on=on, terms=terms)
            if paper.kind == kind
        ),
        None,
    )


def period_label(*, kind: str, period_key: str) -> str:
    """«سال ۱۴۰۵» for a declaration; «نیم‌سال اول سال تحصیلی ۱۴۰۵–۱۴۰۶» for a term."""
    year_text, _sep, term_text = period_key.partition("-")
    if kind != STUDENT_CERTIFICATE or not term_text:
        return f"سال {persian_digits(period_key)}"
    year, number = int(year_text), int(term_text)
    ordinal = _ORDINALS[number - 1] if 1 <= number <= len(_ORDINALS) else persian_digits(number)
    return f"نیم‌سال {ordinal} سال تحصیلی {persian_digits(year)}–{persian_digits(year + 1)}"


# --- the terms in force (database) ------------------------------------------------------


def dependent_obligation_terms(*, on: datetime.date) -> ObligationTerms | None:
    """The row in force in `on`'s Jalali year (the latest `effective_from` not after it);
    None when no row covers it (then nothing is owed: never guessed in code)."""
    from tamin.rules.models import DependentObligationTerms

    year = jdatetime.date.fromgregorian(date=on).year
    row = (
        DependentObligationTerms.objects.filter(effective_from__lte=year)
        .order_by("-effective_from")
        .first()
    )
    if row is None:
        return None
    return ObligationTerms(
        daughter_from_age=row.daughter_from_age,
        daughter_opens=MonthDay(row.daughter_opens_month, row.daughter_opens_day),
        daughter_due=MonthDay(row.daughter_due_month, row.daughter_due_day),
        student_from_age=row.student_from_age,
        student_to_age=row.student_to_age,
        student_terms=(
            StudentTerm(
                1,
                MonthDay(row.term1_opens_month, row.term1_opens_day),
                MonthDay(row.term1_due_month, row.term1_due_day),
            ),
            StudentTerm(
                2,
                MonthDay(row.term2_opens_month, row.term2_opens_day),
                MonthDay(row.term2_due_month, row.term2_due_day),
            ),
        ),
        disabled_exempt=row.disabled_exempt,
    )
