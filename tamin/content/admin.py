"""Admin: where staff write the public content (docs/content.md).

Dates are typed and shown in Jalali; the search box looks in each row's folded text with
the same rule as the site (tamin.content.search), so «بخشنامه ۱۴۰۴/۱۲۳» typed with Arabic
letters or Latin digits finds the row. A sample form's file is checked by
`tamin.content.uploads.sample_form_inspect` (size, type, content) before it is stored; its
size and content type are set from that check, and each upload is audited.
"""

from __future__ import annotations

import jdatetime
from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tamin.content.models import (
    AboutSection,
    Faq,
    LegalText,
    NewsItem,
    SampleForm,
)
from tamin.content.search import search_matching
from tamin.content.selectors import ABOUT_SHORT_TEXT_MAX
from tamin.content.uploads import SAMPLE_FORM_MAX_BYTES, sample_form_inspect
from tamin.core.exceptions import ApplicationError
from tamin.core.forms import JalaliDateField
from tamin.core.jalali import format_jalali_date, persian_digits, to_jalali_date, today_jalali
from tamin.core.services import audit_record
from tamin.core.templatetags.fa import filesize

JALALI_HELP = _("شمسی، مثلاً ۱۴۰۵/۰۳/۲۱؛ تاریخی در آینده تا آن روز نشان داده نمی‌شود.")


class FoldedSearchAdmin(admin.ModelAdmin):
    """The admin's search box over `search_text`, folded as the site folds it."""

    search_fields = ("search_text",)
    search_help_text = _("حروف عربی «ي» و «ك» و ارقام فارسی هم پیدا می‌شوند.")

    def get_search_results(self, request, queryset, search_term):
        return search_matching(queryset, search_term or ""), False


def jalali_year_filter(field_name: str) -> type[admin.SimpleListFilter]:
    """A list filter by the Jalali year of a date field (the years the rows have)."""

    class JalaliYearFilter(admin.SimpleListFilter):
        title = _("سال")
        parameter_name = "year"

        def lookups(self, request, model_admin):
            dates = model_admin.get_queryset(request).dates(field_name, "year")
            years = {today_jalali().year}
            for first_of_year in dates:
                # A Gregorian year touches two Jalali years.
                years.add(to_jalali_date(first_of_year).year)
                years.add(to_jalali_date(first_of_year.replace(month=12, day=31)).year)
            return [(str(year), persian_digits(year)) for year in sorted(years, reverse=True)]

        def queryset(self, request, queryset):
            value = self.value() or ""
            if not (value.isascii() and value.isdigit() and 1200 <= int(value) <= 1500):
                return queryset
            year = int(value)
            return queryset.filter(
                **{
                    f"{field_name}__gte": jdatetime.date(year, 1, 1).togregorian(),
                    f"{field_name}__lt": jdatetime.date(year + 1, 1, 1).togregorian(),
                }
            )

    return JalaliYearFilter


class JalaliDateFormMixin:
    """The model's date field typed and shown in Jalali (Gregorian in the row)."""

    jalali_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        value = getattr(self.instance, self.jalali_field, None)
        if value is not None:
            self.initial[self.jalali_field] = format_jalali_date(value)


# --- News ------------------------------------------------------------------------------


class NewsItemForm(JalaliDateFormMixin, forms.ModelForm):
    jalali_field = "published_on"
    published_on = JalaliDateField(label=_("تاریخ انتشار (شمسی)"), help_text=JALALI_HELP)

    class Meta:
        model = NewsItem
        fields = ("title", "summary", "body", "published_on", "is_published")


@admin.register(NewsItem)
class NewsItemAdmin(FoldedSearchAdmin):
    form = NewsItemForm
    list_display = ("title", "jalali_published_on", "is_published")
    list_filter = ("is_published", jalali_year_filter("published_on"))

    @admin.display(description=_("تاریخ انتشار"), ordering="published_on")
    def jalali_published_on(self, item: NewsItem) -> str:
        return format_jalali_date(item.published_on, long=True)


# --- Common questions ------------------------------------------------------------------


