"""Look-ups other apps need by identifier (an employer's monthly list, a new worker).

They answer with `PersonRef`, a small frozen value, never an insured model instance:
what another app may know of a person is exactly these fields, and the records it
writes name the person by `PersonRef.id` (`insured.services.records.RecordLine`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from insured.models import InsuredPerson

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


def insured_persons_by_national_codes(codes: Iterable[str]) -> dict[str, PersonRef]:
    """{national code: person} for the codes that exist."""
    return _refs_by("national_code", codes)


def insured_person_by_national_code(*, national_code: str) -> PersonRef | None:
    """The person with this national code, if any (an employer registering a worker)."""
    return insured_persons_by_national_codes([national_code]).get(national_code)
