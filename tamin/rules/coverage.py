"""Who an insured person's treatment coverage extends to: the dependents of Art. 58
(DOMAIN.md §4), as one pure function over the terms in force.

    dependent_coverage(facts=, on=, terms=) ──▶ Coverage(eligible, until, needs_proof, reasons, steps)

* a wife (of an insured man) always; a husband (of an insured woman) when she supports him and
  he is `husband_min_age` or older, or disabled;
* a son until the day before he turns `son_age_limit` (20); after that, while a student
  certificate is valid, until the day before he turns `son_student_age_limit` (25);
* an unmarried daughter until the day before she turns `daughter_age_limit` (20; None: no
  limit); a married daughter is her husband's dependent, not her parent's;
* any child, at least until the day before `child_age_limit` (18), and a disabled child
  without a limit;
* a father of `father_min_age` (60) or more, a mother of `mother_min_age` (55) or more, or
  either of them disabled, when the insured person supports them and they draw no pension of
  their own from the organization.

Ages are completed Jalali years (`tamin.rules.dependents.jalali_age`); a person "turns N" on
their Jalali birthday N years on (a birthday on Esfand 30 falls on Farvardin 1 in a year
without it). `until` is the last day covered — None when the coverage has no end date
(a wife, a disabled child, a parent). When the person is not covered on `on` but was until
an age or a certificate ran out, `until` is that last day (in the past), so pages can say
when the coverage ended.

`needs_proof` names the documents the branch must see before it adds the person (keys of
`PROOFS`, labelled by `proof_label`): the rule decides which, from what the coverage rests on.
`dependent_terms(year=)` in `tamin.rules.coverage_figures` reads the terms in force; every
age here is data (DOMAIN.md marks them [to confirm]). Nothing here reads the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jdatetime

from tamin.core.jalali import format_jalali_date, format_number
from tamin.rules.dependents import jalali_age

__all__ = [
    "PROOFS",
    "RELATIONS",
    "Coverage",
    "DependentFacts",
    "DependentTerms",
    "birthday",
    "dependent_coverage",
    "proof_label",
]

# Relations (the values InsuredDependent.Relation stores).
SPOUSE = "spouse"
SON = "son"
DAUGHTER = "daughter"
FATHER = "father"
MOTHER = "mother"
RELATIONS = (SPOUSE, SON, DAUGHTER, FATHER, MOTHER)

MALE = "male"
FEMALE = "female"

# The documents a branch may need to see, in the order they are asked for.
BIRTH_CERTIFICATE = "birth_certificate"
MARRIAGE_CERTIFICATE = "marriage_certificate"
STUDENT_CERTIFICATE = "student_certificate"
DISABILITY_CERTIFICATE = "disability_certificate"
DEPENDENCE_PROOF = "dependence_proof"
PROOFS = (
    (BIRTH_CERTIFICATE, "شناسنامه فرد تبعی"),
    (MARRIAGE_CERTIFICATE, "سند ازدواج"),
    (STUDENT_CERTIFICATE, "گواهی اشتغال به تحصیل"),
    (DISABILITY_CERTIFICATE, "گواهی ازکارافتادگی از کمیسیون پزشکی"),
    (DEPENDENCE_PROOF, "گواهی تکفل (تأمین معاش به دست بیمه‌شده)"),
)
_PROOF_LABELS = dict(PROOFS)


@dataclass(frozen=True)
class DependentTerms:
    """One `DependentParameters` row (in force from a Jalali year until a later row)."""

    effective_from: int
    child_age_limit: int  # 18: any child under it
    son_age_limit: int  # 20: a son without a student certificate until this age
    son_student_age_limit: int  # 25: a son with a valid student certificate until this age
    daughter_age_limit: int | None  # 20 ("daughters unmarried to 20"); None = no limit
    father_min_age: int  # 60
    mother_min_age: int  # 55
    husband_min_age: int  # 60 (or disabled, and supported by the insured wife)


@dataclass(frozen=True)
class DependentFacts:
    relation: str  # spouse | son | daughter | father | mother
    sex_of_insured: str  # male | female
    birth_date: dt.date
    married: bool = False
    disabled: bool = False
    student_certificate_until: dt.date | None = None
    supported_by_insured: bool = True
    has_own_pension: bool = False


@dataclass(frozen=True)
class Coverage:
    eligible: bool
    until: dt.date | None  # the last day covered; None: open-ended (or never covered)
    needs_proof: tuple[str, ...]  # documents the branch must see to add this person
    reasons: tuple[str, ...]  # why not covered (Persian), empty when covered
    steps: tuple[str, ...]  # the working (Persian)


def proof_label(key: str) -> str:
    """The Persian name of a document of `PROOFS` (the key itself for an unknown one)."""
    return _PROOF_LABELS.get(key, key)


def birthday(*, birth_date: dt.date, age: int) -> dt.date:
    """The day a person born on `birth_date` turns `age` (completed Jalali years): their Jalali
    birthday `age` years on; Esfand 30 in a year without it is Farvardin 1 of the next."""
    born = jdatetime.date.fromgregorian(date=birth_date)
    year = born.year + age
    try:
        return jdatetime.date(year, born.month, born.day).togregorian()
    except ValueError:  # Esfand 30 of a leap year, in a common year
        return jdatetime.date(year + 1, 1, 1).togregorian()


def _last_day_before(*, birth_date: dt.date, age: int) -> dt.date:
    return birthday(birth_date=birth_date, age=age) - dt.timedelta(days=1)


def _date(value: dt.date) -> str:
    return format_jalali_date(value, long=True)


def _years(value: int) -> str:
    return f"{format_number(value)} سال"


def _covered(until: dt.date | None, proofs: tuple[str, ...], steps: list[str]) -> Coverage:
    steps.append(
        f"تحت پوشش است تا {_date(until)} (آخرین روز)."
        if until is not None
        else "تحت پوشش است، بدون تاریخ پایان."
    )
    ordered = tuple(key for key, _label in PROOFS if key in proofs)
    return Coverage(True, until, ordered, (), tuple(steps))


def _refused(reasons: list[str], steps: list[str], until: dt.date | None = None) -> Coverage:
    steps.append("تحت پوشش نیست.")
    return Coverage(False, until, (), tuple(reasons), tuple(steps))


def dependent_coverage(*, facts: DependentFacts, on: dt.date, terms: DependentTerms) -> Coverage:
    """Whether `facts` describe a dependent covered on `on`, until when, and on what proof."""
    if facts.relation not in RELATIONS:
        raise ValueError(f"unknown relation: {facts.relation!r}")
    if facts.sex_of_insured not in (MALE, FEMALE):
        raise ValueError(f"unknown sex of the insured person: {facts.sex_of_insured!r}")
    if facts.birth_date > on:
        return _refused([f"تاریخ تولد ({_date(facts.birth_date)}) پس از {_date(on)} است."], [])
    age = jalali_age(birth_date=facts.birth_date, on=on)
    steps = [f"سن در {_date(on)}: {_years(age)} تمام (زاده {_date(facts.birth_date)})."]
    rule = {
        SPOUSE: _spouse,
        SON: _son,
        DAUGHTER: _daughter,
        FATHER: _parent,
        MOTHER: _parent,
    }[facts.relation]
    return rule(facts=facts, on=on, age=age, terms=terms, steps=steps)


def _spouse(
    *, facts: DependentFacts, on: dt.date, age: int, terms: DependentTerms, steps: list[str]
) -> Coverage:
    if facts.sex_of_insured == MALE:
        steps.append("همسر بیمه‌شده مرد همواره تحت پوشش است.")
        return _covered(None, (BIRTH_CERTIFICATE, MARRIAGE_CERTIFICATE), steps)
    limit = terms.husband_min_age
    steps.append(
        f"شوهر بیمه‌شده زن وقتی تحت پوشش است که معاش او را همسرش تأمین کند و "
        f"{_years(limit)} یا بیشتر داشته باشد یا ازکارافتاده باشد."
    )
    reasons = []
    if not facts.supported_by_insured:
        reasons.append("شوهر فقط وقتی تحت پوشش است که معاش او را زن بیمه‌شده تأمین کند.")
    by_age = age >= limit
    if not by_age and not facts.disabled:
        turns = birthday(birth_date=facts.birth_date, age=limit)
        reasons.append(
            f"شوهر کمتر از {_years(limit)} دارد و ازکارافتاده نیست؛ "
            f"در {_date(turns)} {_years(limit)}ه می‌شود."
        )
    if reasons:
        return _refused(reasons, steps)
    proofs = (BIRTH_CERTIFICATE, MARRIAGE_CERTIFICATE, DEPENDENCE_PROOF)
    if not by_age:
        steps.append("ازکارافتادگی او باید با گواهی کمیسیون پزشکی دیده شود.")
        proofs += (DISABILITY_CERTIFICATE,)
    return _covered(None, proofs, steps)


def _son(
    *, facts: DependentFacts, on: dt.date, age: int, terms: DependentTerms, steps: list[str]
) -> Coverage:
    if facts.disabled:
        steps.append("فرزند ازکارافتاده بدون محدودیت سنی تحت پوشش است.")
        return _covered(None, (BIRTH_CERTIFICATE, DISABILITY_CERTIFICATE), steps)
    limit = max(terms.child_age_limit, terms.son_age_limit)
    by_age_until = _last_day_before(birth_date=facts.birth_date, age=limit)
    student_limit = terms.son_student_age_limit
    student_until = _last_day_before(birth_date=facts.birth_date, age=student_limit)
    steps.append(
        f"پسر تا {_date(by_age_until)} (روز پیش از {_years(limit)}گی) تحت پوشش است؛ پس از آن "
        f"فقط با گواهی اشتغال به تحصیل معتبر، تا {_date(student_until)} "
        f"(روز پیش از {_years(student_limit)}گی)."
    )
    certificate = facts.student_certificate_until
    # The last day the certificate covers: never past the student age limit.
    by_certificate = min(certificate, student_until) if certificate is not None else None
    if certificate is not None:
        steps.append(f"گواهی اشتغال به تحصیل معتبر تا {_date(certificate)}.")
    last_day = max(by_age_until, by_certificate) if by_certificate else by_age_until
    if on <= by_age_until:
        if by_certificate is not None and by_certificate > by_age_until:
            return _covered(by_certificate, (BIRTH_CERTIFICATE, STUDENT_CERTIFICATE), steps)
        return _covered(by_age_until, (BIRTH_CERTIFICATE,), steps)
    if by_certificate is not None and on <= by_certificate:
        return _covered(by_certificate, (BIRTH_CERTIFICATE, STUDENT_CERTIFICATE), steps)
    if age >= student_limit:
        reason = (
            f"پسر از {_years(student_limit)}گی ({_date(student_until + dt.timedelta(days=1))}) "
            "تحت پوشش نیست، مگر ازکارافتاده باشد."
        )
    elif certificate is None:
        reason = (
            f"پسر از {_years(limit)}گی ({_date(by_age_until + dt.timedelta(days=1))}) فقط با "
            f"گواهی اشتغال به تحصیل معتبر تا {_years(student_limit)}گی تحت پوشش است و "
            "گواهی‌ای ثبت نشده است."
        )
    else:
        reason = (
            f"گواهی اشتغال به تحصیل تا {_date(certificate)} اعتبار داشت؛ پسر پس از "
            f"{_years(limit)}گی فقط با گواهی معتبر تحت پوشش است."
        )
    return _refused([reason], steps, until=last_day)


def _daughter(
    *, facts: DependentFacts, on: dt.date, age: int, terms: DependentTerms, steps: list[str]
) -> Coverage:
    if facts.married:
        steps.append("دختر تا وقتی ازدواج نکرده تحت پوشش پدر یا مادر است.")
        return _refused(["دختر متأهل تحت پوشش پدر یا مادر نیست (در پوشش همسر خود است)."], steps)
    if facts.disabled:
        steps.append("فرزند ازکارافتاده بدون محدودیت سنی تحت پوشش است.")
        return _covered(None, (BIRTH_CERTIFICATE, DISABILITY_CERTIFICATE), steps)
    if terms.daughter_age_limit is None:
        steps.append("دختر مجرد بدون محدودیت سنی تحت پوشش است.")
        return _covered(None, (BIRTH_CERTIFICATE,), steps)
    limit = max(terms.child_age_limit, terms.daughter_age_limit)
    until = _last_day_before(birth_date=facts.birth_date, age=limit)
    steps.append(f"دختر مجرد تا {_date(until)} (روز پیش از {_years(limit)}گی) تحت پوشش است.")
    if on <= until:
        return _covered(until, (BIRTH_CERTIFICATE,), steps)
    return _refused(
        [
            f"دختر از {_years(limit)}گی ({_date(until + dt.timedelta(days=1))}) تحت پوشش "
            "نیست، مگر ازکارافتاده باشد."
        ],
        steps,
        until=until,
    )


def _parent(
    *, facts: DependentFacts, on: dt.date, age: int, terms: DependentTerms, steps: list[str]
) -> Coverage:
    father = facts.relation == FATHER
    title = "پدر" if father else "مادر"
    limit = terms.father_min_age if father else terms.mother_min_age
    steps.append(
        f"{title} وقتی تحت پوشش است که {_years(limit)} یا بیشتر داشته باشد یا ازکارافتاده "
        "باشد، معاشش را بیمه‌شده تأمین کند و خود از سازمان مستمری نگیرد."
    )
    reasons = []
    if facts.has_own_pension:
        reasons.append(f"{title}ی که خود از تأمین اجتماعی مستمری می‌گیرد، فرد تبعی بیمه‌شده نیست.")
    if not facts.supported_by_insured:
        reasons.append(f"{title} فقط وقتی تحت پوشش است که معاش او را بیمه‌شده تأمین کند.")
    by_age = age >= limit
    if not by_age and not facts.disabled:
        turns = birthday(birth_date=facts.birth_date, age=limit)
        reasons.append(
            f"{title} کمتر از {_years(limit)} دارد و ازکارافتاده نیست؛ "
            f"در {_date(turns)} {_years(limit)}ه می‌شود."
        )
    if reasons:
        return _refused(reasons, steps)
    proofs = (BIRTH_CERTIFICATE, DEPENDENCE_PROOF)
    if not by_age:
        steps.append("ازکارافتادگی او باید با گواهی کمیسیون پزشکی دیده شود.")
        proofs += (DISABILITY_CERTIFICATE,)
    return _covered(None, proofs, steps)
