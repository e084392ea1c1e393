"""Thin Celery wrappers of branch services (beat runs them; see CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from branches.services.appointments import booking_send_reminders, slots_top_up
from tamin.core.task_deliveries import poison_proof

# Periodic runs without an object: each is guarded by its own message (tamin.core.task_deliveries).


@shared_task(acks_late=True)
@poison_proof()
def appointment_reminders_task() -> int:
    """Text tomorrow's bookings once each; safe to run often and concurrently."""
    return booking_send_reminders()


@shared_task(acks_late=True)
@poison_proof()
def appointment_slots_top_up_task() -> int:
    """Keep APPOINTMENT_SLOT_DAYS of slots open ahead for every active service (idempotent)."""
    return slots_top_up(days=settings.APPOINTMENT_SLOT_DAYS)
