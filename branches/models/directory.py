"""The public directory: provinces, branches (incl. satellite), agencies, medical centres,
and who works where (staff memberships). Holidays live in `holidays.py`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tamin.core.models import TimeStampedModel


class Province(models.Model):
    name = models.CharField(_("استان"), max_length=64, unique=True)
    slug = models.SlugField(max_length=64, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("استان")
        verbose_name_plural = _("استان‌ها")

    def __str__(self) -> str:
        return self.name


class City(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="cities")
    name = models.CharField(_("شهر"), max_length=64)

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = _("شهر")
        verbose_name_plural = _("شهرها")
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="uniq_city_in_province")
        ]

    def __str__(self) -> str:
        return self.name


class PlaceFields(TimeStampedModel):
    """Where a place is and how to reach it (branch, agency, medical centre)."""

    name = models.CharField(_("نام"), max_length=120)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("استان")
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="+", verbose_name=_("شهر")
    )
    address = models.CharField(_("نشانی"), max_length=255)
    postal_code = models.CharField(_("کد پستی"), max_length=10, blank=True)
    phone = models.CharField(_("تلفن"), max_length=32, blank=True)
    hours = models.CharField(_("ساعات کار"), max_length=120, blank=True)
    latitude = models.DecimalField(
        _("عرض جغرافیایی"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("طول جغرافیایی"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_active = models.BooleanField(_("فعال"), default=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class BranchKind(models.TextChoices):
    BRANCH = "branch", _("شعبه")
    SATELLITE = "satellite", _("شعبه اقماری")


class Branch(PlaceFields):
    code = models.CharField(_("کد شعبه"), max_length=8, unique=True)
    kind = models.CharField(
        _("نوع"), max_length=16, choices=BranchKind.choices, default=BranchKind.BRANCH
    )
    # A satellite branch (شعبه اقماری) works under a main branch.
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="satellites",
        verbose_name=_("شعبه مادر"),
    )

    class Meta:
        ordering = ["province__name", "city__name", "code"]
        verbose_name = _("شعبه")
        verbose_name_plural = _("شعب")
        indexes = [models.Index(fields=["province", "city", "kind"])]


class AgencyDuty(models.Model):
    key = models.SlugField(max_length=48, unique=True)
    title = models.CharField(_("وظیفه"), max_length=160)

    class Meta:
        ordering = ["title"]
        verbose_name = _("وظیفه کارگزاری")
        verbose_name_plural = _("وظایف کارگزاری")

    def __str__(self) -> str:
        return self.title


class Agency(PlaceFields):
    """A branch agency (کارگزاری): a licensed office doing part of a branch's work."""

    code = models.CharField(_("کد کارگزاری"), max_length=8, unique=True)
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("شعبه ناظر")
    )
    duties = models.ManyToManyField(
        AgencyDuty, blank=True, related_name="agencies", verbose_name=_("وظایف")
    )
    accepts_medical_documents = models.BooleanField(_("پذیرش اسناد پزشکی"), default=False)

    class Meta:
        ordering = ["province__name", "city__name", "code"]
        verbose_name = _("کارگزاری")
        verbose_name_plural = _("کارگزاری‌ها")


class Specialty(models.Model):
    name = models.CharField(_("تخصص"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("تخصص")
        verbose_name_plural = _("تخصص‌ها")

    def __str__(self) -> str:
        return self.name


class Ownership(models.TextChoices):
    OWNED = "owned", _("ملکی (متعلق به سازمان)")
    CONTRACTED = "contracted", _("طرف قرارداد")


class MedicalCentreKind(models.TextChoices):
    HOSPITAL = "hospital", _("بیمارستان")
    POLYCLINIC = "polyclinic", _("درمانگاه")
    CLINIC = "clinic", _("مطب و کلینیک")
    PHARMACY = "pharmacy", _("داروخانه")
    LABORATORY = "laboratory", _("آزمایشگاه")
    IMAGING = "imaging", _("تصویربرداری")


class MedicalCentre(PlaceFields):
    code = models.CharField(_("کد مرکز"), max_length=8, unique=True)
    ownership = models.CharField(_("مالکیت"), max_length=16, choices=Ownership.choices)
    kind = models.CharField(_("نوع مرکز"), max_length=16, choices=MedicalCentreKind.choices)
    specialties = models.ManyToManyField(
        Specialty, blank=True, related_name="centres", verbose_name=_("تخصص‌ها")
    )

    class Meta:
        ordering = ["province__name", "city__name", "name"]
        verbose_name = _("مرکز درمانی")
        verbose_name_plural = _("مراکز درمانی")
        indexes = [models.Index(fields=["province", "city", "kind"])]


class StaffRole(models.TextChoices):
    REVIEWER = "reviewer", _("کارشناس")
    HEAD = "head", _("رئیس شعبه")


class StaffMembership(TimeStampedModel):
    """A staff member works at a branch — or at an agency (کارگزاری) — as reviewer or head;
    they see only that place's work. Exactly one of `branch` and `agency` is set: an agency's
    staff review the cases routed to their agency in the same queue, and nothing of a branch
    (every branch read filters by `branch`, which an agency membership leaves empty)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="branch_memberships"
    )
    branch = models.ForeignKey(
        Branch, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("کارگزاری"),
    )
    role = models.CharField(
        _("سمت"), max_length=16, choices=StaffRole.choices, default=StaffRole.REVIEWER
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("عضویت کارمند در شعبه")
        verbose_name_plural = _("کارکنان شعب")
        constraints = [
            models.UniqueConstraint(fields=["user", "branch"], name="uniq_staff_membership"),
            models.UniqueConstraint(fields=["user", "agency"], name="uniq_agency_staff_membership"),
            models.CheckConstraint(
                condition=models.Q(branch__isnull=False, agency__isnull=True)
                | models.Q(branch__isnull=True, agency__isnull=False),
                name="staff_membership_one_place",
                violation_error_message=_("کارمند یا عضو یک شعبه است یا عضو یک کارگزاری."),
            ),
        ]

    def __str__(self) -> str:
        place = f"agency:{self.agency_id}" if self.agency_id else self.branch_id
        return f"{self.user_id}@{place} {self.role}"

    @property
    def place(self) -> Branch | Agency:
        """The branch or the agency this membership is at (select_related both to read it)."""
        return self.agency if self.agency_id else self.branch
