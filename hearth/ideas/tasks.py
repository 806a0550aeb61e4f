"""The worker's part of ideas: bring ideas waiting too long for an answer to their sponsors."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="23"))
def escalate_waiting_ideas() -> int:
    """Hourly."""
    return services.ideas_escalate()
