"""Admin: official holidays, kept by staff who hold the holiday permissions (Django's
model permissions on `branches.Holiday`; the admin itself demands a second factor)."""

from __future__ import annotations

import jdatetime
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from branches.models import Holiday, HolidayKind
from tamin.core.forms import JalaliDateField
from tamin.core.jalali import MONTH_NAMES, format_jalali_date, persian_digits, today_jalali


class HolidayForm(forms.ModelForm):
    # Staff read and type dates in Jalali; the row stores the Gregorian day.
    date = JalaliDateField(
        label=_("تاریخ (شمسی)"),
        required=False,
        help_text=_("برای تعطیل قمری یا اعلام‌شده؛ مثلاً ۱۴۰۵/۰۴/۰۴."),
    )

    class Meta:
        model = Holiday
        fields = ("kind", "title", "date", "solar_month", "solar_day", "hijri_date", "source")
        help_texts = {
            "solar_month": _("فقط برای تعطیل شمسی ثابت که هر سال تکرار می‌شود."),
            "hijri_date": _("روز قمری این تعطیل، مثلاً ۱۴۴۸/۰۱/۱۰ (عاشورا)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.date is not None:
            self.initial["date"] = format_jalali_date(self.instance.date)


class JalaliYearFilter(admin.SimpleListFilter):
    """The holidays of one Jalali year: its dated rows and the solar ones (every year)."""

    title = _("سال")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        this_year = today_jalali().year
        years = {this_year, this_year + 1}
        for date in Holiday.objects.filter(date__isnull=False).values_list("date", flat=True):
            years.add(jdatetime.date.fromgregorian(date=date).year)
        return [(str(year), persian_digits(year)) for year in sorted(years, reverse=True)]

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        year = int(self.value())
        if not 1200 <= year <= 1500:
            return queryset.none()
        first = jdatetime.date(year, 1, 1).togregorian()
        next_first = jdatetime.date(year + 1, 1, 1).togregorian()
        return queryset.filter(kind=HolidayKind.SOLAR) | queryset.filter(
            date__gte=first, date__lt=next_first
        )


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    form = HolidayForm
    list_display = ("title", "jalali_date", "kind", "hijri_date", "source")
    list_filter = (JalaliYearFilter, "kind")
    search_fields = ("title",)

    @admin.display(description=_("تاریخ"), ordering="date")
    def jalali_date(self, holiday: Holiday) -> str:
        if holiday.kind == HolidayKind.SOLAR and holiday.solar_month and holiday.solar_day:
            month = MONTH_NAMES[holiday.solar_month - 1]
            return _("%(day)s %(month)s هر سال") % {
                "day": persian_digits(holiday.solar_day),
                "month": month,
            }
        return format_jalali_date(holiday.date, long=True)
