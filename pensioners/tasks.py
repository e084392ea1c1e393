"""Celery tasks of the pensioners app: thin `@shared_task` + `@poison_proof` wrappers of services."""