class FromDeskFilter(admin.SimpleListFilter):
    """Questions a 1420 officer published from a ticket, or the ones written here."""

    title = _("منبع")
    parameter_name = "from_desk"

    def lookups(self, request, model_admin):
        return [("yes", _("مرکز تماس ۱۴۲۰")), ("no", _("نوشته‌شده در اینجا"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(source_ticket_id__isnull=False)
        if self.value() == "no":
            return queryset.filter(source_ticket_id__isnull=True)
        return queryset


@admin.register(Faq)
class FaqAdmin(FoldedSearchAdmin):
    list_display = ("question", "topic", "audience", "order", "is_published")
    list_filter = ("audience", "is_published", FromDeskFilter)
    list_editable = ("order",)
    fields = ("question", "answer", "audience", "topic", "order", "is_published", "source_ticket")
    readonly_fields = ("source_ticket",)

    @admin.display(description=_("درخواست ۱۴۲۰"))
    def source_ticket(self, faq: Faq) -> str:
        if faq.source_ticket_id is None:
            return "—"
        return _("منتشرشده در مرکز تماس از درخواست با شناسهٔ %(id)s") % {
            "id": persian_digits(faq.source_ticket_id)
        }


# --- Laws, bylaws, circulars, directives -----------------------------------------------


class LegalTextForm(JalaliDateFormMixin, forms.ModelForm):
    jalali_field = "issued_on"
    issued_on = JalaliDateField(label=_("تاریخ صدور (شمسی)"), help_text=JALALI_HELP)

    class Meta:
        model = LegalText
        fields = (
            "kind",
            "number",
            "title",
            "issued_on",
            "summary",
            "body",
            "audience",
            "is_published",
        )


@admin.register(LegalText)
class LegalTextAdmin(FoldedSearchAdmin):
    form = LegalTextForm
    list_display = ("title", "kind", "number_display", "jalali_issued_on", "is_published")
    list_filter = ("kind", "audience", "is_published", jalali_year_filter("issued_on"))

    @admin.display(description=_("شماره"), ordering="number")
    def number_display(self, text: LegalText) -> str:
        return persian_digits(text.number)

    @admin.display(description=_("تاریخ صدور"), ordering="issued_on")
    def jalali_issued_on(self, text: LegalText) -> str:
        return format_jalali_date(text.issued_on, long=True)


# --- Sample forms ----------------------------------------------------------------------


class PrivateFileInput(forms.FileInput):
    """The file input with the current file's name: files of the private store have no URL
    (the stock widget links to one); the public download is on the site."""

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, None, attrs, renderer)
        stored = getattr(value, "name", "") if value else ""
        if not stored:
            return field
        return format_html(
            '<p>{} <bdi dir="ltr">{}</bdi></p>{}',
            _("فایل کنونی:"),
            stored.rsplit("/", 1)[-1],
            field,
        )


class SampleFormForm(forms.ModelForm):
    class Meta:
        model = SampleForm
        fields = ("title", "code", "description", "audience", "file", "order", "is_published")
        widgets = {"file": PrivateFileInput}
        help_texts = {
            "file": _("فایل PDF، DOCX یا XLSX تا %(mb)s مگابایت؛ محتوای فایل بررسی می‌شود.")
            % {"mb": persian_digits(SAMPLE_FORM_MAX_BYTES // (1024 * 1024))},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspected = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # Only a new upload is checked; a kept file (the stored one) was checked when it came.
        if isinstance(upload, UploadedFile):
            try:
                self.inspected = sample_form_inspect(upload=upload)
            except ApplicationError as exc:
                raise forms.ValidationError(exc.message, code=exc.code) from None
        return upload


@admin.register(SampleForm)
class SampleFormAdmin(FoldedSearchAdmin):
    form = SampleFormForm
    list_display = ("title", "code", "audience", "type_display", "size_display", "is_published")
    list_filter = ("audience", "is_published")

    @admin.display(description=_("نوع"), ordering="content_type")
    def type_display(self, item: SampleForm) -> str:
        return item.file.name.rsplit(".", 1)[-1].upper() if "." in item.file.name else ""

    @admin.display(description=_("حجم"), ordering="file_size")
    def size_display(self, item: SampleForm) -> str:
        return filesize(item.file_size)

    def save_model(self, request, obj, form, change):
        inspected = getattr(form, "inspected", None)
        replaced = None
        if inspected is not None:
            obj.file_size = inspected.size
            obj.content_type = inspected.content_type
            if change:
                replaced = SampleForm.objects.filter(pk=obj.pk).values_list("file", flat=True)
                replaced = replaced.first()
        super().save_model(request, obj, form, change)
        if inspected is not None:
            audit_record(
                action="content.sample_form_file_saved",
                actor=request.user,
                target=obj,
                request=request,
                after={
                    "file": obj.file.name,
                    "size": obj.file_size,
                    "content_type": obj.content_type,
                },
                detail={"replaced": replaced or ""},
            )
        if replaced and replaced != obj.file.name:
            storage = obj.file.storage
            transaction.on_commit(lambda: storage.delete(replaced))


# --- About the organization ------------------------------------------------------------


class AboutSectionForm(forms.ModelForm):
    class Meta:
        model = AboutSection
        fields = ("title", "body", "short_text", "order", "is_published")
        help_texts = {
            "short_text": _(
                "حداکثر %(n)s نویسه؛ منوی کد دستوری همین را نشان می‌دهد. خالی: آغاز متن."
            )
            % {"n": persian_digits(ABOUT_SHORT_TEXT_MAX)},
        }

    def clean_short_text(self):
        text = (self.cleaned_data.get("short_text") or "").strip()
        if len(text) > ABOUT_SHORT_TEXT_MAX:
            raise forms.ValidationError(
                _(
                    "متن کوتاه %(count)s نویسه است؛ حداکثر %(max)s نویسه در یک صفحهٔ کد دستوری جا می‌شود."
                )
                % {"count": persian_digits(len(text)), "max": persian_digits(ABOUT_SHORT_TEXT_MAX)},
                code="short_text_too_long",
            )
        return text


@admin.register(AboutSection)
class AboutSectionAdmin(admin.ModelAdmin):
    form = AboutSectionForm
    list_display = ("title", "short_text", "order", "is_published")
    list_editable = ("order",)
    list_filter = ("is_published",)
    search_fields = ("title", "body")
