"""Accounts: the user (login = national code), roles, and the SMS one-time-code records."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import SideChannelDevice, ThrottlingMixin

from tamin.core.identifiers import validate_mobile, validate_national_code
from tamin.core.models import TimeStampedModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, national_code: str, password: str | None = None, **fields) -> User:
        user = self.model(national_code=national_code, **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, national_code: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(national_code, password, **fields)


def _new_session_salt() -> str:
    return secrets.token_hex(16)


class User(AbstractBaseUser, PermissionsMixin):
    national_code = models.CharField(
        _("کد ملی"), max_length=10, unique=True, validators=[validate_national_code]
    )
    first_name = models.CharField(_("نام"), max_length=60, blank=True)
    last_name = models.CharField(_("نام خانوادگی"), max_length=80, blank=True)
    birth_date = models.DateField(_("تاریخ تولد"), null=True, blank=True)
    mobile = models.CharField(_("تلفن همراه"), max_length=11, validators=[validate_mobile])
    mobile_verified_at = models.DateTimeField(null=True, blank=True)
    email = models.EmailField(_("ایمیل"), blank=True)
    identity_checked_by = models.CharField(max_length=64, blank=True)
    is_staff = models.BooleanField(_("کارمند"), default=False)
    is_active = models.BooleanField(_("فعال"), default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Rotating this salt invalidates every session of the user ("sign out everywhere").
    session_salt = models.CharField(max_length=32, default=_new_session_salt, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "national_code"
    REQUIRED_FIELDS = ["mobile"]

    class Meta:
        verbose_name = _("کاربر")
        verbose_name_plural = _("کاربران")
        indexes = [models.Index(fields=["mobile"])]

    def __str__(self) -> str:
        return self.get_full_name() or self.national_code

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.national_code

    def get_session_auth_hash(self) -> str:
        # A user read from the principal cache has no password loaded; the hash made from
        # it is kept with the salt it was made for (tamin/accounts/principal.py).
        precomputed = self.__dict__.get("_session_auth_hash")
        if precomputed is not None and precomputed[0] == self.session_salt:
            return precomputed[1]
        return salted_hmac(
            "tamin.accounts.User.session",
            f"{self.password}:{self.session_salt}",
            algorithm="sha256",
        ).hexdigest()

    def set_password(self, raw_password: str | None) -> None:
        self.__dict__.pop("_session_auth_hash", None)
        super().set_password(raw_password)

    def set_unusable_password(self) -> None:
        self.__dict__.pop("_session_auth_hash", None)
        super().set_unusable_password()

    @property
    def must_use_totp(self) -> bool:
        """Staff sign in with an authenticator app, never by SMS."""
        return self.is_staff or self.roles.filter(role=Role.STAFF).exists()


class Role(models.TextChoices):
    INSURED = "insured", _("بیمه‌شده")
    EMPLOYER = "employer", _("کارفرما")
    PENSIONER = "pensioner", _("مستمری‌بگیر")
    STAFF = "staff", _("کارمند شعبه")


class UserRole(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="uniq_user_role")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role}"


class OneTimeCodeFields(models.Model):
    """What every SMS code keeps beside its value: the attempt it is bound to and its tries.

    The code itself is stored only as a keyed hash (`token`). `attempt_id` is put
    in the browser session when the code is sent, so a code only works in the
    sign-in attempt it was sent for. `wrong_tries` is reserved with a conditional
    UPDATE before a guess is compared, so parallel guesses cannot exceed the limit.
    """

    attempt_id = models.UUIDField(default=uuid.uuid4)
    wrong_tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class SMSDevice(ThrottlingMixin, OneTimeCodeFields, SideChannelDevice):
    """django-otp device that delivers 6-digit codes by SMS through `notifications`."""

    mobile = models.CharField(max_length=11, validators=[validate_mobile])

    class Meta(SideChannelDevice.Meta):
        verbose_name = _("دستگاه پیامکی")

    def __str__(self) -> str:
        return f"SMS {self.mobile}"

    def get_throttle_factor(self) -> int:
        return settings.OTP_TOTP_THROTTLE_FACTOR


class PasswordResetRequest(OneTimeCodeFields, TimeStampedModel):
    """A password reset in progress; `token` holds the hashed code sent to the mobile.

    Without a user it is a decoy: the details matched no account (or a staff
    one), no code was sent, and the code page answers as for any other reset.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", null=True)
    token = models.CharField(max_length=16, blank=True)
    valid_until = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"reset {self.user_id}"


class PendingRegistration(OneTimeCodeFields, TimeStampedModel):
    """A registration whose mobile has not been confirmed yet; no user exists until it is."""

    national_code = models.CharField(max_length=10, validators=[validate_national_code])
    birth_date = models.DateField()
    mobile = models.CharField(max_length=11, validators=[validate_mobile])
    identity_checked_by = models.CharField(max_length=64)
    token = models.CharField(max_length=16, blank=True)
    valid_until = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["national_code"])]

    def __str__(self) -> str:
        return f"registration {self.national_code}"


class ApiSignIn(TimeStampedModel):
    """One device's sign-in to the mobile app API: the family its tokens descend from.

    The app holds a short-lived access token (`ApiAccessToken`, `API_ACCESS_MINUTES`)
    and one refresh token (`API_REFRESH_DAYS`). A refresh token is
    `<refresh_handle>.<secret>`: the handle finds this row, and only the SHA-256 of the
    whole current token is kept (`refresh_hash`). Refreshing replaces it, so any other
    token naming this handle is a spent one presented again (theft): the sign-in is
    revoked as a whole. One row per sign-in, however often the app refreshes.

    A sign-in dies when revoked (sign-out in the app, a spent refresh token presented
    again), when its refresh token expires unused, and when the user's `session_salt`
    changes (sign out everywhere, password reset), exactly like the web sessions.
    """

    class EndReason(models.TextChoices):
        LOGOUT = "logout", _("خروج از برنامه")
        REFRESH_REUSED = "refresh_reused", _("استفادهٔ دوباره از توکن تمدید")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_sign_ins")
    device_name = models.CharField(_("دستگاه"), max_length=80, blank=True)
    session_salt = models.CharField(max_length=32)
    refresh_handle = models.CharField(max_length=32, unique=True)
    refresh_hash = models.CharField(max_length=64)
    refresh_expires_at = models.DateTimeField(db_index=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=16, choices=EndReason.choices, blank=True)

    class Meta:
        verbose_name = _("ورود برنامه همراه")
        verbose_name_plural = _("ورودهای برنامه همراه")

    def __str__(self) -> str:
        return f"app sign-in {self.pk} of {self.user_id}"


class ApiAccessToken(models.Model):
    """A short-lived bearer token of an `ApiSignIn`; only its SHA-256 is stored.

    A refresh adds one and leaves the previous one to expire, so calls already in
    flight still succeed; expired rows are deleted at the next refresh and daily.
    """

    sign_in = models.ForeignKey(ApiSignIn, on_delete=models.CASCADE, related_name="access_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("توکن دسترسی برنامه همراه")
        verbose_name_plural = _("توکن‌های دسترسی برنامه همراه")

    def __str__(self) -> str:
        return f"access token {self.pk} of sign-in {self.sign_in_id}"
