"""Branches: the organization's directory, cases forwarded to a branch, appointments,
the 1420 contact desk and performance surveys. Private to the app: other apps use
`branches.services.*` and `branches.selectors.*`."""

from branches.models.appointments import (
    AppointmentService,
    Booking,
    BookingStatus,
    ServiceSchedule,
    Slot,
)
from branches.models.cases import Case, CaseDocument, CaseEvent, CaseStatus
from branches.models.desk import Ticket, TicketCategory, TicketMessage, TicketStatus
from branches.models.directory import (
    Agency,
    AgencyDuty,
    Branch,
    BranchKind,
    City,
    MedicalCentre,
    MedicalCentreKind,
    Ownership,
    Province,
    Specialty,
    StaffMembership,
    StaffRole,
)
from branches.models.holidays import Holiday, HolidayKind
from branches.models.inspections import Inspection, InspectionResult
from branches.models.survey import Survey

__all__ = [
    "Agency",
    "AgencyDuty",
    "AppointmentService",
    "Booking",
    "BookingStatus",
    "Branch",
    "BranchKind",
    "Case",
    "CaseDocument",
    "CaseEvent",
    "CaseStatus",
    "City",
    "Holiday",
    "HolidayKind",
    "Inspection",
    "InspectionResult",
    "MedicalCentre",
    "MedicalCentreKind",
    "Ownership",
    "Province",
    "ServiceSchedule",
    "Slot",
    "Specialty",
    "StaffMembership",
    "StaffRole",
    "Survey",
    "Ticket",
    "TicketCategory",
    "TicketMessage",
    "TicketStatus",
]
