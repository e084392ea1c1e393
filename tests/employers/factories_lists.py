"""Monthly list test helpers: a workshop with registered workers and valid DBF pairs."""

from __future__ import annotations

from dataclasses import dataclass

from employers.demo.lists import Worker, as_uploads, list_files_for
from employers.models import MonthlyList, Representative, Workshop
from employers.selectors.list_errors import monthly_list_errors
from tests.employers.factories import RepresentativeFactory
from tests.insured.factories import InsuredPersonFactory

YEAR = 1404
MONTH = 7


@dataclass
class ListSetup:
    representative: Representative
    workshop: Workshop
    workers: list[Worker]

    @property
    def user(self):
        return self.representative.user

    def files(self, *, month: int = MONTH, year: int = YEAR, code: str | None = None, **kwargs):
        return list_files_for(
            workshop_code=code or self.workshop.code,
            workshop_name=self.workshop.name,
            employer_name=self.workshop.employer_name,
            year=year,
            month=month,
            workers=kwargs.pop("workers", self.workers),
            **kwargs,
        )

    def uploads(self, **kwargs):
        return as_uploads(self.files(**kwargs))


def list_setup(*, workers: int = 3) -> ListSetup:
    # A name without digits: the file layer's Iran System writer does not yet round-trip
    # Persian text mixed with digits (reported to the list-file area).
    representative = RepresentativeFactory(
        workshop__name="کارگاه آزمایشی", workshop__address="تهران، خیابان انقلاب"
    )
    persons = [InsuredPersonFactory() for _ in range(workers)]
    return ListSetup(
        representative=representative,
        workshop=representative.workshop,
        workers=[
            Worker(
                insurance_number=p.insurance_number,
                national_code=p.national_code,
                first_name=p.first_name,
                last_name=p.last_name,
                father_name=p.father_name,
                daily_wage=3_463_656 + 1000 * i,
            )
            for i, p in enumerate(persons)
        ],
    )


def stored_errors(monthly_list: MonthlyList) -> list[dict]:
    """Every stored error of the list as `{file, row, field, code, message}`, in order."""
    return list(
        monthly_list_errors(monthly_list=monthly_list).values(
            "file", "row", "field", "code", "message"
        )
    )
