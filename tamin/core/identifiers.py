"""Iranian identifiers: normalizers and validators (rules in shared DOMAIN.md §2).

Every normalizer accepts Persian (۰-۹) and Arabic-Indic (٠-٩) digits and returns
ASCII digits; every validator raises Django's ValidationError with a Persian
message, so the same functions serve model fields, forms and services.

Only those three digit sets are digits here. Python's `\\d`, `str.isdigit()` and
`int()` accept every Unicode digit (fullwidth ０-９, Devanagari, superscripts…),
so patterns on user input use `[0-9]` with `re.ASCII` and never `\\d`: anything
else is left as it is by `normalize_digits` and then refused by the validator.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_DIGIT_TABLE = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


# Control characters (Unicode category Cc) other than tab and line breaks: never part of
# anything a person types; NUL is also refused by PostgreSQL in text and jsonb. The bidi
# embeddings, overrides and isolates (U+202A–202E, U+2066–2069) count too: typed into a name
# or an addressee they reorder what a page or a PDF prints around them. ZWNJ (U+200C, Persian
# spelling) and the plain marks LRM/RLM stay allowed.
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_CONTROL_RE = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{_BIDI_CONTROLS}]")
_CONTROL_OR_BREAK_RE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_BIDI_CONTROLS}]")

# The largest value of a PostgreSQL `integer` column (Django's AutoField/IntegerField).
INT32_MAX = 2**31 - 1


def normalize_digits(value: str) -> str:
    """Persian/Arabic digits to ASCII; strips surrounding whitespace. Other digits stay."""
    return (value or "").translate(_DIGIT_TABLE).strip()


def has_control_characters(value: str, *, allow_line_breaks: bool = False) -> bool:
    pattern = _CONTROL_RE if allow_line_breaks else _CONTROL_OR_BREAK_RE
    return bool(pattern.search(value or ""))


def is_ascii_digits(value: str) -> bool:
    """True for one or more of 0-9 only (what `str.isdigit()` is often mistaken for)."""
    return bool(re.fullmatch(r"[0-9]+", value or "", flags=re.ASCII))


def parse_positive_int(value: object, *, max_value: int = INT32_MAX) -> int | None:
    """A query-string id or page number: Persian/Arabic/ASCII digits, 1..max_value, else None.

    Never raises: a filter that does not parse is simply not applied.
    """
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = normalize_digits(str(value))
    if not is_ascii_digits(text) or len(text) > len(str(max_value)):
        return None
    number = int(text)
    return number if 1 <= number <= max_value else None


def _digits_only(value: str) -> str:
    # People paste codes with dashes or spaces (e.g. "001-234567-8"); drop them.
    return re.sub(r"[\s\-‌]", "", normalize_digits(value))


def national_code_is_valid(code: str) -> bool:
    if not re.fullmatch(r"[0-9]{10}", code, flags=re.ASCII) or len(set(code)) == 1:
        return False
    total = sum(int(code[i]) * (10 - i) for i in range(9))
    remainder = total % 11
    check = int(code[9])
    return check == remainder if remainder < 2 else check == 11 - remainder


def normalize_national_code(value: str) -> str:
    return _digits_only(value)


def validate_national_code(value: str) -> None:
    code = normalize_national_code(value)
    if not re.fullmatch(r"[0-9]{10}", code, flags=re.ASCII):
        raise ValidationError(_("کد ملی باید ۱۰ رقم باشد."), code="national_code_length")
    if not national_code_is_valid(code):
        raise ValidationError(
            _("کد ملی معتبر نیست (رقم کنترل نادرست است)."), code="national_code_checksum"
        )


def national_code_with_check_digit(first_nine: str) -> str:
    """Complete nine digits with the check digit (used by demo data and factories)."""
    total = sum(int(first_nine[i]) * (10 - i) for i in range(9))
    remainder = total % 11
    return first_nine + str(remainder if remainder < 2 else 11 - remainder)


def normalize_mobile(value: str) -> str:
    digits = _digits_only(value)
    if digits.startswith("+98"):
        digits = "0" + digits[3:]
    elif digits.startswith("0098"):
        digits = "0" + digits[4:]
    elif digits.startswith("98") and len(digits) == 12:
        digits = "0" + digits[2:]
    elif digits.startswith("9") and len(digits) == 10:
        digits = "0" + digits
    return digits


def validate_mobile(value: str) -> None:
    if not re.fullmatch(r"09[0-9]{9}", normalize_mobile(value), flags=re.ASCII):
        raise ValidationError(_("شماره تلفن همراه باید به شکل ۰۹xxxxxxxxx باشد."), code="mobile")


def normalize_sheba(value: str) -> str:
    return _digits_only(value).upper()


def sheba_is_valid(value: str) -> bool:
    sheba = normalize_sheba(value)
    if not re.fullmatch(r"IR[0-9]{24}", sheba, flags=re.ASCII):
        return False
    rearranged = sheba[4:] + "1827" + sheba[2:4]  # I=18, R=27 (ISO 13616)
    return int(rearranged) % 97 == 1


def validate_sheba(value: str) -> None:
    sheba = normalize_sheba(value)
    if not re.fullmatch(r"IR[0-9]{24}", sheba, flags=re.ASCII):
        raise ValidationError(_("شماره شبا باید با IR و ۲۴ رقم باشد."), code="sheba_format")
    if not sheba_is_valid(sheba):
        raise ValidationError(
            _("شماره شبا معتبر نیست (رقم کنترل نادرست است)."), code="sheba_checksum"
        )


def sheba_bank_code(value: str) -> str:
    """Digits 5-7 of the Sheba (after IR and the two check digits) name the bank."""
    return normalize_sheba(value)[4:7]


def sheba_with_check_digits(bban: str) -> str:
    """Build a valid Sheba from its 22-digit account part (demo data and factories)."""
    remainder = int(bban + "182700") % 97
    return f"IR{98 - remainder:02d}{bban}"


def validate_insurance_number(value: str) -> None:
    if not re.fullmatch(r"[0-9]{1,10}", _digits_only(value), flags=re.ASCII):
        raise ValidationError(_("شماره بیمه باید حداکثر ۱۰ رقم باشد."), code="insurance_number")


def validate_workshop_code(value: str) -> None:
    if not re.fullmatch(r"[0-9]{10}", _digits_only(value), flags=re.ASCII):
        raise ValidationError(_("کد کارگاه باید ۱۰ رقم باشد."), code="workshop_code")
