"""Monthly list intake: upload → parse (Celery) → valid/invalid → submit (or correct).

* `monthly_list_upload` checks names and sizes, stores the bytes under
  MEDIA_ROOT/monthly-lists/<random> (served by no URL) and queues the parse after
  commit; the request answers at once. The employer picks the list's month on the
  form (a real portal asks the same), so the row has its year/month before the
  file is read; the parse then checks that the file is for that month.
* `monthly_list_parse` reads the files through `employers.listfile` (format,
  encoding, reconciliation, identifiers, calendar, caps and rates of that year),
  adds the checks against the registry (the workshop code is this workshop's, every
  worker is a known insured person with that national code), and stores ALL errors
  — or, when there are none, every row and the totals — in ONE transaction, so half
  a list is never stored. It may run again (a worker died mid-way): rows are
  written only in that last transaction.
* `monthly_list_submit` writes the contribution records (through
  `insured.services`), the charge (or, for a corrective list, the difference) and
  the status in one transaction: all or nothing.
"""

from __future__ import annotations

import io
import logging
import os
import secrets
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from employers import listfile
from employers.models import (
    EntryKind,
    ListFormat,
    ListStatus,
    MonthlyList,
    MonthlyListRow,
    Workshop,
)
from employers.selectors.lists import SENT_STATUSES, year_parameters
from employers.selectors.workshops import representatives_of
from employers.services.bulk import bulk_insert
from employers.services.ledger import ledger_record
from employers.services.list_errors import ERROR_FIELDS, list_errors_store
from insured.selectors.lookup import insured_persons_by_insurance_numbers
from insured.services.records import contribution_records_write_many
from notifications.services import notify
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import format_period, format_rial, persian_digits
from tamin.core.services import audit_record

logger = logging.getLogger(__name__)

LIST_DIR_NAME = "monthly-lists"
DBF_NAMES = ("DSKKAR00", "DSKWOR00")
KAR, WOR = DBF_NAMES
RECORD_SOURCE = "monthly_list"  # insured.models.RecordSource.MONTHLY_LIST
PARSE_PENDING = (ListStatus.UPLOADED, ListStatus.PARSING)
TOTAL_FIELDS = (
    "worker_count",
    "total_days",
    "total_insurable",
    "total_pay",
    "insured_share",
    "employer_share",
    "unemployment_share",
)


# --- storage -----------------------------------------------------------------------


def list_directory() -> Path:
    return Path(settings.MEDIA_ROOT) / LIST_DIR_NAME


