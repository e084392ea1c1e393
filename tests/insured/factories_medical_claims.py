"""Factories of the medical-claims area: agencies accepting medical documents, their staff,
insured persons with an account, and a claim filed through the service."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from branches.models import StaffMembership, StaffRole
from insured.services.medical_claims import medical_claim_file
from tests.accounts.factories import UserFactory
from tests.branches.factories import AgencyFactory
from tests.branches.factories_cases import pdf_upload, png_upload
from tests.insured.factories import InsuredPersonFactory

AMOUNT = 15_000_000


def medical_agency(**fields):
    """An active agency accepting medical documents (under its own active branch)."""
    return AgencyFactory(accepts_medical_documents=True, **fields)


def agency_staff(*, agency, role: str = StaffRole.REVIEWER, **user_fields):
    """A staff user working at `agency` (not at any branch)."""
    user = UserFactory(is_staff=True, roles=["staff"], **user_fields)
    StaffMembership.objects.create(user=user, agency=agency, role=role)
    return user


def insured_user(**person_fields):
    """An account acting as insured, with its insured person."""
    user = UserFactory()
    return user, InsuredPersonFactory.for_user(user, **person_fields)


def file_claim(
    *,
    user,
    person,
    agency,
    amount: int = AMOUNT,
    documents: bool = True,
    service_kind: str = "paraclinic",
    expense_date: dt.date | None = None,
):
    """A claim filed through the service: forwarded with both documents, else held."""
    return medical_claim_file(
        user=user,
        person=person,
        agency_code=agency.code,
        service_kind=service_kind,
        expense_date=expense_date or timezone.localdate() - dt.timedelta(days=10),
        amount_claimed=amount,
        description="آزمایش خون و سونوگرافی",
        invoice=pdf_upload("factor.pdf") if documents else None,
        prescription=png_upload("noskhe.png") if documents else None,
    )
