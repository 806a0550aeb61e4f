"""The worker's part: build data exports, and apply the retention settings every night."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task()
def build_export(export_id: int) -> None:
    services.export_build(export_id)


@db_periodic_task(crontab(hour="3", minute="17"))
def purge_daily() -> None:
    services.retention_purge()
