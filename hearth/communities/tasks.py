"""Scheduled jobs of communities."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .decisions import proposals_close_due
from .services import deadlines_remind


@db_periodic_task(crontab(minute="17"))
def remind_deadlines() -> int:
    """Hourly: note communities of purpose whose end date is near or has passed (once each)."""
    return deadlines_remind()


@db_periodic_task(crontab(minute="*/5"))
def close_proposals() -> int:
    """Every five minutes: close proposals whose time is up and apply the binding ones."""

    return proposals_close_due()
