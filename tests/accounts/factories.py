import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from tamin.accounts.models import Role, User, UserRole
from tamin.core.identifiers import national_code_with_check_digit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    national_code = factory.Sequence(
        lambda n: national_code_with_check_digit(f"{100000000 + n * 7919:09d}")
    )
    mobile = factory.Sequence(lambda n: f"0912{n % 10_000_000:07d}")
    first_name = "سارا"
    last_name = "محمدی"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or "Tamin-Test-Pass-99")
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create:
            for role in extracted if extracted is not None else [Role.INSURED]:
                UserRole.objects.create(user=obj, role=role)


def staff_with_totp(**kwargs) -> tuple[User, TOTPDevice]:
    user = UserFactory(is_staff=True, roles=[Role.STAFF], **kwargs)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user, device
