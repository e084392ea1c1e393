"""Factories and helpers of the cases area: a test case kind, cases, and real document files.

The case kind lives here, in the tests: no audience app declares one yet, and
the product must not carry a fake. `declared_test_kind()` declares it for one
test and forgets it afterwards.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from branches.models import Case, CaseStatus, StaffRole
from branches.registry import CaseKind, case_kind_register, case_kind_unregister
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory, StaffMembershipFactory

TEST_KIND = "test_document_request"
REQUIRED_DOCUMENTS = (("national_card", "تصویر کارت ملی"), ("payslip", "فیش حقوقی"))


class DecisionLog(list):
    """What the kind's on_decision callback was called with: (case_id, status) pairs."""

    def __call__(self, case_id: int, status: str) -> None:
        self.append((case_id, status))


@contextmanager
def declared_test_kind(*, sla_working_days: int = 5) -> Iterator[tuple[CaseKind, DecisionLog]]:
    """Declare the test kind (routes by payload["branch_code"]) for the duration of a test."""
    decisions = DecisionLog()
    kind = CaseKind(
        key=TEST_KIND,
        label="درخواست آزمایشی با مدارک",
        required_documents=REQUIRED_DOCUMENTS,
        route=lambda applicant, payload: payload["branch_code"],
        sla_working_days=sla_working_days,
        on_decision=decisions,
    )
    case_kind_register(kind)
    try:
        yield kind, decisions
    finally:
        case_kind_unregister(TEST_KIND)


def staff_member(*, branch, role: str = StaffRole.REVIEWER, **user_fields):
    """A staff user working at `branch`."""
    return StaffMembershipFactory(
        branch=branch,
        role=role,
        user=UserFactory(is_staff=True, roles=["staff"], **user_fields),
    ).user


class CaseFactory(factory.django.DjangoModelFactory):
    """An open case already at its branch (forwarded, due in a week)."""

    class Meta:
        model = Case

    tracking_code = factory.Sequence(lambda n: f"99{n:012d}")
    kind = TEST_KIND
    applicant = factory.SubFactory(UserFactory)
    branch = factory.SubFactory(BranchFactory)
    subject = factory.Sequence(lambda n: f"درخواست شماره {n}")
    payload = factory.LazyAttribute(lambda o: {"branch_code": o.branch.code})
    status = CaseStatus.FORWARDED
    submitted_at = factory.LazyFunction(timezone.now)
    forwarded_at = factory.LazyFunction(timezone.now)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))


# --- real files -----------------------------------------------------------------------


def pdf_bytes(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def pdf_upload(name: str = "madrak.pdf", pages: int = 1) -> SimpleUploadedFile:
    return upload(name, pdf_bytes(pages))


def png_upload(name: str = "card.png") -> SimpleUploadedFile:
    return upload(name, image_bytes("PNG"), "image/png")
