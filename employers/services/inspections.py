"""Inspection reports served to the workshop, and the employer's objection to one.

Staff of a branch record what an inspector found at a workshop of their branch
(`inspection_report_record`): the visit goes into `branches.Inspection` (with the
workers found at work who were on no list, `workers_not_listed`, which a claim ruling
from the inspection charges) and is served at once as a notice of kind `inspection`
(`notice_serve`, serve key ``inspection:<id>``: electronic with the opt-in, else it waits
for paper service). The insured side's "my workplace inspections" reads the same rows.

The employer objects to a report by a request to the branch
(`inspection_objection_file`): a draft case of kind `employer_inspection_objection`,
routed to the workshop's branch, to which the employer adds documents and which they
send on the case page (`branches.services.cases`). One objection per report. No legal
term is set for it (DOMAIN.md names none; a ruling made from the report has its own).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.registry import CODE, DATE, HIDDEN, CaseKind, PayloadField
from branches.selectors.inspections import inspection_result_choices
from branches.selectors.staff import staff_membership_get
from branches.services.cases import case_create_draft
from branches.services.inspections import inspection_record
from employers.models import Notice, NoticeKind, Workshop
from employers.selectors.inspections import OBJECTION_KIND, inspection_objections
from employers.selectors.workshops import representative_role_for
from employers.services.notices import notice_serve
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import (
    has_control_characters,
    normalize_national_code,
    validate_national_code,
)
from tamin.core.jalali import (
    ORGANIZATION_YEAR_MIN,
    format_jalali_date,
    format_number,
    jalali_month_days,
    persian_digits,
    to_jalali_date,
)

COMPLIANT = "compliant"  # the result that says nothing was wrong (branches.InspectionResult)
MAX_WORKERS_NOT_LISTED = 500
MAX_DAILY_WAGE = 10**12  # rial; far above any wage, far below what the JSON and the ledger hold
MAX_TEXT = 4000
MIN_OBJECTION_TEXT = 10


@dataclass(frozen=True)
class WorkerFound:
    """A worker the inspector found at work who was on no list of the workshop's."""

    national_code: str
    full_name: str
    year: int  # Jalali
    month: int
    days: int
    daily_wage: int  # rial


def _row_error(row: int, message: str) -> ApplicationError:
    return ApplicationError(
        _("ردیف %(row)s کارکنان فاقد لیست: %(message)s")
        % {"row": persian_digits(row), "message": message},
        code="inspection_worker_invalid",
        extra={"row": row},
    )


def _checked_workers(
    workers: list[WorkerFound], *, inspected_on: datetime.date
) -> list[dict[str, Any]]:
    """The workers as stored (`Inspection.workers_not_listed`), each checked."""
    if len(workers) > MAX_WORKERS_NOT_LISTED:
        raise ApplicationError(
            _("حداکثر %(n)s نفر در یک گزارش بازرسی ثبت می‌شود.")
            % {"n": format_number(MAX_WORKERS_NOT_LISTED)},
            code="inspection_workers_too_many",
        )
    inspected = to_jalali_date(inspected_on)
    seen: set[tuple[str, int, int]] = set()
    rows = []
    for number, worker in enumerate(workers, start=1):
        code = normalize_national_code(worker.national_code or "")
        try:
            validate_national_code(code)
        except ValidationError as exc:
            raise _row_error(number, exc.messages[0]) from exc
        name = " ".join((worker.full_name or "").split())
        if not name or len(name) > 120 or has_control_characters(name):
            raise _row_error(number, _("نام و نام خانوادگی را بنویسید."))
        if not 1 <= worker.month <= 12 or worker.year < ORGANIZATION_YEAR_MIN:
            raise _row_error(number, _("سال و ماه کارکرد معتبر نیست."))
        if (worker.year, worker.month) > (inspected.year, inspected.month):
            raise _row_error(number, _("ماه کارکرد نمی‌تواند بعد از ماه بازرسی باشد."))
        month_days = jalali_month_days(worker.year, worker.month)
        if not 1 <= worker.days <= month_days:
            raise _row_error(
                number,
                _("روزهای کارکرد باید بین ۱ و %(days)s باشد.")
                % {"days": persian_digits(month_days)},
            )
        if not 1 <= worker.daily_wage <= MAX_DAILY_WAGE:
            raise _row_error(number, _("دستمزد روزانه باید مبلغی مثبت به ریال باشد."))
        if (code, worker.year, worker.month) in seen:
            raise _row_error(number, _("این کارگر برای همین ماه دو بار آمده است."))
        seen.add((code, worker.year, worker.month))
        rows.append(
            asdict(
                WorkerFound(
                    national_code=code,
                    full_name=name,
                    year=worker.year,
                    month=worker.month,
                    days=worker.days,
                    daily_wage=worker.daily_wage,
                )
            )
        )
    return rows


