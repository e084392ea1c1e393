"""Insurance requests of Iranians abroad (بیمه ایرانیان خارج از کشور), reviewed as branch cases.

    any signed-in account files (package, country, passport number, sex, branch, documents)
        ──▶ the quote of the day (`tamin.rules.benefits.abroad_premium`: age within the
            package's ages, 18–50 as seeded; monthly premium = rate × wage base, half up)
        ──▶ case `insured_abroad_request` at the chosen branch (default: the lowest-code main
            branch of Tehran, `insured.selectors.abroad.abroad_default_branch_code`), documents
            attached and submitted — forwarded, or held while the passport or the residence
            proof is missing
        ──▶ AbroadRequest (the applicant and the quote as of that day)
    branch accepts ──▶ `abroad_request_decided` (inside the decision's transaction): the
        applicant is registered as an insured person unless one with their national code
        exists (`insured_person_register`: a new insurance number), gets the insured role,
        and is told the number and the premium by SMS and inbox (`insured_abroad_accepted`),
        beside branches' own decision message.

Refused with a Persian message, nothing stored: an account without a birth date or a name,
an age outside the package's, a package not in force, a second open request, a passport
number or a country that is not one, a branch that takes no request, a bad file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.registry import CODE, DATE, HIDDEN, NUMBER, RIAL, CaseKind, PayloadField
from branches.selectors.cases import case_get_for_kind
from branches.services.cases import case_create_draft, case_document_add, case_submit
from branches.services.documents import UploadToCheck, documents_precheck
from insured.models import InsuredPerson, Sex
from insured.models.abroad import AbroadRequest
from insured.selectors.abroad import (
    abroad_applicant_for_user,
    abroad_branches,
    abroad_default_branch_code,
    abroad_packages_in_force,
    abroad_quote,
    abroad_year,
)
from insured.services.records import insured_person_register
from notifications.services import notify
from tamin.accounts.models import Role
from tamin.accounts.services import user_role_grant
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import has_control_characters, normalize_digits
from tamin.core.jalali import format_code, format_rial, persian_digits
from tamin.core.services import audit_record

CASE_KIND = "insured_abroad_request"
PASSPORT = "passport"
RESIDENCE_PROOF = "residence_proof"
REQUIRED_DOCUMENTS = (
    (PASSPORT, "تصویر صفحه مشخصات گذرنامه"),
    (RESIDENCE_PROOF, "مدرک اقامت در کشور محل سکونت (اجازه اقامت، ویزا یا کارت اقامت)"),
)
MAX_DOCUMENTS = 10
SLA_WORKING_DAYS = 15
# An Iranian passport number: one or two Latin letters and 6-9 digits [to confirm]; kept
# ASCII, upper case, without spaces.
PASSPORT_PATTERN = re.compile(r"[A-Z]{1,2}[0-9]{6,9}", flags=re.ASCII)
# A country's name as people write it: letters (Persian or Latin), spaces, ZWNJ, hyphens.
COUNTRY_PATTERN = re.compile(r"[^\W\d_](?:[^\W\d_]|[ \-\u200c])*")
COUNTRY_MAX = 60
FATHER_NAME_MAX = 60


# --- routing: the branch the applicant chose --------------------------------------------------


def route_to_chosen_branch(applicant, payload: dict[str, Any]) -> str:
    """`CaseKind.route`: the branch code the filing checked (an active main branch)."""
    return str(payload["branch_code"])


# --- checks ---------------------------------------------------------------------------------


def passport_number_clean(value: str) -> str:
    """«k 1234 5678» → «K12345678»; a Persian refusal for anything that is not one."""
    text = normalize_digits(value or "").upper().replace(" ", "").replace("-", "")
    if not PASSPORT_PATTERN.fullmatch(text):
        raise ApplicationError(
            _("شماره گذرنامه باید یک یا دو حرف لاتین و پس از آن ۶ تا ۹ رقم باشد، مانند K12345678."),
            code="abroad_passport",
            extra={"field": "passport_number"},
        )
    return text


def country_clean(value: str) -> str:
    text = " ".join((value or "").split())
    if (
        not 2 <= len(text) <= COUNTRY_MAX
        or has_control_characters(text)
        or not COUNTRY_PATTERN.fullmatch(text)
    ):
        raise ApplicationError(
            _("نام کشور محل اقامت را با حروف بنویسید (مانند «آلمان»)."),
            code="abroad_country",
            extra={"field": "country"},
        )
    return text


def _branch_code(value: str | None) -> str:
    branches = list(abroad_branches())
    code = (value or "").strip() or abroad_default_branch_code(branches)
    if code is None or code not in {branch.code for branch in branches}:
        raise ApplicationError(
            _("شعبه انتخاب‌شده درخواست بیمه ایرانیان خارج از کشور را نمی‌پذیرد."),
            code="abroad_branch",
            extra={"field": "branch_code"},
        )
    return code


def _documents_checked(documents: Sequence[tuple[str, UploadedFile]]) -> None:
    documents_precheck(
        uploads=[UploadToCheck(upload=upload, field=kind) for kind, upload in documents],
        max_documents=MAX_DOCUMENTS,
        too_many_code="abroad_too_many_documents",
    )


def _lock_applicant(user) -> None:
    """One filing at a time per account: a double submit waits here, then sees the first."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk").first()


