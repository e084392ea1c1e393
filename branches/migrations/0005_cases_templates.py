"""Version 1 of the messages a case's applicant receives (SMS + inbox) at each status change.

Context every key gets (from branches.services.cases._notify_applicant):
  tracking_code, kind_label, subject, status_label, branch_name,
  due_date (date or None), reason (the written reason of the last change)
  case_held also gets: missing (Persian labels of the documents still needed)
Results of a person's own request must reach them: needs-info and decisions are legal
(sent whatever the person's preferences), the rest are ordinary notices.
"""

from django.db import migrations

from notifications.seeding import templates_seed

BRAND = "تأمین اجتماعی"

TEMPLATES = [
    # key, channel, is_legal, subject, body
    (
        "case_held",
        "sms",
        False,
        "",
        BRAND + "\n"
        "درخواست «{{ kind_label }}» با کد رهگیری {{ tracking_code|fa }} ثبت شد اما تا بارگذاری "
        "مدارک لازم به شعبه ارسال نمی‌شود. مدارک لازم: {{ missing }}",
    ),
    (
        "case_held",
        "inbox",
        False,
        "درخواست {{ tracking_code|fa }} در انتظار مدارک",
        "درخواست «{{ kind_label }}» با موضوع «{{ subject }}» ثبت شد، اما تا مدارک زیر را "
        "بارگذاری نکنید به شعبه ارسال نمی‌شود:\n{{ missing }}\n"
        "پس از بارگذاری آخرین مدرک، درخواست خودکار به {{ branch_name }} فرستاده می‌شود.",
    ),
    (
        "case_forwarded",
        "sms",
        False,
        "",
        BRAND + "\n"
        "درخواست «{{ kind_label }}» با کد رهگیری {{ tracking_code|fa }} به {{ branch_name }} "
        "ارسال شد. موعد پاسخ: {{ due_date|jdate }}",
    ),
    (
        "case_forwarded",
        "inbox",
        False,
        "درخواست {{ tracking_code|fa }} به شعبه ارسال شد",
        "درخواست «{{ kind_label }}» با موضوع «{{ subject }}» به {{ branch_name }} ارسال شد.\n"
        "کد رهگیری: {{ tracking_code|fa }}\nموعد پاسخ: {{ due_date|jdate }}\n"
        "نتیجه را در «درخواست‌های من» و با پیامک به شما اطلاع می‌دهیم.",
    ),
    (
        "case_under_review",
        "sms",
        False,
        "",
        BRAND + "\n"
        "بررسی درخواست {{ tracking_code|fa }} ({{ kind_label }}) در {{ branch_name }} آغاز شد.",
    ),
    (
        "case_under_review",
        "inbox",
        False,
        "درخواست {{ tracking_code|fa }} در حال بررسی است",
        "کارشناس {{ branch_name }} بررسی درخواست «{{ kind_label }}» (کد رهگیری "
        "{{ tracking_code|fa }}) را آغاز کرد. موعد پاسخ: {{ due_date|jdate }}",
    ),
    (
        "case_needs_info",
        "sms",
        True,
        "",
        BRAND + "\n"
        "درخواست {{ tracking_code|fa }} به اطلاعات تکمیلی نیاز دارد. لطفاً در «درخواست‌های من» "
        "پاسخ دهید: {{ reason|truncatechars:80 }}",
    ),
    (
        "case_needs_info",
        "inbox",
        True,
        "درخواست {{ tracking_code|fa }}: اطلاعات تکمیلی لازم است",
        "{{ branch_name }} برای رسیدگی به درخواست «{{ kind_label }}» (کد رهگیری "
        "{{ tracking_code|fa }}) این را از شما خواسته است:\n{{ reason }}\n"
        "پاسخ و مدارک را از صفحه همین درخواست در «درخواست‌های من» بفرستید.",
    ),
    (
        "case_info_answered",
        "sms",
        False,
        "",
        BRAND + "\n"
        "پاسخ شما به درخواست {{ tracking_code|fa }} دریافت شد و پرونده دوباره در حال بررسی است.",
    ),
    (
        "case_info_answered",
        "inbox",
        False,
        "پاسخ شما درباره درخواست {{ tracking_code|fa }} دریافت شد",
        "پاسخ شما برای {{ branch_name }} فرستاده شد و درخواست «{{ kind_label }}» دوباره در حال "
        "بررسی است.",
    ),
    (
        "case_decided",
        "sms",
        True,
        "",
        BRAND + "\n"
        "نتیجه درخواست {{ tracking_code|fa }} ({{ kind_label }}): {{ status_label }}. "
        "دلیل: {{ reason|truncatechars:80 }}",
    ),
    (
        "case_decided",
        "inbox",
        True,
        "نتیجه درخواست {{ tracking_code|fa }}: {{ status_label }}",
        "درخواست «{{ kind_label }}» با موضوع «{{ subject }}» در {{ branch_name }} بررسی شد.\n"
        "نتیجه: {{ status_label }}\nدلیل: {{ reason }}\n"
        "از صفحه «درخواست‌های من» می‌توانید جزئیات را ببینید و در نظرسنجی شرکت کنید.",
    ),
]


def seed(apps, schema_editor):
    templates_seed(apps, TEMPLATES)


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0004_merge_appointments"),
        ("notifications", "0003_template_contains_secret"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
