"""Seed the official holidays: the fixed solar ones (recurring, one row each) and the lunar
ones of 1404, 1405 and 1406 as literal Jalali dates.

Lunar holidays follow the Hijri calendar, so their Jalali date moves every year. The
dates below were worked out once, offline, and are stored as data (nothing computes
them at run time):
- 1404: the official calendar as published (Calendar Center, Institute of Geophysics,
  University of Tehran);
- 1405: the published calendar where news summaries of it give the day (Eid al-Fitr,
  Eid al-Adha, Ghadir, Tasua, Ashura); the rest counted from predicted month starts;
- 1406: counted from the start of each Hijri month as predicted by crescent visibility
  over Iran (a criterion fitted to the month starts the 1404 and 1405 calendars give;
  the Umm al-Qura tables of `hijridate` were a day ahead of Iran for most of 1404).
The official calendar may still differ by a day: staff compare the rows with it and
correct them in the admin (docs/operations.md, "Holidays"). Rows keep their Hijri day,
so `seed` (idempotent; tests/conftest.py re-runs it) never adds back a row whose date
staff moved, and never overwrites a correction.
"""

import jdatetime
from django.db import migrations

SOLAR_SOURCE = "تعطیل رسمی ثابت شمسی؛ هر سال در همین روز."
OFFICIAL_1404 = "تقویم رسمی ۱۴۰۴، مرکز تقویم مؤسسه ژئوفیزیک دانشگاه تهران."
OFFICIAL_1405 = "تقویم رسمی ۱۴۰۵، مرکز تقویم مؤسسه ژئوفیزیک دانشگاه تهران."
COUNTED_FROM_OFFICIAL_1405 = (
    "شمرده از ۱ شوال تقویم رسمی ۱۴۰۵؛ در خلاصه‌های خبری آن تقویم نیامده است — "
    "با تقویم رسمی تطبیق شود."
)
ESTIMATE = (
    "برآورد: آغاز ماه قمری از پیش‌بینی رؤیت هلال در ایران؛ تقویم رسمی مرکز تقویم مؤسسه "
    "ژئوفیزیک دانشگاه تهران ممکن است یک روز فرق کند — تطبیق و در صورت نیاز اصلاح شود."
)

# (Jalali month, day, title): the same every year.
SOLAR = (
    (1, 1, "عید نوروز"),
    (1, 2, "عید نوروز"),
    (1, 3, "عید نوروز"),
    (1, 4, "عید نوروز"),
    (1, 12, "روز جمهوری اسلامی ایران"),
    (1, 13, "روز طبیعت"),
    (3, 14, "رحلت حضرت امام خمینی (ره)"),
    (3, 15, "قیام ۱۵ خرداد"),
    (11, 22, "پیروزی انقلاب اسلامی"),
    (12, 29, "روز ملی شدن صنعت نفت"),
)

