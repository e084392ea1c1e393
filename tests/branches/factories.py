"""Shared factories of the branches app: directory places, staff memberships, surveys.

Other areas import these (or wrap them in tests/branches/factories_<area>.py).
"""

import datetime
from decimal import Decimal

import factory

from branches.models import (
    Agency,
    AgencyDuty,
    Branch,
    BranchKind,
    Case,
    CaseStatus,
    City,
    Holiday,
    MedicalCentre,
    MedicalCentreKind,
    Ownership,
    Province,
    Specialty,
    StaffMembership,
    StaffRole,
    Survey,
)
from tests.accounts.factories import UserFactory


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"استان {n}")
    slug = factory.Sequence(lambda n: f"province-{n}")


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("province", "name")

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"شهر {n}")


class PlaceFactory(factory.django.DjangoModelFactory):
    """Fields every place shares; the city's province is used unless one is given."""

    class Meta:
        abstract = True

    city = factory.SubFactory(CityFactory)
    province = factory.LazyAttribute(lambda o: o.city.province)
    address = factory.Sequence(lambda n: f"خیابان آزادی، پلاک {n}")
    phone = "021-66000000"
    hours = "شنبه تا چهارشنبه ۷:۳۰ تا ۱۴:۳۰"
    latitude = Decimal("35.700000")
    longitude = Decimal("51.400000")
    is_active = True


class BranchFactory(PlaceFactory):
    class Meta:
        model = Branch

    code = factory.Sequence(lambda n: f"{9000 + n}")
    name = factory.Sequence(lambda n: f"شعبه {n}")
    kind = BranchKind.BRANCH


class SatelliteBranchFactory(BranchFactory):
    kind = BranchKind.SATELLITE
    parent = factory.SubFactory(BranchFactory)
    city = factory.LazyAttribute(lambda o: o.parent.city)
    name = factory.Sequence(lambda n: f"شعبه اقماری {n}")


class AgencyDutyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyDuty
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"duty-{n}")
    title = factory.Sequence(lambda n: f"وظیفه {n}")


class AgencyFactory(PlaceFactory):
    class Meta:
        model = Agency
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"A{5000 + n}")
    name = factory.Sequence(lambda n: f"کارگزاری {n}")
    branch = factory.SubFactory(BranchFactory)
    city = factory.LazyAttribute(lambda o: o.branch.city)
    accepts_medical_documents = False

    @factory.post_generation
    def duties(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.duties.set(extracted)


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"تخصص {n}")


class MedicalCentreFactory(PlaceFactory):
    class Meta:
        model = MedicalCentre
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"M{5000 + n}")
    name = factory.Sequence(lambda n: f"درمانگاه {n}")
    ownership = Ownership.OWNED
    kind = MedicalCentreKind.POLYCLINIC

    @factory.post_generation
    def specialties(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.specialties.set(extracted)


class StaffMembershipFactory(factory.django.DjangoModelFactory):
    """A staff user (is_staff, STAFF role) working at a branch; default role reviewer."""

    class Meta:
        model = StaffMembership

    user = factory.SubFactory(UserFactory, is_staff=True, roles=["staff"])
    branch = factory.SubFactory(BranchFactory)
    role = StaffRole.REVIEWER
    is_active = True


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday
        django_get_or_create = ("date",)

    date = factory.Sequence(lambda n: datetime.date(2030, 1, 1) + datetime.timedelta(days=n))
    title = "تعطیل رسمی"


class ClosedCaseFactory(factory.django.DjangoModelFactory):
    """A minimal closed case, enough to hang a survey on (the cases area has richer ones)."""

    class Meta:
        model = Case

    tracking_code = factory.Sequence(lambda n: f"SV{n:08d}")
    kind = "test.kind"
    applicant = factory.SubFactory(UserFactory)
    branch = factory.SubFactory(BranchFactory)
    subject = "درخواست آزمایشی"
    status = CaseStatus.CLOSED


class SurveyFactory(factory.django.DjangoModelFactory):
    """An open invitation about a closed case of the respondent at the same branch."""

    class Meta:
        model = Survey

    respondent = factory.SubFactory(UserFactory)
    branch = factory.SubFactory(BranchFactory)
    case = factory.SubFactory(
        ClosedCaseFactory,
        applicant=factory.SelfAttribute("..respondent"),
        branch=factory.SelfAttribute("..branch"),
    )
