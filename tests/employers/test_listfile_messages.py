"""The list checker's messages go through gettext: Persian by default (the portal and the
offline `monthly_list check`), another language when a catalogue translates them."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.core.management import call_command
from django.utils import translation

from employers.listfile import ListFileError, builtin_rates, check, load_csv
from employers.listfile.checks import with_computed_totals
from employers.listfile.samples import sample_list
from tests.employers.listfile_helpers import with_row

RATES = builtin_rates(1404)

EMPTY_NAME = "نام خالی است."
EMPTY_FILE = "فایل خالی است."
REPORT_ERRORS = "لیست %(count)s خطا دارد:"
DAYS_OVER = "روزهای کارکرد (%(days)s) از روزهای این ماه (%(month_days)s) بیشتر است."

CATALOGUE = f'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "{EMPTY_NAME}"
msgstr "The first name is empty."

#, python-format
msgid "{DAYS_OVER}"
msgstr "Days worked (%(days)s) exceed the days of the month (%(month_days)s)."

msgid "{EMPTY_FILE}"
msgstr "The file is empty."

#, python-format
msgid "{REPORT_ERRORS}"
msgstr "The list has %(count)s errors:"
'''


def _broken_list():
    # the sample list with an empty first name and 31 days in Mehr (30 days) on its first row
    return with_computed_totals(with_row(sample_list(), 0, first_name="", days=31), RATES)


def _messages(parsed) -> set[str]:
    return {issue.message for issue in check(parsed, RATES).issues}


@pytest.fixture
def english_catalogue(tmp_path, settings):
    """A real compiled catalogue for English, found through LOCALE_PATHS."""
    messages = tmp_path / "en" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(CATALOGUE, encoding="utf-8")
    subprocess.run(
        ["msgfmt", "-o", str(messages / "django.mo"), str(messages / "django.po")], check=True
    )
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]


def test_messages_are_persian_by_default():
    # given a list with an empty name and too many days / when checked in the default language
    messages = _messages(_broken_list())
    # then the messages are the Persian ones, with Persian digits
    assert EMPTY_NAME in messages
    assert "روزهای کارکرد (۳۱) از روزهای این ماه (۳۰) بیشتر است." in messages


def test_messages_follow_the_active_language(english_catalogue):
    # given an English catalogue / when the same list is checked with English active
    with translation.override("en"):
        messages = _messages(_broken_list())
    # then the checker's messages are the catalogue's (they went through gettext)
    assert "The first name is empty." in messages
    assert "Days worked (۳۱) exceed the days of the month (۳۰)." in messages


def test_the_readers_messages_follow_the_active_language_too(english_catalogue):
    # given an empty CSV file / when it is read with English active, then in Persian
    with translation.override("en"), pytest.raises(ListFileError) as english:
        load_csv(b"\n")
    with pytest.raises(ListFileError) as persian:
        load_csv(b"\n")
    # then the reader's refusal went through gettext as well
    assert english.value.issues[0].message == "The file is empty."
    assert persian.value.issues[0].message == EMPTY_FILE


def test_the_offline_command_report_follows_the_active_language(tmp_path, english_catalogue):
    # given the invalid sample pair written by the command itself
    folder = tmp_path / "invalid"
    call_command(
        "monthly_list", "write-sample", "--out", str(folder), "--invalid", stdout=io.StringIO()
    )
    files = (str(folder / "DSKKAR00.DBF"), str(folder / "DSKWOR00.DBF"))

    def report() -> str:
        out = io.StringIO()
        with pytest.raises(SystemExit):
            call_command("monthly_list", "check", *files, stdout=out)
        return out.getvalue()

    # when it is checked with English active, then in the default language
    with translation.override("en"):
        english = report()
    persian = report()
    # then the report's own lines went through gettext: English there, Persian by default
    assert "The list has" in english
    assert "خطا دارد" in persian
    assert "The list has" not in persian
