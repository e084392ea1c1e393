"""Laying text out on USSD screens: every page fits 80 UCS-2 units, nothing is lost, and the
paging rule (numbers, «۹ بیشتر», «۰ بازگشت») is the one docs/ussd.md states."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tamin.ussd.screens import (
    FOOTER_BACK,
    FOOTER_MORE,
    FOOTER_TEXT_END,
    MAX_ITEMS_PER_PAGE,
    SCREEN_UNITS,
    cut,
    menu_pages,
    text_pages,
    units,
)

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Persian letters, the zero-width non-joiner, digits both ways, spaces, line breaks, a Latin
# letter and a character outside the BMP (two units): what content staff might type.
ALPHABET = st.sampled_from(list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئ‌۰۱۲۳۴۵0123 \nAx😀"))
TEXTS = st.text(alphabet=ALPHABET, min_size=0, max_size=400)


def test_units_count_utf16_code_units():
    assert units("سلام") == 4
    assert units("😀") == 2  # outside the BMP: a surrogate pair
    assert units("a\nب") == 3


def test_the_main_menu_keeps_its_numbers_over_two_pages():
    labels = [
        "استعلام‌ها",
        "خدمات",
        "نوبت شعبه",
        "پرداخت حق بیمه",
        "قوانین و بخشنامه‌ها",
        "پرسش‌ها",
        "درباره سازمان",
    ]
    pages = menu_pages(
        title="تأمین اجتماعی", labels=labels, keys=[str(n) for n in range(1, 8)], back=False
    )
    assert [page.text for page in pages] == [
        "تأمین اجتماعی\n۱ استعلام‌ها\n۲ خدمات\n۳ نوبت شعبه\n۴ پرداخت حق بیمه\n۹ بیشتر",
        "۵ قوانین و بخشنامه‌ها\n۶ پرسش‌ها\n۷ درباره سازمان\n۰ بازگشت",
    ]
    assert [page.items for page in pages] == [(0, 1, 2, 3), (4, 5, 6)]


def test_a_list_numbers_each_page_from_one_and_at_most_eight_lines():
    pages = menu_pages(title="شعبه", labels=[f"شعبه {n}" for n in range(20)])
    assert all(len(page.items) <= MAX_ITEMS_PER_PAGE for page in pages)
    assert pages[1].text.splitlines()[0].startswith("۱ ")
    assert [i for page in pages for i in page.items] == list(range(20))
    assert pages[0].text.endswith(FOOTER_MORE)
    assert pages[-1].text.endswith(FOOTER_BACK)


def test_a_label_longer_than_a_screen_is_cut_with_an_ellipsis():
    pages = menu_pages(title="کارگاه", labels=["نام بسیار بلند " * 20, "کوتاه"])
    assert pages[0].text.splitlines()[1].endswith("…")
    assert pages[1].text == "۱ کوتاه\n۰ بازگشت"


def test_a_text_ends_with_its_actions_and_the_way_back():
    pages = text_pages(blocks=["نوبت دندان‌پزشکی", "شعبه ۱"], actions=[("1", "تأیید نوبت")])
    assert pages == ["نوبت دندان‌پزشکی\nشعبه ۱\n۱ تأیید نوبت\n" + FOOTER_BACK]


def test_a_long_confirmation_names_its_choice_on_every_page():
    pages = text_pages(blocks=["شعبه " * 30], actions=[("1", "تأیید نوبت")])
    assert len(pages) > 1
    assert all(page.endswith("۱ تأیید نوبت\n" + FOOTER_MORE) for page in pages[:-1])
    assert pages[-1].endswith("۱ تأیید نوبت\n" + FOOTER_BACK)


def test_a_long_text_is_cut_between_words_and_every_page_but_the_last_offers_more():
    words = ("واژه" + str(n) for n in range(80))
    text = " ".join(words)
    pages = text_pages(blocks=[text])
    assert len(pages) > 3
    assert all(page.endswith("\n" + FOOTER_MORE) for page in pages[:-1])
    assert pages[-1].endswith(FOOTER_TEXT_END)
    body = " ".join(page.rsplit("\n", 1)[0] for page in pages)
    assert body.split() == text.split()  # nothing lost, nothing cut inside a word


def test_a_title_longer_than_half_a_screen_is_cut():
    pages = menu_pages(title="خدمت در " + "شعبه بسیار بلند " * 10, labels=["نوبت"])
    title = pages[0].text.split("\n")[0]
    assert units(title) <= SCREEN_UNITS // 2
    assert title.endswith("…")
    assert pages[0].text.endswith("۱ نوبت\n۰ بازگشت")


def test_cut_keeps_a_surrogate_pair_whole():
    assert cut("😀😀😀", 5) == "😀😀…"
    assert cut("کوتاه", 10) == "کوتاه"


@PROPERTY
@given(blocks=st.lists(TEXTS, max_size=12), with_action=st.booleans())
def test_every_text_page_fits_and_keeps_every_word(blocks, with_action):
    actions = [("1", "ارسال پیامک")] if with_action else []
    pages = text_pages(blocks=blocks, actions=actions)
    assert pages
    for page in pages:
        assert units(page) <= SCREEN_UNITS, page
    action_lines = [f"۱ {label}" for _key, label in actions]
    bodies = [page.removesuffix("\n".join([*action_lines, FOOTER_MORE])) for page in pages[:-1]]
    last_footer = "\n".join([*action_lines, FOOTER_BACK if actions else FOOTER_TEXT_END])
    bodies.append(pages[-1].removesuffix(last_footer))
    # every character of the text is on a page, in order, and nothing else is
    assert "".join("".join(bodies).split()) == "".join("".join(blocks).split())


@PROPERTY
@given(
    title=TEXTS,
    labels=st.lists(TEXTS.filter(lambda t: t.strip()), min_size=1, max_size=30),
    fixed=st.booleans(),
    back=st.booleans(),
)
def test_every_menu_page_fits_and_offers_every_item_once(title, labels, fixed, back):
    title = " ".join(title.split())
    labels = [" ".join(label.split()) for label in labels]
    keys = [str(n % 8 + 1) for n in range(len(labels))] if fixed else None
    pages = menu_pages(title=title, labels=labels, keys=keys, back=back)
    for page in pages:
        assert units(page.text) <= SCREEN_UNITS, page.text
        assert 1 <= len(page.items) <= MAX_ITEMS_PER_PAGE
    assert [i for page in pages for i in page.items] == list(range(len(labels)))
