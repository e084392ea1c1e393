"""The Persian template filters are builtins: no {% load %} needed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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
        ("{{ v|fa }}", Decimal("4.0"), "۴٫۰"),
        ("{{ v|fa }}", 1404, "۱۴۰۴"),
        ("{{ v|number }}", 12040000, "۱۲٬۰۴۰٬۰۰۰"),
        ("{{ v|number }}", Decimal("35.16"), "۳۵٫۱۶"),
        ("{{ v|number }}", -2500, "−۲٬۵۰۰"),
        ("{{ v|number }}", None, ""),
        ("{{ v|filesize }}", 800, "۸۰۰ بایت"),
        ("{{ v|filesize }}", 150 * 1024, "۱۵۰ کیلوبایت"),
        ("{{ v|filesize }}", 1536 * 1024, "۱٫۵ مگابایت"),
        ("{{ v|code }}", "*1420*4#", '<bdi dir="ltr" class="code">*۱۴۲۰*۴#</bdi>'),
        ("{{ v|code }}", "0012345679", '<bdi dir="ltr" class="code">۰۰۱۲۳۴۵۶۷۹</bdi>'),
        # a code with Latin letters stays as typed
        (
            "{{ v|code }}",
            "IR062960000000100324200001",
            '<bdi dir="ltr" class="code">IR062960000000100324200001</bdi>',
        ),
        (
            "{{ v|codes_isolated }}",
            "کد نوبت: K7Q2. شماره ۲۱ <b>",
            'کد نوبت: <bdi dir="ltr" class="code">K7Q2</bdi>. شماره ۲۱ &lt;<bdi dir="ltr" class="code">b</bdi>&gt;',
        ),
        (
            "{{ v|codes_isolated }}",
            "ساعت ۰۹:۳۰ کد *1420#",
            'ساعت ۰۹:۳۰ کد <bdi dir="ltr" class="code">*۱۴۲۰#</bdi>',
        ),
        ("{{ v|code }}", "<b>", '<bdi dir="ltr" class="code">&lt;b&gt;</bdi>'),
        ("{{ v|code }}", "", ""),
    ],
)
def test_filter(source, value, shown):
    # given a template using a Persian filter
    # when it is rendered
    # then the value is shown in Persian
    assert _render(source, v=value) == shown


@pytest.mark.parametrize("value", [12040000, Decimal("35.16"), Decimal("4.0"), 4.5, -1500])
def test_numbers_use_only_persian_digits_and_separators(value):
    # given a number of any type
    # when it is written by the number filter
    shown = _render("{{ v|number }}", v=value)
    # then no Latin digit, comma or full stop is left in it
    assert not set(shown) & set("0123456789,.-")
