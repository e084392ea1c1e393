"""Claim rulings (احکام مطالباتی): issuing, serving, and every change of what is owed on one.

Issuing. Branch staff of the workshop's branch issue a ruling as a draft, three ways:
* by hand (`ruling_issue_manual`): lines per period (Jalali year and month, principal,
  penalty, description);
* from an inspection (`ruling_issue_from_inspection`): the premium of the workers the
  inspector found at work and on no list, per period, through
  `tamin.rules.claims.unlisted_workers_premium` with the rates of each period's year;
* for months with no list (`ruling_issue_for_missing_lists`), estimated (علی‌الرأس): the
  premium the workshop's latest submitted list before the month charged, or, with no
  earlier list, a worker count at the year's minimum monthly wage
  (`tamin.rules.claims.minimum_wage_premium`); plus the no-list penalty
  (`tamin.rules.penalties.no_list_penalty`) unless the account already carries that
  month's no-list penalty.
A year without its published figures (or penalty rate) refuses the ruling, naming the year.
Every amount is integer rial and every sum is `tamin.rules.claims.ruling_totals`'s.

A draft may be edited (`ruling_draft_update`) or cancelled (`ruling_cancel`) until it is
served. `ruling_serve` serves it as a notice (`notice_serve`, once per ruling by its
serve key, the objection term of the dispute terms in force): electronically, it is
final debt at once (`ruling_served`, the notice's hook); on paper, once staff record the
day it was handed over. A served ruling is never edited again.

The debt follows the ruling through one function, `ruling_amount_change`: serving
posts the ruling's amount to the account as a `ruling` ledger row (final debt), and
every later change (a board's vote, a penalty waiver) posts the difference as
another `ruling` row of the same ruling, so the turnover shows each step and
`current_amount` always equals the sum of the ruling's rows.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.selectors.staff import staff_membership_get
from employers.models import (
    ClaimRuling,
    ClaimRulingLine,
    EntryKind,
    LedgerEntry,
    Notice,
    NoticeKind,
    RulingSource,
    RulingStatus,
    Workshop,
)
from employers.selectors.money import NO_LIST, penalties_to_post
from employers.selectors.rulings import (
    inspection_get_for_ruling,
    missing_list_months,
    ruling_is_draft,
)
from employers.services.ledger import ledger_record
from employers.services.lists import list_charge_amount
from employers.services.notices import notice_serve
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import has_control_characters, is_ascii_digits
from tamin.core.jalali import (
    ORGANIZATION_YEAR_MIN,
    format_code,
    format_jalali_date,
    format_period,
    format_rial,
    persian_digits,
    to_jalali_date,
)
from tamin.core.services import audit_record
from tamin.rules.claims import (
    UnlistedWorker,
    minimum_wage_premium,
    ruling_totals,
    unlisted_workers_premium,
)
from tamin.rules.disputes import dispute_terms
from tamin.rules.penalties import no_list_penalty, penalty_rates
from tamin.rules.premiums import premium_rates, year_figures_unpublished_message

# The legal basis a new ruling starts with; staff may change it on the form. A summary
# in our own words of what Art. 100 of the Social Security Law allows, not its text.
DEFAULT_LEGAL_BASIS = (
    "ماده ۱۰۰ قانون تأمین اجتماعی: هرگاه کارفرما صورت مزد و حق بیمه کارکنان خود را در مهلت "
    "مقرر نفرستد یا صورت مزد فرستاده‌شده کامل نباشد، سازمان حق بیمه را بر پایه مدارک موجود "
    "یا بازرسی کارگاه تعیین و مطالبه می‌کند."
)

MAX_LINES = 120  # ten years of months
MAX_LINE_AMOUNT = 10**15  # rial; 120 lines of it stay far inside a bigint
MAX_TEXT = 2000  # legal basis, description
MAX_LINE_DESCRIPTION = 200
MAX_WORKERS = 10_000  # a worker count for the minimum-wage estimate


@dataclass(frozen=True)
class RulingLineInput:
    """One period of a ruling as staff type it (or as an issue source computes it)."""

    year: int
    month: int
    principal: int
    penalty: int = 0
    description: str = ""


# --- checks ----------------------------------------------------------------------


def _refuse(message: str, code: str, **extra) -> ApplicationError:
    return ApplicationError(message, code=code, extra=extra)


def _clean_text(value: str, *, field: str, required: bool, max_length: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if required and not text:
        raise _refuse(_("مستند قانونی حکم را بنویسید."), "legal_basis_required", field=field)
    if len(text) > max_length:
        raise _refuse(
            _("این متن حداکثر %(n)s نویسه می‌تواند باشد.") % {"n": persian_digits(max_length)},
            "too_long",
            field=field,
        )
    if has_control_characters(text, allow_line_breaks=max_length > MAX_LINE_DESCRIPTION):
        raise _refuse(_("این متن نویسهٔ نامجاز دارد."), "control_character", field=field)
    return text


def _whole_amount(value: object, *, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refuse(_("%(label)s باید عددی صحیح به ریال باشد.") % {"label": label}, "not_integer")
    if value < 0:
        raise _refuse(_("%(label)s نمی‌تواند منفی باشد.") % {"label": label}, "negative_amount")
    if value > MAX_LINE_AMOUNT:
        raise _refuse(_("%(label)s بیش از اندازهٔ مجاز است.") % {"label": label}, "amount_too_large")
    return value


def _check_lines(
    lines: Sequence[RulingLineInput], *, today: datetime.date
) -> list[RulingLineInput]:
    """The lines as they will be stored, or a Persian refusal naming what is wrong."""
    if not lines:
        raise _refuse(_("حکم دست‌کم یک دوره (سال و ماه) با مبلغ لازم دارد."), "no_lines")
    if len(lines) > MAX_LINES:
        raise _refuse(
            _("یک حکم حداکثر %(n)s دوره می‌تواند داشته باشد.") % {"n": persian_digits(MAX_LINES)},
            "too_many_lines",
        )
    now = to_jalali_date(today)
    seen: set[tuple[int, int]] = set()
    cleaned = []
    for line in lines:
        year, month = line.year, line.month
        if (
            isinstance(year, bool)
            or isinstance(month, bool)
            or not isinstance(year, int)
            or not isinstance(month, int)
            or not 1 <= month <= 12
            or year < ORGANIZATION_YEAR_MIN
        ):
            raise _refuse(_("سال و ماه هر دوره را درست وارد کنید."), "bad_period")
        period = format_period(year, month)
        if (year, month) > (now.year, now.month):
            raise _refuse(
                _("دورهٔ %(period)s هنوز نرسیده است.") % {"period": period}, "future_period"
            )
        if (year, month) in seen:
            raise _refuse(
                _("دورهٔ %(period)s دو بار در حکم آمده است.") % {"period": period},
                "duplicate_period",
            )
        seen.add((year, month))
        principal = _whole_amount(line.principal, label=_("اصل بدهی %(p)s") % {"p": period})
        penalty = _whole_amount(line.penalty, label=_("جریمه %(p)s") % {"p": period})
        description = _clean_text(
            line.description,
            field="description",
            required=False,
            max_length=MAX_LINE_DESCRIPTION,
        )
        cleaned.append(RulingLineInput(year, month, principal, penalty, description))
    if ruling_totals(lines=[(line.principal, line.penalty) for line in cleaned]).total <= 0:
        raise _refuse(_("مبلغ حکم صفر است؛ حکمی بدون مبلغ صادر نمی‌شود."), "zero_total")
    return sorted(cleaned, key=lambda line: (line.year, line.month))


def _staff_check(*, staff_user, workshop: Workshop) -> None:
    staff_membership_get(user=staff_user, branch_id=workshop.branch_id)  # 404 for others


def _ruling_number(today: datetime.date) -> str:
    """The Jalali year and ten random digits (unguessable, digits only, 14 in all)."""
    return f"{to_jalali_date(today).year:04d}{secrets.randbelow(10**10):010d}"


def _create(
    *,
    staff_user,
    workshop: Workshop,
    source: str,
    lines: list[RulingLineInput],
    legal_basis: str,
    description: str,
    inspection=None,
) -> ClaimRuling:
    totals = ruling_totals(lines=[(line.principal, line.penalty) for line in lines])
    today = timezone.localdate()
    ruling = ClaimRuling(
        workshop=workshop,
        branch_id=workshop.branch_id,
        number=_ruling_number(today),
        source=source,
        inspection=inspection,
        legal_basis=legal_basis,
        description=description,
        status=RulingStatus.DRAFT,
        principal_total=totals.principal,
        penalty_total=totals.penalty,
        current_amount=0,
        issued_by=staff_user,
    )
    ruling.full_clean(exclude=["number"], validate_constraints=False)
    for attempt in range(3):
        try:
            with transaction.atomic():
                ruling.save(force_insert=True)
            break
        except IntegrityError:
            taken = ClaimRuling.objects.filter(number=ruling.number).exists()
            if not taken or attempt == 2:
                raise
            ruling.number = _ruling_number(today)  # a number taken: draw again
    ClaimRulingLine.objects.bulk_create(
        ClaimRulingLine(
            ruling=ruling,
            year=line.year,
            month=line.month,
            principal=line.principal,
            penalty=line.penalty,
            description=line.description,
        )
        for line in lines
    )
    audit_record(
        action="employers.ruling_issued",
        actor=staff_user,
        target=ruling,
        after={
            "number": ruling.number,
            "source": source,
            "principal_total": ruling.principal_total,
            "penalty_total": ruling.penalty_total,
            "periods": [f"{line.year:04d}-{line.month:02d}" for line in lines],
        },
    )
    return ruling


# --- issuing ----------------------------------------------------------------------


@transaction.atomic
def ruling_issue_manual(
    *,
    staff_user,
    workshop: Workshop,
    lines: Sequence[RulingLineInput],
    legal_basis: str,
    description: str = "",
) -> ClaimRuling:
    """A draft ruling of the periods staff typed."""
    _staff_check(staff_user=staff_user, workshop=workshop)
    return _create(
        staff_user=staff_user,
        workshop=workshop,
        source=RulingSource.MANUAL,
        lines=_check_lines(lines, today=timezone.localdate()),
        legal_basis=_clean_text(legal_basis, field="legal_basis", required=True),
        description=_clean_text(description, field="description", required=False),
    )


def _whole_field(row: dict, key: str) -> int:
    """An integer field of an inspection row (an int, or ASCII digits); anything else —
    a float, a bool, a missing key — raises ValueError."""
    value = row[key]
    if isinstance(value, bool):
        raise ValueError(key)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and is_ascii_digits(value):
        return int(value)
    raise ValueError(key)


def _unlisted_workers(inspection) -> dict[tuple[int, int], list[UnlistedWorker]]:
    """The inspection's workers on no list, by period; a row that is not whole is refused."""
    by_period: dict[tuple[int, int], list[UnlistedWorker]] = {}
    for number, row in enumerate(inspection.workers_not_listed or [], start=1):
        try:
            if not isinstance(row, dict):
                raise ValueError("row")
            year, month = _whole_field(row, "year"), _whole_field(row, "month")
            days, wage = _whole_field(row, "days"), _whole_field(row, "daily_wage")
            if not (1 <= month <= 12 and year >= ORGANIZATION_YEAR_MIN and 1 <= days <= 31):
                raise ValueError("range")
            if wage <= 0:
                raise ValueError("daily_wage")
        except (KeyError, ValueError):
            name = row.get("full_name", "") if isinstance(row, dict) else ""
            raise _refuse(
                _(
                    "ردیف %(n)s کارکنان فاقد لیست این بازرسی (%(name)s) سال، ماه، روزهای کار "
                    "یا دستمزد روزانهٔ درستی ندارد؛ گزارش بازرسی را اصلاح کنید."
                )
                % {"n": persian_digits(number), "name": name or "—"},
                "inspection_row_invalid",
            ) from None
        by_period.setdefault((year, month), []).append(UnlistedWorker(days=days, daily_wage=wage))
    return by_period