# --- filing ---------------------------------------------------------------------------------


@transaction.atomic
def abroad_request_file(
    *,
    user,
    package_code: str,
    country: str,
    passport_number: str,
    sex: str,
    father_name: str = "",
    branch_code: str | None = None,
    documents: Sequence[tuple[str, UploadedFile]] = (),
    on: dt.date | None = None,
) -> AbroadRequest:
    """File the request with its documents; returns it (its case forwarded or held)."""
    on = on or timezone.localdate()
    if not getattr(user, "is_authenticated", False):
        raise ApplicationError(_("برای این درخواست وارد شوید."), code="abroad_sign_in")
    _lock_applicant(user)
    applicant = abroad_applicant_for_user(user=user)
    if applicant.missing:
        raise ApplicationError(
            " ".join(applicant.missing)
            + " "
            + _("برای درست کردن آن با مرکز تماس ۱۴۲۰ تماس بگیرید."),
            code="abroad_account_incomplete",
        )
    open_request = (
        AbroadRequest.objects.filter(applicant=user)
        .exclude(case__status__in=("accepted", "rejected", "closed"))
        .select_related("case")
        .first()
    )
    if open_request is not None:
        raise ApplicationError(
            _(
                "درخواست بیمه ایرانیان خارج از کشور شما با کد رهگیری %(code)s هنوز باز است؛ "
                "تا تصمیم شعبه درباره آن، درخواست تازه ممکن نیست."
            )
            % {"code": format_code(open_request.case.tracking_code)},
            code="abroad_open_request",
        )
    package = next((p for p in abroad_packages_in_force(on=on) if p.code == package_code), None)
    if package is None:
        raise ApplicationError(
            _("این طرح امسال ارائه نمی‌شود؛ یکی از طرح‌های فهرست را انتخاب کنید."),
            code="abroad_package_unknown",
            extra={"field": "package_code"},
        )
    quote = abroad_quote(applicant=applicant, package=package, on=on)
    if quote is None or not quote.eligible:
        reasons = quote.reasons if quote is not None else ()
        raise ApplicationError(
            " ".join(reasons) or _("تاریخ تولد حساب شما معتبر نیست."), code="abroad_age"
        )
    if sex not in Sex.values:
        raise ApplicationError(
            _("جنسیت را انتخاب کنید."), code="abroad_sex", extra={"field": "sex"}
        )
    country = country_clean(country)
    passport_number = passport_number_clean(passport_number)
    father_name = " ".join((father_name or "").split())[:FATHER_NAME_MAX]
    if has_control_characters(father_name):
        raise ApplicationError(
            _("نام پدر نویسه‌های نامعتبر دارد."),
            code="abroad_father_name",
            extra={"field": "father_name"},
        )
    branch_code = _branch_code(branch_code)
    documents = list(documents)
    _documents_checked(documents)

    name = f"{applicant.first_name} {applicant.last_name}"
    subject = _("بیمه ایرانیان خارج از کشور — %(name)s، %(country)s، طرح «%(package)s»") % {
        "name": name,
        "country": country,
        "package": package.label,
    }
    payload = {
        "branch_code": branch_code,
        "national_code": applicant.national_code,
        "name": name,
        "father_name": father_name,
        "birth_date": applicant.birth_date.isoformat(),
        "age": quote.age,
        "sex": str(Sex(sex).label),
        "country": country,
        "passport_number": passport_number,
        "package": package.label,
        "wage_base": package.wage_base,
        "rate_permille": package.rate_permille,
        "monthly_premium": quote.monthly_premium,
    }
    case = case_create_draft(applicant=user, kind=CASE_KIND, subject=subject, payload=payload)
    for document_type, upload in documents:
        case_document_add(case=case, uploaded_by=user, document_type=document_type, upload=upload)
    case = case_submit(case=case, actor=user)
    request = AbroadRequest(
        applicant=user,
        case=case,
        national_code=applicant.national_code,
        first_name=applicant.first_name,
        last_name=applicant.last_name,
        father_name=father_name,
        birth_date=applicant.birth_date,
        sex=sex,
        country=country,
        passport_number=passport_number,
        package_year=abroad_year(on=on),
        package_code=package.code,
        package_label=package.label,
        wage_base=package.wage_base,
        rate_permille=package.rate_permille,
        monthly_premium=quote.monthly_premium,
        age=quote.age,
    )
    request.full_clean(exclude=["case"])
    request.save(force_insert=True)
    audit_record(
        action="insured.abroad_requested",
        actor=user,
        target=request,
        after={
            "package": package.code,
            "monthly_premium": quote.monthly_premium,
            "case_status": case.status,
        },
        detail={"tracking_code": case.tracking_code, "documents": len(documents)},
    )
    return request