def _store(data: bytes) -> str:
    """Write the bytes under a fresh random name (whole, then renamed); return the name."""
    directory = list_directory()
    directory.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16)
    partial = directory / f".{name}.part"
    with open(partial, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(partial, 0o600)
    partial.replace(directory / name)
    return name


def _stored_path(name: str) -> Path:
    if not name or not all(c in "0123456789abcdef" for c in name):
        raise ValueError("bad stored name")
    return list_directory() / name


def monthly_list_files(*, monthly_list: MonthlyList) -> dict[str, bytes]:
    """The uploaded files as {file name: bytes}, the shape `listfile.load` reads."""
    stored = monthly_list.stored_files
    if monthly_list.file_format == ListFormat.DBF:
        return {f"{key}.DBF": _stored_path(stored[key]).read_bytes() for key in DBF_NAMES}
    return {stored["name"]: _stored_path(stored["list"]).read_bytes()}


# --- upload ------------------------------------------------------------------------


def _read_upload(upload: UploadedFile, *, limit: int) -> bytes:
    if upload.size is not None and upload.size > limit:
        raise ApplicationError(
            _("پرونده «%(name)s» بزرگ‌تر از %(mb)s مگابایت است.")
            % {"name": upload.name, "mb": persian_digits(limit // (1024 * 1024))},
            code="file_too_large",
        )
    data = upload.read(limit + 1)
    if len(data) > limit:  # the declared size may lie
        raise ApplicationError(
            _("پرونده «%(name)s» بزرگ‌تر از حد مجاز است.") % {"name": upload.name},
            code="file_too_large",
        )
    return data


def _classify(names: list[str]) -> str:
    """DBF pair, or one CSV / XLSX; anything else is refused with the reason."""
    upper = sorted(Path(n).name.upper() for n in names)
    if upper == ["DSKKAR00.DBF", "DSKWOR00.DBF"]:
        return ListFormat.DBF
    if len(upper) == 1 and upper[0].endswith(".CSV"):
        return ListFormat.CSV
    if len(upper) == 1 and upper[0].endswith(".XLSX"):
        return ListFormat.XLSX
    raise ApplicationError(
        _(
            "دو پرونده DSKKAR00.DBF و DSKWOR00.DBF را با هم بارگذاری کنید، "
            "یا یک پرونده CSV یا XLSX."
        ),
        code="bad_file_set",
    )


def _next_version(*, workshop: Workshop, year: int, month: int) -> int:
    """1 for the first list of the month; after a sent list, the next corrective version."""
    top = MonthlyList.objects.filter(
        workshop=workshop, year=year, month=month, status__in=SENT_STATUSES
    ).aggregate(top=Max("version"))["top"]
    return (top or 0) + 1


@transaction.atomic
def monthly_list_upload(
    *,
    user: Any,
    workshop: Workshop,
    files: Mapping[str, UploadedFile],
    year: int,
    month: int,
) -> MonthlyList:
    """Store the uploaded file(s) and queue the parse; `files` is {original name: file}."""
    if not 1 <= int(month) <= 12 or not 1300 <= int(year) <= 1500:
        raise ApplicationError(_("سال یا ماه لیست معتبر نیست."), code="bad_period")
    file_format = _classify(list(files))
    limit = settings.MONTHLY_LIST_MAX_BYTES
    contents = {Path(name).name: _read_upload(f, limit=limit) for name, f in files.items()}
    if file_format == ListFormat.DBF:
        by_key = {name.upper().removesuffix(".DBF"): data for name, data in contents.items()}
        stored = {key: _store(by_key[key]) for key in DBF_NAMES}
    else:
        ((name, data),) = contents.items()
        stored = {"list": _store(data), "name": name}
    monthly_list = MonthlyList(
        workshop=workshop,
        year=int(year),
        month=int(month),
        version=_next_version(workshop=workshop, year=int(year), month=int(month)),
        status=ListStatus.UPLOADED,
        file_format=file_format,
        stored_files=stored,
        uploaded_by=user,
    )
    monthly_list.full_clean()
    monthly_list.save()
    audit_record(
        action="employers.list_uploaded",
        actor=user,
        target=monthly_list,
        after={"format": file_format, "year": monthly_list.year, "month": monthly_list.month},
    )
    _parse_queue_on_commit(list_id=monthly_list.pk)
    return monthly_list


def _parse_queue_on_commit(*, list_id: int) -> None:
    from employers.tasks import monthly_list_parse_task

    # robust: a broker hiccup must not fail the upload; the list stays "uploaded" and
    # `monthly_lists_requeue_stuck` queues it again.
    transaction.on_commit(lambda: monthly_list_parse_task.delay(list_id), robust=True)


def monthly_lists_requeue_stuck(*, older_than_minutes: int = 10) -> int:
    """Queue again the parse of lists left uploaded/parsing (lost task, killed worker)."""
    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    ids = list(
        MonthlyList.objects.filter(status__in=PARSE_PENDING, updated_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for list_id in ids:
        _parse_queue_on_commit(list_id=list_id)
    return len(ids)


PARSE_ABANDONED = "parse_abandoned"


@transaction.atomic
def monthly_list_parse_abandon(*, list_id: int) -> MonthlyList | None:
    """End a list whose parse never finished, time after time (the worker died on it).

    The parse task's give-up hook (tamin.core.task_deliveries): the list becomes invalid
    with a Persian reason, so the requeue sweeper, which only takes uploaded/parsing
    lists, never queues it again. None when the list was no longer waiting for its parse.
    """
    if not MonthlyList.objects.filter(pk=list_id, status__in=PARSE_PENDING).exists():
        return None
    reason = _("پردازش این فهرست چند بار ناتمام ماند؛ فهرست را بررسی و دوباره بارگذاری کنید.")
    issue = _issue("", 0, "", PARSE_ABANDONED, reason)
    monthly_list = _finish_parse(list_id=list_id, parsed=None, totals={}, issues=[issue])
    audit_record(action="employers.list_parse_abandoned", target=monthly_list)
    return monthly_list


# --- parse -------------------------------------------------------------------------


def _issue(file: str, row: int, field: str, code: str, message: str) -> dict[str, Any]:
    return {"file": file, "row": row, "field": field, "code": code, "message": message}


def _issue_dict(issue: Any) -> dict[str, Any]:
    return _issue(issue.file, int(issue.row), issue.field, issue.code, issue.message)


def list_year_rates(year: int) -> listfile.YearRates | None:
    """The money parameters of the list's year: the portal's table (corrected in the
    admin), else the file layer's built-in table."""
    params = year_parameters(year)
    if params is not None and params.min_daily_wage and params.insurable_cap_monthly:
        return listfile.YearRates(
            year=year,
            min_daily_wage=params.min_daily_wage,
            insurable_cap_monthly=params.insurable_cap_monthly,
            insured_rate_permille=params.insured_rate_permille,
            employer_rate_permille=params.employer_rate_permille,
            unemployment_rate_permille=params.unemployment_rate_permille,
        )
    return listfile.rates_for_year(year)


def registry_issues(
    *, parsed: Any, workshop: Workshop, year: int, month: int, file_format: str
) -> list[dict[str, Any]]:
    """The checks only the portal can make: this workshop, this month, known workers."""
    header = parsed.header
    # Issues name the file the way the file layer does: DSKKAR00/DSKWOR00, or CSV/XLSX.
    kar = KAR if file_format == ListFormat.DBF else file_format.upper()
    wor = WOR if file_format == ListFormat.DBF else file_format.upper()
    issues: list[dict[str, Any]] = []
    if header.workshop_code != workshop.code:
        issues.append(
            _issue(
                kar,
                1 if file_format == ListFormat.DBF else 2,  # the header line of a CSV/XLSX
                "DSK_ID",
                "workshop_mismatch",
                _("کد کارگاه پرونده (%(file)s) با کد این کارگاه (%(ours)s) یکی نیست.")
                % {
                    "file": persian_digits(header.workshop_code),
                    "ours": persian_digits(workshop.code),
                },
            )
        )
    if (header.year, header.month) != (year, month):
        issues.append(
            _issue(
                kar,
                1 if file_format == ListFormat.DBF else 2,  # the header line of a CSV/XLSX
                "DSK_MM",
                "period_mismatch",
                _("لیست برای %(file)s است، اما برای %(chosen)s بارگذاری شده است.")
                % {
                    "file": format_period(header.year, header.month)
                    if 1 <= header.month <= 12
                    else persian_digits(f"{header.year}/{header.month}"),
                    "chosen": format_period(year, month),
                },
            )
        )
    persons = insured_persons_by_insurance_numbers(r.insurance_number for r in parsed.rows)
    for row in parsed.rows:
        person = persons.get(row.insurance_number)
        if person is None:
            issues.append(
                _issue(
                    wor,
                    row.row_number,
                    "DSW_ID1",
                    "unknown_worker",
                    _(
                        "شماره بیمه %(number)s در سامانه ثبت نشده است؛ ابتدا بیمه‌شده جدید را ثبت کنید."
                    )
                    % {"number": persian_digits(row.insurance_number)},
                )
            )
        elif row.national_code and person.national_code != row.national_code:
            issues.append(
                _issue(
                    wor,
                    row.row_number,
                    "PER_NATCOD",
                    "national_code_mismatch",
                    _("کد ملی با کد ملی ثبت‌شده برای شماره بیمه %(number)s یکی نیست.")
                    % {"number": persian_digits(row.insurance_number)},
                )
            )
    return issues


def _row_values(row: Any) -> dict[str, Any]:
    return {
        "row_number": row.row_number,
        "insurance_number": row.insurance_number,
        "national_code": row.national_code or "",
        "first_name": row.first_name[:60],
        "last_name": row.last_name[:60],
        "father_name": (row.father_name or "")[:60],
        "sex": (row.sex or "")[:8],
        "nationality": (row.nationality or "")[:30],
        "job_code": (row.job_code or "")[:6],
        "job_title": (row.job_title or "")[:50],
        "start_date": (row.start_date or "")[:8],
        "end_date": (row.end_date or "")[:8],
        "days": row.days,
        "daily_wage": row.daily_wage,
        "monthly_wage": row.monthly_wage,
        "insurable_benefits": row.insurable_benefits,
        "insurable_total": row.insurable_total,
        "total_pay": row.total_pay,
        "insured_share": row.insured_share,
        "unemployment_covered": row.unemployment_covered,
    }


_ROW_COLUMNS = (
    "row_number", "insurance_number", "national_code", "first_name", "last_name",
    "father_name", "sex", "nationality", "job_code", "job_title", "start_date", "end_date",
    "days", "daily_wage", "monthly_wage", "insurable_benefits", "insurable_total", "total_pay",
    "insured_share", "unemployment_covered",
)  # fmt: skip


def _rows_store(monthly_list: MonthlyList, rows: Any) -> None:
    """Store a list's rows through `bulk_insert` (COPY on PostgreSQL: a 10,000-row list is
    one round trip and no model objects). The same values either way (`_row_values`)."""
    bulk_insert(
        model=MonthlyListRow,
        columns=("monthly_list_id", *_ROW_COLUMNS),
        rows=(
            (monthly_list.pk, *(values[name] for name in _ROW_COLUMNS))
            for values in map(_row_values, rows)
        ),
    )


def _begin_parse(*, list_id: int) -> MonthlyList | None:
    with transaction.atomic():
        monthly_list = (
            MonthlyList.objects.select_for_update().select_related("workshop").get(pk=list_id)
        )
        if monthly_list.status not in PARSE_PENDING:
            return None  # already parsed: a repeated task does nothing
        if monthly_list.status != ListStatus.PARSING:
            monthly_list.status = ListStatus.PARSING
            monthly_list.save(update_fields=["status", "updated_at"])
    return monthly_list


def _load(monthly_list: MonthlyList) -> listfile.ParsedList:
    """Read the stored files with the reader of the format chosen at upload."""
    files = monthly_list_files(monthly_list=monthly_list)
    limit = settings.MONTHLY_LIST_MAX_BYTES
    if monthly_list.file_format == ListFormat.DBF:
        return listfile.load_dbf_pair(files["DSKKAR00.DBF"], files["DSKWOR00.DBF"], max_bytes=limit)
    ((data),) = files.values()
    if monthly_list.file_format == ListFormat.CSV:
        return listfile.load_csv(data, max_bytes=limit)
    return listfile.load_xlsx(data, max_bytes=limit)


def monthly_list_parse(*, list_id: int) -> MonthlyList | None:
    """Parse and check a stored list; None when it was parsed already. Never raises on bad input."""
    monthly_list = _begin_parse(list_id=list_id)
    if monthly_list is None:
        return None
    parsed = None
    try:
        parsed = _load(monthly_list)
        report = listfile.check(parsed, list_year_rates(parsed.header.year))
        issues = [_issue_dict(i) for i in report.issues]
        issues += registry_issues(
            parsed=parsed,
            workshop=monthly_list.workshop,
            year=monthly_list.year,
            month=monthly_list.month,
            file_format=monthly_list.file_format,
        )
    except listfile.ListFileError as exc:
        issues = [_issue_dict(i) for i in exc.issues]
        parsed = None
    except Exception:  # a parser bug must still end the list, with a reason, not hang it
        logger.exception("monthly list %s: unexpected parse failure", list_id)
        issues = [
            _issue(
                "",
                0,
                "",
                "internal",
                _("پرونده خوانده نشد؛ لطفاً دوباره بارگذاری کنید یا با پشتیبانی تماس بگیرید."),
            )
        ]
        parsed = None
    if issues:
        return _finish_parse(list_id=list_id, parsed=None, totals={}, issues=issues)
    return _finish_parse(list_id=list_id, parsed=parsed, totals=report.totals, issues=[])


@transaction.atomic
def _finish_parse(
    *, list_id: int, parsed: Any, totals: Mapping[str, int], issues: list[dict[str, Any]]
) -> MonthlyList:
    """Everything the parse stores, in one transaction: errors, or rows + totals."""
    monthly_list = MonthlyList.objects.select_for_update().get(pk=list_id)
    if monthly_list.status not in PARSE_PENDING:
        return monthly_list
    fields = ["status", *ERROR_FIELDS, "parsed_at", "updated_at"]
    list_errors_store(monthly_list=monthly_list, issues=issues)
    monthly_list.parsed_at = timezone.now()
    if issues or parsed is None:
        monthly_list.status = ListStatus.INVALID
    else:
        MonthlyListRow.objects.filter(monthly_list=monthly_list).delete()
        _rows_store(monthly_list, parsed.rows)
        # Totals as computed from the rows by the checker (a valid list's header equals them).
        for name in TOTAL_FIELDS:
            setattr(monthly_list, name, int(totals.get(name, 0)))
        monthly_list.worker_count = len(parsed.rows)
        monthly_list.status = ListStatus.VALID
        fields += list(TOTAL_FIELDS)
    monthly_list.save(update_fields=fields)
    audit_record(
        action="employers.list_parsed",
        target=monthly_list,
        after={"status": monthly_list.status, "errors": len(issues)},
    )
    return monthly_list


# --- submit ------------------------------------------------------------------------


def list_charge_amount(monthly_list: MonthlyList) -> int:
    """What the workshop owes for the list: insured 7% + employer 20% + unemployment 3%."""
    return (
        monthly_list.insured_share + monthly_list.employer_share + monthly_list.unemployment_share
    )


def _share(amount: int, permille: int) -> int:
    """round(amount × rate), half up, in integers (no float touches money)."""
    return (amount * permille + 500) // 1000


@transaction.atomic
def monthly_list_submit(*, user: Any, list_id: int) -> MonthlyList:
    """Send a valid list: records + charge + status together, or nothing at all."""
    monthly_list = MonthlyList.objects.select_for_update().get(pk=list_id)
    # One submitter per workshop at a time: the month's in-force list is decided here.
    workshop = Workshop.objects.select_for_update().get(pk=monthly_list.workshop_id)
    monthly_list.workshop = workshop
    if monthly_list.status != ListStatus.VALID:
        raise ApplicationError(
            _("فقط لیستی که بدون خطا بررسی شده است ارسال می‌شود."), code="not_valid"
        )
    year, month = monthly_list.year, monthly_list.month
    previous = (
        MonthlyList.objects.select_for_update()
        .filter(workshop=workshop, year=year, month=month, status=ListStatus.SUBMITTED)
        .first()
    )
    if previous is not None:
        # Superseded first: the partial unique index allows one submitted list per month.
        previous.status = ListStatus.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
        audit_record(
            action="employers.list_superseded",
            actor=user,
            target=previous,
            after={"by": monthly_list.pk},
        )
    monthly_list.version = _next_version(workshop=workshop, year=year, month=month)

    rows = list(MonthlyListRow.objects.filter(monthly_list=monthly_list).order_by("row_number"))
    persons = insured_persons_by_insurance_numbers(r.insurance_number for r in rows)
    rates = list_year_rates(year)
    employer_rate = rates.employer_rate_permille if rates else 200
    records = []
    for row in rows:
        person = persons.get(row.insurance_number)
        if person is None:
            raise ApplicationError(
                _("ردیف %(row)s: شماره بیمه %(number)s دیگر در سامانه نیست؛ لیست ارسال نشد.")
                % {
                    "row": persian_digits(row.row_number),
                    "number": persian_digits(row.insurance_number),
                },
                code="unknown_worker",
            )
        records.append(
            {
                "person": person,
                "workshop_code": workshop.code,
                "workshop_name": workshop.name,
                "year": year,
                "month": month,
                "days": row.days,
                "daily_wage": row.daily_wage,
                "monthly_wage": row.monthly_wage,
                "insurable_benefits": row.insurable_benefits,
                "insurable_total": row.insurable_total,
                "total_pay": row.total_pay,
                "insured_share": row.insured_share,
                "employer_share": _share(row.insurable_total, employer_rate),
                "job_code": row.job_code,
                "job_title": row.job_title,
                "branch": workshop.branch,
                "source": RECORD_SOURCE,
                "source_ref": str(monthly_list.pk),
            }
        )
    if previous is not None:
        # A worker the corrective list no longer names had no days that month after all:
        # their month gets a zero version (the old version stays in the history).
        listed = {row.insurance_number for row in rows}
        dropped = [
            row
            for row in MonthlyListRow.objects.filter(monthly_list=previous).order_by("row_number")
            if row.insurance_number not in listed
        ]
        dropped_persons = insured_persons_by_insurance_numbers(r.insurance_number for r in dropped)
        for row in dropped:
            person = dropped_persons.get(row.insurance_number)
            if person is None:
                continue
            records.append(
                {
                    "person": person,
                    "workshop_code": workshop.code,
                    "workshop_name": workshop.name,
                    "year": year,
                    "month": month,
                    "days": 0,
                    "daily_wage": 0,
                    "monthly_wage": 0,
                    "insurable_benefits": 0,
                    "insurable_total": 0,
                    "total_pay": 0,
                    "insured_share": 0,
                    "employer_share": 0,
                    "job_code": row.job_code,
                    "job_title": row.job_title,
                    "branch": workshop.branch,
                    "source": RECORD_SOURCE,
                    "source_ref": str(monthly_list.pk),
                }
            )
    contribution_records_write_many(rows=records, actor=user)

    amount = list_charge_amount(monthly_list)
    period = format_period(year, month)
    if previous is None:
        ledger_record(
            workshop=workshop,
            kind=EntryKind.CHARGE,
            amount=amount,
            description=_("حق بیمه لیست %(period)s") % {"period": period},
            monthly_list=monthly_list,
            year=year,
            month=month,
            actor=user,
        )
    elif amount != list_charge_amount(previous):
        ledger_record(
            workshop=workshop,
            kind=EntryKind.ADJUSTMENT,
            amount=amount - list_charge_amount(previous),
            description=_("لیست اصلاحی %(period)s (نسخه %(version)s)")
            % {"period": period, "version": persian_digits(monthly_list.version)},
            monthly_list=monthly_list,
            year=year,
            month=month,
            actor=user,
        )

    monthly_list.status = ListStatus.SUBMITTED
    monthly_list.submitted_at = timezone.now()
    monthly_list.submitted_by = user
    monthly_list.save(
        update_fields=["status", "version", "submitted_at", "submitted_by", "updated_at"]
    )
    audit_record(
        action="employers.list_submitted",
        actor=user,
        target=monthly_list,
        after={
            "version": monthly_list.version,
            "rows": len(rows),
            "amount": amount,
            "supersedes": previous.pk if previous else None,
        },
    )
    context = {
        "workshop": workshop.name,
        "code": persian_digits(workshop.code),
        "period": period,
        "version": persian_digits(monthly_list.version),
        "corrective": previous is not None,
        "workers": persian_digits(len(rows)),
        "amount": format_rial(amount),
    }
    for representative in representatives_of(workshop=workshop):
        notify(
            recipient=representative.user,
            template_key="monthly_list_submitted",
            context=context,
            channels=["inbox"],
            idempotency_key=f"monthly_list_submitted:{monthly_list.pk}:{representative.user_id}",
        )
    return monthly_list


# --- download again ----------------------------------------------------------------


def monthly_list_as_parsed(*, monthly_list: MonthlyList) -> listfile.ParsedList:
    """The stored list (header from the workshop, rows as stored) in the file layer's shape."""
    workshop = monthly_list.workshop
    rows = tuple(
        listfile.ListRow(
            row_number=row.row_number,
            insurance_number=row.insurance_number,
            national_code=row.national_code,
            first_name=row.first_name,
            last_name=row.last_name,
            father_name=row.father_name,
            sex=row.sex,
            nationality=row.nationality,
            job_code=row.job_code,
            job_title=row.job_title,
            start_date=row.start_date,
            end_date=row.end_date,
            days=row.days,
            daily_wage=row.daily_wage,
            monthly_wage=row.monthly_wage,
            insurable_benefits=row.insurable_benefits,
            insurable_total=row.insurable_total,
            total_pay=row.total_pay,
            insured_share=row.insured_share,
            unemployment_covered=row.unemployment_covered,
            workshop_code=workshop.code,
            year=monthly_list.year,
            month=monthly_list.month,
        )
        for row in MonthlyListRow.objects.filter(monthly_list=monthly_list).order_by("row_number")
    )
    header = listfile.ListHeader(
        workshop_code=workshop.code,
        workshop_name=workshop.name[:30],
        employer_name=workshop.employer_name[:30],
        address=workshop.address[:40],
        year=monthly_list.year,
        month=monthly_list.month,
        worker_count=len(rows),
        total_days=sum(r.days for r in rows),
        total_daily_wage=sum(r.daily_wage for r in rows),
        total_monthly_wage=sum(r.monthly_wage for r in rows),
        total_benefits=sum(r.insurable_benefits for r in rows),
        total_insurable=sum(r.insurable_total for r in rows),
        total_pay=sum(r.total_pay for r in rows),
        total_insured_share=sum(r.insured_share for r in rows),
        total_employer_share=monthly_list.employer_share,
        total_unemployment=monthly_list.unemployment_share,
    )
    return listfile.ParsedList(
        header=header, rows=rows, source_format="dbf", encoding="iran_system", layout="v6"
    )


def monthly_list_dbf_zip(*, monthly_list: MonthlyList) -> bytes:
    """A zip with DSKKAR00.DBF and DSKWOR00.DBF rebuilt from the stored rows."""
    if monthly_list.status not in (ListStatus.VALID, *SENT_STATUSES):
        raise ApplicationError(_("فقط لیست پذیرفته‌شده دریافت می‌شود."), code="not_accepted")
    kar, wor = listfile.write_dbf_pair(monthly_list_as_parsed(monthly_list=monthly_list))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("DSKKAR00.DBF", kar)
        archive.writestr("DSKWOR00.DBF", wor)
    return buffer.getvalue()
