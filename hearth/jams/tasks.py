"""The worker's part of jams: go live, close, and refresh the emerging themes."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import clustering, services


@db_periodic_task(crontab(minute="*"))
def jams_go_live_and_close() -> None:
    services.jam_go_live_due()
    services.jam_close_due()


@db_periodic_task(crontab(minute="*/5"))
def jams_emerging_themes() -> None:
    clustering.refresh_live()