@transaction.atomic
def ruling_issue_from_inspection(
    *,
    staff_user,
    workshop: Workshop,
    inspection_id: int,
    legal_basis: str,
    description: str = "",
) -> ClaimRuling:
    """A draft ruling of the premium of the workers an inspection found on no list."""
    _staff_check(staff_user=staff_user, workshop=workshop)
    inspection = inspection_get_for_ruling(workshop=workshop, inspection_id=inspection_id)
    claimed = (
        ClaimRuling.objects.filter(workshop=workshop, inspection=inspection)
        .exclude(status=RulingStatus.CANCELLED)
        .first()
    )
    if claimed is not None:
        raise _refuse(
            _("برای این بازرسی قبلاً حکم شمارهٔ %(number)s صادر شده است.")
            % {"number": persian_digits(claimed.number)},
            "inspection_already_claimed",
        )
    by_period = _unlisted_workers(inspection)
    if not by_period:
        raise _refuse(
            _("در این گزارش بازرسی کارکن فاقد لیستی ثبت نشده است."), "inspection_no_workers"
        )
    inspected_on = format_jalali_date(inspection.inspected_on)
    lines = []
    for (year, month), workers in sorted(by_period.items()):
        rates = premium_rates(year=year)
        if rates is None:
            raise _refuse(year_figures_unpublished_message(year), "year_unpublished", year=year)
        lines.append(
            RulingLineInput(
                year=year,
                month=month,
                principal=unlisted_workers_premium(workers=workers, rates=rates),
                penalty=0,
                description=_("حق بیمهٔ %(n)s نفر کارکن فاقد لیست (بازرسی %(on)s)")
                % {"n": persian_digits(len(workers)), "on": inspected_on},
            )
        )
    return _create(
        staff_user=staff_user,
        workshop=workshop,
        source=RulingSource.INSPECTION,
        lines=_check_lines(lines, today=timezone.localdate()),
        legal_basis=_clean_text(legal_basis, field="legal_basis", required=True),
        description=_clean_text(description, field="description", required=False),
        inspection=inspection,
    )


