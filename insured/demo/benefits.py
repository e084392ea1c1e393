"""Demo family of the insured person مریم احمدی (0013542419), for the #13 pages (used by
`manage.py seed_demo` after `insured.demo.records` and `insured.demo.inquiries`).

* Her dependents, declared by her with the documents Art. 58 asks for (`dependent_add`) and
  accepted by the head of her branch 1001, زهرا موسوی (0084575948), on the case
  (`case_start_review` + `case_decide`, as the staff case page does):
  - her husband علی رضایی, born 1342, supported by her (over 60: covered without an end);
  - their son امیر رضایی, who turns 20 about `SON_TURNS_20_IN_DAYS` days after the day the
    demo is seeded, with no student certificate: «افراد تبعی» and «دفترچه درمانی» warn that his
    coverage ends the day before, naming the Jalali dates;
  - their daughter سارا رضایی, 14.
* Her treatment eligibility is her recent months (`insured.demo.records` writes them up to the
  last month), so the booklet page offers the family.

Left for the visitor: the booklet request, and the marriage allowance for her marriage on
`MARRIAGE_JALALI` (1384/02/20, while she worked at «شرکت صنایع غذایی مهرگان»: eligible, with
the working shown) — request it with the two documents and her bank account.

Idempotent: a dependent already declared (any status) is left alone; a declaration left half
done (pending at the branch) is finished. Dates that depend on the day are computed from today.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import jdatetime
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from branches.selectors.cases import case_get_for_kind
from branches.selectors.staff import staff_memberships_for_user
from branches.services.cases import case_decide, case_start_review
from insured.demo.records import RESIDENCE_BRANCH_CODE
from insured.models import InsuredPerson
from insured.models.dependents import InsuredDependent
from insured.selectors.dependents import DEPENDENT_ADD, treatment_eligibility_for_person
from insured.services.dependents import dependent_add as dependent_declare
from insured.services.dependents import dependent_check
from tamin.accounts.models import User
from tamin.core.identifiers import national_code_with_check_digit

INSURED_NATIONAL_CODE = "0013542419"
STAFF_NATIONAL_CODE = "0084575948"  # head of branch 1001 (branches.demo.directory)
MARRIAGE_JALALI = (1384, 2, 20)
SON_TURNS_20_IN_DAYS = 20
DAUGHTER_AGE = 14
ACCEPT_REASON = "مدارک با اصل تطبیق داده شد و طبق ماده ۵۸ تحت پوشش است."

# Case statuses (branches.models.CaseStatus values; that module is branches' own).
FORWARDED, UNDER_REVIEW, ACCEPTED = "forwarded", "under_review", "accepted"

Relation = InsuredDependent.Relation
Status = InsuredDependent.Status


def marriage_date() -> dt.date:
    return jdatetime.date(*MARRIAGE_JALALI).togregorian()


def son_birth_date(today: dt.date) -> dt.date:
    """Twenty Jalali years before a day `SON_TURNS_20_IN_DAYS` days after `today` (a day after
    that when it is Esfand 30, which the year of his birth may not have), so he turns 20 on it."""
    ahead = today + dt.timedelta(days=SON_TURNS_20_IN_DAYS)
    day = jdatetime.date.fromgregorian(date=ahead)
    if (day.month, day.day) == (12, 30):
        day = jdatetime.date.fromgregorian(date=ahead + dt.timedelta(days=1))
    return jdatetime.date(day.year - 20, day.month, day.day).togregorian()


def daughter_birth_date(today: dt.date) -> dt.date:
    year = jdatetime.date.fromgregorian(date=today).year
    return jdatetime.date(year - DAUGHTER_AGE, 6, 15).togregorian()


@dataclass(frozen=True)
class DemoDependent:
    relation: str
    national_code: str
    first_name: str
    last_name: str


HUSBAND = DemoDependent(
    Relation.SPOUSE, national_code_with_check_digit("001354250"), "علی", "رضایی"
)
SON = DemoDependent(Relation.SON, national_code_with_check_digit("001354251"), "امیر", "رضایی")
DAUGHTER = DemoDependent(
    Relation.DAUGHTER, national_code_with_check_digit("001354252"), "سارا", "رضایی"
)
FAMILY = (HUSBAND, SON, DAUGHTER)


def _birth_date(member: DemoDependent, today: dt.date) -> dt.date:
    if member is HUSBAND:
        return jdatetime.date(1342, 4, 10).togregorian()
    if member is SON:
        return son_birth_date(today)
    return daughter_birth_date(today)


def _pdf(name: str) -> SimpleUploadedFile:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(f"{name}.pdf", buffer.getvalue(), content_type="application/pdf")


def _declare(*, user: User, person: InsuredPerson, member: DemoDependent, today: dt.date):
    birth_date = _birth_date(member, today)
    coverage = dependent_check(
        person=person, relation=member.relation, birth_date=birth_date, on=today
    )
    return dependent_declare(
        user=user,
        person=person,
        relation=member.relation,
        national_code=member.national_code,
        first_name=member.first_name,
        last_name=member.last_name,
        birth_date=birth_date,
        documents=[(proof, _pdf(proof)) for proof in coverage.needs_proof],
    )


def _accept(*, dependent: InsuredDependent, staff: User) -> None:
    """Finish the branch's part of a pending declaration, as the staff case page would."""
    case = case_get_for_kind(case_id=dependent.added_case_id, kind=DEPENDENT_ADD)
    if case.status == FORWARDED:
        case = case_start_review(case=case, actor=staff)
    if case.status == UNDER_REVIEW:
        case_decide(case=case, actor=staff, status=ACCEPTED, reason=ACCEPT_REASON)


@transaction.atomic
def seed(stdout) -> None:
    person = InsuredPerson.objects.filter(national_code=INSURED_NATIONAL_CODE).first()
    user = User.objects.filter(national_code=INSURED_NATIONAL_CODE).first()
    staff = User.objects.filter(national_code=STAFF_NATIONAL_CODE).first()
    if (
        person is None
        or user is None
        or staff is None
        or not staff_memberships_for_user(user=staff)
        .filter(branch__code=RESIDENCE_BRANCH_CODE)
        .exists()
    ):
        stdout.write(
            "  benefits: the demo insured person, her branch or its staff are missing; skipped\n"
        )
        return
    today = timezone.localdate()
    added = []
    for member in FAMILY:
        dependent = (
            InsuredDependent.objects.filter(person=person, national_code=member.national_code)
            .order_by("-created_at", "-id")
            .first()
        )
        if dependent is None:
            dependent = _declare(user=user, person=person, member=member, today=today)
            added.append(member.first_name)
        if dependent.status == Status.PENDING:
            _accept(dependent=dependent, staff=staff)
    eligibility = treatment_eligibility_for_person(person=person, on=today)
    stdout.write(
        f"  benefits: dependents of {INSURED_NATIONAL_CODE}: "
        + (f"{', '.join(added)} declared and accepted" if added else "already present")
        + f"; treatment eligibility: {'yes' if eligibility and eligibility.eligible else 'NO'}\n"
    )