# (Hijri day, Jalali date, title, source)
LUNAR = (
    ("1446/09/21", (1404, 1, 2), "شهادت امام علی (ع)", OFFICIAL_1404),
    ("1446/10/01", (1404, 1, 11), "عید سعید فطر", OFFICIAL_1404),
    ("1446/10/02", (1404, 1, 12), "تعطیل به مناسبت عید سعید فطر", OFFICIAL_1404),
    ("1446/10/25", (1404, 2, 4), "شهادت امام جعفر صادق (ع)", OFFICIAL_1404),
    ("1446/12/10", (1404, 3, 16), "عید سعید قربان", OFFICIAL_1404),
    ("1446/12/18", (1404, 3, 24), "عید سعید غدیر خم", OFFICIAL_1404),
    ("1447/01/09", (1404, 4, 14), "تاسوعای حسینی", OFFICIAL_1404),
    ("1447/01/10", (1404, 4, 15), "عاشورای حسینی", OFFICIAL_1404),
    ("1447/02/20", (1404, 5, 23), "اربعین حسینی", OFFICIAL_1404),
    (
        "1447/02/28",
        (1404, 5, 31),
        "رحلت حضرت رسول اکرم (ص) و شهادت امام حسن مجتبی (ع)",
        OFFICIAL_1404,
    ),
    ("1447/02/30", (1404, 6, 2), "شهادت امام رضا (ع)", OFFICIAL_1404),
    ("1447/03/08", (1404, 6, 10), "شهادت امام حسن عسکری (ع)", OFFICIAL_1404),
    ("1447/03/17", (1404, 6, 19), "میلاد حضرت رسول اکرم (ص) و امام جعفر صادق (ع)", OFFICIAL_1404),
    ("1447/06/03", (1404, 9, 3), "شهادت حضرت فاطمه زهرا (س)", OFFICIAL_1404),
    ("1447/07/13", (1404, 10, 13), "ولادت امام علی (ع)", OFFICIAL_1404),
    ("1447/07/27", (1404, 10, 27), "مبعث حضرت رسول اکرم (ص)", OFFICIAL_1404),
    ("1447/08/15", (1404, 11, 15), "ولادت حضرت قائم (عج)", OFFICIAL_1404),
    ("1447/09/21", (1404, 12, 20), "شهادت امام علی (ع)", OFFICIAL_1404),
    ("1447/10/01", (1405, 1, 1), "عید سعید فطر", OFFICIAL_1405),
    ("1447/10/02", (1405, 1, 2), "تعطیل به مناسبت عید سعید فطر", OFFICIAL_1405),
    ("1447/10/25", (1405, 1, 25), "شهادت امام جعفر صادق (ع)", COUNTED_FROM_OFFICIAL_1405),
    ("1447/12/10", (1405, 3, 6), "عید سعید قربان", OFFICIAL_1405),
    ("1447/12/18", (1405, 3, 14), "عید سعید غدیر خم", OFFICIAL_1405),
    ("1448/01/09", (1405, 4, 3), "تاسوعای حسینی", OFFICIAL_1405),
    ("1448/01/10", (1405, 4, 4), "عاشورای حسینی", OFFICIAL_1405),
    ("1448/02/20", (1405, 5, 13), "اربعین حسینی", ESTIMATE),
    ("1448/02/28", (1405, 5, 21), "رحلت حضرت رسول اکرم (ص) و شهادت امام حسن مجتبی (ع)", ESTIMATE),
    ("1448/02/29", (1405, 5, 22), "شهادت امام رضا (ع)", ESTIMATE),
    ("1448/03/08", (1405, 5, 30), "شهادت امام حسن عسکری (ع)", ESTIMATE),
    ("1448/03/17", (1405, 6, 8), "میلاد حضرت رسول اکرم (ص) و امام جعفر صادق (ع)", ESTIMATE),
    ("1448/06/03", (1405, 8, 22), "شهادت حضرت فاطمه زهرا (س)", ESTIMATE),
    ("1448/07/13", (1405, 10, 2), "ولادت امام علی (ع)", ESTIMATE),
    ("1448/07/27", (1405, 10, 16), "مبعث حضرت رسول اکرم (ص)", ESTIMATE),
    ("1448/08/15", (1405, 11, 4), "ولادت حضرت قائم (عج)", ESTIMATE),
    ("1448/09/21", (1405, 12, 9), "شهادت امام علی (ع)", ESTIMATE),
    ("1448/10/01", (1405, 12, 19), "عید سعید فطر", ESTIMATE),
    ("1448/10/02", (1405, 12, 20), "تعطیل به مناسبت عید سعید فطر", ESTIMATE),
    ("1448/10/25", (1406, 1, 14), "شهادت امام جعفر صادق (ع)", ESTIMATE),
    ("1448/12/10", (1406, 2, 27), "عید سعید قربان", ESTIMATE),
    ("1448/12/18", (1406, 3, 4), "عید سعید غدیر خم", ESTIMATE),
    ("1449/01/09", (1406, 3, 24), "تاسوعای حسینی", ESTIMATE),
    ("1449/01/10", (1406, 3, 25), "عاشورای حسینی", ESTIMATE),
    ("1449/02/20", (1406, 5, 3), "اربعین حسینی", ESTIMATE),
    ("1449/02/28", (1406, 5, 11), "رحلت حضرت رسول اکرم (ص) و شهادت امام حسن مجتبی (ع)", ESTIMATE),
    ("1449/02/29", (1406, 5, 12), "شهادت امام رضا (ع)", ESTIMATE),
    ("1449/03/08", (1406, 5, 20), "شهادت امام حسن عسکری (ع)", ESTIMATE),
    ("1449/03/17", (1406, 5, 29), "میلاد حضرت رسول اکرم (ص) و امام جعفر صادق (ع)", ESTIMATE),
    ("1449/06/03", (1406, 8, 12), "شهادت حضرت فاطمه زهرا (س)", ESTIMATE),
    ("1449/07/13", (1406, 9, 21), "ولادت امام علی (ع)", ESTIMATE),
    ("1449/07/27", (1406, 10, 5), "مبعث حضرت رسول اکرم (ص)", ESTIMATE),
    ("1449/08/15", (1406, 10, 23), "ولادت حضرت قائم (عج)", ESTIMATE),
    ("1449/09/21", (1406, 11, 28), "شهادت امام علی (ع)", ESTIMATE),
    ("1449/10/01", (1406, 12, 8), "عید سعید فطر", ESTIMATE),
    ("1449/10/02", (1406, 12, 9), "تعطیل به مناسبت عید سعید فطر", ESTIMATE),
)


def seed(apps, schema_editor):
    Holiday = apps.get_model("branches", "Holiday")
    for month, day, title in SOLAR:
        Holiday.objects.get_or_create(
            kind="solar",
            solar_month=month,
            solar_day=day,
            defaults={"title": title, "source": SOLAR_SOURCE},
        )
    for hijri_date, (year, month, day), title, source in LUNAR:
        date = jdatetime.date(year, month, day).togregorian()
        if Holiday.objects.filter(hijri_date=hijri_date).exists():
            continue  # seeded before, perhaps moved by staff since
        if Holiday.objects.filter(date=date).exists():
            continue  # staff already entered this day by hand
        Holiday.objects.create(
            kind="lunar", date=date, hijri_date=hijri_date, title=title, source=source
        )


def drop_demo_copies_of_solar_days(apps, schema_editor):
    """`seed_demo` used to write each fixed solar holiday as a dated row per year; the
    recurring rows replace them."""
    Holiday = apps.get_model("branches", "Holiday")
    titles = {(month, day): title for month, day, title in SOLAR}
    demo_titles = {"عید نوروز", "روز جمهوری اسلامی", "روز طبیعت", "رحلت امام خمینی"}
    demo_titles |= {"قیام ۱۵ خرداد", "پیروزی انقلاب اسلامی", "ملی شدن صنعت نفت"}
    for row in Holiday.objects.filter(kind="announced", date__isnull=False):
        jalali = jdatetime.date.fromgregorian(date=row.date)
        if (jalali.month, jalali.day) in titles and row.title in demo_titles:
            row.delete()


class Migration(migrations.Migration):
    dependencies = [("branches", "0008_holiday_kinds")]

    operations = [
        migrations.RunPython(drop_demo_copies_of_solar_days, migrations.RunPython.noop),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
