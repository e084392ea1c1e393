"""Iranian identifiers: national code, mobile, Sheba, workshop and insurance numbers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from tamin.core import identifiers

DIGITS = "0123456789"
PERSIAN = str.maketrans(DIGITS, "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans(DIGITS, "٠١٢٣٤٥٦٧٨٩")

nine_digits = st.text(alphabet=DIGITS, min_size=9, max_size=9)


def _reference_check_digit(first_nine: str) -> int:
    # Independent restatement of the rule: weights 10..2, r = sum mod 11.
    remainder = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True)) % 11
    return remainder if remainder < 2 else 11 - remainder


def _first_nine_with_remainder(target: int) -> str:
    for number in range(10**8, 10**9):
        candidate = f"{number:09d}"
        total = sum(int(d) * w for d, w in zip(candidate, range(10, 1, -1), strict=True))
        if total % 11 == target and len(set(candidate)) > 1:
            return candidate
    raise AssertionError("unreachable")


# --- National code -------------------------------------------------------------


def test_known_national_code_is_valid():
    # given a published, valid national code
    # when / then
    assert identifiers.national_code_is_valid("0499370899")
    identifiers.validate_national_code("0499370899")


@pytest.mark.parametrize("remainder", [0, 1])
def test_national_code_check_digit_equals_remainder_below_two(remainder):
    # given nine digits whose weighted sum leaves remainder 0 or 1
    first_nine = _first_nine_with_remainder(remainder)
    # when the code is completed
    code = identifiers.national_code_with_check_digit(first_nine)
    # then the check digit is the remainder itself
    assert code[-1] == str(remainder)
    assert identifiers.national_code_is_valid(code)


def test_national_code_check_digit_is_eleven_minus_remainder_otherwise():
    # given nine digits with remainder 5
    first_nine = _first_nine_with_remainder(5)
    # when / then
    assert identifiers.national_code_with_check_digit(first_nine)[-1] == "6"


@pytest.mark.parametrize("digit", DIGITS)
def test_all_equal_digits_are_rejected_even_when_checksum_matches(digit):
    # given a code of ten equal digits (0000000000 and 1111111111 pass the checksum)
    code = digit * 10
    # when / then
    assert not identifiers.national_code_is_valid(code)
    with pytest.raises(ValidationError) as excinfo:
        identifiers.validate_national_code(code)
    assert excinfo.value.code == "national_code_checksum"


@pytest.mark.parametrize("table", [PERSIAN, ARABIC], ids=["persian", "arabic"])
def test_national_code_accepts_persian_and_arabic_digits(table):
    # given a valid code typed with Persian or Arabic-Indic digits
    typed = "0499370899".translate(table)
    # when / then
    identifiers.validate_national_code(typed)
    assert identifiers.normalize_national_code(typed) == "0499370899"


def test_national_code_ignores_dashes_and_spaces():
    # given a code pasted with separators
    # when / then
    assert identifiers.normalize_national_code(" 049-937089 9 ") == "0499370899"
    identifiers.validate_national_code("049-937089-9")


@pytest.mark.parametrize("value", ["", "123", "12345678901", "04993708a9"])
def test_national_code_of_wrong_length_or_letters_is_rejected(value):
    # given / when
    with pytest.raises(ValidationError) as excinfo:
        identifiers.validate_national_code(value)
    # then the message is Persian
    assert excinfo.value.code == "national_code_length"
    assert "کد ملی" in excinfo.value.messages[0]


@given(nine_digits)
def test_generated_national_codes_validate(first_nine):
    # given any nine digits that are not all the same digit as their check digit
    code = identifiers.national_code_with_check_digit(first_nine)
    assume(len(set(code)) > 1)
    # when / then
    assert identifiers.national_code_is_valid(code)
    assert int(code[-1]) == _reference_check_digit(first_nine)


@given(nine_digits, st.integers(min_value=1, max_value=9))
def test_changing_the_check_digit_invalidates(first_nine, shift):
    # given a valid code
    code = identifiers.national_code_with_check_digit(first_nine)
    # when its last digit is changed
    changed = code[:-1] + str((int(code[-1]) + shift) % 10)
    # then it no longer validates
    assert not identifiers.national_code_is_valid(changed)


# --- Mobile ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "09121234567",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "9121234567",
        "0912 123 4567",
        "0912-123-4567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "+۹۸۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
    ],
)
def test_mobile_is_normalized_to_local_form(typed):
    # given / when
    normalized = identifiers.normalize_mobile(typed)
    # then
    assert normalized == "09121234567"
    identifiers.validate_mobile(typed)


@pytest.mark.parametrize(
    "typed", ["", "0912123456", "091212345678", "08121234567", "98912123456", "+9821123456", "abc"]
)
def test_invalid_mobile_is_rejected_in_persian(typed):
    # given / when
    with pytest.raises(ValidationError) as excinfo:
        identifiers.validate_mobile(typed)
    # then
    assert excinfo.value.code == "mobile"
    assert "همراه" in excinfo.value.messages[0]


# --- Sheba -----------------------------------------------------------------------


def test_known_sheba_is_valid():
    # given the registry's example Iranian IBAN, typed in groups and lower case
    # when / then
    assert identifiers.sheba_is_valid("IR062960000000100324200001")
    identifiers.validate_sheba("ir06 2960 0000 0010 0324 2000 01")


@given(st.text(alphabet=DIGITS, min_size=22, max_size=22))
def test_built_sheba_validates_by_mod_97(bban):
    # given any 22-digit account part
    # when the check digits are computed
    sheba = identifiers.sheba_with_check_digits(bban)
    # then the ISO 13616 remainder is 1
    assert identifiers.sheba_is_valid(sheba)
    assert int(sheba[4:] + "1827" + sheba[2:4]) % 97 == 1


@given(
    st.text(alphabet=DIGITS, min_size=22, max_size=22),
    st.integers(min_value=4, max_value=25),
    st.integers(min_value=1, max_value=9),
)
def test_any_single_digit_change_invalidates_sheba(bban, position, shift):
    # given a valid Sheba
    sheba = identifiers.sheba_with_check_digits(bban)
    # when one digit is changed
    changed_digit = str((int(sheba[position]) + shift) % 10)
    changed = sheba[:position] + changed_digit + sheba[position + 1 :]
    # then mod 97 catches it
    assert not identifiers.sheba_is_valid(changed)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("IR06296000000010032420000", "sheba_format"),  # 23 digits
        ("DE062960000000100324200001", "sheba_format"),
        ("062960000000100324200001", "sheba_format"),
        ("IR072960000000100324200001", "sheba_checksum"),
    ],
)
def test_invalid_sheba_is_rejected(value, code):
    # given / when
    with pytest.raises(ValidationError) as excinfo:
        identifiers.validate_sheba(value)
    # then
    assert excinfo.value.code == code
    assert "شبا" in excinfo.value.messages[0]


def test_sheba_accepts_persian_digits():
    # given
    typed = "IR" + "062960000000100324200001".translate(PERSIAN)
    # when / then
    assert identifiers.normalize_sheba(typed) == "IR062960000000100324200001"
    identifiers.validate_sheba(typed)


def test_sheba_bank_code_is_three_digits_after_check_digits():
    # given a Sheba built for bank 017
    sheba = identifiers.sheba_with_check_digits("017" + "0000001234567890123")
    # when / then
    assert identifiers.sheba_bank_code(sheba) == "017"
    assert identifiers.sheba_bank_code(sheba.lower()) == "017"


# --- Workshop code, insurance number ---------------------------------


@pytest.mark.parametrize("value", ["1234567890", "۱۲۳۴۵۶۷۸۹۰", "12345 67890"])
def test_workshop_code_of_ten_digits_is_valid(value):
    identifiers.validate_workshop_code(value)


@pytest.mark.parametrize("value", ["", "123456789", "12345678901", "ABCDEFGHIJ"])
def test_workshop_code_otherwise_is_rejected(value):
    with pytest.raises(ValidationError) as excinfo:
        identifiers.validate_workshop_code(value)
    assert excinfo.value.code == "workshop_code"
    assert "کارگاه" in excinfo.value.messages[0]


@pytest.mark.parametrize("value", ["1", "12345678", "1234567890", "۱۲۳۴"])
def test_insurance_number_of_one_to_ten_digits_is_valid(value):
    identifiers.validate_insurance_number(value)


@pytest.mark.parametrize("value", ["", "12345678901", "12a4"])
def test_insurance_number_otherwise_is_rejected(value):
    with pytest.raises(ValidationError) as excinfo:
        identifiers.validate_insurance_number(value)
    assert excinfo.value.code == "insurance_number"


def test_normalize_digits_handles_none_and_whitespace():
    assert identifiers.normalize_digits(None) == ""
    assert identifiers.normalize_digits("  ۱۲٣ ") == "123"
