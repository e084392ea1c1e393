"""The main menu and the fixed menus under it (DOMAIN.md §1)."""

from __future__ import annotations

from tamin.ussd.nodes.base import Ctx, Menu, MenuNode, Screen, node

MAIN = "main"
TITLE = "تأمین اجتماعی"


@node
class MainMenu(MenuNode):
    name = MAIN
    title = TITLE
    options = (
        ("1", "استعلام‌ها", "inquiries"),
        ("2", "خدمات", "services"),
        ("3", "نوبت شعبه", "appointments"),
        ("4", "پرداخت حق بیمه", "payment"),
        ("5", "قوانین و بخشنامه‌ها", "laws"),
        ("6", "پرسش‌ها", "questions"),
        ("7", "درباره سازمان", "about"),
    )

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        menu = super().screen(ctx, args)
        # A note for this visit (a session that had expired) stands in for the title.
        return Menu(args.get("note") or TITLE, menu.options)


@node
class InquiriesMenu(MenuNode):
    name = "inquiries"
    title = "استعلام‌ها"
    options = (
        ("1", "آخرین سابقه", "last_record"),
        ("2", "استحقاق درمان", "eligibility"),
        ("3", "رابطه بیمه‌ای", "relationship"),
        ("4", "بدهی کارفرما", "employer_debt"),
        ("5", "آخرین مستمری", "pension_last"),
    )


@node
class ServicesMenu(MenuNode):
    name = "services"
    title = "خدمات"
    options = (
        ("1", "نمونه فرم‌ها", "forms"),
        ("2", "دستمزد پایه سال", "min_wage"),
    )


@node
class AppointmentsMenu(MenuNode):
    name = "appointments"
    title = "نوبت شعبه"
    options = (
        ("1", "گرفتن نوبت", "appt_places"),
        ("2", "نوبت‌های من و لغو", "appt_mine"),
    )


@node
class QuestionsMenu(MenuNode):
    name = "questions"
    title = "پرسش‌ها"
    options = (
        ("1", "پرسش‌های متداول", "faq"),
        ("2", "طرح پرسش", "ask"),
    )