def _no_list_penalty_months(*, workshop: Workshop, today: datetime.date) -> set[tuple[int, int]]:
    """Months whose no-list penalty the account already carries (posted, or accrued and
    about to be posted by the penalty task): a ruling must not charge it again."""
    keys = LedgerEntry.objects.filter(
        workshop=workshop, kind=EntryKind.PENALTY, penalty_key__startswith="no_list:"
    ).values_list("penalty_key", flat=True)
    months = set()
    for key in keys:
        year, month = key.split(":")[1].split("-")
        months.add((int(year), int(month)))
    for accrual in penalties_to_post(workshop=workshop, today=today).accruals:
        if accrual.kind == NO_LIST:
            months.add((accrual.year, accrual.month))
    return months


@transaction.atomic
def ruling_issue_for_missing_lists(
    *,
    staff_user,
    workshop: Workshop,
    periods: Sequence[tuple[int, int]],
    legal_basis: str,
    description: str = "",
    worker_count: int | None = None,
) -> ClaimRuling:
    """A draft ruling of months with no list, estimated (علی‌الرأس), with their penalty.

    `periods` must be among `missing_list_months`; `worker_count` is needed only for a
    month with no earlier submitted list.
    """
    _staff_check(staff_user=staff_user, workshop=workshop)
    today = timezone.localdate()
    if not periods:
        raise _refuse(_("دست‌کم یک ماه بدون لیست را انتخاب کنید."), "no_periods")
    missing = {
        (item.year, item.month): item
        for item in missing_list_months(workshop=workshop, today=today)
    }
    for period in periods:
        if tuple(period) not in missing:
            raise _refuse(
                _(
                    "ماه %(period)s جزو ماه‌های بدون لیست این کارگاه نیست (لیست آن رسیده، "
                    "مهلتش نگذشته یا حکم دیگری آن را مطالبه کرده است)."
                )
                % {"period": format_period(*period)},
                "period_not_missing",
            )
    if worker_count is not None and (
        isinstance(worker_count, bool)
        or not isinstance(worker_count, int)
        or not 1 <= worker_count <= MAX_WORKERS
    ):
        raise _refuse(_("تعداد کارکنان باید عددی مثبت باشد."), "bad_worker_count")
    penalised = _no_list_penalty_months(workshop=workshop, today=today)
    lines = []
    for year, month in sorted({tuple(period) for period in periods}):
        item = missing[(year, month)]
        if item.basis is not None:
            principal = list_charge_amount(item.basis)
            line_description = _("برآورد علی‌الرأس برابر حق بیمهٔ لیست %(basis)s") % {
                "basis": format_period(item.basis.year, item.basis.month)
            }
        else:
            if worker_count is None:
                raise _refuse(
                    _(
                        "برای ماه %(period)s لیست پیشینی نیست که برآورد بر پایهٔ آن باشد؛ "
                        "تعداد کارکنان را وارد کنید تا حداقل دستمزد سال به کار رود."
                    )
                    % {"period": format_period(year, month)},
                    "worker_count_required",
                )
            rates = premium_rates(year=year)
            if rates is None:
                raise _refuse(year_figures_unpublished_message(year), "year_unpublished", year=year)
            principal = minimum_wage_premium(workers=worker_count, rates=rates)
            line_description = _(
                "برآورد علی‌الرأس: %(n)s نفر با حداقل دستمزد ماهانهٔ سال %(year)s"
            ) % {"n": persian_digits(worker_count), "year": persian_digits(year)}
        if (year, month) in penalised:
            penalty = 0
            line_description += _("؛ جریمهٔ عدم ارسال لیست در حساب کارگاه منظور شده است")
        else:
            penalty_rate = penalty_rates(year=year)
            if penalty_rate is None:
                raise _refuse(
                    _(
                        "نرخ جریمهٔ عدم ارسال لیست برای سال %(year)s تعیین نشده است؛ پس از "
                        "ثبت آن دوباره اقدام کنید."
                    )
                    % {"year": persian_digits(year)},
                    "penalty_rate_missing",
                    year=year,
                )
            penalty = no_list_penalty(premium=principal, permille=penalty_rate.no_list_permille)
        lines.append(RulingLineInput(year, month, principal, penalty, line_description[:200]))
    return _create(
        staff_user=staff_user,
        workshop=workshop,
        source=RulingSource.NO_LIST,
        lines=_check_lines(lines, today=today),
        legal_basis=_clean_text(legal_basis, field="legal_basis", required=True),
        description=_clean_text(description, field="description", required=False),
    )


