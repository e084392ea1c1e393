"""Demo directory: five provinces with branches, satellites, agencies, medical centres
and the demo staff's branch memberships (used by `manage.py seed_demo`). Official
holidays are not demo data: migration branches/0009_seed_holidays seeds them everywhere.

Names and addresses are fictional; each place has its own approximate point near its
address, so no two places share a map pin.
Run after `tamin.accounts.demo` (it needs the demo staff users).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from branches.models import (
    Agency,
    AgencyDuty,
    Branch,
    BranchKind,
    City,
    MedicalCentre,
    MedicalCentreKind,
    Ownership,
    Province,
    Specialty,
    StaffRole,
)
from branches.services.directory import staff_membership_grant

HOURS = "شنبه تا چهارشنبه ۷:۳۰ تا ۱۴:۳۰"
HOURS_THURSDAY = "شنبه تا چهارشنبه ۷:۳۰ تا ۱۴:۳۰، پنجشنبه ۸ تا ۱۲"

# slug: (province name, cities)
PROVINCES = {
    "tehran": ("تهران", ("تهران", "شهریار")),
    "isfahan": ("اصفهان", ("اصفهان", "کاشان", "نجف‌آباد")),
    "khorasan-razavi": ("خراسان رضوی", ("مشهد", "نیشابور")),
    "fars": ("فارس", ("شیراز", "مرودشت")),
    "east-azerbaijan": ("آذربایجان شرقی", ("تبریز", "مراغه")),
}

# code, name, kind, parent code, province slug, city, address, phone, point (lat, lng)
BRANCHES = [
    (
        "1001",
        "شعبه ۱ تهران",
        "branch",
        None,
        "tehran",
        "تهران",
        "خیابان ولیعصر، بالاتر از میدان ولیعصر، کوچه سروش، پلاک 41",
        "021-88901001",
        (35.7163, 51.4066),
    ),
    (
        "1002",
        "شعبه ۲ تهران",
        "branch",
        None,
        "tehran",
        "تهران",
        "خیابان شریعتی، نرسیده به پل رومی، پلاک 1180",
        "021-22601002",
        (35.7688, 51.4437),
    ),
    (
        "1003",
        "شعبه شهریار",
        "branch",
        None,
        "tehran",
        "شهریار",
        "بلوار ولیعصر، جنب بانک ملی، پلاک 62",
        "021-65201003",
        (35.6612, 51.0618),
    ),
    (
        "1101",
        "شعبه اقماری یوسف‌آباد",
        "satellite",
        "1001",
        "tehran",
        "تهران",
        "خیابان سید جمال‌الدین اسدآبادی، خیابان بیست‌ویکم، پلاک 9",
        "021-88701101",
        (35.7291, 51.4118),
    ),
    (
        "2001",
        "شعبه ۱ اصفهان",
        "branch",
        None,
        "isfahan",
        "اصفهان",
        "خیابان چهارباغ بالا، روبه‌روی کوچه ارغوان، پلاک 215",
        "031-36602001",
        (32.6312, 51.6694),
    ),
    (
        "2002",
        "شعبه کاشان",
        "branch",
        None,
        "isfahan",
        "کاشان",
        "خیابان امیرکبیر، نبش کوچه گلستان، پلاک 33",
        "031-55402002",
        (33.9904, 51.4291),
    ),
    (
        "2101",
        "شعبه اقماری نجف‌آباد",
        "satellite",
        "2001",
        "isfahan",
        "نجف‌آباد",
        "خیابان امام، کوچه شقایق، پلاک 18",
        "031-42602101",
        (32.6331, 51.3681),
    ),
    (
        "3001",
        "شعبه ۱ مشهد",
        "branch",
        None,
        "khorasan-razavi",
        "مشهد",
        "بلوار وکیل‌آباد، بین وکیل‌آباد ۱۲ و ۱۴، پلاک 310",
        "051-38403001",
        (36.3312, 59.5479),
    ),
    (
        "3002",
        "شعبه ۲ مشهد",
        "branch",
        None,
        "khorasan-razavi",
        "مشهد",
        "خیابان امام رضا، امام رضا ۲۴، پلاک 7",
        "051-38503002",
        (36.2801, 59.6022),
    ),
    (
        "3003",
        "شعبه نیشابور",
        "branch",
        None,
        "khorasan-razavi",
        "نیشابور",
        "خیابان فردوسی شمالی، کوچه نسترن، پلاک 25",
        "051-43303003",
        (36.2181, 58.7961),
    ),
    (
        "3101",
        "شعبه اقماری طرقبه",
        "satellite",
        "3001",
        "khorasan-razavi",
        "مشهد",
        "بلوار امام خمینی طرقبه، پلاک 14",
        "051-34203101",
        (36.3102, 59.3751),
    ),
    (
        "4001",
        "شعبه ۱ شیراز",
        "branch",
        None,
        "fars",
        "شیراز",
        "خیابان زند، نرسیده به میدان شهرداری، پلاک 402",
        "071-32304001",
        (29.6104, 52.5421),
    ),
    (
        "4002",
        "شعبه مرودشت",
        "branch",
        None,
        "fars",
        "مرودشت",
        "بلوار ولیعصر، کوچه ۸، پلاک 3",
        "071-43304002",
        (29.8761, 52.8052),
    ),
    (
        "4101",
        "شعبه اقماری صدرا",
        "satellite",
        "4001",
        "fars",
        "شیراز",
        "شهر صدرا، بلوار پاسداران، مجتمع اداری ارم، واحد 5",
        "071-36204101",
        (29.7991, 52.4948),
    ),
    (
        "5001",
        "شعبه ۱ تبریز",
        "branch",
        None,
        "east-azerbaijan",
        "تبریز",
        "خیابان امام خمینی، روبه‌روی پارک ملت، پلاک 520",
        "041-35505001",
        (38.0694, 46.3126),
    ),
    (
        "5002",
        "شعبه مراغه",
        "branch",
        None,
        "east-azerbaijan",
        "مراغه",
        "خیابان اوحدی، کوچه بهار، پلاک 11",
        "041-37205002",
        (37.3906, 46.2421),
    ),
]

DUTIES = {
    "register-insured": "ثبت‌نام بیمه‌شدگان و صدور شماره بیمه",
    "receive-lists": "دریافت لیست و حق بیمه کارفرمایان",
    "medical-documents": "پذیرش اسناد پزشکی",
    "booklet": "صدور و تمدید دفترچه درمانی",
    "records": "پاسخ به استعلام سوابق بیمه‌ای",
    "self-employed": "قرارداد بیمه مشاغل آزاد و اختیاری",
}

# code, name, branch code, city, address, phone, point, duty keys, accepts medical documents
AGENCIES = [
    (
        "A1001",
        "کارگزاری رسمی ۱۱۰۱ تهران (آریا)",
        "1001",
        "تهران",
        "خیابان فاطمی، کوچه پروین، پلاک 17، طبقه اول",
        "021-88951101",
        (35.7198, 51.3981),
        ["register-insured", "receive-lists", "medical-documents", "booklet"],
        True,
    ),
    (
        "A1002",
        "کارگزاری رسمی ۱۱۰۲ تهران (سپید)",
        "1002",
        "تهران",
        "خیابان دولت، بین کاوه و کمال‌الملک، پلاک 88",
        "021-22851102",
        (35.7744, 51.4552),
        ["register-insured", "records", "self-employed"],
        False,
    ),
    (
        "A1003",
        "کارگزاری رسمی ۱۱۰۳ شهریار",
        "1003",
        "شهریار",
        "خیابان کشاورز، جنب درمانگاه، پلاک 5",
        "021-65251103",
        (35.6551, 51.0539),
        ["receive-lists", "medical-documents"],
        True,
    ),
    (
        "A2001",
        "کارگزاری رسمی ۲۱۰۱ اصفهان (نقش جهان)",
        "2001",
        "اصفهان",
        "خیابان شیخ صدوق شمالی، کوچه ۱۸، پلاک 6",
        "031-36632101",
        (32.6331, 51.6581),
        ["register-insured", "receive-lists", "booklet", "medical-documents"],
        True,
    ),
    (
        "A2002",
        "کارگزاری رسمی ۲۱۰۲ کاشان",
        "2002",
        "کاشان",
        "خیابان بابا افضل، کوچه رازی، پلاک 21",
        "031-55452102",
        (33.9791, 51.4441),
        ["records", "self-employed"],
        False,
    ),
    (
        "A3001",
        "کارگزاری رسمی ۳۱۰۱ مشهد (توس)",
        "3001",
        "مشهد",
        "بلوار سجاد، سجاد ۸، پلاک 44",
        "051-37613101",
        (36.3189, 59.5631),
        ["register-insured", "receive-lists", "medical-documents"],
        True,
    ),
    (
        "A3002",
        "کارگزاری رسمی ۳۱۰۲ نیشابور",
        "3003",
        "نیشابور",
        "خیابان عطار، کوچه ۵، پلاک 9",
        "051-43353102",
        (36.2089, 58.8011),
        ["booklet", "records"],
        False,
    ),
    (
        "A4001",
        "کارگزاری رسمی ۴۱۰۱ شیراز (پارس)",
        "4001",
        "شیراز",
        "خیابان ملاصدرا، کوچه ۱۰، پلاک 12",
        "071-32354101",
        (29.6231, 52.5329),
        ["register-insured", "medical-documents", "self-employed"],
        True,
    ),
    (
        "A4002",
        "کارگزاری رسمی ۴۱۰۲ مرودشت",
        "4002",
        "مرودشت",
        "خیابان انقلاب، جنب پارک شهر، پلاک 2",
        "071-43354102",
        (29.8719, 52.8001),
        ["receive-lists", "booklet"],
        False,
    ),
    (
        "A5001",
        "کارگزاری رسمی ۵۱۰۱ تبریز (ائل‌گلی)",
        "5001",
        "تبریز",
        "خیابان منصور، کوچه صبا، پلاک 30",
        "041-35555101",
        (38.0621, 46.2999),
        ["register-insured", "receive-lists", "medical-documents", "records"],
        True,
    ),
    (
        "A5002",
        "کارگزاری رسمی ۵۱۰۲ مراغه",
        "5002",
        "مراغه",
        "خیابان خواجه نصیر، کوچه ۴، پلاک 15",
        "041-37255102",
        (37.3951, 46.2351),
        ["booklet", "self-employed"],
        False,
    ),
]

SPECIALTIES = [
    "داخلی",
    "اطفال",
    "زنان و زایمان",
    "ارتوپدی",
    "قلب و عروق",
    "چشم‌پزشکی",
    "دندان‌پزشکی",
    "گوش، حلق و بینی",
    "پوست",
    "داروخانه",
    "آزمایشگاه",
    "رادیولوژی",
]

# code, name, ownership, kind, province, city, address, phone, point, specialties
CENTRES = [
    (
        "M1001",
        "بیمارستان امید تأمین اجتماعی تهران",
        "owned",
        "hospital",
        "tehran",
        "تهران",
        "بزرگراه چمران، خروجی یادگار، خیابان نیایش، پلاک 100",
        "021-22001001",
        (35.7541, 51.3904),
        ["داخلی", "قلب و عروق", "ارتوپدی", "زنان و زایمان", "اطفال"],
    ),
    (
        "M1002",
        "درمانگاه تخصصی البرز",
        "owned",
        "polyclinic",
        "tehran",
        "تهران",
        "خیابان آزادی، نرسیده به خوش، پلاک 510",
        "021-66001002",
        (35.7004, 51.3779),
        ["داخلی", "چشم‌پزشکی", "دندان‌پزشکی"],
    ),
    (
        "M1003",
        "آزمایشگاه پاسارگاد",
        "contracted",
        "laboratory",
        "tehran",
        "تهران",
        "خیابان مطهری، کوچه میرعماد، پلاک 3",
        "021-88001003",
        (35.7259, 51.4256),
        ["آزمایشگاه"],
    ),
    (
        "M1004",
        "داروخانه شبانه‌روزی شهریار",
        "contracted",
        "pharmacy",
        "tehran",
        "شهریار",
        "بلوار ولیعصر، روبه‌روی پارک، پلاک 90",
        "021-65001004",
        (35.6641, 51.0656),
        ["داروخانه"],
    ),
    (
        "M2001",
        "بیمارستان سپاهان تأمین اجتماعی",
        "owned",
        "hospital",
        "isfahan",
        "اصفهان",
        "خیابان کاوه، روبه‌روی پایانه، پلاک 700",
        "031-34002001",
        (32.6879, 51.6641),
        ["داخلی", "اطفال", "گوش، حلق و بینی", "ارتوپدی"],
    ),
    (
        "M2002",
        "مرکز تصویربرداری آفتاب",
        "contracted",
        "imaging",
        "isfahan",
        "اصفهان",
        "خیابان توحید، کوچه ۱۴، پلاک 8",
        "031-36002002",
        (32.6479, 51.6559),
        ["رادیولوژی"],
    ),
    (
        "M2003",
        "درمانگاه تأمین اجتماعی کاشان",
        "owned",
        "polyclinic",
        "isfahan",
        "کاشان",
        "خیابان شهید رجایی، پلاک 40",
        "031-55002003",
        (33.9721, 51.4179),
        ["داخلی", "دندان‌پزشکی", "پوست"],
    ),
    (
        "M3001",
        "بیمارستان رضوی تأمین اجتماعی",
        "owned",
        "hospital",
        "khorasan-razavi",
        "مشهد",
        "بلوار فردوسی، فردوسی ۱۶، پلاک 210",
        "051-38003001",
        (36.3049, 59.5521),
        ["داخلی", "قلب و عروق", "زنان و زایمان", "چشم‌پزشکی"],
    ),
    (
        "M3002",
        "مطب و کلینیک تخصصی فیروزه",
        "contracted",
        "clinic",
        "khorasan-razavi",
        "نیشابور",
        "خیابان امام، کوچه ۳، پلاک 27",
        "051-43003002",
        (36.2141, 58.7909),
        ["اطفال", "پوست"],
    ),
    (
        "M4001",
        "بیمارستان حافظ تأمین اجتماعی",
        "owned",
        "hospital",
        "fars",
        "شیراز",
        "خیابان قصردشت، نرسیده به چهارراه، پلاک 155",
        "071-36004001",
        (29.6301, 52.5119),
        ["داخلی", "ارتوپدی", "گوش، حلق و بینی", "زنان و زایمان"],
    ),
    (
        "M4002",
        "داروخانه نارنجستان",
        "contracted",
        "pharmacy",
        "fars",
        "شیراز",
        "خیابان لطفعلی‌خان زند، پلاک 61",
        "071-32004002",
        (29.6121, 52.5479),
        ["داروخانه"],
    ),
    (
        "M4003",
        "درمانگاه تأمین اجتماعی مرودشت",
        "owned",
        "polyclinic",
        "fars",
        "مرودشت",
        "خیابان کشاورز، پلاک 12",
        "071-43004003",
        (29.8791, 52.8089),
        ["داخلی", "اطفال"],
    ),
    (
        "M5001",
        "بیمارستان ارک تأمین اجتماعی",
        "owned",
        "hospital",
        "east-azerbaijan",
        "تبریز",
        "خیابان آزادی، روبه‌روی فلکه نماز، پلاک 900",
        "041-35005001",
        (38.0559, 46.3301),
        ["داخلی", "قلب و عروق", "اطفال", "چشم‌پزشکی"],
    ),
    (
        "M5002",
        "آزمایشگاه تخصصی شهریار تبریز",
        "contracted",
        "laboratory",
        "east-azerbaijan",
        "تبریز",
        "خیابان ارتش جنوبی، کوچه ۲، پلاک 19",
        "041-35505002",
        (38.0719, 46.2951),
        ["آزمایشگاه"],
    ),
    (
        "M5003",
        "درمانگاه تأمین اجتماعی مراغه",
        "owned",
        "polyclinic",
        "east-azerbaijan",
        "مراغه",
        "خیابان دانشسرا، پلاک 50",
        "041-37205003",
        (37.3869, 46.2461),
        ["داخلی", "دندان‌پزشکی"],
    ),
]

# national code of a demo staff user (tamin.accounts.demo) -> (branch code, role)
STAFF = {
    "0084575948": ("1001", StaffRole.HEAD),
    "0067749828": ("2001", StaffRole.REVIEWER),
}


def _place(province: str, city: str, address: str, phone: str, point: tuple[float, float]) -> dict:
    provinces = {p.slug: p for p in Province.objects.all()}
    city_obj = City.objects.get(province=provinces[province], name=city)
    lat, lng = (Decimal(f"{degrees:.6f}") for degrees in point)
    return {
        "province": provinces[province],
        "city": city_obj,
        "address": f"{city}، {address}",
        "phone": phone,
        "latitude": lat,
        "longitude": lng,
    }


def _placed(place, created: bool, defaults: dict) -> None:
    """Move a place seeded earlier (when every place sat on its city's point) to its own."""
    point = (defaults["latitude"], defaults["longitude"])
    if not created and (place.latitude, place.longitude) != point:
        place.latitude, place.longitude = point
        place.save(update_fields=["latitude", "longitude", "updated_at"])


@transaction.atomic
def seed(stdout) -> None:
    for slug, (name, cities) in PROVINCES.items():
        province, _ = Province.objects.get_or_create(slug=slug, defaults={"name": name})
        for city in cities:
            City.objects.get_or_create(province=province, name=city)

    for code, name, kind, parent, province, city, address, phone, point in BRANCHES:
        defaults = _place(province, city, address, phone, point)
        defaults.update(
            name=name,
            kind=kind,
            parent=Branch.objects.get(code=parent) if parent else None,
            hours=HOURS_THURSDAY if kind == BranchKind.BRANCH else HOURS,
        )
        _placed(*Branch.objects.get_or_create(code=code, defaults=defaults), defaults)

    duties = {
        key: AgencyDuty.objects.get_or_create(key=key, defaults={"title": title})[0]
        for key, title in DUTIES.items()
    }
    for code, name, branch, city, address, phone, point, duty_keys, medical in AGENCIES:
        branch_obj = Branch.objects.get(code=branch)
        defaults = _place(branch_obj.province.slug, city, address, phone, point)
        defaults.update(
            name=name, branch=branch_obj, hours=HOURS, accepts_medical_documents=medical
        )
        agency, created = Agency.objects.get_or_create(code=code, defaults=defaults)
        _placed(agency, created, defaults)
        if created:
            agency.duties.set([duties[key] for key in duty_keys])

    specialties = {name: Specialty.objects.get_or_create(name=name)[0] for name in SPECIALTIES}
    for code, name, ownership, kind, province, city, address, phone, point, names in CENTRES:
        defaults = _place(province, city, address, phone, point)
        defaults.update(
            name=name,
            ownership=Ownership(ownership),
            kind=MedicalCentreKind(kind),
            hours="شبانه‌روزی" if kind in ("hospital", "pharmacy") else HOURS_THURSDAY,
        )
        centre, created = MedicalCentre.objects.get_or_create(code=code, defaults=defaults)
        _placed(centre, created, defaults)
        if created:
            centre.specialties.set([specialties[n] for n in names])

    User = get_user_model()
    for national_code, (branch_code, role) in STAFF.items():
        user = User.objects.filter(national_code=national_code, is_staff=True).first()
        if user is None:
            stdout.write(f"Directory: staff user {national_code} not found; membership skipped.\n")
            continue
        staff_membership_grant(user=user, branch=Branch.objects.get(code=branch_code), role=role)
        stdout.write(f"Directory: {national_code} is {role} of branch {branch_code}.\n")

    stdout.write(
        f"Directory: {Branch.objects.count()} branches, {Agency.objects.count()} agencies, "
        f"{MedicalCentre.objects.count()} medical centres.\n"
    )
