"""Demo monthly lists: accepted months and one sent-but-unpaid list for the demo workshop.

`seed(stdout)` is idempotent (months already sent are skipped). Lists are built as
real DBF pairs (`listfile.write_dbf_pair`) and go through the same upload → parse
→ submit services as an employer's upload. `list_files_for` is also what tests and
the benchmark use to make valid files.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from employers import listfile
from employers.listfile.checks import with_computed_totals
from employers.models import ListStatus, MonthlyList, Representative, RepresentativeRole, Workshop
from insured.selectors.lookup import insured_persons_by_national_codes
from insured.services.records import insured_person_register_ref
from tamin.core.identifiers import national_code_with_check_digit
from tamin.core.jalali import jalali_month_days
from tamin.rules.premiums import premium_rates, premium_share

DEMO_WORKSHOP_CODE = "3045678901"
DEMO_YEAR = 1404
# Accepted months, then the last one sent but not paid (the demo debt). 1404 is the newest
# year with rates in the parameters table.
ACCEPTED_MONTHS = (8, 9, 10, 11)
UNPAID_MONTH = 12
BENEFITS = 9_000_000 + 22_000_000  # housing + grocery allowances of 1404


@dataclass(frozen=True)
class Worker:
    insurance_number: str
    national_code: str
    first_name: str
    last_name: str
    father_name: str = ""
    sex: str = "مرد"
    daily_wage: int = 3_463_656
    benefits: int = BENEFITS
    job_code: str = "101010"
    job_title: str = "کارگر ساده"


def list_rows(
    *, workshop_code: str, year: int, month: int, workers: Sequence[Worker], days: int = 30
) -> tuple[listfile.ListRow, ...]:
    rows = []
    for number, worker in enumerate(workers, start=1):
        monthly = worker.daily_wage * days
        insurable = monthly + worker.benefits
        rows.append(
            listfile.ListRow(
                row_number=number,
                insurance_number=worker.insurance_number,
                national_code=worker.national_code,
                first_name=worker.first_name,
                last_name=worker.last_name,
                father_name=worker.father_name,
                sex=worker.sex,
                nationality="ایرانی",
                job_code=worker.job_code,
                job_title=worker.job_title,
                start_date="14000101",
                days=days,
                daily_wage=worker.daily_wage,
                monthly_wage=monthly,
                insurable_benefits=worker.benefits,
                insurable_total=insurable,
                total_pay=insurable,
                insured_share=premium_share(amount=insurable, permille=70),
                workshop_code=workshop_code,
                year=year,
                month=month,
            )
        )
    return tuple(rows)


def list_files_for(
    *,
    workshop_code: str,
    workshop_name: str,
    employer_name: str,
    year: int,
    month: int,
    workers: Sequence[Worker],
    days: int = 30,
    row_changes: dict[int, dict] | None = None,
) -> dict[str, bytes]:
    """A valid DBF pair (totals computed from the rows); `row_changes` {row index: fields}
    alters rows AFTER the totals are computed (to make broken lists)."""
    rows = list_rows(
        workshop_code=workshop_code, year=year, month=month, workers=workers, days=days
    )
    header = listfile.ListHeader(
        workshop_code=workshop_code,
        workshop_name=workshop_name[:30],
        employer_name=employer_name[:30],
        year=year,
        month=month,
    )
    parsed = listfile.ParsedList(
        header=header, rows=rows, source_format="dbf", encoding="iran_system", layout="v6"
    )
    # A payroll program prices the file itself: with the year's published figures, or for a
    # year the portal has none of yet (to show the refusal), the latest built-in ones.
    rates = premium_rates(year=year) or listfile.builtin_rates(year) or listfile.builtin_rates(1404)
    parsed = with_computed_totals(parsed, rates)
    if row_changes:
        changed = list(parsed.rows)
        for index, fields in row_changes.items():
            changed[index] = replace(changed[index], **fields)
        parsed = replace(parsed, rows=tuple(changed))
    kar, wor = listfile.write_dbf_pair(parsed)
    return {"DSKKAR00.DBF": kar, "DSKWOR00.DBF": wor}


def as_uploads(files: dict[str, bytes]) -> dict[str, SimpleUploadedFile]:
    return {name: SimpleUploadedFile(name, data) for name, data in files.items()}


DEMO_WORKERS = (
    ("حسن", "کریمی", "محمد", "مرد", 3_463_656),
    ("زهرا", "احمدی", "رضا", "زن", 4_000_000),
    ("مهدی", "نوری", "علی", "مرد", 3_800_000),
    ("فاطمه", "صادقی", "حسین", "زن", 5_200_000),
)


def _sample_workers(stdout) -> None:
    """Register the people of docs/samples/ with their fixed numbers, so the sample pair
    uploads cleanly to the demo workshop (month 7 of the sample is left free for it)."""
    from employers.listfile.samples import SAMPLE_WORKERS

    known = insured_persons_by_national_codes([worker[1] for worker in SAMPLE_WORKERS])
    for insurance, national, first, last, father, sex, *_rest in SAMPLE_WORKERS:
        if national in known:
            continue
        insured_person_register_ref(
            national_code=national,
            first_name=first,
            last_name=last,
            father_name=father,
            birth_date=datetime.date(1988, 3, 1),
            sex="male" if sex == "مرد" else "female",
            nationality="ایرانی",
            insurance_number=insurance,
        )
        stdout.write(f"  sample worker {insurance} {first} {last}\n")


def _demo_workers(stdout) -> list[Worker]:
    """Register the demo workers (once) and return them with their insurance numbers."""
    workers = []
    codes = [national_code_with_check_digit(f"{451230000 + i * 37:09d}") for i in range(4)]
    known = insured_persons_by_national_codes(codes)
    for code, (first, last, father, sex, wage) in zip(codes, DEMO_WORKERS, strict=True):
        person = known.get(code)
        if person is None:
            person = insured_person_register_ref(
                national_code=code,
                first_name=first,
                last_name=last,
                father_name=father,
                birth_date=datetime.date(1990, 5, 1),
                sex="male" if sex == "مرد" else "female",
                nationality="ایرانی",
            )
            stdout.write(f"  demo worker {person.insurance_number} {first} {last}\n")
        workers.append(
            Worker(
                insurance_number=person.insurance_number,
                national_code=code,
                first_name=first,
                last_name=last,
                father_name=father,
                sex=sex,
                daily_wage=wage,
            )
        )
    return workers


def seed(stdout) -> None:
    from employers.services.lists import (
        monthly_list_parse,
        monthly_list_submit,
        monthly_list_upload,
    )

    workshop = Workshop.objects.filter(code=DEMO_WORKSHOP_CODE).first()
    if workshop is None:
        stdout.write("demo lists: the demo workshop is missing; run the workshops demo first\n")
        return
    owner = (
        Representative.objects.filter(workshop=workshop, role=RepresentativeRole.OWNER)
        .select_related("user")
        .first()
    )
    if owner is None:
        stdout.write("demo lists: the demo workshop has no owner\n")
        return
    _sample_workers(stdout)
    workers = _demo_workers(stdout)
    for month in (*ACCEPTED_MONTHS, UNPAID_MONTH):
        if MonthlyList.objects.filter(
            workshop=workshop, year=DEMO_YEAR, month=month, status=ListStatus.SUBMITTED
        ).exists():
            continue
        files = list_files_for(
            workshop_code=workshop.code,
            workshop_name=workshop.name,
            employer_name=workshop.employer_name,
            year=DEMO_YEAR,
            month=month,
            workers=workers,
            days=min(30, jalali_month_days(DEMO_YEAR, month)),
        )
        with transaction.atomic():
            monthly_list = monthly_list_upload(
                user=owner.user,
                workshop=workshop,
                files=as_uploads(files),
                year=DEMO_YEAR,
                month=month,
            )
        # Parse in-process; with eager jobs the task already ran at commit, and then
        # this call finds the list parsed and does nothing.
        monthly_list_parse(list_id=monthly_list.pk)
        monthly_list.refresh_from_db()
        if monthly_list.status != ListStatus.VALID:
            rules = [(entry["code"], entry["count"]) for entry in monthly_list.error_summary]
            stdout.write(f"demo lists: {DEMO_YEAR}/{month} not valid: {rules[:3]}\n")
            continue
        monthly_list_submit(user=owner.user, list_id=monthly_list.pk)
        stdout.write(f"demo lists: {DEMO_YEAR}/{month} submitted\n")
