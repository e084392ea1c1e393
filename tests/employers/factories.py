"""Shared factories of the employers app: workshops and the people who act for them.

Other areas import these (or wrap them in tests/employers/factories_<area>.py).
"""

import factory

from employers.models import Representative, RepresentativeRole, Workshop
from tamin.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    code = factory.Sequence(lambda n: f"{5000000000 + n}")
    name = factory.Sequence(lambda n: f"کارگاه نمونه {n}")
    employer_name = "علی رضایی"
    address = factory.Sequence(lambda n: f"تهران، خیابان انقلاب، پلاک {n}")
    branch = factory.SubFactory(BranchFactory)
    is_active = True


class RepresentativeFactory(factory.django.DjangoModelFactory):
    """An active owner of a new workshop; the user holds Role.EMPLOYER."""

    class Meta:
        model = Representative

    user = factory.SubFactory(UserFactory, roles=[Role.INSURED, Role.EMPLOYER])
    workshop = factory.SubFactory(WorkshopFactory)
    role = RepresentativeRole.OWNER
    is_active = True


class AccountantFactory(RepresentativeFactory):
    role = RepresentativeRole.ACCOUNTANT
