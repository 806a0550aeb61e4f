"""Background work for posts: image previews, made outside web requests."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .services import posts_announce_due, previews_make


@db_task()
def make_previews() -> int:
    """Make the previews of newly uploaded images (triggered when their post commits)."""
    return previews_make()


@db_periodic_task(crontab(minute="*"))
def make_previews_periodically() -> int:
    """Catch up every minute (a lost trigger, a worker that stopped midway)."""
    return previews_make()


@db_task()
def announce_posts() -> int:
    """Announce posts whose time has come (scheduled for each one's published time)."""
    return posts_announce_due()


@db_periodic_task(crontab(minute="*"))
def announce_posts_periodically() -> int:
    """Catch up every minute: a lost schedule, a worker that was down at the time."""
    return posts_announce_due()
