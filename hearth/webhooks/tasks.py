"""Webhook jobs: send what is due now, and catch up every minute (retries, lost triggers)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def send_webhooks() -> int:
    from .services import deliveries_send_due  # services enqueue this task

    return deliveries_send_due()


@db_periodic_task(crontab(minute="*"))
def send_webhooks_periodically() -> int:
    from .services import deliveries_send_due  # services enqueue this task

    return deliveries_send_due()
