"""Iran System text: numbers and punctuation inside Persian text survive a write and a read."""

from hypothesis import given, settings
from hypothesis import strategies as st

from employers.listfile import encoding as enc

# Persian text with numbers, punctuation and spaces, as addresses and job titles carry them.
_MIXED = st.text(alphabet="ابپتجچخدرزژسشعفقکگلمنوهی ۰۱۲۳۴۵۶۷۸۹0123456789،", max_size=30)


@given(text=_MIXED)
@settings(max_examples=200, deadline=None)
def test_iran_system_round_trip_keeps_numbers_and_punctuation_in_place(text):
    # Given any such text, writing it in Iran System and reading it back gives the same text
    assert enc.decode(enc.encode_iran_system(text), enc.IRAN_SYSTEM) == enc.normalize_text(text)


def test_numbers_are_written_in_visual_order():
    # «پلاک ۲۱۰»: in the file the number comes first (left), then a space, then the word reversed
    assert enc.encode_iran_system("پلاک ۲۱۰") == b"\x82\x81\x80 " + enc.encode_iran_system("پلاک")
    assert enc.decode(enc.encode_iran_system("تهران، پلاک ۴۱"), enc.IRAN_SYSTEM) == "تهران، پلاک 41"
