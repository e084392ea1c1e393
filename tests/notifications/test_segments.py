"""SMS segment counting: GSM 7-bit 160/153, UCS-2 (Persian) 70/67."""

from __future__ import annotations

import pytest

from notifications.providers import sms_segments


@pytest.mark.parametrize(
    ("body", "segments"),
    [
        ("", 0),
        ("a", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("a" * 459, 3),
        ("1" * 160, 1),
        ("س", 1),
        ("س" * 70, 1),
        ("س" * 71, 2),
        ("س" * 134, 2),
        ("س" * 135, 3),
        ("س" * 201, 3),
        ("س" * 202, 4),
        # one Persian letter turns the whole message into UCS-2
        ("a" * 69 + "ی", 1),
        ("a" * 70 + "ی", 2),
        # Persian digits are not GSM either
        ("۱" * 71, 2),
    ],
)
def test_segment_boundaries(body, segments):
    # given a body / when counted / then
    assert sms_segments(body) == segments


def test_gsm_extension_characters_take_two_septets():
    # given 80 euro signs: 160 septets fit one message, 81 do not
    # when/then
    assert sms_segments("€" * 80) == 1
    assert sms_segments("€" * 81) == 2


def test_a_part_never_splits_an_escape_pair():
    # given 152 letters then an extension character: 154 septets, more than one part holds
    body = "a" * 152 + "{" + "a" * 10
    # when counted / then the brace moves whole to the second part
    assert sms_segments(body) == 2
    assert sms_segments("a" * 152 + "{" * 77) == 3


def test_characters_outside_the_bmp_take_two_ucs2_units():
    # given emoji (two UTF-16 units each)
    # when/then 35 fit one message, 36 do not
    assert sms_segments("😀" * 35) == 1
    assert sms_segments("😀" * 36) == 2


def test_seeded_otp_message_fits_in_two_parts():
    # given a typical rendered login code message
    body = (
        "تأمین اجتماعی\nکد ورود به درگاه: 123456\nاعتبار کد ۵ دقیقه است. "
        "اگر شما درخواست ورود نداده‌اید، این پیام را نادیده بگیرید."
    )
    # when counted / then it costs two UCS-2 parts
    assert sms_segments(body) == 2
