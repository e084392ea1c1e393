"""Celery tasks of the pensioners app: thin `@shared_task` + `@poison_proof` wrappers of services."""

from celery import shared_task

from pensioners.services.rulings import pension_yearly_increases_issue
from tamin.core.task_deliveries import poison_proof


# Rulings: the yearly increase of a Jalali year for every active pension (no beat entry:
# staff run it once the year's figures are published; a rerun skips pensions done).
@shared_task(acks_late=True)
@poison_proof()
def pension_yearly_increases_issue_task(year: int) -> int:
    return pension_yearly_increases_issue(year=year)
