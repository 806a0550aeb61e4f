"""The worker's part of insights: the nightly incremental snapshot."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import compute


@db_periodic_task(crontab(hour="2", minute="15"))
def insights_nightly() -> None:
    compute.refresh()
