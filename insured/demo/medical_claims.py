"""Demo of medical-expense claims (used by `manage.py seed_demo` after
`tamin.accounts.demo.accounts`, `branches.demo.directory` and `insured.demo.records`).

* The staff member of the agency «کارگزاری رسمی ۱۱۰۱ تهران (آریا)» (A1001, accepting medical
  documents): نرگس کاظمی, national code 0095511229, signs in with the demo password and an
  authenticator (TOTP, fixed secret below, like the branch staff); she reviews only that
  agency's cases.
* Two claims of the demo insured person مریم احمدی at that agency: a para-clinic bill the
  agency accepted for less than claimed (so «اسناد پزشکی» shows an approved amount and its
  working) and a pharmacy bill waiting in the agency's queue.

Idempotent: the account, its membership and claims already present are left alone.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from branches.services.directory import agency_staff_membership_grant
from insured.models import InsuredPerson
from insured.models.medical_claims import MedicalClaim
from insured.selectors.medical_claims import agency_accepting_medical_documents
from insured.services.medical_claims import medical_claim_decide, medical_claim_file
from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tamin.accounts.models import Role, User, UserRole

AGENCY_CODE = "A1001"
INSURED_NATIONAL_CODE = "0013542419"
STAFF_NATIONAL_CODE = "0095511229"
STAFF_MOBILE = "09121110131"
# Fixed so the printed otpauth URI stays valid across re-seeding («MEDICAL-CLAIMS-DEMO1»).
STAFF_TOTP_KEY = "4d45444943414c2d434c41494d532d44454d4f31"

# service kind, days before today, amount claimed, amount approved (None: still in the queue)
CLAIMS = (
    ("paraclinic", 40, 18_500_000, 15_200_000, "آزمایش‌های دوره‌ای و سونوگرافی شکم"),
    ("medicine", 6, 4_350_000, None, "داروهای نسخه متخصص داخلی"),
)


def _pdf(title: str) -> SimpleUploadedFile:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(f"{title}.pdf", buffer.getvalue(), content_type="application/pdf")


def _png(title: str) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (420, 594), (250, 250, 245)).save(buffer, format="PNG")
    return SimpleUploadedFile(f"{title}.png", buffer.getvalue(), content_type="image/png")


def _staff_user(stdout) -> User:
    user, created = User.objects.get_or_create(
        national_code=STAFF_NATIONAL_CODE,
        defaults={
            "first_name": "نرگس",
            "last_name": "کاظمی",
            "mobile": STAFF_MOBILE,
            "birth_date": dt.date(1990, 2, 14),
            "is_staff": True,
            "identity_checked_by": "demo",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    UserRole.objects.get_or_create(user=user, role=Role.STAFF)
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="demo authenticator", defaults={"key": STAFF_TOTP_KEY, "confirmed": True}
    )
    stdout.write(
        f"  medical claims: agency staff national code {STAFF_NATIONAL_CODE}  "
        f"mobile {STAFF_MOBILE}\n      authenticator (TOTP): {device.config_url}\n"
    )
    return user


@transaction.atomic
def seed(stdout) -> None:
    agency = agency_accepting_medical_documents(code=AGENCY_CODE)
    if agency is None:
        stdout.write("  medical claims: agency A1001 missing (seed the directory first); skipped\n")
        return
    staff = _staff_user(stdout)
    agency_staff_membership_grant(user=staff, agency=agency)
    person = InsuredPerson.objects.filter(national_code=INSURED_NATIONAL_CODE).first()
    user = User.objects.filter(national_code=INSURED_NATIONAL_CODE).first()
    if person is None or user is None:
        stdout.write("  medical claims: demo insured person missing; claims skipped\n")
        return
    if MedicalClaim.objects.filter(person=person).exists():
        stdout.write("  medical claims: demo claims already present\n")
        return
    today = timezone.localdate()
    for service_kind, days_ago, claimed, approved, description in CLAIMS:
        claim = medical_claim_file(
            user=user,
            person=person,
            agency_code=agency.code,
            service_kind=service_kind,
            expense_date=today - dt.timedelta(days=days_ago),
            amount_claimed=claimed,
            description=description,
            invoice=_pdf("factor"),
            prescription=_png("noskhe"),
        )
        if approved is not None:
            medical_claim_decide(
                actor=staff,
                case_id=claim.case_id,
                accepted=True,
                amount_approved=approved,
                note="سونوگرافی طبق تعرفه مصوب پرداخت می‌شود.",
            )
    stdout.write(
        f"  medical claims: {len(CLAIMS)} claims of {INSURED_NATIONAL_CODE} at {AGENCY_CODE}\n"
    )
