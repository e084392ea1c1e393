"""The service desk (میز خدمات غیرحضوری) of DOMAIN.md §1, grouped by audience.

An entry has a `url_name` only once the service is built; entries without one
are listed as services the organization offers but not linked (no dead links).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DeskService:
    title: str
    url_name: str | None = None


@dataclass(frozen=True)
class Audience:
    key: str
    title: str
    services: tuple[DeskService, ...]


SERVICE_DESK: tuple[Audience, ...] = (
    Audience(
        "insured",
        "بیمه‌شدگان",
        (
            DeskService("سوابق بیمه‌ای و چاپ سوابق", "insured:records"),
            DeskService("استعلام هویت و شماره تأمین اجتماعی", "insured:identity"),
            DeskService("اعتراض به سوابق (کسری کارکرد و سابقه ناموجود)", "insured:objections"),
            DeskService("میانگین دستمزد دو سال اخیر", "insured:average_wage"),
            DeskService("کمک‌هزینه ازدواج، غرامت دستمزد و بارداری"),
            DeskService("صدور و تمدید دفترچه درمانی"),
        ),
    ),
    Audience(
        "employers",
        "کارفرمایان",
        (
            DeskService("ارسال لیست ماهانه کارکنان و پرداخت حق بیمه"),
            DeskService("استعلام بدهی قطعی و علی‌الحساب"),
            DeskService("احکام مطالباتی و ابلاغ الکترونیک"),
            DeskService("اعتراض به رأی و تعیین وقت رسیدگی"),
            DeskService("صدور مفاصا حساب"),
            DeskService("ثبت نام کارگر جدید و دریافت شماره بیمه"),
        ),
    ),
    Audience(
        "pensioners",
        "مستمری‌بگیران",
        (
            DeskService("فیش حقوقی"),
            DeskService("گواهی حقوق و گواهی کسر اقساط معوق"),
            DeskService("حکم مستمری و نحوه محاسبه"),
            DeskService("حساب بانکی"),
        ),
    ),
    Audience(
        "agencies",
        "کارگزاری‌ها و شعب",
        (
            DeskService("نشانی شعب، کارگزاری‌ها و مراکز درمانی", "branches:directory"),
            DeskService("نوبت‌دهی اینترنتی شعب و مراکز درمانی", "branches:appointments"),
            DeskService("پذیرش اسناد پزشکی", "branches:agency_list"),
            DeskService("مرکز تماس ۱۴۲۰ و پرسش‌های پرتکرار", "branches:contact"),
            DeskService("نظرسنجی", "branches:survey_list"),
        ),
    ),
)
