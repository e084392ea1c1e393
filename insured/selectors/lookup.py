"""Look-ups other apps need by identifier (an employer's monthly list, a new worker).

They answer with `PersonRef`, a small frozen value, never an insured model instance:
what another app may know of a person is exactly these fields, and the records it
writes name the person by `PersonRef.id` (`insured.services.records.RecordLine`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Subquery

from insured.models import ContributionRecord, InsuredPerson
from tamin.core.jalali import jalali_month_days
from tamin.rules.pensions import ServiceMonth

CHUNK = 10_000
PERSON_REF_FIELDS = ("id", "insurance_number", "national_code", "first_name", "last_name")


@dataclass(frozen=True)
class PersonRef:
    """An insured person as other apps see them."""

    id: int
    insurance_number: str
    national_code: str
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def person_ref(person: InsuredPerson) -> PersonRef:
    """The PersonRef of a person this app holds (e.g. one it has just registered)."""
    return PersonRef(**{name: getattr(person, name) for name in PERSON_REF_FIELDS})


def _refs_by(field: str, values: Iterable[str]) -> dict[str, PersonRef]:
    """{value of `field`: person} for the values that exist: one query per 10,000 values
    (SQLite caps the parameters of one statement)."""
    wanted = sorted({str(v) for v in values if v})
    found: dict[str, PersonRef] = {}
    for start in range(0, len(wanted), CHUNK):
        for values_row in InsuredPerson.objects.filter(
            **{f"{field}__in": wanted[start : start + CHUNK]}
        ).values(*PERSON_REF_FIELDS):
            found[values_row[field]] = PersonRef(**values_row)
    return found


def insured_persons_by_insurance_numbers(numbers: Iterable[str]) -> dict[str, PersonRef]:
    """{insurance number: person} for the numbers that exist."""
    return _refs_by("insurance_number", numbers)


def _values_by_insurance_number(numbers: Iterable[str], field: str) -> dict[str, Any]:
    wanted = sorted({str(v) for v in numbers if v})
    found: dict[str, Any] = {}
    for start in range(0, len(wanted), CHUNK):
        found.update(
            InsuredPerson.objects.filter(
                insurance_number__in=wanted[start : start + CHUNK]
            ).values_list("insurance_number", field)
        )
    return found


def insured_person_id_of_insurance_number(insurance_number: OuterRef) -> Subquery:
    """The PersonRef.id of the insurance number an outer query names (an `OuterRef`), NULL
    when none: a whole list's workers found in the query that reads its rows, by the unique
    index, without sending 10,000 numbers back to the database."""
    return Subquery(
        InsuredPerson.objects.filter(insurance_number=insurance_number).values("id")[:1]
    )


def insured_national_codes_by_insurance_numbers(numbers: Iterable[str]) -> dict[str, str]:
    """{insurance number: national code} for the numbers that exist (a list's workers)."""
    return _values_by_insurance_number(numbers, "national_code")


def insured_persons_by_national_codes(codes: Iterable[str]) -> dict[str, PersonRef]:
    """{national code: person} for the codes that exist."""
    return _refs_by("national_code", codes)


def insured_person_by_national_code(*, national_code: str) -> PersonRef | None:
    """The person with this national code, if any (an employer registering a worker)."""
    return insured_persons_by_national_codes([national_code]).get(national_code)


def service_months_by_national_code(
    *, national_code: str, until_year: int | None = None, until_month: int | None = None
) -> list[ServiceMonth]:
    """A person's current contribution history as one `ServiceMonth` per month, oldest first.

    Several workshops in one month are merged the way the pension rule reads them: wages
    added, days added but at most the month's length (an overlap is counted once). With
    `until_year`/`until_month`, later months are left out (a pension granted on a day
    rests on the months before it). One query. Pensioners compute a ruling from this.
    """
    queryset = ContributionRecord.objects.filter(
        person__national_code=national_code, is_current=True
    )
    rows = queryset.values_list("year", "month", "days", "insurable_total").order_by(
        "year", "month"
    )
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for year, month, days, wage in rows:
        if until_year is not None and (year, month) > (until_year, until_month or 12):
            continue
        so_far_days, so_far_wage = merged.get((year, month), (0, 0))
        merged[(year, month)] = (so_far_days + days, so_far_wage + wage)
    return [
        ServiceMonth(
            year=year, month=month, days=min(days, jalali_month_days(year, month)), wage=wage
        )
        for (year, month), (days, wage) in sorted(merged.items())
        if days > 0
    ]
