"""Iranian banks by the three-digit code inside a Sheba (digits 5-7, after «IR» and the check digits).

Only codes we are sure of are listed; an unknown code shows «بانک نامشخص» rather
than a guess.
"""

from __future__ import annotations

from tamin.core.identifiers import sheba_bank_code

UNKNOWN_BANK = "بانک نامشخص"

BANKS: dict[str, str] = {
    "010": "بانک مرکزی جمهوری اسلامی ایران",
    "011": "بانک صنعت و معدن",
    "012": "بانک ملت",
    "013": "بانک رفاه کارگران",
    "014": "بانک مسکن",
    "015": "بانک سپه",
    "016": "بانک کشاورزی",
    "017": "بانک ملی ایران",
    "018": "بانک تجارت",
    "019": "بانک صادرات ایران",
    "020": "بانک توسعه صادرات ایران",
    "021": "پست بانک ایران",
    "022": "بانک توسعه تعاون",
    "051": "مؤسسه اعتباری توسعه",
    "053": "بانک کارآفرین",
    "054": "بانک پارسیان",
    "055": "بانک اقتصاد نوین",
    "056": "بانک سامان",
    "057": "بانک پاسارگاد",
    "058": "بانک سرمایه",
    "059": "بانک سینا",
    "061": "بانک شهر",
    "062": "بانک آینده",
    "066": "بانک دی",
    "069": "بانک ایران زمین",
    "070": "بانک قرض‌الحسنه رسالت",
    "078": "بانک خاورمیانه",
}


def bank_name_for_sheba(sheba: str) -> str:
    """The bank's Persian name from a (valid) Sheba, or «بانک نامشخص»."""
    return BANKS.get(sheba_bank_code(sheba), UNKNOWN_BANK)
