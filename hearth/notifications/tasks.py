"""Delivery jobs: the outboxes of immediate emails and Web Push messages, and the hourly
digest round."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .emails import send_digests, send_immediate
from .push import send_pushes


@db_task()
def send_emails() -> int:
    """Send pending immediate emails; triggered after notifications are written."""
    return send_immediate()


@db_periodic_task(crontab(minute="*"))
def send_emails_periodically() -> int:
    """Catch up every minute (a lost trigger, SMTP back up, an expired claim)."""
    return send_immediate()


@db_periodic_task(crontab(minute="3"))
def send_digests_hourly() -> int:
    """Every hour: digests for people whose local digest hour it is."""
    return send_digests()


@db_task()
def send_push_messages() -> int:
    """Send pending Web Push messages; triggered after notifications are written."""
    return send_pushes()


@db_periodic_task(crontab(minute="*"))
def send_push_messages_periodically() -> int:
    """Catch up every minute (a lost trigger, a push service back up, an expired claim)."""
    return send_pushes()
