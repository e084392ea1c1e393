"""۱ استعلام‌ها: last record, treatment eligibility, insurance relationship, employer debt,
last pension — each read through its app's selector (the same the web pages and the app
API read), each answered only to a person in that role, else a polite screen."""

from __future__ import annotations

from django.utils import timezone

from employers.selectors import debt_overview_for_user
from insured.selectors import insured_person_for_user
from insured.selectors.dependents import treatment_eligibility_for_person
from insured.selectors.inquiries import relationship_for_person
from insured.selectors.records import record_last
from pensioners.selectors.payslips import payslip_last_card_for_user
from pensioners.selectors.pensions import pensioner_for_user
from tamin.core.jalali import format_code, format_number, format_rial, persian_digits
from tamin.ussd.nodes.base import Ctx, Node, Screen, Text, node

NOT_INSURED = "این استعلام ویژه بیمه‌شدگان است؛ پرونده بیمه‌ای شما پیدا نشد."
NOT_EMPLOYER = "این گزینه ویژه کارفرمایان است؛ کارگاهی به نام شما ثبت نیست."
NOT_PENSIONER = "این استعلام ویژه مستمری‌بگیران است؛ مستمری شما ثبت نشده است."


def _fa(text: str) -> str:
    return persian_digits(text or "")


@node
class LastRecord(Node):
    name = "last_record"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        person = insured_person_for_user(user=ctx.user)
        if person is None:
            return Text((NOT_INSURED,))
        ctx.inquiry_audit(args, "last_record")
        last = record_last(insured=person)
        if last is None:
            return Text(("سابقه‌ای با روز کارکرد برای شما ثبت نشده است.",))
        blocks = [
            f"آخرین سابقه: {last.month_label}",
            f"کارکرد: {format_number(last.days)} روز از {format_number(last.month_days)}",
        ]
        if last.wage is not None:
            blocks.append(f"دستمزد: {format_rial(last.wage)}")
        blocks += [
            f"کارگاه: {_fa(last.workshop_name)}",
            f"کد کارگاه: {format_code(last.workshop_code)}",
        ]
        others = sum(1 for w in last.workshops if w.days > 0) - 1
        if others > 0:
            blocks.append(f"و {format_number(others)} کارگاه دیگر در همین ماه")
        return Text(tuple(blocks))


@node
class Eligibility(Node):
    name = "eligibility"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        person = insured_person_for_user(user=ctx.user)
        if person is None:
            return Text((NOT_INSURED,))
        ctx.inquiry_audit(args, "eligibility")
        result = treatment_eligibility_for_person(person=person, on=timezone.localdate())
        if result is None:
            return Text(("ضوابط استحقاق درمان امسال ثبت نشده؛ بررسی فعلاً ممکن نیست.",))
        if result.eligible:
            return Text(("شما و افراد تبعی تحت پوشش‌تان استحقاق درمان دارید.",))
        return Text(("استحقاق درمان ندارید؛ افراد تبعی شما هم ندارند.", *map(_fa, result.reasons)))


@node
class Relationship(Node):
    name = "relationship"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        person = insured_person_for_user(user=ctx.user)
        if person is None:
            return Text((NOT_INSURED,))
        ctx.inquiry_audit(args, "relationship")
        relationship = relationship_for_person(person=person)
        if relationship.last_year is None:
            return Text(("رابطه بیمه‌ای: ندارید", "سابقه‌ای برای شما ثبت نشده است."))
        state = "فعال" if relationship.is_active else "غیرفعال"
        blocks = [
            f"رابطه بیمه‌ای: {state}",
            f"آخرین ماه ثبت‌شده: {relationship.last_period_label}",
        ]
        blocks += [f"کارگاه: {_fa(w.name)} ({format_code(w.code)})" for w in relationship.workshops]
        return Text(tuple(blocks))


@node
class EmployerDebt(Node):
    name = "employer_debt"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        if "blocks" not in args:
            overview = debt_overview_for_user(user=ctx.user, today=timezone.localdate())
            if not overview:
                return Text((NOT_EMPLOYER,))
            ctx.inquiry_audit(args, "employer_debt")
            args["blocks"] = [
                f"{_fa(w.name)} ({format_code(w.code)})\n"
                f"برآوردی: {format_rial(w.estimated)}\n"
                f"قطعی: {format_rial(w.final)}"
                for w in overview
            ]
        return Text(("بدهی کارگاه‌ها", *args["blocks"]))


@node
class PensionLast(Node):
    name = "pension_last"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        if pensioner_for_user(user=ctx.user) is None:
            return Text((NOT_PENSIONER,))
        ctx.inquiry_audit(args, "pension_last")
        card = payslip_last_card_for_user(user=ctx.user)
        if card is None:
            return Text(("فیش مستمری برای شما صادر نشده است.",))
        return Text((f"آخرین مستمری: {card.period}", f"خالص پرداختی: {format_rial(card.net)}"))
