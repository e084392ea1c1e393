"""Official holidays besides Fridays: what SLAs, appointment slots and the 1420 desk's
"open now" count around.

Three kinds of row:
- solar: a fixed Jalali month and day (Nowruz, 22 Bahman, …), the same every year, so one
  row serves every year and carries no date;
- lunar: a day of the Hijri lunar calendar (Ashura, Eid al-Fitr, …), which moves about
  eleven days a year, so each year has its own dated row, entered from the official
  calendar (see docs/operations.md, "Holidays");
- announced: a one-off closure the government announces (dated).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tamin.core.identifiers import normalize_digits
from tamin.core.jalali import MONTH_NAMES

# The longest a Jalali month can be (Esfand has 30 days only in leap years; a solar
# holiday on 30 Esfand is simply skipped in other years).
_SOLAR_MONTH_MAX_DAYS = (31,) * 6 + (30,) * 6
_HIJRI_DATE_RE = re.compile(r"[0-9]{4}/(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|30)", re.ASCII)


class HolidayKind(models.TextChoices):
    SOLAR = "solar", _("شمسی ثابت (هر سال)")
    LUNAR = "lunar", _("قمری (تاریخ همان سال)")
    ANNOUNCED = "announced", _("اعلام‌شده (یک‌باره)")


class Holiday(models.Model):
    kind = models.CharField(
        _("نوع"), max_length=16, choices=HolidayKind.choices, default=HolidayKind.ANNOUNCED
    )
    title = models.CharField(_("مناسبت"), max_length=120)
    # Lunar and announced rows: the Gregorian day (shown and typed in Jalali).
    date = models.DateField(_("تاریخ"), unique=True, null=True, blank=True)
    # Solar rows: the Jalali month and day, every year.
    solar_month = models.PositiveSmallIntegerField(
        _("ماه شمسی"),
        null=True,
        blank=True,
        choices=[(number, name) for number, name in enumerate(MONTH_NAMES, start=1)],
    )
    solar_day = models.PositiveSmallIntegerField(_("روز ماه شمسی"), null=True, blank=True)
    # Lunar rows: the Hijri day they keep (1448/01/10), which stays when staff move the
    # Gregorian date by a day, so re-running the seed never adds the row again.
    hijri_date = models.CharField(_("تاریخ قمری"), max_length=10, blank=True)
    source = models.CharField(_("منبع"), max_length=300, blank=True)

    class Meta:
        ordering = [F("date").asc(nulls_first=True), "solar_month", "solar_day"]
        verbose_name = _("تعطیل رسمی")
        verbose_name_plural = _("تعطیلات رسمی")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="solar",
                        date__isnull=True,
                        solar_month__gte=1,
                        solar_month__lte=12,
                        solar_day__gte=1,
                        solar_day__lte=31,
                    )
                    | (
                        ~Q(kind="solar")
                        & Q(date__isnull=False, solar_month__isnull=True, solar_day__isnull=True)
                    )
                ),
                name="holiday_solar_has_month_and_day_others_a_date",
            ),
            models.UniqueConstraint(
                fields=["solar_month", "solar_day"],
                condition=Q(kind="solar"),
                name="uniq_solar_holiday_day",
            ),
            models.UniqueConstraint(
                fields=["hijri_date"], condition=~Q(hijri_date=""), name="uniq_holiday_hijri_date"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """The admin's form lands here: each kind needs its own fields and only those."""
        self.hijri_date = normalize_digits(self.hijri_date or "").strip()
        if self.hijri_date and not _HIJRI_DATE_RE.fullmatch(self.hijri_date):
            raise ValidationError({"hijri_date": _("تاریخ قمری را به شکل ۱۴۴۸/۰۱/۱۰ وارد کنید.")})
        if self.kind == HolidayKind.SOLAR:
            self.date = None
            if self.solar_month is None or self.solar_day is None:
                raise ValidationError(_("برای تعطیل شمسی ثابت، ماه و روز را وارد کنید."))
            if not 1 <= self.solar_day <= _SOLAR_MONTH_MAX_DAYS[self.solar_month - 1]:
                raise ValidationError({"solar_day": _("این روز در این ماه شمسی وجود ندارد.")})
        else:
            self.solar_month = None
            self.solar_day = None
            if self.date is None:
                raise ValidationError({"date": _("تاریخ این تعطیل را وارد کنید.")})
