"""Look-ups other apps need by identifier (e.g. checking an employer's monthly list)."""

from __future__ import annotations

from collections.abc import Iterable

from insured.models import InsuredPerson

CHUNK = 10_000


def insured_persons_by_insurance_numbers(numbers: Iterable[str]) -> dict[str, InsuredPerson]:
    """{insurance number: person} for the numbers that exist: one query per 10,000
    numbers (SQLite caps the parameters of one statement)."""
    wanted = sorted({str(n) for n in numbers if n})
    found: dict[str, InsuredPerson] = {}
    for start in range(0, len(wanted), CHUNK):
        for person in InsuredPerson.objects.filter(
            insurance_number__in=wanted[start : start + CHUNK]
        ).only("id", "insurance_number", "national_code", "first_name", "last_name"):
            found[person.insurance_number] = person
    return found


def insured_persons_by_national_codes(codes: Iterable[str]) -> dict[str, InsuredPerson]:
    """{national code: person} for the codes that exist, one query per 10,000 codes."""
    wanted = sorted({str(c) for c in codes if c})
    found: dict[str, InsuredPerson] = {}
    for start in range(0, len(wanted), CHUNK):
        for person in InsuredPerson.objects.filter(national_code__in=wanted[start : start + CHUNK]):
            found[person.national_code] = person
    return found
