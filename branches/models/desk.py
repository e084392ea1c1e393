"""The 1420 contact desk: tickets from the portal and staff answers. The common questions
the desk publishes from tickets are the public content's (`tamin.content`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tamin.core.models import TimeStampedModel


class TicketCategory(models.Model):
    key = models.SlugField(max_length=48, unique=True)
    title = models.CharField(_("موضوع"), max_length=120)

    class Meta:
        ordering = ["title"]
        verbose_name = _("دسته درخواست")
        verbose_name_plural = _("دسته‌های درخواست")

    def __str__(self) -> str:
        return self.title


class TicketStatus(models.TextChoices):
    OPEN = "open", _("باز")
    ANSWERED = "answered", _("پاسخ داده شد")
    CLOSED = "closed", _("بسته")


class Ticket(TimeStampedModel):
    tracking_code = models.CharField(_("کد رهگیری"), max_length=16, unique=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tickets"
    )
    category = models.ForeignKey(TicketCategory, on_delete=models.PROTECT, related_name="tickets")
    subject = models.CharField(_("موضوع"), max_length=200)
    status = models.CharField(
        max_length=16, choices=TicketStatus.choices, default=TicketStatus.OPEN
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("درخواست مرکز تماس")
        verbose_name_plural = _("درخواست‌های مرکز تماس")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.tracking_code


class TicketMessage(TimeStampedModel):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("متن"))
    from_staff = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id}:{self.pk}"
