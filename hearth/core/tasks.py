"""Background tasks shared by every app."""

from django.db import connection
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .bulk import analyze
from .events import events_dispatch


@db_task()
def dispatch_events() -> dict[str, int]:
    """Feed new events to every consumer; triggered after each commit that records events."""
    return events_dispatch()


@db_periodic_task(crontab(minute="*"))
def dispatch_events_periodically() -> None:
    """Catch up every minute, so nothing waits on a lost trigger or a crashed worker."""
    events_dispatch()


@db_periodic_task(crontab(hour="*/6", minute="19"))
def refresh_planner_statistics() -> bool:
    """Every six hours on SQLite: the planner's picture of the tables as they grow, which
    nothing else refreshes there (PostgreSQL's autovacuum does it on its own)."""
    if connection.vendor != "sqlite":
        return False
    analyze()
    return True
