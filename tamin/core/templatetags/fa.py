"""Template filters for Persian display; loaded as a builtin in every template.

{{ value|jdate }} {{ value|jdate_long }} {{ value|jdatetime }} {{ n|fa }} {{ amount|rial }}
"""

from django import template

from tamin.core import jalali

register = template.Library()


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
    return "" if value is None else jalali.persian_digits(value)


@register.filter
def rial(value):
    return jalali.format_rial(value)


@register.filter
def rial_number(value):
    return jalali.format_rial(value, with_unit=False)
