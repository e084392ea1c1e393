"""۲ خدمات: the sample forms' titles (downloaded from the portal) and the year's minimum
wage from the rules' per-year table (a year not published yet says so)."""

from __future__ import annotations

from tamin.content.selectors import sample_form_list
from tamin.core.jalali import format_code, format_rial, persian_digits, today_jalali
from tamin.rules.premiums import premium_rates
from tamin.ussd.nodes.base import Ctx, Node, Screen, Text, node

FORMS_SHOWN = 40


@node
class SampleForms(Node):
    name = "forms"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        if "blocks" not in args:
            args["blocks"] = [
                persian_digits(form.title)
                + (f" (فرم {format_code(form.code)})" if form.code else "")
                for form in sample_form_list()[:FORMS_SHOWN]
            ]
        if not args["blocks"]:
            return Text(("نمونه فرمی منتشر نشده است.",))
        return Text(
            ("نمونه فرم‌ها را از درگاه اینترنتی، بخش «نمونه فرم‌ها» بگیرید:", *args["blocks"])
        )


@node
class MinimumWage(Node):
    name = "min_wage"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        year = today_jalali().year
        rates = premium_rates(year=year)
        if rates is None or not rates.min_monthly_wage:
            return Text((f"دستمزد پایه سال {persian_digits(year)} هنوز اعلام نشده است.",))
        return Text(
            (
                f"حداقل دستمزد سال {persian_digits(year)}",
                f"ماهانه: {format_rial(rates.min_monthly_wage)}",
                f"روزانه: {format_rial(rates.min_daily_wage)}",
            )
        )