def _text(value: str, *, limit: int) -> str:
    text = (value or "").strip()[:limit]
    if has_control_characters(text, allow_line_breaks=True):
        raise ApplicationError(_("این متن نویسه‌های نامعتبر دارد."), code="text_invalid")
    return text


def _report_body(
    *,
    workshop: Workshop,
    inspected_on: datetime.date,
    inspector_name: str,
    result_label: str,
    reason: str,
    findings: str,
    workers_seen: int,
    workers_not_listed: int,
) -> str:
    parts = [
        _("در تاریخ %(date)s بازرس سازمان، %(inspector)s، از کارگاه «%(workshop)s» بازرسی کرد.")
        % {
            "date": format_jalali_date(inspected_on),
            "inspector": inspector_name,
            "workshop": workshop.name,
        },
        _("نتیجه بازرسی: %(result)s.") % {"result": result_label},
    ]
    if reason:
        parts.append(_("علت بازرسی: %(reason)s") % {"reason": reason})
    parts.append(
        _("تعداد کارکنان دیده‌شده: %(seen)s نفر؛ کارکنان فاقد لیست: %(missing)s نفر.")
        % {"seen": format_number(workers_seen), "missing": format_number(workers_not_listed)}
    )
    if findings:
        parts.append(_("یافته‌ها: %(findings)s") % {"findings": findings})
    parts.append(
        _("اگر به این گزارش اعتراض دارید، از صفحه گزارش بازرسی درخواست اعتراض را به شعبه بفرستید.")
    )
    return "\n".join(parts)


@transaction.atomic
def inspection_report_record(
    *,
    staff_user,
    workshop: Workshop,
    inspected_on: datetime.date,
    inspector_name: str,
    reason: str,
    findings: str,
    workers_seen: int,
    result: str,
    workers_not_listed: list[WorkerFound],
) -> Notice:
    """Record an inspection of a workshop of the staff member's branch and serve it as a notice.

    Staff of another branch get 404. Returns the notice (its `inspection` is the report).
    """
    staff_membership_get(user=staff_user, branch_id=workshop.branch_id)  # 404 otherwise
    results = dict(inspection_result_choices())
    if result not in results:
        raise ApplicationError(_("نتیجه بازرسی را از فهرست انتخاب کنید."), code="inspection_result")
    if inspected_on > timezone.localdate():
        raise ApplicationError(
            _("تاریخ بازرسی نمی‌تواند در آینده باشد."), code="inspection_date_future"
        )
    if workshop.started_on and inspected_on < workshop.started_on:
        raise ApplicationError(
            _("تاریخ بازرسی نمی‌تواند پیش از شروع فعالیت کارگاه (%(date)s) باشد.")
            % {"date": format_jalali_date(workshop.started_on)},
            code="inspection_before_start",
        )
    inspector_name = " ".join((inspector_name or "").split())[:120]
    if not inspector_name or has_control_characters(inspector_name):
        raise ApplicationError(_("نام بازرس را بنویسید."), code="inspection_inspector")
    reason = _text(reason, limit=120)
    findings = _text(findings, limit=MAX_TEXT)
    if workers_seen < 0:
        raise ApplicationError(_("تعداد کارکنان دیده‌شده معتبر نیست."), code="inspection_seen")
    rows = _checked_workers(workers_not_listed, inspected_on=inspected_on)
    if len({row["national_code"] for row in rows}) > workers_seen:
        raise ApplicationError(
            _("تعداد کارکنان فاقد لیست بیش از کارکنان دیده‌شده است."),
            code="inspection_seen_fewer",
        )
    if rows and result == COMPLIANT:
        raise ApplicationError(
            _("با کارکنان فاقد لیست، نتیجه بازرسی نمی‌تواند «%(label)s» باشد.")
            % {"label": results[COMPLIANT]},
            code="inspection_result_contradicts",
        )
    inspection = inspection_record(
        workshop_code=workshop.code,
        workshop_name=workshop.name,
        branch=workshop.branch,
        inspected_on=inspected_on,
        inspector_name=inspector_name,
        reason=reason,
        findings=findings,
        workers_seen=workers_seen,
        result=result,
        actor=staff_user,
        workers_not_listed=rows,
    )
    return notice_serve(
        workshop=workshop,
        kind=NoticeKind.INSPECTION,
        serve_key=f"inspection:{inspection.pk}",
        title=_("گزارش بازرسی کارگاه — %(date)s") % {"date": format_jalali_date(inspected_on)},
        body=_report_body(
            workshop=workshop,
            inspected_on=inspected_on,
            inspector_name=inspector_name,
            result_label=str(results[result]),
            reason=reason,
            findings=findings,
            workers_seen=workers_seen,
            workers_not_listed=len(rows),
        ),
        content={
            "inspection_id": inspection.pk,
            "inspected_on": inspected_on.isoformat(),
            "inspector_name": inspector_name,
            "reason": reason,
            "findings": findings,
            "workers_seen": workers_seen,
            "result": result,
            "workers_not_listed": rows,
        },
        issued_by=staff_user,
        inspection=inspection,
    )


