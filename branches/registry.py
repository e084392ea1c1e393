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
    ))

`branches` never imports the audience app: it only calls `route` when a draft is
created and `on_decision` inside the transaction that decides the case. One
review queue thus serves every request type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from tamin.core.exceptions import ApplicationError

# A branch's primary key (int) or its code (str), chosen from the applicant and the payload
# (for example by the applicant's workshop or residence).
Router = Callable[[Any, dict[str, Any]], int | str]
DecisionCallback = Callable[[int, str], None]

# Staff and applicants may always attach a document that is not on the required list.
OTHER_DOCUMENT = ("other", "سایر مدارک")


@dataclass(frozen=True, kw_only=True)
class CaseKind:
    key: str
    label: str
    route: Router
    required_documents: tuple[tuple[str, str], ...] = ()
    sla_working_days: int = 10
    on_decision: DecisionCallback | None = None

    def __post_init__(self) -> None:
        if not self.key or len(self.key) > 64:
            raise ImproperlyConfigured(f"case kind key must be 1-64 characters: {self.key!r}")
        if self.sla_working_days < 1:
            raise ImproperlyConfigured(f"case kind {self.key}: SLA must be at least one day")
        keys = [key for key, _label in self.required_documents]
        if len(keys) != len(set(keys)) or OTHER_DOCUMENT[0] in keys:
            raise ImproperlyConfigured(f"case kind {self.key}: duplicate document types")

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
