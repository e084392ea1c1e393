"""Demo accounts for every role (used by `manage.py seed_demo`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from tamin.accounts.models import Role, SMSDevice, User, UserRole
from tamin.core.identifiers import sheba_with_check_digits

DEMO_PASSWORD = "Tamin-Demo-1404"  # noqa: S105 - published demo password, dev data only

# The authenticator secrets of the demo staff are fixed so the printed
# otpauth URIs stay valid across re-seeding. Demo data only.
_STAFF_TOTP_KEYS = {
    "0084575948": "3132333435363738393031323334353637383930",
    "0067749828": "4142434445464748494a4b4c4d4e4f5051525354",
}


@dataclass(frozen=True)
class DemoAccount:
    national_code: str
    first_name: str
    last_name: str
    mobile: str
    birth_date: dt.date
    roles: tuple[str, ...]
    description: str
    is_staff: bool = False
    # Account part of the person's bank account; the Sheba (with check digits) is
    # derived from it; insured.demo.inquiries registers it as the person's bank account.
    bank_account: str = ""
    # E-mail (notices are also e-mailed; in development they land in var/mail/).
    email: str = ""

    @property
    def sheba(self) -> str:
        return sheba_with_check_digits(self.bank_account) if self.bank_account else ""


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "0013542419",
        "مریم",
        "احمدی",
        "09121110001",
        dt.date(1971, 3, 31),
        (Role.INSURED,),
        "بیمه‌شده",
        bank_account="0170000000110000000001",
    ),
    DemoAccount(
        "0071234561",
        "رضا",
        "کریمی",
        "09121110002",
        dt.date(1978, 7, 12),
        (Role.EMPLOYER, Role.INSURED),
        "نماینده کارفرما (و بیمه‌شده)",
        bank_account="0120000000220000000002",
        email="reza.karimi@example.com",
    ),
    DemoAccount(
        "0491234562",
        "حسن",
        "رستمی",
        "09121110003",
        dt.date(1955, 1, 5),
        (Role.PENSIONER,),
        "مستمری‌بگیر",
        bank_account="0550000000330000000003",
    ),
    DemoAccount(
        "0491234570",
        "فاطمه",
        "نوری",
        "09121110006",
        dt.date(1966, 4, 10),
        (Role.PENSIONER,),
        "مستمری‌بگیر بازمانده (همسر)",
        bank_account="0550000000440000000004",
    ),
    DemoAccount(
        "0084575948",
        "زهرا",
        "موسوی",
        "09121110004",
        dt.date(1988, 11, 2),
        (Role.STAFF,),
        "کارمند شعبه ۱ تهران",
        is_staff=True,
    ),
    DemoAccount(
        "0067749828",
        "علی",
        "حسینی",
        "09121110005",
        dt.date(1982, 5, 20),
        (Role.STAFF,),
        "کارمند شعبه اصفهان",
        is_staff=True,
    ),
)


@transaction.atomic
def seed(stdout) -> None:
    stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})\n")
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            national_code=account.national_code,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "mobile": account.mobile,
                "birth_date": account.birth_date,
                "is_staff": account.is_staff,
                "identity_checked_by": "demo",
                "email": account.email,
            },
        )
        if account.email and not user.email:
            user.email = account.email
            user.save(update_fields=["email"])
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        for role in account.roles:
            UserRole.objects.get_or_create(user=user, role=role)
        line = f"  {account.description:<28} national code {account.national_code}  mobile {account.mobile}"
        if account.is_staff:
            device, _created = TOTPDevice.objects.get_or_create(
                user=user,
                name="demo authenticator",
                defaults={"key": _STAFF_TOTP_KEYS[account.national_code], "confirmed": True},
            )
            line += f"\n      authenticator (TOTP): {device.config_url}"
        else:
            SMSDevice.objects.get_or_create(
                user=user, name="sms", defaults={"mobile": user.mobile, "confirmed": True}
            )
            line += f"  Sheba {account.sheba}  (sign-in code: dev SMS outbox)"
        stdout.write(line + "\n")
