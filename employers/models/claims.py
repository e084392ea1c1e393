"""Claim rulings (احکام مطالباتی), objections to them and the boards' votes (DOMAIN.md §5).

A ruling is issued by branch staff (by hand, from an inspection, or for months
without a list), served as a notice, and from then on its amount is final debt in
the workshop's account (a `ruling` ledger row). An objection within the term takes
it to the first-instance board; the board's vote is served in turn and its
difference is posted to the account; above the appeal threshold either side may
appeal to the review board. Every amount is integer rial.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from employers.models.notices import Notice
from employers.models.workshops import Workshop
from tamin.core.models import TimeStampedModel


class RulingSource(models.TextChoices):
    MANUAL = "manual", _("صدور دستی")
    INSPECTION = "inspection", _("گزارش بازرسی")
    NO_LIST = "no_list", _("ماه‌های بدون لیست")


class RulingStatus(models.TextChoices):
    DRAFT = "draft", _("پیش‌نویس")
    SERVED = "served", _("ابلاغ شده")
    OBJECTED = "objected", _("در دست رسیدگی اعتراض")
    DECIDED = "decided", _("رأی هیأت صادر شده")
    FINAL = "final", _("قطعی")
    CANCELLED = "cancelled", _("ابطال شده")


class ClaimRuling(TimeStampedModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="rulings")
    branch = models.ForeignKey("branches.Branch", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("شماره حکم"), max_length=20, unique=True)
    source = models.CharField(_("منشأ"), max_length=16, choices=RulingSource.choices)
    inspection = models.ForeignKey(
        "branches.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    legal_basis = models.TextField(_("مستند قانونی"))
    description = models.TextField(_("شرح"), blank=True)
    status = models.CharField(
        max_length=16, choices=RulingStatus.choices, default=RulingStatus.DRAFT
    )
    principal_total = models.BigIntegerField(_("اصل بدهی"), default=0)
    penalty_total = models.BigIntegerField(_("جرائم"), default=0)
    # What the workshop owes on this ruling now: the total, then each vote's amount,
    # less a penalty waiver. Every change of it is a `ruling` ledger row.
    current_amount = models.BigIntegerField(_("مبلغ فعلی"), default=0)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notice = models.OneToOneField(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="ruling"
    )
    penalties_waived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("حکم مطالباتی")
        verbose_name_plural = _("احکام مطالباتی")
        constraints = [
            models.CheckConstraint(
                condition=Q(principal_total__gte=0) & Q(penalty_total__gte=0),
                name="ruling_amounts_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def total(self) -> int:
        return self.principal_total + self.penalty_total


class ClaimRulingLine(models.Model):
    """One period of a ruling: its principal (premium) and penalty."""

    ruling = models.ForeignKey(ClaimRuling, on_delete=models.CASCADE, related_name="lines")
    year = models.PositiveSmallIntegerField(_("سال"))
    month = models.PositiveSmallIntegerField(_("ماه"))
    principal = models.BigIntegerField(_("اصل"))
    penalty = models.BigIntegerField(_("جریمه"), default=0)
    description = models.CharField(_("شرح"), max_length=200, blank=True)

    class Meta:
        ordering = ["ruling", "year", "month", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12) & Q(principal__gte=0) & Q(penalty__gte=0),
                name="ruling_line_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ruling_id} {self.year}/{self.month}"


class ObjectionStage(models.TextChoices):
    FIRST_INSTANCE = "first", _("هیأت بدوی")
    REVIEW = "review", _("هیأت تجدیدنظر")


class ObjectionSide(models.TextChoices):
    EMPLOYER = "employer", _("کارفرما")
    ORGANIZATION = "organization", _("سازمان")


class ObjectionStatus(models.TextChoices):
    REGISTERED = "registered", _("ثبت شد")
    CALCULATION_REVIEW = "calculation_review", _("بررسی محاسبات")
    BEFORE_BOARD = "before_board", _("طرح در هیأت")
    RECALCULATION = "recalculation", _("محاسبه مجدد")
    HEARING_SET = "hearing_set", _("تعیین وقت رسیدگی")
    VOTE_CONFIRMED = "vote_confirmed", _("تأیید رأی")
    DOCUMENTS_MISSING = "documents_missing", _("نقص مدارک")
    REJECTED = "rejected", _("رد شد")
    ACCEPTED = "accepted", _("پذیرفته شد")


class Objection(TimeStampedModel):
    """An objection to a ruling (first instance) or an appeal of a first-instance vote."""

    ruling = models.ForeignKey(ClaimRuling, on_delete=models.PROTECT, related_name="objections")
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="objections")
    stage = models.CharField(max_length=8, choices=ObjectionStage.choices)
    side = models.CharField(
        max_length=16, choices=ObjectionSide.choices, default=ObjectionSide.EMPLOYER
    )
    tracking_code = models.CharField(_("کد رهگیری"), max_length=20, unique=True)
    status = models.CharField(
        max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.REGISTERED
    )
    text = models.TextField(_("شرح اعتراض"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The notice it answers (the ruling's, or the first-instance vote's) and its term.
    answers_notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="+")
    # The branch case that carries its documents through the review queue.
    case_id = models.PositiveBigIntegerField(null=True, blank=True)
    hearing_at = models.DateTimeField(_("وقت رسیدگی"), null=True, blank=True)
    hearing_place = models.CharField(_("محل رسیدگی"), max_length=200, blank=True)
    hearing_slot_id = models.PositiveBigIntegerField(null=True, blank=True)
    hearing_notice = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("اعتراض به حکم")
        verbose_name_plural = _("اعتراض‌ها به احکام")
        constraints = [
            # One objection per ruling and stage: a second one is refused.
            models.UniqueConstraint(fields=["ruling", "stage"], name="uniq_objection_per_stage")
        ]

    def __str__(self) -> str:
        return self.tracking_code


class ObjectionStatusChange(models.Model):
    """The history of an objection's statuses (each change sends an SMS)."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=20, choices=ObjectionStatus.choices)
    note = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["objection", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.objection_id} {self.status}"


class BoardVote(TimeStampedModel):
    """A board's vote on an objection: the amount the ruling now stands at."""

    objection = models.OneToOneField(Objection, on_delete=models.PROTECT, related_name="vote")
    board = models.CharField(max_length=8, choices=ObjectionStage.choices)
    amount = models.BigIntegerField(_("مبلغ مورد رأی (ریال)"))
    reasoning = models.TextField(_("متن رأی"))
    decided_on = models.DateField(_("تاریخ رأی"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notice = models.OneToOneField(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="vote"
    )
    # A first-instance vote above the threshold may be appealed until this day.
    appeal_until = models.DateField(null=True, blank=True)
    is_final = models.BooleanField(default=False)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("رأی هیأت")
        verbose_name_plural = _("آرای هیأت‌ها")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="vote_amount_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.objection_id} {self.board} {self.amount}"
