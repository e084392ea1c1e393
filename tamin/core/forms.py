"""Form fields for what people type at the edge: identifiers, digits, Jalali dates, text.

Each field normalizes once (Persian and Arabic-Indic digits to ASCII) and refuses the
rest with a Persian message, so a view never sees a fullwidth digit, a NUL byte or a
year jdatetime cannot hold. Models and services keep their own checks; these fields
only make sure bad shapes come back as form errors instead of 500s further down.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from tamin.core.identifiers import (
    INT32_MAX,
    has_control_characters,
    normalize_digits,
    normalize_mobile,
    normalize_national_code,
    validate_mobile,
    validate_national_code,
)
from tamin.core.jalali import JALALI_YEAR_MAX, JALALI_YEAR_MIN, parse_jalali_date

CONTROL_CHARACTERS_MESSAGE = _("این متن نویسه‌های نامعتبر دارد.")

# The formats every upload takes (branches.services.documents checks the content), for a
# Persian sentence: the names isolated left to right so they read as names, not as words.
UPLOAD_FORMATS_HTML: SafeString = mark_safe(
    '<bdi dir="ltr">PDF</bdi>، <bdi dir="ltr">JPEG</bdi> یا <bdi dir="ltr">PNG</bdi>'
)


def upload_help_text(sentence: str, **values) -> SafeString:
    """A help text naming the upload formats: `sentence` holds «{formats}» (and other names)."""
    return format_html(sentence, formats=UPLOAD_FORMATS_HTML, **values)


def refuse_control_characters(value: str) -> None:
    """Single-line text: no control characters at all (NUL, escape, line breaks…)."""
    if has_control_characters(value):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")


def refuse_control_characters_multiline(value: str) -> None:
    """Multi-line text: tabs and line breaks are fine, other control characters are not."""
    if has_control_characters(value, allow_line_breaks=True):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")


class PlainTextField(forms.CharField):
    """A CharField that also refuses control characters (Django refuses only NUL)."""

    def __init__(self, *, multiline: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(
            refuse_control_characters_multiline if multiline else refuse_control_characters
        )


class NationalCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("کد ملی"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "username", "dir": "ltr"})

    def clean(self, value):
        value = normalize_national_code(super().clean(value))
        validate_national_code(value)
        return value


class MobileField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("شماره تلفن همراه"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("مثلاً ۰۹۱۲۱۲۳۴۵۶۷"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"})

    def clean(self, value):
        value = normalize_mobile(super().clean(value))
        validate_mobile(value)
        return value


class DigitsField(forms.CharField):
    """A code made of digits (workshop code, SMS code…), returned as ASCII digits.

    Spaces, dashes and ZWNJ people paste are dropped; `length` fixes the number of
    digits, or `min_digits`/`max_digits` bound it.
    """

    def __init__(
        self,
        *,
        length: int | None = None,
        min_digits: int = 1,
        max_digits: int | None = None,
        message=None,
        **kwargs,
    ):
        self.min_digits = length or min_digits
        self.max_digits = length or max_digits or 32
        kwargs.setdefault("max_length", self.max_digits + 10)
        super().__init__(**kwargs)
        self.message = message or _("فقط رقم وارد کنید.")
        self.widget.attrs.update({"inputmode": "numeric", "dir": "ltr"})

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return text
        digits = re.sub(r"[\s\-‌]", "", normalize_digits(text))
        pattern = rf"[0-9]{{{self.min_digits},{self.max_digits}}}"
        if not re.fullmatch(pattern, digits, flags=re.ASCII):
            raise ValidationError(self.message, code="digits")
        return digits


class WorkshopCodeField(DigitsField):
    """A workshop code (کد کارگاه): exactly 10 digits, as every form asks for it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("کد کارگاه (۱۰ رقم)"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("message", _("کد کارگاه باید ۱۰ رقم باشد."))
        super().__init__(length=10, **kwargs)


class DigitsIntegerField(forms.IntegerField):
    """A whole number typed with Persian, Arabic-Indic or ASCII digits (and , or ٬ as
    thousands separators); any other digit is invalid. Bounded by default to what a
    PostgreSQL integer column holds, so no lookup or save can overflow."""

    def __init__(self, *, max_value: int | None = INT32_MAX, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(max_value=max_value, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_digits(value).replace(",", "").replace("٬", "")
            if value in self.empty_values:
                return None
            if not re.fullmatch(r"-?[0-9]{1,18}", value, flags=re.ASCII):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class JalaliDateField(forms.CharField):
    """A Jalali date typed as text (۱۴۰۳/۰۱/۱۵); cleaned to a Gregorian `datetime.date`."""

    def __init__(
        self,
        *,
        min_year: int = JALALI_YEAR_MIN,
        max_year: int = JALALI_YEAR_MAX,
        not_in_future: bool = False,
        **kwargs,
    ):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"placeholder": "۱۴۰۳/۰۱/۱۵", "dir": "ltr", "inputmode": "numeric"}
            ),
        )
        super().__init__(**kwargs)
        self.min_year = min_year
        self.max_year = max_year
        self.not_in_future = not_in_future

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        return parse_jalali_date(
            text, min_year=self.min_year, max_year=self.max_year, not_in_future=self.not_in_future
        )
