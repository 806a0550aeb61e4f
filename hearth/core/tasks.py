"""Background tasks shared by every app."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .events import events_dispatch


@db_task()
def dispatch_events() -> dict[str, int]:
    """Feed new events to every consumer; triggered after each commit that records events."""
    return events_dispatch()


@db_periodic_task(crontab(minute="*"))
def dispatch_events_periodically() -> None:
    """Catch up every minute, so nothing waits on a lost trigger or a crashed worker."""
    events_dispatch()
