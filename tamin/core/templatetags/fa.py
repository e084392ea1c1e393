"""Template filters for Persian display; loaded as a builtin in every template.

One way to write each kind of value:
{{ value|jdate }} {{ value|jdate_long }} {{ value|jdatetime }}  Jalali dates
{{ n|fa }}          Persian digits, no grouping (a year, a day count, a page number)
{{ n|number }}      a quantity: «۱۲٬۰۴۰٬۰۰۰», «۳۵٫۱۶» (Persian separators)
{{ amount|rial }}   «۱۲٬۰۴۰٬۰۰۰ ریال»; |rial_number without the unit
{{ size|filesize }} «۱۲۰ کیلوبایت»
{{ value|code }}    an identifier (national code, Sheba, insurance number, workshop code,
                    tracking or booking code, bank reference, USSD code): written left to
                    right in an isolated <bdi dir="ltr" class="code">, so «*۱۴۲۰*۴#» reads
                    as dialled inside a Persian line; its digits are Persian like the rest.
"""

from decimal import Decimal

from django import template
from django.utils.html import format_html

from tamin.core import jalali

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


@register.filter
def code(value):
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr" class="code">{}</bdi>', jalali.persian_digits(value))
