"""Case kinds: what an audience app may send to a branch, declared once at start-up.

An audience app (insured, employers, pensioners) registers each of its request
types from its `AppConfig.ready()`:

    from branches.registry import CaseKind, case_kind_register

    case_kind_register(CaseKind(
        key="insured_record_objection",
        label="اعتراض به سوابق",
        required_documents=(("payslip", "فیش حقوقی"),),
        route=lambda applicant, payload: payload["branch_code"],
        sla_working_days=10,
        on_decision=record_objection_decided,   # (case_id, status) -> None
        payload_fields=(PayloadField("workshop_code", "کد کارگاه", shown_as=CODE), ...),
    ))

`branches` never imports the audience app: it only calls `route` when a draft is
created and `on_decision` inside the transaction that decides the case. One
review queue thus serves every request type.

A kind reviewed by agencies (کارگزاری) routes with `AgencyTarget(agency, ...)` instead of a
branch: the case goes to that agency's staff (its branch is the agency's supervising branch,
whose staff do not see it), e.g. medical-expense claims to an agency accepting medical
documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import MONTH_NAMES, format_jalali_date


@dataclass(frozen=True)
class AgencyTarget:
    """A router's answer for a case reviewed by an agency: the agency's primary key (int) or
    code (str); with `medical_documents`, only an agency accepting medical documents
    (پذیرش اسناد پزشکی) may receive it — any other is refused and nothing is created."""

    agency: int | str
    medical_documents: bool = False


# A branch's primary key (int) or its code (str), chosen from the applicant and the payload
# (for example by the applicant's workshop or residence), or an `AgencyTarget`.
Router = Callable[[Any, dict[str, Any]], int | str | AgencyTarget]
DecisionCallback = Callable[[int, str], None]

# Staff and applicants may always attach a document that is not on the required list.
OTHER_DOCUMENT = ("other", "سایر مدارک")


# How a payload value is written on the staff case page (fa.py's filters by those names).
TEXT = "text"  # free text or a year: Persian digits
CODE = "code"  # an identifier, left to right in its own element
NUMBER = "number"  # a quantity: Persian separators
RIAL = "rial"  # an amount
MONTH = "month"  # 1-12, written as the month's name
DATE = "date"  # an ISO date, written in Jalali
HIDDEN = "hidden"  # kept for the decision callback; staff read it elsewhere (the applicant)


@dataclass(frozen=True)
class PayloadField:
    key: str
    label: str
    shown_as: str = TEXT


@dataclass(frozen=True)
class PayloadRow:
    label: str
    value: Any
    shown_as: str  # TEXT, CODE, NUMBER or RIAL (months and dates arrive as text)


def _payload_row(field: PayloadField, value: Any) -> PayloadRow:
    if field.shown_as == MONTH and isinstance(value, int) and 1 <= value <= 12:
        return PayloadRow(field.label, MONTH_NAMES[value - 1], TEXT)
    if field.shown_as == DATE and value:
        try:
            return PayloadRow(field.label, format_jalali_date(dt.date.fromisoformat(value)), TEXT)
        except (TypeError, ValueError):
            pass
    shown_as = field.shown_as if field.shown_as in (CODE, NUMBER, RIAL) else TEXT
    return PayloadRow(field.label, value, shown_as)


def payload_rows(kind: CaseKind | None, payload: dict[str, Any]) -> list[PayloadRow]:
    """A case's payload as staff read it: declared fields in their order under their Persian
    labels, then any field the kind does not declare (an older case) under its key."""
    fields = {field.key: field for field in (kind.payload_fields if kind else ())}
    rows = [
        _payload_row(field, payload[key])
        for key, field in fields.items()
        if key in payload and field.shown_as != HIDDEN and payload[key] not in ("", None)
    ]
    rows += [PayloadRow(key, value, TEXT) for key, value in payload.items() if key not in fields]
    return rows


@dataclass(frozen=True, kw_only=True)
class CaseKind:
    key: str
    label: str
    route: Router
    required_documents: tuple[tuple[str, str], ...] = ()
    sla_working_days: int = 10
    on_decision: DecisionCallback | None = None
    # The payload's fields with their Persian labels, in the order staff read them.
    payload_fields: tuple[PayloadField, ...] = ()
    # Most documents a case of this kind may hold, below the portal's own limit (a callable,
    # so a limit kept in data is read when a file arrives); None: the portal's limit.
    document_limit: Callable[[], int] | None = None
    # The kind's own decision page (a URL name taking `case_id`), when deciding needs more than
    # a status and a reason (e.g. an approved amount): the staff case page links to it in place
    # of its decision form, and the kind's `on_decision` refuses a decision made elsewhere.
    decision_url_name: str = ""
    # Which of `required_documents` a case must hold when that depends on its payload (the
    # proof a dependent's addition needs depends on the relation): their keys; None: all.
    required_for: Callable[[dict[str, Any]], Iterable[str]] | None = None

    def __post_init__(self) -> None:
        if not self.key or len(self.key) > 64:
            raise ImproperlyConfigured(f"case kind key must be 1-64 characters: {self.key!r}")
        if self.sla_working_days < 1:
            raise ImproperlyConfigured(f"case kind {self.key}: SLA must be at least one day")
        keys = [key for key, _label in self.required_documents]
        if len(keys) != len(set(keys)) or OTHER_DOCUMENT[0] in keys:
            raise ImproperlyConfigured(f"case kind {self.key}: duplicate document types")

    def required_documents_for(self, payload: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        """The documents a case with `payload` must hold before it is forwarded."""
        if self.required_for is None:
            return self.required_documents
        keys = set(self.required_for(payload))
        return tuple((key, label) for key, label in self.required_documents if key in keys)

    @property
    def document_types(self) -> tuple[tuple[str, str], ...]:
        """Every document type an upload may carry: the required ones, then «سایر مدارک»."""
        return (*self.required_documents, OTHER_DOCUMENT)

    def document_label(self, document_type: str) -> str:
        return dict(self.document_types).get(document_type, document_type)


_KINDS: dict[str, CaseKind] = {}


def case_kind_register(kind: CaseKind) -> None:
    """Declare a kind. Registering the same object twice is harmless; a different one is an error."""
    existing = _KINDS.get(kind.key)
    if existing is not None and existing is not kind:
        raise ImproperlyConfigured(f"case kind {kind.key!r} is already registered")
    _KINDS[kind.key] = kind


def case_kind_unregister(key: str) -> None:
    """Forget a kind (tests that declare their own kinds clean up with this)."""
    _KINDS.pop(key, None)


def case_kind_get(key: str) -> CaseKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise ApplicationError(
            _("نوع درخواست «%(key)s» تعریف نشده است.") % {"key": key}, code="case_kind_unknown"
        ) from None


def case_kind_label(key: str) -> str:
    """The Persian label for display; the key itself when the kind is not (or no longer) declared."""
    kind = _KINDS.get(key)
    return kind.label if kind is not None else key


def case_kinds() -> list[CaseKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.label)