# --- a draft: edit, cancel, serve -----------------------------------------------------


def _locked_draft(*, staff_user, ruling: ClaimRuling, action: str) -> ClaimRuling:
    """The ruling locked for a change that only a draft allows, or a Persian refusal."""
    _staff_check(staff_user=staff_user, workshop=ruling.workshop)
    locked = ClaimRuling.objects.select_for_update().select_related("workshop").get(pk=ruling.pk)
    if locked.status == RulingStatus.CANCELLED:
        raise _refuse(_("این حکم ابطال شده است."), "ruling_cancelled")
    if not ruling_is_draft(locked):
        messages = {
            "edit": _("حکم ابلاغ‌شده قابل ویرایش نیست؛ تغییر مبلغ آن تنها با رأی هیأت است."),
            "cancel": _("حکم ابلاغ‌شده ابطال نمی‌شود؛ تغییر مبلغ آن تنها با رأی هیأت است."),
            "serve": _("این حکم قبلاً ابلاغ شده یا برای ابلاغ کاغذی فرستاده شده است."),
        }
        raise _refuse(messages[action], "ruling_served")
    return locked


@transaction.atomic
def ruling_draft_update(
    *,
    staff_user,
    ruling: ClaimRuling,
    legal_basis: str,
    description: str = "",
    lines: Sequence[RulingLineInput] | None = None,
) -> ClaimRuling:
    """Change a draft: its texts, and (a ruling issued by hand only) its lines."""
    ruling = _locked_draft(staff_user=staff_user, ruling=ruling, action="edit")
    if lines is not None and ruling.source != RulingSource.MANUAL:
        raise _refuse(
            _("دوره‌ها و مبالغ این حکم محاسبه‌شده‌اند و دستی تغییر نمی‌کنند."),
            "lines_computed",
        )
    before = {
        "legal_basis": ruling.legal_basis,
        "description": ruling.description,
        "principal_total": ruling.principal_total,
        "penalty_total": ruling.penalty_total,
    }
    ruling.legal_basis = _clean_text(legal_basis, field="legal_basis", required=True)
    ruling.description = _clean_text(description, field="description", required=False)
    if lines is not None:
        cleaned = _check_lines(lines, today=timezone.localdate())
        totals = ruling_totals(lines=[(line.principal, line.penalty) for line in cleaned])
        ruling.principal_total, ruling.penalty_total = totals.principal, totals.penalty
        ruling.lines.all().delete()
        ClaimRulingLine.objects.bulk_create(
            ClaimRulingLine(
                ruling=ruling,
                year=line.year,
                month=line.month,
                principal=line.principal,
                penalty=line.penalty,
                description=line.description,
            )
            for line in cleaned
        )
    ruling.save(
        update_fields=[
            "legal_basis",
            "description",
            "principal_total",
            "penalty_total",
            "updated_at",
        ]
    )
    audit_record(
        action="employers.ruling_draft_updated",
        actor=staff_user,
        target=ruling,
        before=before,
        after={
            "legal_basis": ruling.legal_basis,
            "description": ruling.description,
            "principal_total": ruling.principal_total,
            "penalty_total": ruling.penalty_total,
        },
    )
    return ruling