# --- the employer's objection ---------------------------------------------------------


@transaction.atomic
def inspection_objection_file(*, user, workshop: Workshop, inspection, text: str):
    """A draft objection to a served inspection report of the workshop; returns the case.

    The employer adds documents and sends it on the case page. A second objection to the
    same report is refused (the first one's tracking code is named).
    """
    if representative_role_for(user=user, workshop=workshop) is None:
        raise ApplicationError(_("شما نماینده این کارگاه نیستید."), code="not_representative")
    if inspection.workshop_code != workshop.code:
        raise ApplicationError(_("این گزارش بازرسی از این کارگاه نیست."), code="inspection_other")
    # One objection per report, also when two representatives send at once.
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    earlier = inspection_objections(workshop=workshop, inspection_ids=[inspection.pk]).first()
    if earlier is not None:
        raise ApplicationError(
            _("برای این گزارش بازرسی قبلاً اعتراض ثبت شده است (کد رهگیری %(code)s).")
            % {"code": persian_digits(earlier.tracking_code)},
            code="inspection_objection_exists",
        )
    text = _text(text, limit=MAX_TEXT)
    if len(text) < MIN_OBJECTION_TEXT:
        raise ApplicationError(
            _("دلیل اعتراض را دست‌کم در یک جمله بنویسید."), code="inspection_objection_text"
        )
    notice = Notice.objects.filter(inspection_id=inspection.pk, workshop=workshop).first()
    payload = {
        "workshop_id": workshop.pk,
        "workshop_code": workshop.code,
        "workshop_name": workshop.name,
        "inspection_id": inspection.pk,
        "inspected_on": inspection.inspected_on.isoformat(),
        "notice_number": notice.number if notice else "",
        "text": text,
    }
    return case_create_draft(
        applicant=user,
        kind=OBJECTION_KIND,
        subject=_("اعتراض به گزارش بازرسی %(date)s کارگاه %(name)s")
        % {"date": format_jalali_date(inspection.inspected_on), "name": workshop.name},
        payload=payload,
    )


def route_to_workshop_branch(applicant, payload: dict[str, Any]) -> int:
    """The branch of the workshop the payload names (by id; the service wrote it)."""
    branch_id = (
        Workshop.objects.filter(pk=payload.get("workshop_id"))
        .values_list("branch_id", flat=True)
        .first()
    )
    return branch_id or 0


CASE_KINDS = (
    CaseKind(
        key=OBJECTION_KIND,
        label="اعتراض به گزارش بازرسی",
        route=route_to_workshop_branch,
        sla_working_days=10,
        payload_fields=(
            PayloadField("workshop_code", "کد کارگاه", shown_as=CODE),
            PayloadField("workshop_name", "نام کارگاه"),
            PayloadField("inspected_on", "تاریخ بازرسی", shown_as=DATE),
            PayloadField("notice_number", "شماره ابلاغیه", shown_as=CODE),
            PayloadField("text", "شرح اعتراض"),
            PayloadField("workshop_id", "شناسه کارگاه", shown_as=HIDDEN),
            PayloadField("inspection_id", "شناسه گزارش بازرسی", shown_as=HIDDEN),
        ),
    ),
)