# --- the branch's decision ---------------------------------------------------------------------


def abroad_request_decided(case_id: int, status: str) -> None:
    """`CaseKind.on_decision`: on acceptance register the applicant as an insured person
    (unless one with their national code exists), grant the insured role and tell them."""
    if status != "accepted":
        return
    case = case_get_for_kind(case_id=case_id, kind=CASE_KIND)
    request = AbroadRequest.objects.select_for_update().filter(case_id=case.pk).first()
    if request is None:
        raise ApplicationError(
            _("درخواست بیمه ایرانیان خارج از کشور این پرونده پیدا نشد."), code="abroad_unknown"
        )
    if request.person_id is not None:
        return  # already applied
    if request.national_code != case.applicant.national_code:
        raise ApplicationError(_("کد ملی متقاضی با درخواست یکی نیست."), code="abroad_mismatch")
    person = InsuredPerson.objects.filter(national_code=request.national_code).first()
    registered_new = person is None
    if person is None:
        person = insured_person_register(
            national_code=request.national_code,
            first_name=request.first_name,
            last_name=request.last_name,
            father_name=request.father_name,
            birth_date=request.birth_date,
            sex=request.sex,
            nationality="ایرانی",
            residence_branch=case.branch,
            actor=case.decided_by,
        )
    user_role_grant(user=case.applicant, role=Role.INSURED)
    request.person = person
    request.registered_new = registered_new
    request.save(update_fields=["person", "registered_new", "updated_at"])
    audit_record(
        action="insured.abroad_accepted",
        actor=case.decided_by,
        target=request,
        after={"person": person.pk, "registered_new": registered_new},
        detail={"tracking_code": case.tracking_code, "insurance_number": person.insurance_number},
    )
    notify(
        recipient=case.applicant,
        template_key="insured_abroad_accepted",
        context={
            "tracking_code": format_code(case.tracking_code),
            "insurance_number": format_code(person.insurance_number),
            "package_label": persian_digits(request.package_label),
            "monthly_premium": format_rial(request.monthly_premium),
            "branch_name": case.branch.name,
        },
        channels=["sms", "inbox"],
        idempotency_key=f"abroad:{request.pk}:accepted",
    )


# --- the kind (registered from insured.kinds) ---------------------------------------------------

CASE_KINDS = (
    CaseKind(
        key=CASE_KIND,
        label="بیمه ایرانیان خارج از کشور",
        route=route_to_chosen_branch,
        required_documents=REQUIRED_DOCUMENTS,
        sla_working_days=SLA_WORKING_DAYS,
        on_decision=abroad_request_decided,
        document_limit=lambda: MAX_DOCUMENTS,
        payload_fields=(
            PayloadField("branch_code", "شعبه", shown_as=HIDDEN),
            PayloadField("national_code", "کد ملی", shown_as=CODE),
            PayloadField("name", "نام و نام خانوادگی"),
            PayloadField("father_name", "نام پدر"),
            PayloadField("birth_date", "تاریخ تولد", shown_as=DATE),
            PayloadField("age", "سن در روز درخواست", shown_as=NUMBER),
            PayloadField("sex", "جنسیت"),
            PayloadField("country", "کشور محل اقامت"),
            PayloadField("passport_number", "شماره گذرنامه", shown_as=CODE),
            PayloadField("package", "طرح"),
            PayloadField("wage_base", "دستمزد مبنا", shown_as=RIAL),
            PayloadField("rate_permille", "نرخ حق بیمه (در هزار)", shown_as=NUMBER),
            PayloadField("monthly_premium", "حق بیمه ماهانه", shown_as=RIAL),
        ),
    ),
)
