"""Rows of the public content for tests, and the files staff might upload."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import factory
from django.core.files.base import ContentFile
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from tamin.content.models import (
    AboutSection,
    Audience,
    Faq,
    LegalKind,
    LegalText,
    NewsItem,
    SampleForm,
)

# 1405/08/01 and 1405/09/01 (Aban and Azar 1405), by hand from the Jalali calendar.
ABAN_1ST_1405 = dt.date(2026, 10, 23)
AZAR_1ST_1405 = dt.date(2026, 11, 22)


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    title = factory.Sequence(lambda n: f"خبر آزمایشی {n}")
    summary = "خلاصهٔ خبر"
    body = "بند نخست خبر.\n\nبند دوم خبر."
    published_on = ABAN_1ST_1405


class FaqFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faq

    question = factory.Sequence(lambda n: f"پرسش آزمایشی {n}؟")
    answer = "پاسخ آزمایشی."
    audience = Audience.ALL


class LegalTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalText

    kind = LegalKind.CIRCULAR
    number = factory.Sequence(lambda n: f"۱۴۰۴/{n + 500}")
    title = factory.Sequence(lambda n: f"بخشنامهٔ آزمایشی {n}")
    issued_on = ABAN_1ST_1405
    body = "متن بخشنامه."


class AboutSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AboutSection

    title = factory.Sequence(lambda n: f"بخش {n}")
    body = "متن این بخش."


def pdf_bytes(*, pages: int = 1, javascript: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if javascript:
        # an open action that runs a script when the file opens
        action = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Action"),
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(javascript),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_MAIN_TYPES = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}


def office_bytes(kind: str = "docx", *, macro: bool = False, extra: dict | None = None) -> bytes:
    """A minimal Office Open XML package: its content types and main part (with a macro
    project when `macro`)."""
    part, content_type = _MAIN_TYPES[kind]
    overrides = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
    if macro:
        overrides += (
            '<Override PartName="/word/vbaProject.bin" '
            'ContentType="application/vnd.ms-office.vbaProject"/>'
        )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{overrides}</Types>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr(part, "<document/>")
        if macro:
            archive.writestr("word/vbaProject.bin", b"\x00" * 64)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def sample_form(*, data: bytes | None = None, extension: str = "pdf", **fields) -> SampleForm:
    """A published sample form with its file in the private store (set up by the test)."""
    data = pdf_bytes() if data is None else data
    form = SampleForm(
        title=fields.pop("title", "فرم درخواست آزمایشی"),
        code=fields.pop("code", "۱۰۸"),
        audience=fields.pop("audience", Audience.INSURED),
        file_size=len(data),
        content_type=fields.pop("content_type", "application/pdf"),
        **fields,
    )
    form.file.save(f"upload.{extension}", ContentFile(data), save=False)
    form.save()
    return form