@transaction.atomic
def ruling_cancel(*, staff_user, ruling: ClaimRuling) -> ClaimRuling:
    """Cancel a draft (a served ruling changes only through a board's vote)."""
    ruling = _locked_draft(staff_user=staff_user, ruling=ruling, action="cancel")
    ruling.status = RulingStatus.CANCELLED
    ruling.save(update_fields=["status", "updated_at"])
    audit_record(
        action="employers.ruling_cancelled",
        actor=staff_user,
        target=ruling,
        before={"status": RulingStatus.DRAFT},
        after={"status": RulingStatus.CANCELLED},
    )
    return ruling


def ruling_notice_content(ruling: ClaimRuling, lines: Sequence[ClaimRulingLine]) -> dict:
    """What the ruling's notice says, as data (hashed into the notice's content_sha256)."""
    return {
        "ruling_id": ruling.pk,
        "number": ruling.number,
        "source": ruling.source,
        "lines": [
            {
                "year": line.year,
                "month": line.month,
                "principal": line.principal,
                "penalty": line.penalty,
                "description": line.description,
            }
            for line in lines
        ],
        "principal_total": ruling.principal_total,
        "penalty_total": ruling.penalty_total,
        "total": ruling.total,
        "legal_basis": ruling.legal_basis,
        "description": ruling.description,
    }


