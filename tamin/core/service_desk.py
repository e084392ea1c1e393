"""The service desk (میز خدمات غیرحضوری) of DOMAIN.md §1 on the home page, grouped by audience.

Only built services are listed, each linked to its page (a test opens every link); a
service the portal does not offer yet is absent, never a dead link or plain text. Services
of one workshop (lists, debt, a new worker) start from the employer's workshop list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DeskService:
    title: str | Promise
    url_name: str


@dataclass(frozen=True)
class Audience:
    key: str
    title: str | Promise
    services: tuple[DeskService, ...]


SERVICE_DESK: tuple[Audience, ...] = (
    Audience(
        "insured",
        _("بیمه‌شدگان"),
        (
            DeskService(_("سوابق بیمه‌ای و چاپ سوابق"), "insured:records"),
            DeskService(_("اعلام سابقه به سازمان‌ها"), "insured:declaration_new"),
            DeskService(_("استعلام هویت و شماره تأمین اجتماعی"), "insured:identity"),
            DeskService(_("اعتراض به سوابق (کسری کارکرد و سابقه ناموجود)"), "insured:objections"),
            DeskService(_("میانگین دستمزد دو سال اخیر"), "insured:average_wage"),
            DeskService(_("حساب‌های بانکی"), "insured:bank_accounts"),
            DeskService(_("بازرسی کارگاه و درخواست بازرسی"), "insured:inspections"),
            DeskService(_("کمک‌هزینه ازدواج (استعلام، مبلغ و درخواست)"), "insured:benefit_marriage"),
            DeskService(
                _("غرامت دستمزد، بارداری، وسایل کمک‌پزشکی، کفن و دفن و بیمه بیکاری"),
                "insured:benefits",
            ),
            DeskService(_("درخواست‌های من"), "insured:my_requests"),
            DeskService(
                _("ماشین‌حساب‌ها: مستمری، کمک‌هزینه ازدواج، خرید سربازی، غرامت بیماری"),
                "insured:calculators",
            ),
            DeskService(_("بیمه ایرانیان خارج از کشور"), "insured:abroad"),
            DeskService(_("کمیسیون پزشکی (تعیین ازکارافتادگی)"), "insured:commissions"),
            DeskService(_("افراد تبعی (همسر، فرزندان، والدین)"), "insured:dependents"),
            DeskService(_("صدور و تمدید دفترچه درمانی"), "insured:booklet"),
            DeskService(_("استعلام استحقاق درمان"), "insured:treatment_eligibility"),
        ),
    ),
    Audience(
        "employers",
        _("کارفرمایان"),
        (
            DeskService(_("ثبت کارگاه جدید"), "employers:workshop_register"),
            DeskService(_("ارسال لیست ماهانه کارکنان و پرداخت حق بیمه"), "employers:workshops"),
            DeskService(_("بدهی و گردش حساب کارگاه"), "employers:workshops"),
            DeskService(_("ثبت نام کارگر جدید و دریافت شماره بیمه"), "employers:workshops"),
        ),
    ),
    Audience(
        "pensioners",
        _("مستمری‌بگیران"),
        (
            DeskService(_("فیش حقوقی"), "pensioners:payslips"),
            DeskService(_("گواهی حقوق و گواهی کسر اقساط معوق"), "pensioners:certificates"),
            DeskService(_("حکم مستمری و نحوه محاسبه مستمری"), "pensioners:rulings"),
            DeskService(_("حساب بانکی واریز مستمری"), "pensioners:bank_account"),
            DeskService(
                _("مدارک افراد تبعی (اعلام سالانه دختران، گواهی تحصیل پسران)"),
                "pensioners:dependents",
            ),
        ),
    ),
    Audience(
        "agencies",
        _("کارگزاری‌ها و شعب"),
        (
            DeskService(_("نشانی شعب، کارگزاری‌ها و مراکز درمانی"), "branches:directory"),
            DeskService(_("نوبت‌دهی اینترنتی شعب و مراکز درمانی"), "branches:appointments"),
            DeskService(_("کارگزاری‌های پذیرش اسناد پزشکی"), "branches:agency_list"),
            DeskService(_("مرکز تماس ۱۴۲۰ و پرسش‌های پرتکرار"), "branches:contact"),
            DeskService(_("نظرسنجی"), "branches:survey_list"),
        ),
    ),
)
