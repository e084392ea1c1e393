"""The insured person's dependents (افراد تبعی, Art. 58; issue #13).

One row per person the insured declares: who they are (national code, names, birth date,
sex), the facts the rule needs (married, disabled, a student certificate's end, supported by
the insured, a pension of their own) and where the declaration stands:

    pending ──branch accepts──▶ active ──insured removes──▶ removed
       └────branch rejects or closes──▶ rejected

A row is `pending` while the branch case that adds it (`added_case_id`, a case of kind
`insured_dependent_add`) is open; the branch's acceptance makes it `active`. Whether an
active dependent is covered on a given day is never stored: `tamin.rules.coverage` decides it
from these facts and the terms in force (a son turning 20 drops on his birthday by himself).
A person is active at most once and pending at most once per insured person: a pending row
beside an active one renews it (new facts, e.g. a new student certificate, when the coverage
ends within the warning period or has ended); accepting it removes the old row («renewed»).

Booklet requests have no table: a request is a branch case (`insured_booklet_request`)
whose payload names the people it covers; the case is its state (see
`insured.services.dependents`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from insured.models.core import InsuredPerson, Sex
from tamin.core.identifiers import validate_national_code
from tamin.core.models import TimeStampedModel


class InsuredDependent(TimeStampedModel):
    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("همسر")
        SON = "son", _("پسر")
        DAUGHTER = "daughter", _("دختر")
        FATHER = "father", _("پدر")
        MOTHER = "mother", _("مادر")

    class Status(models.TextChoices):
        PENDING = "pending", _("در انتظار تأیید شعبه")
        ACTIVE = "active", _("ثبت‌شده")
        REMOVED = "removed", _("حذف‌شده")
        REJECTED = "rejected", _("رد شده در شعبه")

    class RemovalReason(models.TextChoices):
        DEATH = "death", _("فوت")
        DIVORCE = "divorce", _("طلاق")
        MARRIAGE = "marriage", _("ازدواج فرزند")
        OWN_COVERAGE = "own_coverage", _("پوشش بیمه‌ای مستقل")
        NOT_DEPENDENT = "not_dependent", _("دیگر در تکفل من نیست")
        OTHER = "other", _("سایر")
        RENEWED = "renewed", _("ثبت دوباره با مدارک تازه")

    person = models.ForeignKey(InsuredPerson, on_delete=models.PROTECT, related_name="dependents")
    relation = models.CharField(_("نسبت"), max_length=10, choices=Relation.choices)
    national_code = models.CharField(
        _("کد ملی"), max_length=10, validators=[validate_national_code]
    )
    first_name = models.CharField(_("نام"), max_length=60)
    last_name = models.CharField(_("نام خانوادگی"), max_length=80)
    birth_date = models.DateField(_("تاریخ تولد"))
    sex = models.CharField(_("جنسیت"), max_length=8, choices=Sex.choices)
    married = models.BooleanField(_("متأهل"), default=False)
    disabled = models.BooleanField(_("ازکارافتاده"), default=False)
    student_certificate_until = models.DateField(
        _("اعتبار گواهی اشتغال به تحصیل تا"), null=True, blank=True
    )
    supported_by_insured = models.BooleanField(_("در تکفل بیمه‌شده"), default=True)
    has_own_pension = models.BooleanField(_("مستمری‌بگیر تأمین اجتماعی"), default=False)
    status = models.CharField(
        _("وضعیت"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # The branch case of kind `insured_dependent_add` that adds this person (branches owns it).
    added_case_id = models.PositiveBigIntegerField(
        _("شناسه درخواست افزودن"), null=True, blank=True, unique=True
    )
    activated_at = models.DateTimeField(_("تاریخ تأیید"), null=True, blank=True)
    removed_at = models.DateTimeField(_("تاریخ حذف"), null=True, blank=True)
    removal_reason = models.CharField(
        _("علت حذف"), max_length=16, choices=RemovalReason.choices, blank=True
    )

    class Meta:
        ordering = ["person", "created_at", "id"]
        verbose_name = _("فرد تبعی بیمه‌شده")
        verbose_name_plural = _("افراد تبعی بیمه‌شدگان")
        constraints = [
            # At most one active row and one pending renewal of it (a son renewing his student
            # certificate stays covered until the branch accepts the new one).
            models.UniqueConstraint(
                fields=["person", "national_code", "status"],
                condition=Q(status__in=["pending", "active"]),
                name="insured_dependent_live_once_per_status",
            ),
            models.CheckConstraint(
                condition=~Q(status="removed") | Q(removed_at__isnull=False),
                name="insured_dependent_removed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "status"], name="insured_dependent_by_status"),
            models.Index(fields=["national_code"], name="insured_dependent_by_code"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.relation} {self.national_code}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"