def _notice_body(ruling: ClaimRuling, *, respond_days: int) -> str:
    workshop = ruling.workshop
    return _(
        "حکم مطالباتی شمارهٔ %(number)s برای کارگاه %(workshop)s به کد %(code)s به مبلغ "
        "%(total)s (اصل بدهی %(principal)s و جرائم %(penalty)s) صادر شد.\n"
        "مستند قانونی: %(basis)s\n"
        "این مبلغ از تاریخ ابلاغ، بدهی قطعی کارگاه در گردش حساب است. کارفرما می‌تواند تا "
        "%(days)s روز پس از تاریخ ابلاغ به هیأت بدوی تشخیص مطالبات اعتراض کند."
    ) % {
        "number": persian_digits(ruling.number),
        "workshop": workshop.name,
        "code": persian_digits(workshop.code),
        "total": format_rial(ruling.total),
        "principal": format_rial(ruling.principal_total),
        "penalty": format_rial(ruling.penalty_total),
        "basis": ruling.legal_basis,
        "days": persian_digits(respond_days),
    }


@transaction.atomic
def ruling_serve(*, staff_user, ruling: ClaimRuling) -> ClaimRuling:
    """Serve a draft as a notice (once): electronically it is final debt at once, on paper
    once staff record the day it was handed over (the notice's hook, `ruling_served`)."""
    ruling = _locked_draft(staff_user=staff_user, ruling=ruling, action="serve")
    lines = list(ruling.lines.order_by("year", "month", "id"))
    if not lines or ruling.total <= 0:
        raise _refuse(_("حکم بدون مبلغ ابلاغ نمی‌شود."), "zero_total")
    today = timezone.localdate()
    terms = dispute_terms(on=today)
    if terms is None:
        raise _refuse(
            _(
                "مهلت اعتراض به احکام برای امروز در پارامترهای دادرسی تعریف نشده است؛ "
                "پیش از ابلاغ، آن را ثبت کنید."
            ),
            "dispute_terms_missing",
        )
    notice = notice_serve(
        workshop=ruling.workshop,
        kind=NoticeKind.RULING,
        serve_key=f"ruling:{ruling.pk}",
        title=_("حکم مطالباتی شمارهٔ %(number)s") % {"number": persian_digits(ruling.number)},
        body=_notice_body(ruling, respond_days=terms.ruling_objection_days),
        content=ruling_notice_content(ruling, lines),
        respond_days=terms.ruling_objection_days,
        issued_by=staff_user,
        inspection=ruling.inspection,
    )
    ClaimRuling.objects.filter(pk=ruling.pk).update(notice=notice, updated_at=timezone.now())
    ruling.refresh_from_db()
    audit_record(
        action="employers.ruling_serve",
        actor=staff_user,
        target=ruling,
        after={
            "notice": notice.number,
            "delivery": notice.delivery,
            "served": notice.served_at is not None,
            "status": ruling.status,
        },
    )
    return ruling


