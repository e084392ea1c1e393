"""What staff publish: every row is shown only while `is_published` and from its date on."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from tamin.content.search import search_fold
from tamin.core.models import TimeStampedModel
from tamin.core.storage import private_storage


class Audience(models.TextChoices):
    ALL = "all", _("همه")
    INSURED = "insured", _("بیمه‌شدگان")
    EMPLOYERS = "employers", _("کارفرمایان")
    PENSIONERS = "pensioners", _("مستمری‌بگیران")


class Searchable(TimeStampedModel):
    """A row whose folded text (`search_text`) is kept beside it for search."""

    search_text = models.TextField(editable=False, blank=True)
    is_published = models.BooleanField(_("منتشر شود"), default=True)

    class Meta:
        abstract = True

    def search_source(self) -> list[str]:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        self.search_text = search_fold(" ".join(part for part in self.search_source() if part))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class NewsItem(Searchable):
    title = models.CharField(_("عنوان"), max_length=200)
    summary = models.CharField(_("خلاصه"), max_length=400, blank=True)
    body = models.TextField(_("متن"))
    published_on = models.DateField(_("تاریخ انتشار"), db_index=True)

    class Meta:
        verbose_name = _("خبر")
        verbose_name_plural = _("اخبار")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def search_source(self) -> list[str]:
        return [self.title, self.summary, self.body]


class Faq(Searchable):
    question = models.CharField(_("پرسش"), max_length=300)
    answer = models.TextField(_("پاسخ"))
    audience = models.CharField(
        _("مخاطب"), max_length=16, choices=Audience.choices, default=Audience.ALL, db_index=True
    )
    order = models.PositiveSmallIntegerField(_("ترتیب"), default=100)
    topic = models.CharField(
        _("موضوع"),
        max_length=120,
        blank=True,
        help_text=_("سرگروه پرسش در صفحهٔ مرکز تماس؛ پرسش‌های ۱۴۲۰ موضوع درخواست را دارند"),
    )
    # The 1420 ticket a desk officer published this question from. A plain id, not a foreign
    # key: the kernel knows nothing of branches (the desk reads it back by this id).
    source_ticket_id = models.PositiveBigIntegerField(
        _("درخواست ۱۴۲۰"), null=True, blank=True, editable=False, db_index=True
    )

    class Meta:
        verbose_name = _("پرسش متداول")
        verbose_name_plural = _("پرسش‌های متداول")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.question

    def search_source(self) -> list[str]:
        return [self.topic, self.question, self.answer]


class LegalKind(models.TextChoices):
    LAW = "law", _("قانون")
    BYLAW = "bylaw", _("آیین‌نامه")
    CIRCULAR = "circular", _("بخشنامه")
    DIRECTIVE = "directive", _("دستورالعمل")


class LegalText(Searchable):
    """A law, bylaw, circular or directive as published, with its number and date."""

    kind = models.CharField(_("نوع"), max_length=16, choices=LegalKind.choices, db_index=True)
    number = models.CharField(
        _("شماره"), max_length=40, blank=True, help_text=_("مثلاً ۱۴۰۴/۱۲۳ یا ۵۴ (ماده)")
    )
    title = models.CharField(_("عنوان"), max_length=300)
    issued_on = models.DateField(_("تاریخ صدور"), db_index=True)
    summary = models.CharField(_("خلاصه"), max_length=500, blank=True)
    body = models.TextField(_("متن"))
    audience = models.CharField(
        _("مخاطب"), max_length=16, choices=Audience.choices, default=Audience.ALL
    )

    class Meta:
        verbose_name = _("قانون، آیین‌نامه یا بخشنامه")
        verbose_name_plural = _("قوانین، آیین‌نامه‌ها و بخشنامه‌ها")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def search_source(self) -> list[str]:
        return [self.number, self.title, self.summary, self.body]


def _sample_form_path(instance: SampleForm, filename: str) -> str:
    """A fresh random name in the private store, keeping the checked extension.

    The name staff's file had is not kept (people download it under the form's title):
    it may hold anything, and two uploads of «فرم.pdf» must not meet.
    """
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = f".{extension}" if extension.isascii() and extension.isalnum() else ""
    return f"content/forms/{secrets.token_hex(16)}{suffix}"


class SampleForm(Searchable):
    """A blank form people download, fill in and bring or attach (PDF, DOCX or XLSX)."""

    title = models.CharField(_("عنوان"), max_length=200)
    description = models.CharField(_("توضیح"), max_length=400, blank=True)
    code = models.CharField(
        _("شماره فرم"), max_length=20, blank=True, help_text=_("شماره‌ای که روی فرم چاپ شده است")
    )
    audience = models.CharField(
        _("مخاطب"), max_length=16, choices=Audience.choices, default=Audience.ALL
    )
    file = models.FileField(_("پرونده"), upload_to=_sample_form_path, storage=private_storage)
    file_size = models.PositiveIntegerField(editable=False, default=0)
    content_type = models.CharField(max_length=100, editable=False, blank=True)
    order = models.PositiveSmallIntegerField(_("ترتیب"), default=100)

    class Meta:
        verbose_name = _("نمونه فرم")
        verbose_name_plural = _("نمونه فرم‌ها")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    def search_source(self) -> list[str]:
        return [self.code, self.title, self.description]


class AboutSection(TimeStampedModel):
    """One section of «درباره سازمان», shown in order on one page."""

    title = models.CharField(_("عنوان"), max_length=200)
    body = models.TextField(_("متن"))
    short_text = models.CharField(
        _("متن کوتاه"),
        max_length=160,
        blank=True,
        help_text=_("برای منوی کد دستوری و برنامه همراه؛ خالی: آغاز متن"),
    )
    order = models.PositiveSmallIntegerField(_("ترتیب"), default=100)
    is_published = models.BooleanField(_("منتشر شود"), default=True)

    class Meta:
        verbose_name = _("بخش درباره سازمان")
        verbose_name_plural = _("درباره سازمان")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title
