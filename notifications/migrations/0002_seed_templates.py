"""Version 1 of the portal's Persian message templates.

Context each key expects:
  otp_register, otp_login, otp_password_reset: code (ASCII digits), minutes (optional, default 5)
  password_changed, signed_out_everywhere: at (optional aware datetime)
  welcome: name (optional)
The code stays in ASCII digits so phones can offer to fill it in.
"""

from django.db import migrations

BRAND = "تأمین اجتماعی"

TEMPLATES = [
    # key, channel, is_legal, subject, body
    (
        "otp_register",
        "sms",
        True,
        "",
        BRAND + "\n"
        "کد تأیید ثبت‌نام شما در درگاه خدمات الکترونیک: {{ code }}\n"
        "این کد تا {{ minutes|default:5|fa }} دقیقه اعتبار دارد. آن را به هیچ‌کس نگویید.",
    ),
    (
        "otp_login",
        "sms",
        True,
        "",
        BRAND + "\n"
        "کد ورود به درگاه: {{ code }}\n"
        "اعتبار کد {{ minutes|default:5|fa }} دقیقه است. اگر شما درخواست ورود نداده‌اید، "
        "این پیام را نادیده بگیرید.",
    ),
    (
        "otp_password_reset",
        "sms",
        True,
        "",
        BRAND + "\n"
        "کد بازیابی گذرواژه: {{ code }}\n"
        "این کد {{ minutes|default:5|fa }} دقیقه معتبر است. کارکنان سازمان هرگز این کد را از شما نمی‌پرسند.",
    ),
    (
        "password_changed",
        "sms",
        True,
        "",
        BRAND + "\n"
        "گذرواژه حساب شما در درگاه{% if at %} در {{ at|jdatetime }}{% endif %} تغییر کرد. "
        "اگر این کار از شما نبوده است، همین حالا با ۱۴۲۰ تماس بگیرید.",
    ),
    (
        "password_changed",
        "inbox",
        True,
        "گذرواژه شما تغییر کرد",
        "گذرواژه حساب شما{% if at %} در {{ at|jdatetime }}{% endif %} تغییر کرد و نشست‌های دیگر "
        "بسته شدند. اگر این تغییر را شما انجام نداده‌اید، از صفحه «فراموشی گذرواژه» گذرواژه تازه "
        "بسازید و با مرکز تماس ۱۴۲۰ در میان بگذارید.",
    ),
    (
        "signed_out_everywhere",
        "inbox",
        True,
        "خروج از همه دستگاه‌ها",
        "به درخواست شما همه نشست‌های حسابتان{% if at %} در {{ at|jdatetime }}{% endif %} بسته شد. "
        "برای استفاده دوباره از درگاه در هر دستگاه، باید از نو وارد شوید.",
    ),
    (
        "welcome",
        "inbox",
        False,
        "به درگاه خوش آمدید",
        "{{ name|default:'کاربر' }} گرامی، ثبت‌نام شما در درگاه خدمات الکترونیک تأمین اجتماعی "
        "انجام شد. از پیشخوان می‌توانید سوابق بیمه، فیش‌ها و درخواست‌های خود را ببینید. "
        "پیام‌های رسمی سازمان در همین صندوق به دستتان می‌رسد.",
    ),
    (
        "welcome",
        "sms",
        False,
        "",
        BRAND + "\n"
        "{{ name|default:'کاربر' }} گرامی، ثبت‌نام شما در درگاه خدمات الکترونیک انجام شد. "
        "پیام‌های رسمی را در «صندوق پیام» درگاه ببینید.",
    ),
]


def seed(apps, schema_editor):
    NotificationTemplate = apps.get_model("notifications", "NotificationTemplate")
    for key, channel, is_legal, subject, body in TEMPLATES:
        NotificationTemplate.objects.get_or_create(
            key=key,
            channel=channel,
            version=1,
            defaults={"is_legal": is_legal, "subject": subject, "body": body, "is_active": True},
        )


def unseed(apps, schema_editor):
    NotificationTemplate = apps.get_model("notifications", "NotificationTemplate")
    for key, channel, *_rest in TEMPLATES:
        NotificationTemplate.objects.filter(key=key, channel=channel, version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