@transaction.atomic
def ruling_amount_change(
    *, ruling: ClaimRuling, new_amount: int, description: str, status: str | None = None, actor=None
) -> ClaimRuling:
    """Set what the workshop owes on `ruling` to `new_amount`, posting the difference.

    Locks the ruling row, so two changes at once post two exact differences.
    """
    if new_amount < 0:
        raise ValueError("a ruling's amount cannot be negative")
    ruling = ClaimRuling.objects.select_for_update().select_related("workshop").get(pk=ruling.pk)
    posted = sum(
        LedgerEntry.objects.filter(ruling=ruling, kind=EntryKind.RULING).values_list(
            "amount", flat=True
        )
    )
    difference = int(new_amount) - posted
    before = {"current_amount": ruling.current_amount, "status": ruling.status}
    if difference:
        ledger_record(
            workshop=ruling.workshop,
            kind=EntryKind.RULING,
            amount=difference,
            description=description,
            ruling=ruling,
            actor=actor,
        )
    ruling.current_amount = int(new_amount)
    if status:
        ruling.status = status
    ruling.save(update_fields=["current_amount", "status", "updated_at"])
    audit_record(
        action="employers.ruling_amount_changed",
        actor=actor,
        target=ruling,
        before=before,
        after={"current_amount": ruling.current_amount, "status": ruling.status},
        detail=description,
    )
    return ruling


def ruling_served(notice: Notice) -> None:
    """A served ruling becomes final debt (the serving transaction's hook; the notice's
    content names the ruling, since the ruling links its notice only once it exists)."""
    ruling = ClaimRuling.objects.filter(
        pk=notice.content.get("ruling_id"), workshop_id=notice.workshop_id
    ).first()
    if ruling is None or ruling.status != RulingStatus.DRAFT:
        return
    ruling_amount_change(
        ruling=ruling,
        new_amount=ruling.total,
        # The turnover writes the kind («حکم مطالباتی») before it: say what happened.
        description=_("ابلاغ حکم شمارهٔ %(number)s") % {"number": format_code(ruling.number)},
        status=RulingStatus.SERVED,
        actor=ruling.issued_by,
    )
