"""Online appointments at branches and medical centres.

A service (e.g. «تشکیل پرونده») is offered at one place; its weekly schedule
generates slots with a capacity; a booking takes one seat of a slot. Seats are
taken with a conditional UPDATE on `Slot.booked`, so a slot is never overbooked.

A service `by_request_only` (a medical commission) is never offered on the public
appointment pages: its slots are booked only with the request they serve
(`booking_create(..., on_request=True)` from the app that owns the request).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tamin.core.models import TimeStampedModel


class AppointmentService(TimeStampedModel):
    name = models.CharField(_("خدمت"), max_length=120)
    branch = models.ForeignKey(
        "branches.Branch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointment_services",
    )
    medical_centre = models.ForeignKey(
        "branches.MedicalCentre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointment_services",
    )
    specialty = models.ForeignKey(
        "branches.Specialty", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    slot_minutes = models.PositiveSmallIntegerField(_("مدت هر نوبت (دقیقه)"), default=15)
    is_active = models.BooleanField(default=True)
    by_request_only = models.BooleanField(
        _("فقط با درخواست"),
        default=False,
        help_text=_(
            "نوبت این خدمت در صفحه‌های عمومی نوبت‌دهی نمایش داده نمی‌شود و فقط همراه "
            "درخواست مربوط (مانند درخواست کمیسیون پزشکی) رزرو می‌شود."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("خدمت نوبت‌دهی")
        verbose_name_plural = _("خدمات نوبت‌دهی")
        constraints = [
            models.CheckConstraint(
                condition=(Q(branch__isnull=False) & Q(medical_centre__isnull=True))
                | (Q(branch__isnull=True) & Q(medical_centre__isnull=False)),
                name="appointment_service_one_place",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ServiceSchedule(models.Model):
    """Weekly working hours of a service: weekday 0 = Saturday … 6 = Friday (Iranian week)."""

    service = models.ForeignKey(
        AppointmentService, on_delete=models.CASCADE, related_name="schedule"
    )
    weekday = models.PositiveSmallIntegerField(_("روز هفته"))
    start_time = models.TimeField(_("از ساعت"))
    end_time = models.TimeField(_("تا ساعت"))
    capacity_per_slot = models.PositiveSmallIntegerField(_("ظرفیت هر نوبت"), default=1)

    class Meta:
        ordering = ["weekday", "start_time"]
        verbose_name = _("ساعت کاری خدمت")
        verbose_name_plural = _("ساعات کاری خدمت")

    def __str__(self) -> str:
        return f"{self.service_id} d{self.weekday} {self.start_time}-{self.end_time}"


class Slot(models.Model):
    service = models.ForeignKey(AppointmentService, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    capacity = models.PositiveSmallIntegerField(default=1)
    booked = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("نوبت")
        verbose_name_plural = _("نوبت‌ها")
        constraints = [
            models.UniqueConstraint(fields=["service", "starts_at"], name="uniq_slot_start"),
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")), name="slot_not_overbooked"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.starts_at:%Y-%m-%d %H:%M}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("رزرو شده")
    CANCELLED = "cancelled", _("لغو شده")
    ATTENDED = "attended", _("حضور یافت")
    NO_SHOW = "no_show", _("حاضر نشد")


class Booking(TimeStampedModel):
    code = models.CharField(_("کد نوبت"), max_length=12, unique=True)
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings"
    )
    status = models.CharField(
        max_length=16, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("رزرو نوبت")
        verbose_name_plural = _("رزروهای نوبت")
        constraints = [
            # One live booking per person per slot.
            models.UniqueConstraint(
                fields=["slot", "person"],
                condition=Q(status="booked"),
                name="uniq_live_booking_per_slot",
            )
        ]

    def __str__(self) -> str:
        return self.code
