"""Workshop writes: registration (through a branch case), representatives, e-notification
opt-in recorded by branch staff, and registering a new worker.

Registering a workshop needs the branch's approval, so `workshop_register` files a
case of kind `employer_workshop_registration`; the workshop, its owner and the
employer role are created only when the branch accepts it (`registration_decided`).
`workshop_create` is the direct path the decision, the demo and the tests share.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.registry import CODE, DATE, CaseKind, PayloadField
from branches.selectors.cases import case_get_for_kind
from branches.selectors.staff import staff_membership_get
from branches.services.cases import case_create_draft, case_submit
from employers.models import Representative, RepresentativeRole, Workshop
from insured.selectors.lookup import insured_person_by_national_code
from insured.services.records import insured_person_register_ref
from tamin.accounts.models import Role
from tamin.accounts.services import user_role_grant
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import normalize_digits, normalize_national_code
from tamin.core.jalali import format_code
from tamin.core.services import audit_record

REGISTRATION_KIND = "employer_workshop_registration"


def _validated(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ApplicationError("؛ ".join(exc.messages), code="invalid") from exc


# --- registration ------------------------------------------------------------------


@transaction.atomic
def workshop_create(
    *,
    code: str,
    name: str,
    employer_name: str,
    address: str,
    branch,
    owner,
    started_on: datetime.date | None = None,
) -> Workshop:
    """Create an active workshop with `owner` as its owner and grant them Role.EMPLOYER."""
    code = normalize_digits(code or "").strip()
    if Workshop.objects.filter(code=code).exists():
        raise ApplicationError(_("کارگاهی با این کد قبلاً ثبت شده است."), code="workshop_code_taken")
    workshop = Workshop(
        code=code,
        name=(name or "").strip(),
        employer_name=(employer_name or "").strip(),
        address=(address or "").strip(),
        branch=branch,
        started_on=started_on,
    )
    _validated(workshop)
    workshop.save(force_insert=True)
    Representative.objects.create(user=owner, workshop=workshop, role=RepresentativeRole.OWNER)
    user_role_grant(user=owner, role=Role.EMPLOYER)
    audit_record(
        action="employers.workshop_created",
        actor=owner,
        target=workshop,
        after={"code": workshop.code, "branch": branch.pk, "owner": owner.pk},
    )
    return workshop


@transaction.atomic
def workshop_register(
    *,
    user,
    code: str,
    name: str,
    employer_name: str,
    address: str,
    branch_code: str,
    started_on: datetime.date | None = None,
):
    """File the registration with the branch; returns the case (documents are added on its page)."""
    code = normalize_digits(code or "").strip()
    candidate = Workshop(
        code=code, name=name, employer_name=employer_name, address=address, branch_id=0
    )
    try:
        candidate.full_clean(exclude=["branch"], validate_unique=False)
    except ValidationError as exc:
        raise ApplicationError("؛ ".join(exc.messages), code="invalid") from exc
    if Workshop.objects.filter(code=code).exists():
        raise ApplicationError(_("کارگاهی با این کد قبلاً ثبت شده است."), code="workshop_code_taken")
    payload = {
        "code": code,
        "name": candidate.name.strip(),
        "employer_name": candidate.employer_name.strip(),
        "address": candidate.address.strip(),
        "branch_code": normalize_digits(branch_code or "").strip(),
        "started_on": started_on.isoformat() if started_on else "",
    }
    case = case_create_draft(
        applicant=user,
        kind=REGISTRATION_KIND,
        subject=_("ثبت کارگاه %(code)s — %(name)s")
        % {"code": format_code(code), "name": payload["name"]},
        payload=payload,
    )
    # Submitting at once holds the case until the required documents are uploaded.
    return case_submit(case=case, actor=user)


def registration_decided(case_id: int, status: str) -> None:
    """Accepted registration → the workshop, its owner and the employer role (same transaction)."""
    if status != "accepted":
        return
    case = case_get_for_kind(case_id=case_id, kind=REGISTRATION_KIND)
    payload = case.payload
    workshop_create(
        code=payload["code"],
        name=payload["name"],
        employer_name=payload["employer_name"],
        address=payload.get("address", ""),
        branch=case.branch,
        owner=case.applicant,
        # cases filed before the start date was asked carry none
        started_on=(
            datetime.date.fromisoformat(payload["started_on"])
            if payload.get("started_on")
            else None
        ),
    )


def _route(applicant, payload: dict[str, Any]) -> str:
    return payload.get("branch_code", "")


CASE_KINDS = (
    CaseKind(
        key=REGISTRATION_KIND,
        label="ثبت کارگاه و کارفرما",
        required_documents=(
            ("workshop_title", "پروانه یا مدرک مالکیت/اجاره کارگاه"),
            ("employer_identity", "مدرک هویتی کارفرما"),
        ),
        route=_route,
        sla_working_days=7,
        on_decision=registration_decided,
        payload_fields=(
            PayloadField("code", "کد کارگاه", shown_as=CODE),
            PayloadField("name", "نام کارگاه"),
            PayloadField("employer_name", "نام کارفرما"),
            PayloadField("address", "نشانی کارگاه"),
            PayloadField("branch_code", "کد شعبه", shown_as=CODE),
            PayloadField("started_on", "تاریخ شروع فعالیت", shown_as=DATE),
        ),
    ),
)


# --- representatives ---------------------------------------------------------------


def _require_owner(*, actor, workshop: Workshop) -> None:
    if not Representative.objects.filter(
        user=actor, workshop=workshop, role=RepresentativeRole.OWNER, is_active=True
    ).exists():
        raise ApplicationError(
            _("فقط کارفرمای کارگاه می‌تواند نمایندگان را تعیین کند."), code="not_owner"
        )


@transaction.atomic
def representative_add(
    *, actor, workshop: Workshop, national_code: str, role: str = RepresentativeRole.ACCOUNTANT
) -> Representative:
    """The owner lets a person (who must have an account) act for the workshop."""
    _require_owner(actor=actor, workshop=workshop)
    if role not in RepresentativeRole.values:
        raise ApplicationError(_("سمت نامعتبر است."), code="invalid_role")
    national_code = normalize_national_code(national_code or "")
    person = get_user_model().objects.filter(national_code=national_code, is_active=True).first()
    if person is None:
        raise ApplicationError(
            _("کسی با این کد ملی در سامانه حساب کاربری ندارد؛ ابتدا باید ثبت‌نام کند."),
            code="no_account",
        )
    row = Representative.objects.select_for_update().filter(user=person, workshop=workshop).first()
    if row is not None and row.is_active:
        raise ApplicationError(
            _("این شخص هم‌اکنون نماینده این کارگاه است."), code="already_representative"
        )
    before = {}
    if row is None:
        row = Representative(user=person, workshop=workshop, role=role)
        _validated(row)
        row.save(force_insert=True)
    else:
        before = {"role": row.role, "is_active": False}
        row.role = role
        row.is_active = True
        _validated(row)
        row.save(update_fields=["role", "is_active", "updated_at"])
    user_role_grant(user=person, role=Role.EMPLOYER)
    audit_record(
        action="employers.representative_added",
        actor=actor,
        target=row,
        before=before,
        after={"role": row.role, "is_active": True, "workshop": workshop.pk},
    )
    return row


@transaction.atomic
def representative_remove(*, actor, workshop: Workshop, representative_id: int) -> Representative:
    """The owner stops a representative; an owner cannot remove themselves."""
    _require_owner(actor=actor, workshop=workshop)
    row = (
        Representative.objects.select_for_update()
        .filter(pk=representative_id, workshop=workshop, is_active=True)
        .first()
    )
    if row is None:
        raise ApplicationError(_("نماینده پیدا نشد."), code="representative_unknown")
    if row.role == RepresentativeRole.OWNER:
        raise ApplicationError(
            _("کارفرما را نمی‌توان از کارگاه حذف کرد."), code="owner_not_removable"
        )
    row.is_active = False
    row.save(update_fields=["is_active", "updated_at"])
    audit_record(
        action="employers.representative_removed",
        actor=actor,
        target=row,
        before={"is_active": True},
        after={"is_active": False},
    )
    return row


# --- e-notification (branch staff) ---------------------------------------------------


@transaction.atomic
def e_notification_opt_in_record(
    *, staff_user, workshop: Workshop, signed_on: datetime.date | None, opt_in: bool = True
) -> Workshop:
    """Record the signed paper commitment (opt-in) or its withdrawal (opt-out)."""
    staff_membership_get(user=staff_user, branch_id=workshop.branch_id)  # 404 for other branches
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if opt_in and signed_on is None:
        raise ApplicationError(_("تاریخ امضای تعهدنامه را وارد کنید."), code="signed_on_required")
    if signed_on is not None and signed_on > timezone.localdate():
        raise ApplicationError(
            _("تاریخ امضای تعهدنامه نمی‌تواند در آینده باشد."), code="signed_on_future"
        )
    before = {
        "opt_in": workshop.e_notification_opt_in,
        "signed_on": str(workshop.e_notification_form_signed_on or ""),
    }
    workshop.e_notification_opt_in = opt_in
    workshop.e_notification_form_signed_on = signed_on if opt_in else None
    workshop.e_notification_recorded_by = staff_user
    _validated(workshop)
    workshop.save(
        update_fields=[
            "e_notification_opt_in",
            "e_notification_form_signed_on",
            "e_notification_recorded_by",
            "updated_at",
        ]
    )
    audit_record(
        action="employers.e_notification_opt_in" if opt_in else "employers.e_notification_opt_out",
        actor=staff_user,
        target=workshop,
        before=before,
        after={"opt_in": opt_in, "signed_on": str(workshop.e_notification_form_signed_on or "")},
    )
    return workshop


# --- new worker --------------------------------------------------------------------


@dataclass(frozen=True)
class WorkerRegistration:
    insurance_number: str
    already_insured: bool
    full_name: str


@transaction.atomic
def worker_register(
    *,
    actor,
    workshop: Workshop,
    national_code: str,
    first_name: str,
    last_name: str,
    father_name: str,
    birth_date: datetime.date,
    sex: str,
    nationality: str,
) -> WorkerRegistration:
    """A new insurance number for a person who has none; the existing number if they have one."""
    if not Representative.objects.filter(user=actor, workshop=workshop, is_active=True).exists():
        raise ApplicationError(_("شما نماینده این کارگاه نیستید."), code="not_representative")
    national_code = normalize_national_code(national_code or "")
    existing = insured_person_by_national_code(national_code=national_code)
    if existing is not None:
        return WorkerRegistration(
            insurance_number=existing.insurance_number,
            already_insured=True,
            full_name=existing.full_name,
        )
    person = insured_person_register_ref(
        national_code=national_code,
        first_name=first_name,
        last_name=last_name,
        father_name=father_name,
        birth_date=birth_date,
        sex=sex,
        nationality=nationality,
        residence_branch=None,
        actor=actor,
    )
    audit_record(
        action="employers.worker_registered",
        actor=actor,
        target=workshop,
        after={"insurance_number": person.insurance_number, "national_code": national_code},
    )
    return WorkerRegistration(
        insurance_number=person.insurance_number,
        already_insured=False,
        full_name=person.full_name,
    )
