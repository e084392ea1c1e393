"""The published file of yearly figures: one JSON shape for the API, export, import and --parameters.

    GET /api/v1/rules/years/            (public, no sign-in)  ─┐
    manage.py year_parameters export     (a file)             ─┼─▶ the same document
    manage.py year_parameters import FILE   (into the database, idempotent)
    manage.py monthly_list check --parameters FILE   (offline: the portal's figures)

    {"format": "tamin-year-parameters", "version": 1,
     "years": [{"year": 1404, "min_daily_wage": 3463656, "min_monthly_wage": 103909680,
                "insurable_cap_monthly": 727367760, "insured_rate_permille": 70,
                "employer_rate_permille": 200, "government_rate_permille": 30,
                "unemployment_rate_permille": 30, "note": "…"}, …]}

`year_figures_parse` validates a document (types, ranges, cap ≥ monthly minimum, one
row per year) and raises `YearFiguresFileError` with a Persian message; nothing
partial is ever used. Pure: no database.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tamin.core.jalali import persian_digits
from tamin.rules.premiums import RATE_FIELDS, PremiumRates, premium_rates_from_row

FORMAT = "tamin-year-parameters"
VERSION = 1
FIRST_YEAR, LAST_YEAR = 1300, 1500  # the model's validators
MAX_BYTES = 1024 * 1024  # a century of rows is a few tens of kilobytes
_AMOUNTS = ("min_daily_wage", "min_monthly_wage", "insurable_cap_monthly")
_RATES = tuple(name for name in RATE_FIELDS if name.endswith("_permille"))


class YearFiguresFileError(ValueError):
    """The document is not a valid file of yearly figures; `message` is Persian."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PublishedYear:
    """One year as published: its rates and the note saying where they come from."""

    rates: PremiumRates
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self.rates, name) for name in RATE_FIELDS} | {"note": self.note}


def year_figures_document(years: Iterable[PublishedYear]) -> dict[str, Any]:
    """The document of `years`, newest first (the shape every reader accepts)."""
    ordered = sorted(years, key=lambda item: item.rates.year, reverse=True)
    return {"format": FORMAT, "version": VERSION, "years": [item.as_dict() for item in ordered]}


def published_year_from_row(row: Any) -> PublishedYear:
    """A `YearParameters` row as published."""
    return PublishedYear(rates=premium_rates_from_row(row), note=row.note or "")


def _integer(item: Mapping[str, Any], name: str, where: str) -> int:
    value = item.get(name)
    # bool is an int in Python; a JSON true is not a figure.
    if isinstance(value, bool) or not isinstance(value, int):
        raise YearFiguresFileError(
            _("در %(where)s مقدار «%(name)s» عدد صحیح نیست.") % {"where": where, "name": name}
        )
    return value


def _published_year(item: Any, index: int) -> PublishedYear:
    where = _("ردیف %(n)s") % {"n": persian_digits(index)}
    if not isinstance(item, Mapping):
        raise YearFiguresFileError(_("%(where)s یک شیء JSON نیست.") % {"where": where})
    values = {name: _integer(item, name, where) for name in RATE_FIELDS}
    year = values["year"]
    where = _("سال %(year)s") % {"year": persian_digits(year)}
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise YearFiguresFileError(
            _("سال %(year)s خارج از بازه ۱۳۰۰ تا ۱۵۰۰ است.") % {"year": persian_digits(year)}
        )
    if any(values[name] <= 0 for name in _AMOUNTS):
        raise YearFiguresFileError(
            _("در %(where)s حداقل دستمزد و سقف باید مثبت باشند.") % {"where": where}
        )
    if values["insurable_cap_monthly"] < values["min_monthly_wage"]:
        raise YearFiguresFileError(
            _("در %(where)s سقف دستمزد مشمول کمتر از حداقل دستمزد ماهانه است.") % {"where": where}
        )
    if any(not 0 <= values[name] <= 1000 for name in _RATES):
        raise YearFiguresFileError(
            _("در %(where)s نرخ‌ها باید در هزار و بین ۰ تا ۱۰۰۰ باشند.") % {"where": where}
        )
    note = item.get("note", "")
    if not isinstance(note, str):
        raise YearFiguresFileError(_("در %(where)s یادداشت متن نیست.") % {"where": where})
    return PublishedYear(rates=PremiumRates(**values), note=note)


def year_figures_parse(document: Any) -> list[PublishedYear]:
    """The years of a published document, all validated, or YearFiguresFileError."""
    if (
        not isinstance(document, Mapping)
        or document.get("format") != FORMAT
        or not isinstance(document.get("years"), list)
    ):
        raise YearFiguresFileError(
            _("این پرونده، پرونده ارقام سالانه منتشرشده پرتال (%(format)s) نیست.")
            % {"format": FORMAT}
        )
    if document.get("version") != VERSION:
        raise YearFiguresFileError(
            _("نسخه پرونده ارقام سالانه پشتیبانی نمی‌شود (نسخه پشتیبانی‌شده: %(v)s).")
            % {"v": persian_digits(VERSION)}
        )
    years = [_published_year(item, n) for n, item in enumerate(document["years"], start=1)]
    seen: set[int] = set()
    for item in years:
        if item.rates.year in seen:
            raise YearFiguresFileError(
                _("سال %(year)s دو بار در پرونده آمده است.")
                % {"year": persian_digits(item.rates.year)}
            )
        seen.add(item.rates.year)
    return years


def year_figures_read(path: str | Path) -> list[PublishedYear]:
    """Read and validate a published file (UTF-8 JSON); YearFiguresFileError on any problem."""
    file_path = Path(path)
    try:
        if file_path.stat().st_size > MAX_BYTES:
            raise YearFiguresFileError(_("پرونده ارقام سالانه بزرگ‌تر از حد مجاز است."))
        document = json.loads(file_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise YearFiguresFileError(
            _("پرونده ارقام سالانه خوانده نشد: %(reason)s") % {"reason": exc.strerror or exc}
        ) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise YearFiguresFileError(_("پرونده ارقام سالانه JSON معتبر نیست.")) from exc
    return year_figures_parse(document)
