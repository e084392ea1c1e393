"""Payroll key test helpers: the sample workshop of docs/samples/ with its owner and its
three workers registered, the sample files, and a key issued the way the owner does."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from employers.listfile.samples import (
    SAMPLE_MONTH,
    SAMPLE_WORKERS,
    SAMPLE_WORKSHOP_CODE,
    SAMPLE_WORKSHOP_NAME,
    SAMPLE_YEAR,
)
from employers.models import Representative
from employers.services.payroll import payroll_key_issue
from insured.models import Sex
from tests.employers.factories import RepresentativeFactory
from tests.insured.factories import InsuredPersonFactory

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
PAIR = ("DSKKAR00.DBF", "DSKWOR00.DBF")
KEY_PATTERN = re.compile(r"tpk_[a-z0-9]{8}_[A-Za-z0-9_-]{40,}")
API = "/api/v1/payroll"


@dataclass
class SampleWorkshop:
    owner: Representative

    @property
    def workshop(self):
        return self.owner.workshop

    @property
    def user(self):
        return self.owner.user


def sample_workshop() -> SampleWorkshop:
    """The workshop of docs/samples/ (3045678901) with an owner and the sample's workers
    registered under their numbers, so the valid pair passes the registry checks too."""
    owner = RepresentativeFactory(
        workshop__code=SAMPLE_WORKSHOP_CODE, workshop__name=SAMPLE_WORKSHOP_NAME
    )
    for insurance, national, first, last, father, sex, *_rest in SAMPLE_WORKERS:
        InsuredPersonFactory(
            insurance_number=insurance,
            national_code=national,
            first_name=first,
            last_name=last,
            father_name=father,
            sex=Sex.MALE if sex == "مرد" else Sex.FEMALE,
        )
    return SampleWorkshop(owner=owner)


def sample_paths(kind: str) -> list[Path]:
    """`valid` or `invalid`: the sample DBF pair's paths."""
    return [SAMPLES / kind / name for name in PAIR]


def sample_uploads(kind: str) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(path.name, path.read_bytes()) for path in sample_paths(kind)]


def upload_form(kind: str) -> dict:
    return {"year": SAMPLE_YEAR, "month": SAMPLE_MONTH, "files": sample_uploads(kind)}


def issue_key(owner: Representative, *, may_submit: bool = False, name: str = "حقوق سپیدار"):
    """A key issued through the service (the pages are tested on their own)."""
    return payroll_key_issue(
        actor=owner.user, workshop=owner.workshop, name=name, may_submit=may_submit
    )


def auth(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}


def issue_key_on_the_page(client, owner: Representative, *, may_submit: bool) -> str:
    """The owner issues a key on the portal and copies it from the page shown once."""
    client.force_login(owner.user)
    data = {"name": "نرم‌افزار حقوق سپیدار"}
    if may_submit:
        data["may_submit"] = "on"
    response = client.post(
        reverse("employers:payroll_key_new", args=[owner.workshop.pk]), data, follow=True
    )
    assert response.status_code == 200
    found = KEY_PATTERN.findall(response.content.decode())
    assert len(found) == 1, "the key is shown once on the page after issuing"
    client.logout()
    return found[0]
