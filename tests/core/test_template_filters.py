"""The Persian template filters are builtins: no {% load %} needed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import engines


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("source", "value", "shown"),
    [
        ("{{ v|jdate }}", dt.date(2025, 11, 25), "۱۴۰۴/۰۹/۰۴"),
        ("{{ v|jdate_long }}", dt.date(2025, 11, 25), "۴ آذر ۱۴۰۴"),
        ("{{ v|jdatetime }}", dt.datetime(2025, 3, 20, 21, 0, tzinfo=dt.UTC), "۱۴۰۴/۰۱/۰۱ ۰۰:۳۰"),
        ("{{ v|fa }}", 2025, "۲۰۲۵"),
        ("{{ v|fa }}", None, ""),
        ("{{ v|rial }}", 1500000, "۱٬۵۰۰٬۰۰۰ ریال"),
        ("{{ v|rial_number }}", -1500, "−۱٬۵۰۰"),
        ("{{ v|rial }}", None, ""),
        ("{{ v|jdate }}", None, ""),
    ],
)
def test_filter(source, value, shown):
    # given a template using a Persian filter
    # when it is rendered
    # then the value is shown in Persian
    assert _render(source, v=value) == shown
