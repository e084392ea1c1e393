"""Employers: workshops, the people who act for them, monthly worker lists, the
workshop's account (charges, payments, penalties, rulings), payments through a gateway,
the API keys of payroll software, and the disputes of claims: notices served to the
workshop's inbox, claim rulings, objections and boards, installment plans, clearance
certificates.

One module per area; this package re-exports every model.
"""

from employers.models.claims import (
    BoardVote,
    ClaimRuling,
    ClaimRulingLine,
    Objection,
    ObjectionSide,
    ObjectionStage,
    ObjectionStatus,
    ObjectionStatusChange,
    RulingSource,
    RulingStatus,
)
from employers.models.lists import (
    ListFormat,
    ListStatus,
    MonthlyList,
    MonthlyListError,
    MonthlyListRow,
)
from employers.models.money import EntryKind, LedgerEntry, Payment, PaymentStatus
from employers.models.notices import (
    Notice,
    NoticeDelivery,
    NoticeKind,
    ServingBatch,
    ServingBatchStatus,
)
from employers.models.payroll import PayrollApiKey
from employers.models.settlements import (
    ClearanceKind,
    ClearanceRequest,
    ClearanceStatus,
    Installment,
    InstallmentPlan,
    InstallmentStatus,
    PlanStatus,
)
from employers.models.workshops import Representative, RepresentativeRole, Workshop

__all__ = [
    "BoardVote",
    "ClaimRuling",
    "ClaimRulingLine",
    "ClearanceKind",
    "ClearanceRequest",
    "ClearanceStatus",
    "EntryKind",
    "Installment",
    "InstallmentPlan",
    "InstallmentStatus",
    "LedgerEntry",
    "ListFormat",
    "ListStatus",
    "MonthlyList",
    "MonthlyListError",
    "MonthlyListRow",
    "Notice",
    "NoticeDelivery",
    "NoticeKind",
    "Objection",
    "ObjectionSide",
    "ObjectionStage",
    "ObjectionStatus",
    "ObjectionStatusChange",
    "Payment",
    "PaymentStatus",
    "PayrollApiKey",
    "PlanStatus",
    "Representative",
    "RepresentativeRole",
    "RulingSource",
    "RulingStatus",
    "ServingBatch",
    "ServingBatchStatus",
    "Workshop",
]
