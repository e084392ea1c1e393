"""Template filters for Persian display; loaded as a builtin in every template.

One way to write each kind of value:
{{ value|jdate }} {{ value|jdate_long }} {{ value|jdatetime }}  Jalali dates
{{ n|fa }}          Persian digits, no grouping (a year, a day count, a page number)
{{ n|number }}      a quantity: «۱۲٬۰۴۰٬۰۰۰», «۳۵٫۱۶» (Persian separators)
{{ amount|rial }}   «۱۲٬۰۴۰٬۰۰۰ ریال»; |rial_number without the unit
{{ amount|rial_words }}  the amount in Persian words: «یکصد و بیست میلیون ریال»
{{ size|filesize }} «۱۲۰ کیلوبایت»
{{ value|code }}    an identifier (national code, Sheba, insurance number, workshop code,
                    tracking or booking code, bank reference, USSD code): written left to
                    right in an isolated <bdi dir="ltr" class="code">, so «*۱۴۲۰*۴#» reads
                    as dialled inside a Persian line. A code of digits (and symbols) takes
                    Persian digits like the rest of the page; one with Latin letters (a
                    Sheba, a booking code) stays exactly as typed.
{{ text|codes_isolated }}  plain text (a message body) with each such code or Latin token
                    inside it isolated the same way.
"""

import re
from decimal import Decimal

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, mark_safe

from tamin.core import jalali
from tamin.core.words import number_to_words

register = template.Library()

_KILOBYTE = 1024
_MEGABYTE = 1024 * 1024


@register.filter
def jdate(value):
    return jalali.format_jalali_date(value)


@register.filter
def jdate_long(value):
    return jalali.format_jalali_date(value, long=True)


@register.filter
def jdatetime(value):
    return jalali.format_jalali_datetime(value)


@register.filter(name="fa")
def fa_digits(value):
    if value is None:
        return ""
    if isinstance(value, float | Decimal):
        return jalali.format_number(value, grouped=False)  # «۴٫۰», not «۴.۰»
    return jalali.persian_digits(value)


@register.filter
def number(value):
    if value is None or value == "":
        return ""
    return jalali.format_number(value)


@register.filter
def rial(value):
    return jalali.format_rial(value)


@register.filter
def rial_number(value):
    return jalali.format_rial(value, with_unit=False)


@register.filter
def rial_words(value):
    """«یکصد و بیست میلیون ریال» (tamin.core.words)."""
    if value is None or value == "":
        return ""
    return f"{number_to_words(int(value))} ریال"


@register.filter
def filesize(value):
    """Bytes in Persian units: «۸۰۰ بایت», «۱۲۰ کیلوبایت», «۱٫۵ مگابایت»."""
    if value is None:
        return ""
    size = int(value)
    if size < _KILOBYTE:
        return f"{jalali.format_number(size)} بایت"
    if size < _MEGABYTE:
        return f"{jalali.format_number(round(size / _KILOBYTE))} کیلوبایت"
    megabytes = Decimal(size) / _MEGABYTE
    return f"{jalali.format_number(megabytes.quantize(Decimal('0.1')).normalize())} مگابایت"


# A run that may be a code: Latin letters, any digits and the symbols codes carry.
_CODE_RUN = re.compile(r"[A-Za-z0-9۰-۹*#+\-/._@:]+")
# What makes a run left-to-right: a Latin letter or digit, or a dialling symbol. Persian
# numbers, dates (۱۴۰۴/۰۹/۰۴) and times (۰۹:۳۰) read well in a Persian line as they are.
_LEFT_TO_RIGHT = re.compile(r"[A-Za-z0-9*#]")


def _code_html(text: str) -> str:
    return format_html('<bdi dir="ltr" class="code">{}</bdi>', text)


@register.filter
def code(value):
    if value is None or value == "":
        return ""
    return _code_html(jalali.format_code(value))


@register.filter
def codes_isolated(value):
    if value is None:
        return ""
    if isinstance(value, SafeData):  # already HTML (e.g. upload_help_text): its codes are isolated
        return value
    text = str(value)
    pieces, position = [], 0
    for run in _CODE_RUN.finditer(text):
        token = run.group().rstrip(".:-/")  # sentence punctuation after a code is not part of it
        if not _LEFT_TO_RIGHT.search(token):
            continue
        pieces += [escape(text[position : run.start()]), _code_html(jalali.format_code(token))]
        position = run.start() + len(token)
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above
